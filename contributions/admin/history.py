"""The admin's own log of a document (its History page), and the list of what deleting a
draft removes, without the secretariat's notes.

Django's admin writes a LogEntry for every save, naming each inline row it added:
"Added internal note “<the first words of the note>”". The note text never goes into
that log, and the History page shows delegates only what concerns them.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import translation
from django.utils.text import capfirst

from .. import rules
from ..models import InternalNote

# Django's message needs an object to name ("Added internal note “…”."); not the note's text.
NOTE_PLACEHOLDER = "\u2026"


def note_name() -> str:
    # Django writes model names into change messages untranslated (translation_override(None)).
    with translation.override(None):
        return str(InternalNote._meta.verbose_name)


def _is_note_part(part: Any) -> bool:
    if not isinstance(part, dict) or len(part) != 1:
        return False
    details = next(iter(part.values()))
    return isinstance(details, dict) and details.get("name") == note_name()


def without_note_text(change_message: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The change message with the text of every internal note it names left out."""
    cleaned = []
    for part in change_message:
        if _is_note_part(part):
            action, details = next(iter(part.items()))
            part = {action: {**details, "object": NOTE_PLACEHOLDER}}
        cleaned.append(part)
    return cleaned


def without_note_parts(change_message: str) -> str | None:
    """A stored change message with every mention of internal notes removed, for people who
    may not read them; None when nothing else was changed (the entry is not shown)."""
    try:
        parts = json.loads(change_message)
    except ValueError:
        return change_message
    if not isinstance(parts, list):
        return change_message
    kept = [part for part in parts if not _is_note_part(part)]
    if parts and not kept:
        return None
    return json.dumps(kept)


def hide_notes(page: Any) -> None:
    """Rewrite a page of LogEntry rows, in memory, for someone who may not read notes: the
    parts that name a note go, and an entry that only recorded notes is not shown."""
    entries = []
    for entry in page.object_list:
        message = without_note_parts(entry.change_message)
        if message is None:
            continue
        entry.change_message = message
        entries.append(entry)
    page.object_list = entries


class NoteFreeHistoryMixin:
    """A document's admin whose log never holds a note's text, and whose History page
    shows nothing of the notes to people who may not read them."""

    def construct_change_message(self, request, form, formsets, add=False):
        return without_note_text(super().construct_change_message(request, form, formsets, add))

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        # Notes are read by the secretariat and the chair of the document's own group.
        if context and not rules.can_read_internal_notes.test(request.user, context["object"]):
            hide_notes(context["action_list"])
        return response

    def get_deleted_objects(self, objs, request):
        """What deleting removes, as Django lists it ("Internal note: <its text>"), without
        the notes for people who may not read them: a delegate deletes their own draft,
        who may also be another group's secretariat."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if all(rules.can_read_internal_notes.test(request.user, document) for document in objs):
            return deleted, counts, perms_needed, protected
        counts.pop(InternalNote._meta.verbose_name_plural, None)
        return _without_notes(deleted), counts, perms_needed, protected


def _without_notes(items: list[Any]) -> list[Any]:
    """Django's nested list of objects to delete, each "<Model name>: <object>", with every
    internal note left out (a note has nothing under it)."""
    prefix = f"{capfirst(InternalNote._meta.verbose_name)}: "
    kept: list[Any] = []
    for item in items:
        if isinstance(item, list):
            kept.append(_without_notes(item))
        elif not str(item).startswith(prefix):
            kept.append(item)
    return [item for item in kept if item != []]
