"""The meeting page's "Webcasts and recordings": by session, each link naming its kind and
language, members-only links for the members only, read in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.rules import audience
from meetings.models import MeetingLink
from meetings.webcasts import audience_sees_link, links_seen_by

from .conftest import DAY_1, MORNING, ROLES, SEES_MEMBERS_ONLY, add_link, signed_in

pytestmark = pytest.mark.django_db

PUBLIC_LINKS = [
    ("Day 1, morning", f"{DAY_1}/en", "en", "Webcast, English"),
    ("Day 1, morning", f"{DAY_1}/fr", "fr", "Webcast, French"),
    ("Day 2", "https://webcast.example.org/30/day-2/es", "es", "Webcast, Spanish"),
    ("Day 2", "https://captions.example.org/30/day-2/ar", "ar", "Captions, Arabic"),
]
RECORDING = ("Day 1, morning", f"{DAY_1}/recording", "en", "Recording, English")


def section(html: str) -> str:
    match = re.search(
        r'<section class="meeting-links".*?</ul>\s*</section>\s*</section>', html, re.S
    )
    return match.group(0) if match else ""


def shown_links(html: str) -> list[tuple[str, str, str, str]]:
    """(session, address, hreflang, words) of each link, under its session's heading."""
    shown, session = [], None
    for heading, href, hreflang, words in re.findall(
        r'<h3[^>]*>(.*?)</h3>|<a href="([^"]+)" hreflang="([^"]+)">([^<]+)</a>', section(html)
    ):
        if heading:
            session = re.sub(r"<[^>]+>", "", heading)
        else:
            shown.append((session, href, hreflang, words))
    return shown


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_public_links_and_only_members_the_members_only_one(
    client, people, links, role
):
    html = signed_in(client, people, role).get("/en/cwg-cop/meetings/30/").content.decode()

    expected = [*PUBLIC_LINKS[:2], RECORDING, *PUBLIC_LINKS[2:]]
    if not SEES_MEMBERS_ONLY[role]:
        expected.remove(RECORDING)
    assert shown_links(html) == expected
    assert ("Members only" in section(html)) is SEES_MEMBERS_ONLY[role]
    assert (f"{DAY_1}/recording" in html) is SEES_MEMBERS_ONLY[role]


def test_a_link_names_its_language_in_the_page_language_and_in_its_own(client, links):
    html = section(client.get("/en/cwg-cop/meetings/30/").content.decode())

    assert (
        f'<a href="{DAY_1}/fr" hreflang="fr">Webcast, French</a> '
        '(<span lang="fr" dir="ltr">français</span>)'
    ) in html
    assert (
        '<a href="https://captions.example.org/30/day-2/ar" hreflang="ar">Captions, Arabic</a> '
        '(<span lang="ar" dir="rtl">العربيّة</span>)'
    ) in html
    # English on an English page is not named twice.
    assert f'<a href="{DAY_1}/en" hreflang="en">Webcast, English</a></li>' in html


def test_a_timed_session_says_when_in_geneva_time(client, links):
    html = section(client.get("/en/cwg-cop/meetings/30/").content.decode())

    assert '<h2 id="meeting-links-heading">Webcasts and recordings</h2>' in html
    assert "10 March 2025, 09:30 to 12:30, Geneva time" in html
    assert html.count("Geneva time") == 1  # Day 2 has no time


def test_on_an_arabic_page_the_session_label_is_marked_english(client, links):
    html = section(client.get("/ar/cwg-cop/meetings/30/").content.decode())

    assert '<span lang="en" dir="ltr">Day 1, morning</span></h3>' in html
    # The Arabic captions' language is the page's: no second name, no mark.
    assert '(<span lang="ar"' not in html
    assert '(<span lang="fr" dir="ltr">français</span>)' in html


def test_a_meeting_without_links_has_no_section(client, meeting):
    html = client.get("/en/cwg-cop/meetings/30/").content.decode()

    assert "Webcasts and recordings" not in html


def test_an_address_that_is_not_https_is_refused(meeting):
    from django.core.exceptions import ValidationError

    link = MeetingLink(
        meeting=meeting, session="Day 1", kind="webcast", language="en", url="http://x.example.org/"
    )
    with pytest.raises(ValidationError) as refused:
        link.full_clean()

    assert refused.value.message_dict == {"url": ["Enter an address that starts with https://."]}


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_reads_its_links_in_the_same_queries_however_many(client, people, meeting, role):
    client = signed_in(client, people, role)
    add_link(meeting, 1, "Day 1", "webcast", "en", f"{DAY_1}/en", **MORNING)
    with_one = _queries(client, "/en/cwg-cop/meetings/30/")
    for order in range(2, 9):
        add_link(
            meeting,
            order,
            f"Day {order}",
            "webcast",
            ["fr", "es", "ar", "zh", "ru"][order % 5],
            f"{DAY_1}/{order}",
            access="members" if order % 2 else "public",
        )

    assert _queries(client, "/en/cwg-cop/meetings/30/") == with_one


@pytest.mark.parametrize("role", ROLES)
def test_the_queryset_and_the_predicate_agree(people, links, role):
    viewer = audience(people[role])

    shown = set(links_seen_by(viewer, MeetingLink.objects.all()))

    assert shown == {link for link in links if audience_sees_link(viewer, link)}
    assert len(shown) == (5 if SEES_MEMBERS_ONLY[role] else 4)
