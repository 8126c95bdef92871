"""A meeting as an iCalendar (RFC 5545) file: one all-day event over the meeting's days."""

import datetime

from django.utils import timezone

from .models import Meeting

# The UID must not change between downloads, so that a calendar updates the event it has
# rather than adding a second one.
UID_DOMAIN = "cwg-cop-documents.itu.int"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, continuations starting with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts = []
    current = b""
    limit = 75
    for character in line:
        piece = character.encode()
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            current = b""
            limit = 74  # the leading space of a continuation line counts
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.number}@{UID_DOMAIN}"


def meeting_calendar(meeting: Meeting, *, url: str, summary: str, now=None) -> str:
    stamp = (now or timezone.now()).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    # DTEND of an all-day event is the day after the last one (RFC 5545, 3.6.1).
    end = meeting.end_date + datetime.timedelta(days=1)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ITU CWG-COP//CWG-COP Documents//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{meeting.start_date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
    ]
    if meeting.venue:
        lines.append(f"LOCATION:{_escape(meeting.venue)}")
    description = meeting.get_format_display()
    if meeting.mandate:
        description = f"{description}. {meeting.mandate}"
    lines.append(f"DESCRIPTION:{_escape(f'{description}. {url}')}")
    status = "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
    lines += [f"STATUS:{status}", "END:VEVENT", "END:VCALENDAR"]
    return "".join(f"{_fold(line)}\r\n" for line in lines)
