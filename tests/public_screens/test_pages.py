"""What the public pages say, through the test client: the open meeting's call for
contributions and its deadline, its empty agenda in one line, how a document was presented,
the links to the alerts and the API."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _open_meeting(deadline_in: datetime.timedelta) -> Meeting:
    meeting = Meeting.objects.get(number=22)
    meeting.contribution_deadline = timezone.now() + deadline_in
    meeting.save(update_fields=["contribution_deadline"])
    return meeting


def test_an_open_meeting_tells_delegates_how_and_by_when_to_submit(client, demo):
    meeting = Meeting.objects.get(number=22)
    meeting.contribution_deadline = datetime.datetime(2099, 1, 13, 22, 59, tzinfo=datetime.UTC)
    meeting.save(update_fields=["contribution_deadline"])

    page = _text(client.get("/en/cwg-cop/meetings/22/"))
    arabic = _text(client.get("/ar/cwg-cop/meetings/22/"))

    assert "How to send a document to this meeting" in page
    assert "<strong>Submit by 13 January 2099, 23:59, Geneva time (CET).</strong>" in page
    assert '<a href="/admin/">Sign in to your desk</a>' in page
    assert '<span class="badge badge-open">Open for contributions</span>' in page
    # In the reader's language: Arabic month names, the same zone.
    assert "13 يناير 2099" in arabic
    assert "(CET)" in arabic


def test_past_its_deadline_a_meeting_is_no_longer_open_for_contributions(client, demo):
    _open_meeting(-datetime.timedelta(minutes=1))

    page = _text(client.get("/en/cwg-cop/meetings/22/"))
    listed = _text(client.get("/en/cwg-cop/meetings/"))

    assert "Open for contributions" not in page
    assert "How to send a document" not in page
    assert '<span class="badge badge-closed">Deadline for contributions passed</span>' in page
    assert "The deadline for contributions passed on" in page
    assert "Open for contributions" not in listed


def test_a_page_that_says_open_is_not_kept_past_the_deadline(client, demo, settings):
    settings.PAGE_CACHE_SECONDS = 600
    _open_meeting(datetime.timedelta(minutes=5))
    near = client.get("/en/cwg-cop/meetings/22/")
    _open_meeting(datetime.timedelta(days=30))
    far = client.get("/en/cwg-cop/meetings/22/")

    assert "no-cache" in near["Cache-Control"]
    assert "no-cache" not in far.get("Cache-Control", "")


def test_empty_agenda_items_are_said_in_one_line(client, demo):
    page = client.get("/en/cwg-cop/meetings/22/").content.decode()

    assert page.count("No document or presentation under any agenda item yet.") == 1
    assert "No document or presentation under this item." not in page
    assert 'class="agenda-item"' not in page


def test_a_document_says_under_which_agenda_item_it_was_filed_and_presented(client, demo):
    page = _text(client.get("/en/cwg-cop/documents/CWG-COP-21/INF/9/"))

    assert (
        '<dt>Filed under agenda item</dt><dd><a href="/en/cwg-cop/meetings/21/#agenda-3">'
        "3. Contributions and information documents</a></dd>"
    ) in page
    assert (
        '<span class="badge badge-presented">Presented</span> '
        "At CWG-COP-21, under agenda item 4, “Presentations”."
    ) in page
    assert "Programme of CWG-COP-21" not in page


def test_the_footer_links_the_api_and_alerts_and_the_home_page_offers_alerts(client, demo):
    home = _text(client.get("/en/cwg-cop/"))
    docs = _text(client.get("/api/v1/docs"))

    assert '<a href="/api/v1/docs" hreflang="en">API for developers</a>' in home
    assert '<h2 id="alerts-heading">Hear of new documents</h2>' in home
    assert '<a href="/en/cwg-cop/alerts/">Get e-mail alerts</a>' in home
    assert '<html lang="en" dir="ltr">' in docs
    assert '<a href="/en/cwg-cop/">Back to CWG-COP Documents</a>' in docs
    assert '<a class="api-docs-home" href="/en/cwg-cop/">CWG-COP Documents</a>' in docs
