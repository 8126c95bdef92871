"""Every change of a document and of a meeting's record, kept by django-auditlog: who,
when, and the old and new value of each field.

django-auditlog writes one LogEntry per saved or deleted row (and per change of a
many-to-many field), from Django's model signals. This module is what the two apps share:

- who made a change: a request's signed-in user (the middleware), a service's `by`, a
  command's user; what the system does without a person (the demo loader, a task run by
  the worker) is named by its origin, and an account deleted since is named as such, so
  that no change is shown without an author;
- which changes belong together: every row written by one request, one service call or
  one command run carries the same correlation id, so that the history shows one save as
  one change ("Title: 'A' → 'B'; Sources: added ITU-D");
- writes that bypass the signals (bulk_create, QuerySet.update) recorded explicitly
  through the library's own API (`record_created`, `record_updated`);
- the readable list of changes a record's admin page shows.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import set_actor
from auditlog.diff import model_instance_diff
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The id shared by every row written in one request, service call or command run:
# "<origin>:<random hex>". django-auditlog stores it as the entry's correlation id.
_change_id: ContextVar[str | None] = ContextVar("change_id", default=None)

# Who made a change that has no signed-in author, by the origin of the change.
ORIGINS = {
    "load_demo": _("the demo loader"),
    "import_archive": _("the archive import"),
    "worker": _("the task worker"),
}
# Written outside any request, service call or command that names its author (a shell).
SYSTEM = _("the system")
# The change was made by a person whose account has been deleted since.
DELETED_ACCOUNT = _("a deleted account")


def current_change_id() -> str | None:
    """The correlation id of the change being made (settings.AUDITLOG_CID_GETTER)."""
    return _change_id.get()


@contextlib.contextmanager
def recording(*, via: str, by: Any = None) -> Iterator[None]:
    """Group the rows written inside as one change by `by`, made through `via`.

    Inside a request or an outer `recording` this does nothing: the outer author stands
    (django-auditlog's actor context does not nest).
    """
    if _change_id.get() is not None:
        yield
        return
    token = _change_id.set(f"{via}:{uuid.uuid4().hex}")
    try:
        if getattr(by, "is_authenticated", False):
            with set_actor(by):
                yield
        else:
            yield
    finally:
        _change_id.reset(token)


def records_changes(service: Callable) -> Callable:
    """A service whose writes are recorded as made by its `by` argument, when it is not
    called inside a request or a command that already names the author."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        with recording(via="service", by=kwargs.get("by")):
            return service(*args, **kwargs)

    return wrapper


class ChangeLogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware (the signed-in user is the author of every change a
    request makes), with one correlation id per request."""

    def __call__(self, request):
        token = _change_id.set(f"web:{uuid.uuid4().hex}")
        try:
            return super().__call__(request)
        finally:
            _change_id.reset(token)


def not_tracked(model: type[models.Model], *names: str) -> list[str]:
    """The fields to exclude from a model's history: those named, its id, and the other
    rows that point to it (django-auditlog would write their managers into a creation)."""
    reverse = [
        relation.name
        for relation in model._meta.get_fields()
        if relation.auto_created and not relation.concrete
    ]
    return ["id", *names, *reverse]


def record_created(instances: Iterable[models.Model]) -> None:
    """Record rows written by bulk_create, which sends no signal, as the library would."""
    for instance in instances:
        LogEntry.objects.log_create(
            instance,
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(None, instance, use_json_for_changes=True),
        )


def record_updated(old: models.Model, new: models.Model, fields: Iterable[str]) -> None:
    """Record a change written by QuerySet.update, which sends no signal: `old` as it was
    read before, `new` as it is now."""
    changes = model_instance_diff(old, new, fields_to_check=set(fields), use_json_for_changes=True)
    if changes:
        LogEntry.objects.log_create(new, action=LogEntry.Action.UPDATE, changes=changes)


# ---- Reading


@dataclass
class ChangeRow:
    """One change as the admin shows it: when, by whom, and what, one line per field."""

    at: datetime.datetime
    who: str
    lines: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        from contributions.admin.display import meeting_time

        return meeting_time(self.at)


def field_label(model: type[models.Model], name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name


def shown_value(model: type[models.Model] | None, name: str, value: Any) -> str:
    """A stored value as people read it: quoted, choices by their label, times in Geneva."""
    if value is None or value == "" or value == "None":
        return gettext("(empty)")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    model_field = None
    if model is not None:
        with contextlib.suppress(FieldDoesNotExist):
            model_field = model._meta.get_field(name)
    if model_field is not None and model_field.choices:
        value = dict(model_field.flatchoices).get(value, value)
    elif isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            from contributions.admin.display import meeting_time

            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            return meeting_time(moment)
    return f"'{value}'"


def record_lines(model: type[models.Model], entry: LogEntry) -> list[str]:
    """The lines of an entry of a record itself (a document, a meeting): its creation with
    the values it was given, or each change of a field."""
    if entry.action == LogEntry.Action.CREATE:
        given = {
            name: change
            for name, change in entry.changes_dict.items()
            if not isinstance(change, list) or change[1] not in (None, "", False, 0)
        }
        return [gettext("Created"), *field_lines(model, given)]
    return field_lines(model, entry.changes_dict)


def field_lines(
    model: type[models.Model], changes: dict[str, Any], *, prefix: str = ""
) -> list[str]:
    """Each changed field as "Title: 'A' → 'B'", and a many-to-many field as "Topics:
    added X" (as django-auditlog stores it)."""
    lines = []
    for name, change in changes.items():
        label = prefix + field_label(model, name)
        if isinstance(change, dict) and change.get("type") == "m2m":
            names = ", ".join(change.get("objects", []))
            if change.get("operation") == "add":
                lines.append(
                    gettext("%(field)s: added %(names)s") % {"field": label, "names": names}
                )
            else:
                lines.append(
                    gettext("%(field)s: removed %(names)s") % {"field": label, "names": names}
                )
            continue
        old, new = (shown_value(model, name, value) for value in change)
        if old != new:
            lines.append(f"{label}: {old} \u2192 {new}")
    return lines


def child_lines(entry: LogEntry, model: type[models.Model]) -> list[str]:
    """A row of a record's part (an agenda item, a paragraph): added, removed or changed."""
    label = str(capfirst(model._meta.verbose_name))
    if entry.action == LogEntry.Action.CREATE:
        return [gettext("%(part)s: added '%(name)s'") % {"part": label, "name": entry.object_repr}]
    if entry.action == LogEntry.Action.DELETE:
        return [
            gettext("%(part)s: removed '%(name)s'") % {"part": label, "name": entry.object_repr}
        ]
    return field_lines(model, entry.changes_dict, prefix=f"{label} '{entry.object_repr}': ")


def person_name(user: Any) -> str:
    """The person who made a change, as every history names them. A row whose author's
    account was deleted since keeps no link to it (on_delete=SET_NULL): it says so."""
    if user is None:
        return str(DELETED_ACCOUNT)
    return user.get_full_name() or user.get_username()


def author(entry: LogEntry) -> str:
    """Who made a change: a person, or the part of the system that made it."""
    if entry.actor is not None:
        return person_name(entry.actor)
    if entry.actor_email is not None:
        # django-auditlog writes the address of every actor it is given ("" for none):
        # there was a person, whose account is gone.
        return str(DELETED_ACCOUNT)
    origin = (entry.cid or "").split(":", 1)[0]
    return str(ORIGINS.get(origin, SYSTEM))


def change_rows(
    entries: Iterable[LogEntry], lines_of_group: Callable[[list[LogEntry]], list[str]]
) -> list[ChangeRow]:
    """The entries, oldest first, as changes, newest first: the entries written by one
    request, service call or command run make one change, worded by `lines_of_group`."""
    groups: list[list[LogEntry]] = []
    for entry in entries:
        previous = groups[-1][-1] if groups else None
        if previous is not None and _same_change(previous, entry):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    rows = []
    for group in groups:
        lines = lines_of_group(group)
        if lines:
            rows.append(ChangeRow(at=group[0].timestamp, who=author(group[0]), lines=lines))
    rows.reverse()
    return rows


def _same_change(previous: LogEntry, entry: LogEntry) -> bool:
    if previous.cid or entry.cid:
        return previous.cid == entry.cid
    # Written outside any request or command (a shell): one author within a second.
    return (
        previous.actor_id == entry.actor_id
        and abs((entry.timestamp - previous.timestamp).total_seconds()) < 1
    )


class ChangeHistoryAdminMixin:
    """A ModelAdmin that lists the record's changes on its change page and its History
    page, to whoever `changes_of` answers for (None: they may not read them)."""

    object_history_template = "admin/object_history_with_changes.html"

    def changes_of(self, request, obj) -> list[ChangeRow] | None:
        raise NotImplementedError

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        if context and context.get("object") is not None:
            self._add_changes(request, context, context["object"])
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            self._add_changes(request, context, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _add_changes(self, request, context, obj) -> None:
        changes = self.changes_of(request, obj)
        context["show_changes"] = changes is not None
        context["changes"] = changes or []
