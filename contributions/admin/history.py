"""The admin's own log of a document (its History page), and the list of what deleting a
draft removes, without the secretariat's notes and without the documents a reader may not
read.

Django's admin writes a LogEntry for every save, naming each inline row it added:
"Added internal note “<the first words of the note>”", "Added document relation “<this
document> answers <another document's number and title>”". Neither the note's text nor
the other document's name goes into that log (the list of changes under it names a related
document to those who may read it), and the History page shows delegates only what
concerns them. Deleting a draft lists its relations, the other document named only to
those who may read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q
from django.utils import translation
from django.utils.text import capfirst

from .. import rules, visibility
from ..changes import UNREADABLE_DOCUMENT
from ..models import Document, DocumentRelation, InternalNote
from ..selectors import SEARCH_VECTORS

# Django's message needs an object to name ("Added internal note “…”."); not the note's
# text, nor the documents a relation names.
PLACEHOLDER = "\u2026"


def _logged_name(model: type[Model]) -> str:
    # Django writes model names into change messages untranslated (translation_override(None)).
    with translation.override(None):
        return str(model._meta.verbose_name)


def note_name() -> str:
    return _logged_name(InternalNote)


def relation_name() -> str:
    return _logged_name(DocumentRelation)


def _part_names(part: Any, *names: str) -> bool:
    """Whether a part of a change message is about a row of one of these models."""
    if not isinstance(part, dict) or len(part) != 1:
        return False
    details = next(iter(part.values()))
    return isinstance(details, dict) and details.get("name") in names


def _is_note_part(part: Any) -> bool:
    return _part_names(part, note_name())


def without_private_text(change_message: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The change message with the text of every internal note and relation it names left
    out."""
    cleaned = []
    for part in change_message:
        if _part_names(part, note_name(), relation_name()):
            action, details = next(iter(part.items()))
            part = {action: {**details, "object": PLACEHOLDER}}
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


class GuardedHistoryMixin:
    """A document's admin whose log never holds a note's text nor a related document's
    name, and whose History page shows nothing of the notes to people who may not read
    them."""

    def construct_change_message(self, request, form, formsets, add=False):
        return without_private_text(super().construct_change_message(request, form, formsets, add))

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
        deleted = _relations_named(deleted, relation_lines(request.user, objs))
        if all(rules.can_read_internal_notes.test(request.user, document) for document in objs):
            return deleted, counts, perms_needed, protected
        counts.pop(InternalNote._meta.verbose_name_plural, None)
        return without_lines(deleted, InternalNote), counts, perms_needed, protected


def without_lines(items: list[Any], model: type) -> list[Any]:
    """Django's nested list of objects to delete, each "<Model name>: <object>", with every
    line of this model left out (an internal note, a document's link to a topic: nothing is
    listed under them)."""
    prefix = f"{capfirst(model._meta.verbose_name)}: "
    kept: list[Any] = []
    for item in items:
        if isinstance(item, list):
            kept.append(without_lines(item, model))
        elif not str(item).startswith(prefix):
            kept.append(item)
    return [item for item in kept if item != []]


def relation_lines(user: Any, documents: Iterable[Document]) -> dict[str, str]:
    """Each relation from or to these documents as Django lists it among what deleting
    them removes ("Document relation: <document> answers <document>"), and as this user
    reads it: a document they may not read is not named. Two queries."""
    keys = [document.pk for document in documents]
    relations = list(
        DocumentRelation.objects.filter(Q(document__in=keys) | Q(target__in=keys))
        .select_related("document", "target")
        .defer(*(f"{side}__{name}" for side in ("document", "target") for name in SEARCH_VECTORS))
    )
    sides = {relation.document_id for relation in relations} | {
        relation.target_id for relation in relations
    }
    named = set()
    if relations:
        readable = visibility.documents_readable_by(user, Document.objects.filter(pk__in=sides))
        named = set(readable.values_list("pk", flat=True))
    prefix = f"{capfirst(DocumentRelation._meta.verbose_name)}: "

    def name(document: Document) -> str:
        return str(document) if document.pk in named else str(UNREADABLE_DOCUMENT)

    return {
        f"{prefix}{relation}": (
            f"{prefix}{name(relation.document)} {relation.get_kind_display()} "
            f"{name(relation.target)}"
        )
        for relation in relations
    }


def _relations_named(items: list[Any], lines: dict[str, str]) -> list[Any]:
    """Django's nested list of objects to delete, each relation as `lines` words it; one
    worded otherwise names no document."""
    prefix = f"{capfirst(DocumentRelation._meta.verbose_name)}: "
    named: list[Any] = []
    for item in items:
        if isinstance(item, list):
            named.append(_relations_named(item, lines))
        elif str(item).startswith(prefix):
            named.append(lines.get(str(item), f"{prefix}{PLACEHOLDER}"))
        else:
            named.append(item)
    return named
