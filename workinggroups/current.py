"""The working group whose pages are being answered, as the language is: set for the
request by WorkingGroupMiddleware, None on the pages every group shares (a country, a
source), in the admin, the API and the worker.

The selectors of the public pages keep to it (`in_active_group`), so a group's lists,
meetings, feeds, calendars and exports hold its own records only; a page shared by every
group lists them all. Kept pages and fragments are kept per group (cwgcop.kept).
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.models import QuerySet

    from .models import WorkingGroup

_active: contextvars.ContextVar[WorkingGroup | None] = contextvars.ContextVar(
    "working_group", default=None
)


def active_group() -> WorkingGroup | None:
    return _active.get()


def active_slug() -> str:
    group = _active.get()
    return group.slug if group is not None else ""


@contextlib.contextmanager
def activated(group: WorkingGroup | None) -> Iterator[None]:
    """Answer as in this group's pages (None: the pages every group shares)."""
    token = _active.set(group)
    try:
        yield
    finally:
        _active.reset(token)


def in_active_group(rows: QuerySet, path: str = "meeting__") -> QuerySet:
    """These rows (documents by default; `path` leads from a row to its meeting's group)
    as far as they belong to the active group; all of them on a shared page."""
    group = _active.get()
    if group is None:
        return rows
    return rows.filter(**{f"{path}group": group.pk})
