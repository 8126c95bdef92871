"""Each group's pages under /<language>/<group>/, and the URL configuration that gives them.

The site's URL configuration (cwgcop.urls.site_patterns) is built once per group, with the
group's slug as a fixed part of its pages' addresses. The default group's is the site's
ROOT_URLCONF; another group's is made on first use and named `workinggroups.urlconf.<slug>`.
A request in a group's pages is resolved with that group's configuration
(WorkingGroupMiddleware sets `request.urlconf`), so every `reverse()` and `{% url %}` made
while answering it, in views, templates and models, gives the same group's addresses with
no argument to pass. Outside a request, or for a record of another group (a document on a
country's page, which lists every group's), `group_reverse` names the group.
"""

from __future__ import annotations

import sys
import threading
import time
import types
from typing import Any

from django.conf import settings
from django.urls import reverse

_MODULE = "workinggroups.urlconf."
_made = threading.Lock()
# slug -> WorkingGroup, and meeting id -> slug, read again when older than this many
# seconds or when a slug or meeting is not among them (a group added on another server).
_KEPT_FOR = 60.0
_groups: dict[str, Any] = {}
_meeting_groups: dict[int, tuple[int, str]] = {}
_read_at = [0.0, 0.0]


def default_slug() -> str:
    return settings.DEFAULT_WORKING_GROUP["slug"]


def urlconf_for(slug: str) -> str:
    """The name of the URL configuration whose group pages are this group's."""
    if slug == default_slug():
        return settings.ROOT_URLCONF
    name = _MODULE + slug
    if name not in sys.modules:
        with _made:
            if name not in sys.modules:
                from cwgcop import urls

                module = types.ModuleType(name)
                module.urlpatterns = urls.site_patterns(slug)
                for handler in ("handler400", "handler403", "handler404", "handler500"):
                    setattr(module, handler, getattr(urls, handler))
                sys.modules[name] = module
    return name


def group_reverse(slug: str, view: str, args: Any = None, kwargs: Any = None) -> str:
    """`reverse()` in this group's pages."""
    return reverse(view, args=args, kwargs=kwargs, urlconf=urlconf_for(slug))


def _read_groups() -> None:
    from .models import WorkingGroup

    _groups.clear()
    _groups.update({group.slug: group for group in WorkingGroup.objects.all()})
    _read_at[0] = time.monotonic()


def group_by_slug(slug: str):
    """The group with this slug, or None; kept for a minute. A slug not kept is looked for
    again (a group added on another server), except the shared pages' own addresses."""
    from .models import RESERVED_SLUGS

    if slug in RESERVED_SLUGS:
        return None
    if slug not in _groups or time.monotonic() - _read_at[0] > _KEPT_FOR:
        _read_groups()
    return _groups.get(slug)


def kept_groups() -> list:
    """Every group, in their order, as kept for a minute."""
    if not _groups or time.monotonic() - _read_at[0] > _KEPT_FOR:
        _read_groups()
    return sorted(_groups.values(), key=lambda group: (group.order, group.acronym))


def slug_of_group(group_id: int | None) -> str:
    """The slug of the group with this key, for the addresses of its meetings."""
    for attempt in (0, 1):
        if attempt or time.monotonic() - _read_at[0] > _KEPT_FOR:
            _read_groups()
        for group in _groups.values():
            if group.pk == group_id:
                return group.slug
    return default_slug()


def _read_meetings() -> None:
    from meetings.models import Meeting

    _meeting_groups.clear()
    _meeting_groups.update(
        (pk, (group_id, slug))
        for pk, group_id, slug in Meeting.objects.values_list("pk", "group_id", "group__slug")
    )
    _read_at[1] = time.monotonic()


def _meeting_group(meeting_id: int) -> tuple[int, str] | None:
    if meeting_id not in _meeting_groups or time.monotonic() - _read_at[1] > _KEPT_FOR:
        _read_meetings()
    return _meeting_groups.get(meeting_id)


def slug_of_meeting(meeting_id: int) -> str:
    """The slug of a meeting's group, for the addresses of its documents."""
    found = _meeting_group(meeting_id)
    return found[1] if found else default_slug()


def group_id_of_meeting(meeting_id: int) -> int | None:
    """The key of a meeting's group; kept a minute, so rules that decide what someone may
    read ask the meeting itself (visibility.group_of)."""
    found = _meeting_group(meeting_id)
    return found[0] if found else None


def forget() -> None:
    """Read the groups and meetings again on next use (a group or meeting was saved)."""
    _read_at[0] = _read_at[1] = 0.0
