"""Whether a meeting still takes contributions, asked at each request: a page says "open
for contributions" up to the deadline and not a moment after, whatever is kept.

Pages that show it are kept (fragments, the page cache, browsers) by the number of open
meetings whose deadline has passed, so that a deadline passing makes them new; near a
deadline they are not kept at all, since a kept page could outlive it.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from cwgcop.kept import LISTS, PUBLIC, kept_until_public_change, page_cache_seconds

from .models import Meeting


def accepts_contributions(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    deadline = meeting.contribution_deadline
    now = now or timezone.now()
    return meeting.status == Meeting.Status.OPEN and (deadline is None or now < deadline)


def deadline_passed(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """An open meeting whose deadline for contributions is over."""
    deadline = meeting.contribution_deadline
    now = now or timezone.now()
    return meeting.status == Meeting.Status.OPEN and deadline is not None and deadline <= now


def open_deadlines_of(meetings) -> list[datetime.datetime]:
    """The deadlines of these meetings that are still open for contributions."""
    return [
        meeting.contribution_deadline
        for meeting in meetings
        if meeting.contribution_deadline is not None and accepts_contributions(meeting)
    ]


def open_deadlines() -> list[datetime.datetime]:
    """The deadlines of the meetings open for contributions, kept until a meeting changes."""
    return kept_until_public_change(
        "open-deadlines",
        lambda: list(
            Meeting.objects.filter(
                status=Meeting.Status.OPEN, contribution_deadline__isnull=False
            ).values_list("contribution_deadline", flat=True)
        ),
        audience=PUBLIC,
        scopes=[LISTS],
    )


def deadlines_passed(deadlines: list[datetime.datetime]) -> int:
    """How many of these deadlines are over: what a page that shows them is kept by."""
    now = timezone.now()
    return sum(deadline <= now for deadline in deadlines)


def not_kept_near(response: HttpResponse, deadlines: list[datetime.datetime]) -> HttpResponse:
    """The page is not kept by the page cache or browsers when one of these deadlines is
    closer than it would be kept for."""
    now = timezone.now()
    horizon = page_cache_seconds() + 60
    if any(0 < (deadline - now).total_seconds() < horizon for deadline in deadlines):
        patch_cache_control(response, no_cache=True)
    return response
