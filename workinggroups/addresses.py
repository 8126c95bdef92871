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

import contextlib
import contextvars
import sys
import threading
import types
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cwgcop.kept import (
    PUBLIC,
    Generations,
    fragment_seconds,
    generations,
    kept_until_public_change,
)

from .current import activated

_MODULE = "workinggroups.urlconf."
_made = threading.Lock()


class _Directory:
    """The groups by slug, and each meeting's group: read at most once per request, from
    the shared cache (until what the public sees is next changed, as any value is kept:
    cwgcop.kept) or else the database, so that a request's pages cost the same whatever
    they link. A group or a meeting written, however, is such a change."""

    def __init__(self) -> None:
        self.groups: dict[str, Any] | None = None
        self.meetings: dict[int, tuple[int, str]] | None = None
        self.generations: Generations | None = None

    def all_groups(self) -> dict[str, Any]:
        if self.groups is None:
            from .models import WorkingGroup

            rows = self._kept("working-groups", lambda: list(WorkingGroup.objects.values()))
            self.groups = {row["slug"]: WorkingGroup(**row) for row in rows}
        return self.groups

    def meeting_groups(self) -> dict[int, tuple[int, str]]:
        if self.meetings is None:
            from meetings.models import Meeting

            rows = self._kept(
                "meeting-groups",
                lambda: list(Meeting.objects.values_list("pk", "group_id", "group__slug")),
            )
            self.meetings = {pk: (group_id, slug) for pk, group_id, slug in rows}
        return self.meetings

    def _kept(self, name: str, compute):
        # The same in every language and group, which they do not depend on; the removals'
        # generation is read once for both.
        with activated(None), translation.override(None):
            if self.generations is None and fragment_seconds() > 0:
                self.generations = generations(())
            return kept_until_public_change(
                name, compute, audience=PUBLIC, scopes=(), known=self.generations
            )


_request: contextvars.ContextVar[_Directory | None] = contextvars.ContextVar(
    "working_group_directory", default=None
)


@contextlib.contextmanager
def read_once() -> Iterator[None]:
    """Within this block (a request), the groups and meetings are read at most once."""
    token = _request.set(_Directory())
    try:
        yield
    finally:
        _request.reset(token)


def forget_for_this_request() -> None:
    """No group is read again within this request (the database is unavailable)."""
    directory = _request.get()
    if directory is not None:
        directory.groups, directory.meetings = {}, {}


def _directory() -> _Directory:
    """The request's, or a new one outside a request (the worker, the shell)."""
    found = _request.get()
    return found if found is not None else _Directory()


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


def group_by_slug(slug: str):
    """The group with this slug, or None (the shared pages' own addresses are no group)."""
    from .models import RESERVED_SLUGS

    if slug in RESERVED_SLUGS:
        return None
    return _directory().all_groups().get(slug)


def kept_groups() -> list:
    """Every group, in their order."""
    groups = _directory().all_groups().values()
    return sorted(groups, key=lambda group: (group.order, group.acronym))


def slug_of_group(group_id: int | None) -> str:
    """The slug of the group with this key, for the addresses of its meetings."""
    for group in _directory().all_groups().values():
        if group.pk == group_id:
            return group.slug
    return default_slug()


def slug_of_meeting(meeting_id: int) -> str:
    """The slug of a meeting's group, for the addresses of its documents."""
    directory = _directory()
    found = directory.meeting_groups().get(meeting_id)
    if found is None and meeting_id is not None:  # a meeting new since this request read them
        from meetings.models import Meeting

        found = Meeting.objects.filter(pk=meeting_id).values_list("group_id", "group__slug").first()
    return found[1] if found else default_slug()


def slug_of_document(document) -> str | None:
    """The slug of a document's group: from its meeting when it was read with it. None
    when the document was read without its meeting's key (`only()`): its address is then
    the request's group's, with no query to read the key."""
    meeting = document._state.fields_cache.get("meeting")
    if meeting is not None:
        return slug_of_group(meeting.group_id)
    if "meeting_id" in document.get_deferred_fields():
        return None
    return slug_of_meeting(document.meeting_id)
