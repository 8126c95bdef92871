"""The meetings as iCalendar files, read back with the icalendar library as a calendar would."""

import datetime

import pytest
from icalendar import Calendar

from meetings.models import Meeting
from meetings.services import save_meeting
from tests.contributions.conftest import ROLES, member_of
from tests.factories import MeetingFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

SITE = "https://documents.example.org"
GENEVA_DEADLINE = datetime.datetime(2027, 1, 13, 22, 59, tzinfo=datetime.UTC)
CHANGED = datetime.datetime(2026, 10, 1, 8, 15, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture
def meeting(db):
    """Meeting 22, two days in Geneva, contributions due 13 January 2027 at 23:59 there."""
    meeting = MeetingFactory(
        number=22,
        start_date=datetime.date(2027, 1, 27),
        end_date=datetime.date(2027, 1, 28),
        venue="ITU headquarters, Geneva",
        contribution_deadline=GENEVA_DEADLINE,
    )
    Meeting.objects.filter(pk=meeting.pk).update(calendar_modified_at=CHANGED)
    meeting.refresh_from_db()
    return meeting


def _events(response) -> dict[str, dict]:
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["UID"]): {
            "SUMMARY": str(event["SUMMARY"]),
            "DTSTART": event.decoded("DTSTART"),
            "DTEND": event.decoded("DTEND") if "DTEND" in event else None,
            "TRANSP": str(event["TRANSP"]),
            "SEQUENCE": event.decoded("SEQUENCE"),
            "LAST-MODIFIED": event.decoded("LAST-MODIFIED"),
            "STATUS": str(event["STATUS"]),
            "URL": str(event["URL"]),
            "LOCATION": str(event.get("LOCATION", "")),
            "has DTSTAMP": isinstance(event.decoded("DTSTAMP"), datetime.datetime),
        }
        for event in calendar.walk("VEVENT")
    }


MEETING_22 = {
    "SUMMARY": "CWG-COP-22: meeting of the ITU Council Working Group on Child Online Protection",
    "DTSTART": datetime.date(2027, 1, 27),
    "DTEND": datetime.date(2027, 1, 29),
    "TRANSP": "OPAQUE",
    "SEQUENCE": 0,
    "LAST-MODIFIED": CHANGED,
    "STATUS": "CONFIRMED",
    "URL": f"{SITE}/en/cwg-cop/meetings/22/",
    "LOCATION": "ITU headquarters, Geneva",
    "has DTSTAMP": True,
}
DEADLINE_22 = {
    "SUMMARY": "Contribution deadline for CWG-COP-22",
    "DTSTART": GENEVA_DEADLINE,
    "DTEND": None,
    "TRANSP": "TRANSPARENT",
    "SEQUENCE": 0,
    "LAST-MODIFIED": CHANGED,
    "STATUS": "CONFIRMED",
    "URL": f"{SITE}/en/cwg-cop/meetings/22/",
    "LOCATION": "",
    "has DTSTAMP": True,
}


def test_meeting_calendar_has_the_meeting_as_busy_days_and_its_deadline(client, meeting):
    response = client.get("/en/cwg-cop/meetings/22.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="CWG-COP-22.ics"'
    assert "X-WR-CALNAME" not in Calendar.from_ical(response.content)
    assert _events(response) == {
        "meeting-22@cwg-cop-documents.itu.int": MEETING_22,
        "meeting-22-deadline@cwg-cop-documents.itu.int": DEADLINE_22,
    }


def test_meeting_calendar_is_the_same_whatever_the_host(client, meeting):
    by_name = _events(client.get("/en/cwg-cop/meetings/22.ics", HTTP_HOST="localhost"))
    by_address = _events(client.get("/en/cwg-cop/meetings/22.ics", HTTP_HOST="127.0.0.1"))

    assert by_name == by_address


def test_meeting_calendar_lines_are_folded_and_escaped(client, meeting):
    lines = client.get("/en/cwg-cop/meetings/22.ics").content.decode().split("\r\n")

    assert lines[0] == "BEGIN:VCALENDAR"
    assert "LOCATION:ITU headquarters\\, Geneva" in lines
    assert "DTSTART:20270113T225900Z" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert lines[-2:] == ["END:VCALENDAR", ""]


def test_calendar_of_all_meetings_lists_each_with_its_deadline(client, meeting):
    MeetingFactory(
        number=23,
        start_date=datetime.date(2027, 9, 1),
        end_date=datetime.date(2027, 9, 1),
        status=Meeting.Status.CANCELLED,
    )

    response = client.get("/en/cwg-cop/meetings.ics")

    calendar = Calendar.from_ical(response.content)
    events = _events(response)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (str(calendar["X-WR-CALNAME"]), str(calendar["NAME"])) == ("CWG-COP meetings",) * 2
    assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(days=1)
    assert list(events) == [
        "meeting-22@cwg-cop-documents.itu.int",
        "meeting-22-deadline@cwg-cop-documents.itu.int",
        "meeting-23@cwg-cop-documents.itu.int",
    ]
    assert events["meeting-22@cwg-cop-documents.itu.int"] == MEETING_22
    assert events["meeting-23@cwg-cop-documents.itu.int"]["STATUS"] == "CANCELLED"
    assert events["meeting-23@cwg-cop-documents.itu.int"]["DTEND"] == datetime.date(2027, 9, 2)


# A meeting's calendar names no source: both delegates stand for any delegate.
ROLE_GROUPS = {
    "delegate": "Delegate",
    "other_delegate": "Delegate",
    "secretariat": "Secretariat",
    "chair": "Chair",
}


@pytest.mark.parametrize("role", ROLES)
def test_calendars_are_public_and_the_same_for_everyone(client, meeting, role):
    if role != "anonymous":
        client.force_login(member_of(ROLE_GROUPS[role], username=role))

    statuses = [
        client.get(url).status_code
        for url in ["/en/cwg-cop/meetings.ics", "/en/cwg-cop/meetings/22.ics"]
    ]

    assert statuses == [200, 200]
    assert (
        _events(client.get("/en/cwg-cop/meetings.ics"))["meeting-22@cwg-cop-documents.itu.int"]
        == MEETING_22
    )


def test_meetings_list_links_the_calendar_of_all_meetings(client, meeting):
    html = client.get("/en/cwg-cop/meetings/").content.decode()

    head, body = html.split("</head>")
    assert 'type="text/calendar"' in head
    assert '<a href="/en/cwg-cop/meetings.ics">Calendar of all meetings (iCalendar)</a>' in body


def test_new_dates_raise_the_sequence_and_stamp_the_change(meeting):
    meeting.start_date = datetime.date(2027, 1, 28)
    meeting.end_date = datetime.date(2027, 1, 29)

    save_meeting(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1
    assert meeting.calendar_modified_at > CHANGED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("venue", "Online"),
        ("status", Meeting.Status.CANCELLED),
        ("contribution_deadline", GENEVA_DEADLINE + datetime.timedelta(days=1)),
    ],
)
def test_new_place_status_or_deadline_raise_the_sequence(meeting, field, value):
    setattr(meeting, field, value)

    save_meeting(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1


def test_new_mandate_stamps_the_change_without_a_new_sequence(meeting):
    meeting.mandate = "Resolution 1306"

    save_meeting(meeting=meeting)

    meeting.refresh_from_db()
    assert (meeting.calendar_sequence, meeting.calendar_modified_at > CHANGED) == (0, True)


def test_change_the_calendar_does_not_show_leaves_it_as_it_was(meeting):
    meeting.participants = 120

    save_meeting(meeting=meeting)

    meeting.refresh_from_db()
    assert (meeting.calendar_sequence, meeting.calendar_modified_at) == (0, CHANGED)


def test_secretariat_moving_a_meeting_in_the_admin_updates_its_calendar(client, meeting):
    client.force_login(member_of("Secretariat", username="secretary"))
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = form_data(client.get(url).content.decode(), "meeting_form")
    data["start_date"] = "2027-02-03"
    data["end_date"] = "2027-02-04"

    response = client.post(url, data)

    events = _events(client.get("/en/cwg-cop/meetings/22.ics"))
    event = events["meeting-22@cwg-cop-documents.itu.int"]
    assert response.status_code == 302
    assert (event["DTSTART"], event["DTEND"], event["SEQUENCE"]) == (
        datetime.date(2027, 2, 3),
        datetime.date(2027, 2, 5),
        1,
    )
    assert event["LAST-MODIFIED"] > CHANGED
    assert events["meeting-22-deadline@cwg-cop-documents.itu.int"]["SEQUENCE"] == 1


def test_calendar_of_unknown_meeting_is_not_found(client, db):
    assert client.get("/en/cwg-cop/meetings/99.ics").status_code == 404
