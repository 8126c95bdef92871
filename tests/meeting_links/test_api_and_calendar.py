"""The API's meeting and the meeting's calendar serve everyone alike: the public webcasts,
recordings and captions, never a members-only one, whoever asks."""

import datetime

import pytest
from icalendar import Calendar

from .conftest import DAY_1, ROLES, SITE, signed_in

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_the_public_links_to_every_role(client, people, links, role):
    response = signed_in(client, people, role).get("/api/v1/meetings/30")

    assert response.json()["links"] == [
        {
            "session": "Day 1, morning",
            "starts_at": "2025-03-10T08:30:00Z",
            "ends_at": "2025-03-10T11:30:00Z",
            "kind": "webcast",
            "language": "en",
            "url": f"{DAY_1}/en",
        },
        {
            "session": "Day 1, morning",
            "starts_at": "2025-03-10T08:30:00Z",
            "ends_at": "2025-03-10T11:30:00Z",
            "kind": "webcast",
            "language": "fr",
            "url": f"{DAY_1}/fr",
        },
        {
            "session": "Day 2",
            "starts_at": None,
            "ends_at": None,
            "kind": "webcast",
            "language": "es",
            "url": "https://webcast.example.org/30/day-2/es",
        },
        {
            "session": "Day 2",
            "starts_at": None,
            "ends_at": None,
            "kind": "captions",
            "language": "ar",
            "url": "https://captions.example.org/30/day-2/ar",
        },
    ]
    assert "recording" not in response.content.decode()


def _calendar(client, path: str = "/en/cwg-cop/meetings/30.ics") -> Calendar:
    response = client.get(path)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def _conferences(event) -> list[tuple[str, dict]]:
    values = event.get("CONFERENCE", [])
    values = values if isinstance(values, list) else [values]
    return [(str(value), dict(value.params)) for value in values]


@pytest.mark.parametrize("role", ROLES)
def test_a_timed_session_with_a_webcast_is_an_event_leading_to_it(client, people, links, role):
    calendar = _calendar(signed_in(client, people, role))

    session = calendar.walk("VEVENT")[-1]
    assert str(session["UID"]) == "meeting-30-session-20250310T083000Z@cwg-cop-documents.itu.int"
    assert str(session["SUMMARY"]) == "CWG-COP-30: Day 1, morning"
    assert session.decoded("DTSTART") == datetime.datetime(2025, 3, 10, 8, 30, tzinfo=UTC)
    assert session.decoded("DTEND") == datetime.datetime(2025, 3, 10, 11, 30, tzinfo=UTC)
    assert str(session["URL"]) == f"{DAY_1}/en"
    assert str(session["TRANSP"]) == "TRANSPARENT"
    assert _conferences(session) == [
        (f"{DAY_1}/en", {"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Webcast, English"}),
        (f"{DAY_1}/fr", {"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Webcast, French"}),
    ]
    assert b"recording" not in calendar.to_ical()


def test_the_webcast_of_a_session_without_a_time_is_a_conference_of_the_meeting(client, links):
    calendar = _calendar(client)

    meeting, session = calendar.walk("VEVENT")
    assert str(meeting["UID"]) == "meeting-30@cwg-cop-documents.itu.int"
    assert str(meeting["URL"]) == f"{SITE}/en/cwg-cop/meetings/30/"
    # The captions are no webcast; the Spanish webcast's session has no time.
    assert _conferences(meeting) == [
        (
            "https://webcast.example.org/30/day-2/es",
            {"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Day 2: Webcast, Spanish"},
        )
    ]
    assert str(session["SUMMARY"]) == "CWG-COP-30: Day 1, morning"


def test_the_labels_name_the_language_in_the_calendars_language(client, links):
    session = _calendar(client, "/fr/cwg-cop/meetings/30.ics").walk("VEVENT")[-1]

    # The language's name as the French catalogue writes it; the kind is translated apart.
    labels = [params["LABEL"] for _url, params in _conferences(session)]
    assert ["Anglais" in labels[0], "Français" in labels[1]] == [True, True]
    assert "English" not in " ".join(labels)


def test_the_calendar_of_all_meetings_carries_the_sessions_too(client, links):
    events = _calendar(client, "/en/cwg-cop/meetings.ics").walk("VEVENT")

    assert [str(event["UID"]) for event in events] == [
        "meeting-30@cwg-cop-documents.itu.int",
        "meeting-30-session-20250310T083000Z@cwg-cop-documents.itu.int",
    ]


def test_a_meeting_without_webcasts_has_no_conference(client, meeting):
    (event,) = _calendar(client).walk("VEVENT")

    assert "CONFERENCE" not in event
    assert str(event["URL"]) == f"{SITE}/en/cwg-cop/meetings/30/"
