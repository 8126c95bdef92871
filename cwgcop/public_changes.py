"""Which writes change what the public sees, and how much: the receivers on the public models,
the only movers of the cache's generations (cwgcop/kept.py). Each write is judged from the
row as stored before it and as written (README, "Caching"):

- nothing public: a document never public, and its files, sources, titles and relations;
- an *addition*: a publication, a new file of a public document, the first text read from
  one, and a public document's list of similar documents (related.SimilarDocument). Only the
  pages that can show them are stale (`_added_scopes`), and may be served a little longer;
- a *removal*: anything else about a public document, and any change to a source (its
  delegates too, who read its members-only files), a topic, a meeting and what it holds, or
  a working group. Nothing kept before it is served again.

The public models are those whose querysets are `cwgcop.public_rows.PublicRows`, which tell
their `update`, `bulk_update` and `bulk_create` here; rows written by raw SQL are passed to
`public_rows_written`; a list of similar documents replaced whole, to
`similar_lists_written`. Whether a document is public is read without a lock: the
documents of a write judged "nothing public" are read again after its commit, and one
published meanwhile counts as a removal (`_Recheck`).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from contributions import counts
from contributions.models import (
    Document,
    DocumentFile,
    DocumentRelation,
    DocumentSource,
    DocumentTitle,
    Source,
)

from .kept import public_view_changed, scope
from .public_rows import is_public_model


class Change(enum.IntEnum):
    """What a write did to what the public sees; the larger wins when a write does both."""

    ADDITION = 1
    REMOVAL = 2


Row = dict[str, Any]
# Which of these document ids are of public documents (before the write, or after it).
PublicIds = Callable[[set[int]], set[int]]

# Fields nobody reads on a public page: derived from others, or the time of any save.
_UNSHOWN = {
    Document: {"search_vector", "members_search_vector", "number_key", "number_stem", "updated_at"},
    # The text is compared by its length (`text_length`), never read back whole; where the
    # file prints otherwise than the record is the secretariat's warning, on no public page.
    DocumentFile: {"text", "record_differences"},
}
# What reading a file's text writes: the first text of a public file adds to it.
_READING_FIELDS = {"text_length", "extraction_status", "extraction_error"}
# A document's parts, shown with it while it is public.
_PARTS = (DocumentSource, DocumentTitle)
# What says whether a row is public, read whatever a save writes.
_ALWAYS_READ = {
    Document: ("status",),
    DocumentFile: ("document_id",),
    DocumentSource: ("document_id",),
    DocumentTitle: ("document_id",),
    DocumentRelation: ("document_id", "target_id"),
}
_STORED = "_public_changes_stored"


def public_rows_written(
    rows: Iterable[models.Model], *, before: Iterable[models.Model] = ()
) -> None:
    """Rows written without a signal: by `bulk_create` (`rows` alone), or changed by
    `QuerySet.update` or raw SQL (`rows` as written, `before` the same rows as they were,
    in the same order). Does what the receivers do for a row saved one at a time."""
    rows, earlier = list(rows), list(before)
    if not rows:
        return
    model = type(rows[0])
    after_rows = [_row(model, row) for row in rows]
    before_rows = [_row(model, row) for row in earlier] or [None] * len(rows)
    _rows_written(model, list(zip(before_rows, after_rows, strict=True)))


def public_rows_updated(rows: models.QuerySet, fields: dict[str, Any], *, update) -> int:
    """`update(**fields)` of these rows (cwgcop.public_rows), told as `public_rows_written`
    tells it: the rows read before and after, by their keys (an update may change what
    `rows` selects), and of each only what a save is judged by (not a file's text)."""
    model, pk = rows.model, rows.model._meta.pk.attname
    keys = list(rows.order_by("pk").values_list("pk", flat=True))
    before = {row[pk]: row for row in _stored_rows(model, keys)}
    updated = update(**fields)
    _rows_written(model, [(before.get(row[pk]), row) for row in _stored_rows(model, keys)])
    return updated


def _stored_rows(model, keys: list[Any]) -> list[Row]:
    """These rows as stored, as `_row` reads an instance."""
    if not keys:
        return []
    rows, fields = model._base_manager.filter(pk__in=keys).order_by("pk"), _fields(model)
    if model is DocumentFile:
        rows = rows.annotate(text_length=Length("text"))
        fields = [*fields, "text_length"]
    return list(rows.values(*fields))


def _rows_written(model, pairs: list[tuple[Row | None, Row]]) -> None:
    """Rows written without a signal, as stored before (None: new) and after."""
    pk = model._meta.pk.attname
    rows = [row for pair in pairs for row in pair if row is not None]
    # What the documents count for (contributions.counts), as their receivers would.
    counts.recount(row.get(pk if model is Document else "document_id") for row in rows)
    counts.subjects_written(model, [after[pk] for _before, after in pairs])
    ids = {document_id for row in rows for document_id in _document_ids(model, row)}
    found = _public_ids(ids) if ids else set()
    judged: dict[Change | None, list[list[int]]] = {}
    for old, new in pairs:
        change = _change(model, old, new, public=lambda asked: asked & found)
        judged.setdefault(change, []).append(_shown_ids(model, old, new))
    for change, shown in sorted(judged.items(), key=lambda item: item[0] or 0):
        _tell(change, shown)


def watch_public_models() -> None:
    """Connect the receivers (from AppConfig.ready)."""
    for model in (Document, DocumentFile, DocumentRelation, *_PARTS):
        uid = f"public-changes:{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    # The document deleted may have been read before its last change: its row as stored.
    pre_delete.connect(_before_delete, sender=Document, dispatch_uid="public-changes:document")
    # Its many-to-many fields, written through `add`, `remove`, `set` and `clear` from
    # either side (sources and relations have rows of their own, which may be written so).
    for field in Document._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(
            _document_m2m_changed, sender=through, dispatch_uid=f"public-changes:{through}"
        )
    # A list deleted alone is that of a document no longer public: a removal of its own.
    similar = apps.get_model("related", "SimilarDocument")
    post_save.connect(_similar_list_changed, sender=similar, dispatch_uid="public-changes")
    for model in _always_public_models():
        uid = f"public-changes:{model._meta.label}"
        post_save.connect(_removal, sender=model, dispatch_uid=uid)
        post_delete.connect(_removal, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _always_public_m2m_changed, sender=through, dispatch_uid=f"public-changes:{through}"
            )


@functools.cache
def _always_public_models() -> tuple[type[models.Model], ...]:
    """Sources, topics, every record of a meeting and of a working group (its names,
    officers and who may take part, on every page of it and the groups' list): public as
    soon as they exist; each is made of `PublicRows`, as documents and their parts are."""
    parts = {Document, DocumentFile, DocumentRelation, *_PARTS}
    return tuple(
        model for model in apps.get_models() if is_public_model(model) and model not in parts
    )


# ---- Receivers


def _before_save(sender, instance, update_fields=None, **kwargs) -> None:
    stored = None
    if not instance._state.adding and instance.pk is not None:
        fields = _fields(sender)
        if update_fields is not None:
            # Only these are written; a document's status says whether it is public.
            fields = [name for name in fields if name in _written(sender, update_fields)]
        stored = _stored(sender, instance.pk, fields)
    setattr(instance, _STORED, stored)


def _after_save(sender, instance, created, update_fields=None, **kwargs) -> None:
    before = None if created else getattr(instance, _STORED, None)
    if hasattr(instance, _STORED):
        delattr(instance, _STORED)
    after = _row(sender, instance)
    if before is not None and update_fields is not None:
        # What was not written stays as it was stored.
        written = _written(sender, update_fields)
        after = {**before, **{name: value for name, value in after.items() if name in written}}
        before = {name: before[name] for name in after}
    shown = [instance.pk] if sender is Document else _shown_ids(sender, before, after)
    _tell(_change(sender, before, after, public=_public_ids), [shown])


def _before_delete(sender, instance, **kwargs) -> None:
    setattr(instance, _STORED, _stored(sender, instance.pk, _fields(sender)))


def _after_delete(sender, instance, **kwargs) -> None:
    before = getattr(instance, _STORED, None) or _row(sender, instance)
    shown = [instance.pk] if sender is Document else _shown_ids(sender, before, None)
    _tell(_change(sender, before, None, public=_public_ids), [shown])


def _document_m2m_changed(sender, instance, action, pk_set, **kwargs) -> None:
    """A document's sources, topics, other meetings or relations, from either side."""
    if action not in {"post_add", "post_remove", "post_clear"} or pk_set == set():
        return
    if not isinstance(instance, Document) or _public_ids({instance.pk}):
        # A source's, a topic's or a meeting's documents are a change to it.
        _tell(Change.REMOVAL, [])
    else:
        _tell(None, [[instance.pk]])


def _always_public_m2m_changed(sender, action, pk_set, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and pk_set != set():
        _tell(Change.REMOVAL, [])


def _similar_list_changed(sender, instance, **kwargs) -> None:
    similar_lists_written({instance.document_id})


def similar_lists_written(ids: Iterable[int]) -> None:
    """The lists of similar documents of these documents, written anew (by a save, or
    replaced whole without a signal: related/services.py): the pages of the public ones
    may show the new lists a little later, as after a publication."""
    pages = Document.objects.public().filter(pk__in=set(ids)).values_list("pk", "number")
    scopes = [scope("document", number or pk) for pk, number in pages]
    if scopes:
        public_view_changed(removal=False, scopes=scopes, lists=False)


def search_words_read_again(ids: Iterable[int]) -> None:
    """The search words of these documents, read again without a write to their rows (a
    source or a topic renamed): every page that can show them, the searches on their
    country's, source's, topic's and meeting's pages too, finds them otherwise, a little
    later, as after a publication."""
    public = _public_ids(set(ids))
    if public:
        _tell(Change.ADDITION, [sorted(public)])


def repaired() -> None:
    """What the public sees was repaired past the receivers (`manage.py recount`): a
    removal, since nothing kept before may be served again."""
    _tell(Change.REMOVAL, [])


def _removal(sender, **kwargs) -> None:
    _tell(Change.REMOVAL, [])


def _tell(change: Change | None, shown: list[list[int]]) -> None:
    """Say what changed. `shown`: the documents each row judged is shown with (both of a
    relation, which shows only when both are public)."""
    recheck = _waiting_recheck()
    if change is None:
        groups = {frozenset(ids) for ids in shown if ids}
        if recheck is not None:
            recheck.groups |= groups
        elif groups:
            # Outside a transaction the write is committed already: read again at once.
            transaction.on_commit(_Recheck(groups), robust=True)
        return
    if recheck is not None:
        # Judged as public in this transaction: what it committed is told already.
        told = {document_id for ids in shown for document_id in ids}
        recheck.groups = {group for group in recheck.groups if not group & told}
    added = {document_id for ids in shown for document_id in ids}
    if change is Change.REMOVAL or len(added) > _MOST_SCOPED:
        public_view_changed(removal=True)
    else:
        public_view_changed(removal=False, scopes=_added_scopes(added))


@dataclasses.dataclass
class _Recheck:
    """After the commit: the documents of the writes judged "nothing public", read again."""

    groups: set[frozenset[int]] = dataclasses.field(default_factory=set)
    ran: bool = False

    def __post_init__(self) -> None:
        self.__qualname__ = "public_changes.recheck"  # how Django names a failed callback

    def __call__(self) -> None:
        self.ran = True
        if not self.groups:
            return
        public = _public_ids(set().union(*self.groups))
        if any(group <= public for group in self.groups):
            public_view_changed(removal=True)


def _waiting_recheck() -> _Recheck | None:
    """The recheck this transaction (and not a savepoint rolled back since) will run."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    open_savepoints = set(connection.savepoint_ids)
    for savepoints, waiting, _robust in reversed(connection.run_on_commit):
        if isinstance(waiting, _Recheck) and not waiting.ran and set(savepoints) <= open_savepoints:
            return waiting
    return None


# Past this many documents added at once (an archive import), every page is rebuilt: each
# would make most pages stale anyway.
_MOST_SCOPED = 500


def _added_scopes(ids: set[int]) -> list[str]:
    """What can show these documents once public: their own pages, those of the documents
    related to them both ways, of their other revisions and of those whose lists of similar
    documents still name them, the pages of their meetings (their programmes and outcomes
    too), sources, countries and topics."""
    Presentation = apps.get_model("meetings", "Presentation")
    Outcome = apps.get_model("meetings", "Outcome")
    SimilarDocument = apps.get_model("related", "SimilarDocument")
    documents = Document.objects.filter(pk__in=ids)
    revisions = Q(pk__in=ids)
    for meeting_id, kind, sequence in documents.exclude(sequence=None).values_list(
        "meeting_id", "kind", "sequence"
    ):
        revisions |= Q(meeting_id=meeting_id, kind=kind, sequence=sequence)
    relations = DocumentRelation.objects.filter(Q(document__in=ids) | Q(target__in=ids))
    related = {pk for pair in relations.values_list("document_id", "target_id") for pk in pair}
    # A list names only public documents when read: one unpublished and published again is
    # in the lists that named it before, which the worker may not compute again.
    related |= set(
        SimilarDocument.objects.filter(similar__in=ids).values_list("document_id", flat=True)
    )
    # Keys, not subqueries: "revision OR in a subquery" would read every document.
    pages = Document.objects.filter(revisions | Q(pk__in=related))
    scopes = {scope("document", number or pk) for pk, number in pages.values_list("pk", "number")}
    presentations = Presentation.objects.filter(document__in=ids)
    outcomes = Outcome.objects.filter(fulfilled_by_document__in=ids)
    meetings = [
        documents.values_list("meeting_id"),
        Document.other_meetings.through.objects.filter(document__in=ids).values_list("meeting_id"),
        presentations.values_list("meeting_id"),
        outcomes.values_list("meeting_id"),
        outcomes.values_list("due_meeting_id"),
    ]
    scopes |= {scope("meeting", pk) for rows in meetings for (pk,) in rows if pk}
    sources = Source.objects.filter(
        Q(pk__in=DocumentSource.objects.filter(document__in=ids).values("source_id"))
        | Q(pk__in=presentations.values("presenters"))
        | Q(pk__in=outcomes.values("responsible"))
    )
    for pk, country in sources.values_list("pk", "country"):
        scopes.add(scope("source", pk))
        if country:
            scopes.add(scope("country", country))
    topics = Document.topics.through.objects.filter(document__in=ids).values_list("topic_id")
    return sorted(scopes | {scope("topic", pk) for (pk,) in topics})


# ---- What a write changed


def _change(model, before: Row | None, after: Row | None, *, public: PublicIds) -> Change | None:
    if model is Document:
        return _document_change(before, after)
    if model in _always_public_models():
        return Change.REMOVAL
    if before == after:
        return None
    rows = [row for row in (before, after) if row is not None]
    shown = {document_id for row in rows for document_id in _document_ids(model, row)}
    public_shown = public(shown)
    if model is DocumentRelation:
        # Shown on a public document's page when the other one is public too.
        visible = any(set(_document_ids(model, row)) <= public_shown for row in rows)
        return Change.REMOVAL if visible else None
    if not public_shown:
        return None
    if model is DocumentFile:
        return _file_change(before, after)
    return Change.REMOVAL


def _document_change(before: Row | None, after: Row | None) -> Change | None:
    was = before is not None and before["status"] in Document.Status.PUBLIC
    now = after is not None and after["status"] in Document.Status.PUBLIC
    if not (was or now) or before == after:
        return None
    if not was:
        return Change.ADDITION  # a publication
    return Change.REMOVAL  # unpublished, superseded, deleted or edited


def _file_change(before: Row | None, after: Row | None) -> Change:
    """A file of a public document, before or after the write."""
    if before is None:
        return Change.ADDITION  # a new file
    if after is None or _differs(before, after, ignoring=_READING_FIELDS):
        return Change.REMOVAL
    if before["text_length"] == 0:
        return Change.ADDITION  # its text, read for the first time
    return Change.REMOVAL  # read again: words may have gone


def _differs(before: Row, after: Row, *, ignoring: set[str]) -> bool:
    return any(before[name] != after[name] for name in after if name not in ignoring)


# ---- Rows


def _fields(model) -> list[str]:
    unshown = _UNSHOWN.get(model, set())
    return [field.attname for field in model._meta.concrete_fields if field.name not in unshown]


def _written(model, update_fields: Iterable[str]) -> set[str]:
    """The attributes `save(update_fields=...)` writes, and those that say whether the row
    is public: a document's status, the documents a part belongs to."""
    written = set(_ALWAYS_READ.get(model, ()))
    for name in update_fields:
        written.add(model._meta.get_field(name).attname)
        if name == "text":
            written.add("text_length")
    return written


def _stored(model, pk, fields: list[str]) -> Row | None:
    rows = model._default_manager.filter(pk=pk)
    if model is DocumentFile:
        rows = rows.annotate(text_length=Length("text"))
        fields = [*fields, "text_length"]
    return rows.values(*fields).first()


def _row(model, instance: models.Model) -> Row:
    row = {name: getattr(instance, name) for name in _fields(model)}
    if model is DocumentFile:
        row["text_length"] = len(instance.text or "")
    return row


def _shown_ids(model, before: Row | None, after: Row | None) -> list[int]:
    rows = [row for row in (before, after) if row is not None]
    return sorted({document_id for row in rows for document_id in _document_ids(model, row)})


def _document_ids(model, row: Row) -> list[int]:
    if model is Document:
        return [row["id"]] if "id" in row else []
    if model is DocumentRelation:
        return [row["document_id"], row["target_id"]]
    if model in (DocumentFile, *_PARTS):
        return [row["document_id"]]
    return []


def _public_ids(ids: set[int]) -> set[int]:
    return set(Document.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
