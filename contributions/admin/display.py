"""Small display helpers shared by the admin's modules: names, times and sizes as people
read them."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import dateformat, formats


def person(user) -> str:
    """A name to show, never a link to the user admin that most roles may not open."""
    if user is None:
        return "-"
    return user.get_full_name() or user.get_username()


def meeting_time(value: datetime.datetime | None, *, zone: bool = False) -> str:
    """A moment in the meetings' time zone, in the site's one format for the language:
    "13 January 2027, 23:59" ("... 23:59 CET" if `zone`)."""
    if value is None:
        return "-"
    local = value.astimezone(zoneinfo.ZoneInfo(settings.MEETING_TIME_ZONE))
    text = formats.date_format(local, "DATETIME_FORMAT")
    return f"{text} {dateformat.format(local, 'T')}" if zone else text
