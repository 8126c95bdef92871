"""Meetings as iCalendar (RFC 5545): one file per meeting, and one of all meetings.

Each meeting is an all-day event over its days that marks the time as busy (free once the
meeting is cancelled), and its
contribution deadline, when it has one, a second event at the deadline's instant (in UTC),
which calendar applications show on the day itself rather than as a reminder that a
subscribed calendar may drop. A session with a public webcast and a start time is an event
of its own: its URL is its first webcast, and each webcast is a CONFERENCE (RFC 7986)
labelled with its language; the webcasts of a session without a time are CONFERENCEs of
the meeting's event. Members-only webcasts are left out: the file is the same for everyone. Written with the `icalendar` library, which escapes, folds
and types the values as the RFC requires.
"""

import datetime
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from .links import MeetingLink
from .models import Meeting
from .webcasts import Session, public_webcasts_by_meeting, sessions_of

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


def session_uid(meeting: Meeting, session: Session) -> str:
    """A session is known by its start: a session moved is another event."""
    return f"meeting-{meeting.number}-session-{session.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}@{UID_DOMAIN}"


def _common(event: Event, meeting: Meeting, *, stamp: datetime.datetime, url: str = "") -> None:
    """What every event of a meeting carries: when the file was made and the meeting
    changed, its revision, status and page (or the session's webcast)."""
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.calendar_modified_at.astimezone(datetime.UTC))
    event.add("sequence", meeting.calendar_sequence)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("url", url or _meeting_url(meeting))


def _webcast_label(link: MeetingLink) -> str:
    return _("%(kind)s, %(language)s") % {
        "kind": link.get_kind_display(),
        "language": link.get_language_display(),
    }


def _add_conference(event: Event, link: MeetingLink, label: str) -> None:
    """A webcast as RFC 7986 describes a conference: its address, that it is video, and
    a label that names its language."""
    event.add(
        "conference", link.url, parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": label}
    )


def session_event(meeting: Meeting, session: Session, *, stamp: datetime.datetime) -> Event:
    """A session with a start time and a public webcast, which its URL leads to."""
    event = Event()
    event.add("uid", session_uid(meeting, session))
    event.add("summary", f"{meeting.code}: {session.label}")
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    if session.ends_at:
        event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    # The meeting's own event already marks its days busy.
    event.add("transp", "TRANSPARENT")
    for link in session.webcasts:
        _add_conference(event, link, _webcast_label(link))
    event.add("description", _meeting_url(meeting))
    _common(event, meeting, stamp=stamp, url=session.webcasts[0].url)
    return event


def meeting_event(
    meeting: Meeting, *, stamp: datetime.datetime, untimed: Iterable[Session] = ()
) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add(
        "summary",
        _("%(code)s: meeting of the %(group)s") % {"code": meeting.code, "group": group}
        if (group := meeting.group_name)
        else _("%(code)s: meeting of the ITU Council Working Group on Child Online Protection")
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
    for session in untimed:
        for link in session.webcasts:
            _add_conference(event, link, f"{session.label}: {_webcast_label(link)}")
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
    meetings = list(meetings)
    webcasts = public_webcasts_by_meeting(meetings)
    for meeting in meetings:
        sessions = sessions_of(webcasts[meeting.pk])
        untimed = [session for session in sessions if session.starts_at is None]
        calendar.add_component(meeting_event(meeting, stamp=stamp, untimed=untimed))
        if meeting.contribution_deadline:
            calendar.add_component(deadline_event(meeting, stamp=stamp))
        for session in sessions:
            if session.starts_at is not None:
                calendar.add_component(session_event(meeting, session, stamp=stamp))
    return calendar.to_ical()
