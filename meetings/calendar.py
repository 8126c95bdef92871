"""Meetings as iCalendar (RFC 5545): one file per meeting, and one of all meetings.

Each meeting is an all-day event over its days that marks the time as busy (free once the
meeting is cancelled), and its
contribution deadline, when it has one, a second event at the deadline's instant (in UTC),
which calendar applications show on the day itself rather than as a reminder that a
subscribed calendar may drop. Written with the `icalendar` library, which escapes, folds
and types the values as the RFC requires.
"""

import datetime
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from .models import Meeting

# The UIDs must not change between downloads, so that a calendar updates the events it has
# rather than adding a second copy of each.
UID_DOMAIN = "cwg-cop-documents.itu.int"
PRODID = "-//ITU CWG-COP//CWG-COP Documents//EN"
# How often a subscribed calendar should fetch the file again.
REFRESH_INTERVAL = datetime.timedelta(days=1)


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.number}@{UID_DOMAIN}"


def deadline_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.number}-deadline@{UID_DOMAIN}"


def _meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + meeting.get_absolute_url()


def _common(event: Event, meeting: Meeting, *, stamp: datetime.datetime) -> None:
    """What both events of a meeting carry: when the file was made and the meeting changed,
    its revision, status and page."""
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.calendar_modified_at.astimezone(datetime.UTC))
    event.add("sequence", meeting.calendar_sequence)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("url", _meeting_url(meeting))


def meeting_event(meeting: Meeting, *, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add(
        "summary",
        _("%(code)s: meeting of the ITU Council Working Group on Child Online Protection")
        % {"code": meeting.code},
    )
    event.add("dtstart", meeting.start_date)
    # The end of an all-day event is the day after the last one (RFC 5545, 3.6.1).
    event.add("dtend", meeting.end_date + datetime.timedelta(days=1))
    # The participants are taken up by the meeting: their calendars show them busy, unless
    # it was cancelled (STATUS alone leaves some applications showing the time as taken).
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if meeting.venue:
        event.add("location", meeting.venue)
    description = meeting.get_format_display()
    if meeting.mandate:
        description = f"{description}. {meeting.mandate}"
    event.add("description", f"{description}. {_meeting_url(meeting)}")
    _common(event, meeting, stamp=stamp)
    return event


def deadline_event(meeting: Meeting, *, stamp: datetime.datetime) -> Event:
    """The moment contributions to the meeting are due: an event without duration."""
    deadline = meeting.contribution_deadline
    local = deadline.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    event = Event()
    event.add("uid", deadline_uid(meeting))
    event.add("summary", _("Contribution deadline for %(code)s") % {"code": meeting.code})
    event.add("dtstart", deadline.astimezone(datetime.UTC))
    # A deadline takes up no one's time.
    event.add("transp", "TRANSPARENT")
    event.add(
        "description",
        _("Contributions to %(code)s are due by %(time)s, Geneva time. %(url)s")
        % {"code": meeting.code, "time": f"{local:%Y-%m-%d %H:%M}", "url": _meeting_url(meeting)},
    )
    _common(event, meeting, stamp=stamp)
    return event


def meetings_calendar(
    meetings: Iterable[Meeting], *, name: str = "", now: datetime.datetime | None = None
) -> bytes:
    """An iCalendar file of the meetings, each with its deadline when it has one.

    A calendar to subscribe to has a name; a file that adds one meeting to a calendar has
    none, or some applications would offer to make a new calendar of it.
    """
    stamp = (now or timezone.now()).astimezone(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # The calendar's name and refresh interval (RFC 7986), and the older names that
    # Outlook and Apple Calendar read.
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, stamp=stamp))
        if meeting.contribution_deadline:
            calendar.add_component(deadline_event(meeting, stamp=stamp))
    return calendar.to_ical()
