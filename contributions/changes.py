"""The history of every change of a document, with old and new values (django-auditlog).

What is tracked: the document's fields, its sources, topics, other meetings, titles in
other languages, files and relations. Not tracked: the secretariat's internal notes
(delegates read this history), the files' extracted text and stored names, and values
derived from others (the number's search key, the search vector). New fields of these
models are tracked without a change here: only what is excluded is named.

A relation names another document, which the reader of this history may not be allowed
to read (another source's, not yet published): its entry keeps the other document's key,
and the history names it, as it was then, only to those who may read it now
(visibility.documents_readable_by).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cwgcop.change_log import (
    ChangeRow,
    change_rows,
    field_label,
    field_lines,
    not_tracked,
    record_lines,
    shown_value,
)

from . import visibility
from .files import human_size
from .models import (
    Document,
    DocumentFile,
    DocumentRelation,
    DocumentSource,
    DocumentTitle,
    Language,
)

# The rows of a document's parts: their log entries carry the document's id in their
# serialized data, so that the document's history finds them, deleted ones included.
PARTS = (DocumentSource, DocumentFile, DocumentTitle, DocumentRelation)

# How a related document is named to someone who may not read it: neither its number nor
# its title, nor whether it exists any more.
UNREADABLE_DOCUMENT = _("an unpublished document")


def track_document_changes() -> None:
    """Register the document and its parts with django-auditlog (from AppConfig.ready)."""
    auditlog.register(
        Document,
        exclude_fields=not_tracked(
            Document,
            "number_key",
            "number_stem",
            "search_vector",
            "created_at",
            "updated_at",
            # Who created and submitted it is the workflow's history (DocumentEvent).
            "created_by",
            "submitted_by",
        ),
        m2m_fields={"topics", "other_meetings"},
    )
    filed = {"serialize_data": True}
    auditlog.register(
        DocumentSource,
        exclude_fields=not_tracked(DocumentSource, "document"),
        serialize_kwargs={"fields": ["document"]},
        **filed,
    )
    auditlog.register(
        DocumentFile,
        # The stored name, the extracted text and the identical file (another document,
        # perhaps not public) stay out; name, size, SHA-256 and language say which file.
        exclude_fields=not_tracked(
            DocumentFile,
            "document",
            "file",
            "text",
            "extraction_status",
            "extraction_error",
            "uploaded_at",
            "uploaded_by",
            "content_type",
            "duplicate_of",
        ),
        serialize_kwargs={"fields": ["document", "language"]},
        **filed,
    )
    auditlog.register(
        DocumentTitle,
        exclude_fields=not_tracked(DocumentTitle, "document"),
        serialize_kwargs={"fields": ["document", "language"]},
        **filed,
    )
    auditlog.register(
        DocumentRelation,
        exclude_fields=not_tracked(DocumentRelation, "document"),
        # The other document's key, so that its name is shown only to who may read it.
        serialize_kwargs={"fields": ["document", "target"]},
        **filed,
    )


def document_change_entries(document: Document):
    """The log entries of a document and of its parts, oldest first."""
    types = ContentType.objects.get_for_models(Document, *PARTS)
    return (
        LogEntry.objects.filter(
            Q(content_type=types[Document], object_id=document.pk)
            | Q(
                content_type__in=[types[model] for model in PARTS],
                serialized_data__fields__document=document.pk,
            )
        )
        .select_related("actor", "content_type")
        .order_by("timestamp", "pk")
    )


def document_changes(document: Document, *, reader: Any) -> list[ChangeRow]:
    """The document's changes as the admin lists them to `reader`, newest first."""
    entries = list(document_change_entries(document))
    named = readable_targets(reader, entries)
    return change_rows(entries, functools.partial(document_lines, named=named))


def relation_target(entry: LogEntry) -> int | None:
    """The key of the document a relation's entry names; None in an entry written before
    the key was kept and not found again since (migration 0025)."""
    return ((entry.serialized_data or {}).get("fields") or {}).get("target")


def readable_targets(reader: Any, entries: Iterable[LogEntry]) -> frozenset[int]:
    """Of the documents these entries' relations name, the keys of those `reader` may
    read: one query, none when no relation is among them."""
    relation_type = ContentType.objects.get_for_model(DocumentRelation)
    keys = {
        relation_target(entry) for entry in entries if entry.content_type_id == relation_type.pk
    }
    keys.discard(None)
    if not keys:
        return frozenset()
    readable = visibility.documents_readable_by(reader, Document.objects.filter(pk__in=keys))
    return frozenset(readable.values_list("pk", flat=True))


def document_lines(group: list[LogEntry], *, named: Collection[int]) -> list[str]:
    """The lines of one change of a document: its fields, sources, files, titles in other
    languages and relations, in that order; a related document is named only if its key
    is in `named`."""
    lines: list[str] = []
    others: list[str] = []
    sources = _SourceChanges()
    files: dict[str, dict[str, LogEntry]] = {}
    for entry in group:
        model = entry.content_type.model_class()
        if model is Document:
            lines += record_lines(Document, entry)
        elif model is DocumentSource:
            sources.add(entry)
        elif model is DocumentFile:
            files.setdefault(_language(entry), {})[_verb(entry)] = entry
        elif model is DocumentTitle:
            others += _title_lines(entry)
        elif model is DocumentRelation:
            others += _relation_lines(entry, named=named)
    lines += sources.lines()
    for language, verbs in files.items():
        lines += _file_lines(language, verbs)
    return lines + others


def _verb(entry: LogEntry) -> str:
    return {LogEntry.Action.CREATE: "added", LogEntry.Action.DELETE: "removed"}.get(
        entry.action, "changed"
    )


def _language(entry: LogEntry) -> str:
    code = ((entry.serialized_data or {}).get("fields") or {}).get("language", "")
    return str(Language(code).label) if code in Language.values else code


def _side(entry: LogEntry, name: str):
    """The value a created row was given, or a deleted row had."""
    old, new = entry.changes_dict.get(name, [None, None])
    return new if entry.action == LogEntry.Action.CREATE else old


class _SourceChanges:
    """Sources added and removed in one change; a source removed and added again in the
    same change (its order changed) is not named twice."""

    def __init__(self):
        self.added: list[str] = []
        self.removed: list[str] = []
        self.reordered = False

    def add(self, entry: LogEntry) -> None:
        verb = _verb(entry)
        if verb == "added":
            self.added.append(str(_side(entry, "source")))
        elif verb == "removed":
            self.removed.append(str(_side(entry, "source")))
        else:
            self.reordered = True

    def lines(self) -> list[str]:
        added = [name for name in self.added if name not in self.removed]
        removed = [name for name in self.removed if name not in self.added]
        label = field_label(Document, "sources")
        parts = []
        if added:
            parts.append(gettext("added %(names)s") % {"names": ", ".join(added)})
        if removed:
            parts.append(gettext("removed %(names)s") % {"names": ", ".join(removed)})
        if not parts and (self.reordered or self.added):
            parts.append(gettext("order changed"))
        return [f"{label}: {'; '.join(parts)}"] if parts else []


def _file_description(entry: LogEntry) -> str:
    name, size = _side(entry, "original_name"), _side(entry, "size")
    return f"'{name}' ({human_size(int(size))})" if size else f"'{name}'"


def _file_lines(language: str, verbs: dict[str, LogEntry]) -> list[str]:
    label = gettext("File (%(language)s)") % {"language": language}
    added, removed, changed = verbs.get("added"), verbs.get("removed"), verbs.get("changed")
    lines = []
    if added and removed:
        lines.append(
            gettext("%(file)s: replaced %(old)s with %(new)s")
            % {"file": label, "old": _file_description(removed), "new": _file_description(added)}
        )
    elif added:
        lines.append(
            gettext("%(file)s: added %(new)s") % {"file": label, "new": _file_description(added)}
        )
    elif removed:
        lines.append(
            gettext("%(file)s: removed %(old)s")
            % {"file": label, "old": _file_description(removed)}
        )
    if changed:
        lines += field_lines(DocumentFile, changed.changes_dict, prefix=f"{label}: ")
    return lines


def _title_lines(entry: LogEntry) -> list[str]:
    label = gettext("Title (%(language)s)") % {"language": _language(entry)}
    verb = _verb(entry)
    if verb == "changed":
        old, new = entry.changes_dict.get("title", [None, None])
        return [
            f"{label}: {shown_value(None, 'title', old)} \u2192 {shown_value(None, 'title', new)}"
        ]
    text = shown_value(None, "title", _side(entry, "title"))
    if verb == "added":
        return [gettext("%(field)s: added %(value)s") % {"field": label, "value": text}]
    return [gettext("%(field)s: removed %(value)s") % {"field": label, "value": text}]


def _relation_lines(entry: LogEntry, *, named: Collection[int]) -> list[str]:
    label = field_label(Document, "related")
    verb = _verb(entry)
    if verb == "changed":
        # Only the kind: the app never changes a relation's target, and the entry keeps the
        # key of the new one only.
        changes = {name: change for name, change in entry.changes_dict.items() if name == "kind"}
        return field_lines(DocumentRelation, changes, prefix=f"{label}: ")
    kind = shown_value(DocumentRelation, "kind", _side(entry, "kind")).strip("'")
    if relation_target(entry) in named:
        relation = f"{kind} '{_side(entry, 'target')}'"
    else:
        relation = f"{kind} {UNREADABLE_DOCUMENT}"
    if verb == "added":
        return [gettext("%(field)s: added %(value)s") % {"field": label, "value": relation}]
    return [gettext("%(field)s: removed %(value)s") % {"field": label, "value": relation}]
