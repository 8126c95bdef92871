"""The secretariat adds a webcast on the meeting's admin page; the next anonymous visitor
sees it, the page cache on (locmem and Redis)."""

import pytest

from meetings.models import MeetingLink
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

URL = "https://webcast.example.org/30/day-1/fr"


def _with_link(data: dict, meeting, **values) -> dict:
    """The meeting's form with one new row in its webcasts and recordings."""
    row = {
        "session": "Day 1, morning",
        "order": "1",
        "starts_at_0": "2025-03-10",
        "starts_at_1": "09:30",
        "ends_at_0": "2025-03-10",
        "ends_at_1": "12:30",
        "kind": "webcast",
        "language": "fr",
        "access": "public",
        "url": URL,
        "meeting": str(meeting.pk),
        **values,
    }
    return {
        **data,
        "links-TOTAL_FORMS": "1",
        **{f"links-0-{name}": value for name, value in row.items()},
    }


def _change_page(client, meeting) -> tuple[str, dict]:
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    return url, form_data(client.get(url).content.decode(), "meeting_form")


def test_the_meeting_admin_page_has_the_links_inline(client, people, meeting):
    client.force_login(people["secretariat"])

    html = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()

    assert 'name="links-TOTAL_FORMS"' in html
    assert "Webcasts and recordings" in html


def test_a_link_added_in_the_admin_shows_on_the_next_anonymous_request(
    page_cache, visitor, client, people, meeting
):
    before = visitor.get("/en/cwg-cop/meetings/30/")
    assert "Webcasts and recordings" not in before.content.decode()
    assert visitor.get("/en/cwg-cop/meetings/30/")["X-Page-Cache"] == "hit"
    client.force_login(people["secretariat"])
    url, data = _change_page(client, meeting)

    response = client.post(url, _with_link(data, meeting))
    after = visitor.get("/en/cwg-cop/meetings/30/")

    assert response.status_code == 302
    link = MeetingLink.objects.get()
    assert (link.session, link.kind, link.language, link.url) == (
        "Day 1, morning",
        "webcast",
        "fr",
        URL,
    )
    assert after["X-Page-Cache"] == "miss"
    assert f'<a href="{URL}" hreflang="fr">Webcast, French</a>' in after.content.decode()
    assert "10 March 2025, 09:30 to 12:30, Geneva time" in after.content.decode()


def test_a_members_only_link_added_in_the_admin_is_not_shown_to_the_public(
    page_cache, visitor, client, people, meeting
):
    visitor.get("/en/cwg-cop/meetings/30/")
    client.force_login(people["secretariat"])
    url, data = _change_page(client, meeting)

    client.post(url, _with_link(data, meeting, access="members"))
    public = visitor.get("/en/cwg-cop/meetings/30/").content.decode()
    members = client.get("/en/cwg-cop/meetings/30/").content.decode()

    assert MeetingLink.objects.get().access == "members"
    assert URL not in public
    assert f'<a href="{URL}" hreflang="fr">Webcast, French</a>' in members


def test_an_address_without_https_is_refused_in_words(client, people, meeting):
    client.force_login(people["secretariat"])
    url, data = _change_page(client, meeting)

    response = client.post(url, _with_link(data, meeting, url="http://webcast.example.org/"))

    assert response.status_code == 200
    assert "Enter an address that starts with https://." in response.content.decode()
    assert not MeetingLink.objects.exists()
