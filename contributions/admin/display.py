"""Small display helpers shared by the admin's modules: names, times and sizes as people
read them."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

# One format for every date and time in the admin, always in the meetings' time zone.
DATETIME_FORMAT = "j M Y, H:i"
# The label of columns and fields that hold such times.
ZONE_LABEL = _("Geneva time")


def person(user) -> str:
    """A name to show, never a link to the user admin that most roles may not open."""
    if user is None:
        return "-"
    return user.get_full_name() or user.get_username()


def meeting_time(value: datetime.datetime | None, *, zone: bool = False) -> str:
    """A moment in the meetings' time zone: "13 Jan 2027, 23:59" ("... 23:59 CET" if `zone`)."""
    if value is None:
        return "-"
    local = value.astimezone(zoneinfo.ZoneInfo(settings.MEETING_TIME_ZONE))
    text = dateformat.format(local, DATETIME_FORMAT)
    return f"{text} {dateformat.format(local, 'T')}" if zone else text
