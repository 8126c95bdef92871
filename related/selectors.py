"""What a document's page and the API show of the documents like it."""

import functools
import json

from django.db.models import QuerySet

from contributions.models import Document
from contributions.selectors import packed_rows
from meetings.models import Meeting

from .models import SimilarDocument
from .services import candidates, may_have_list

# What the page and the API show of each similar document: its number, title, language
# and address, and its meeting's code.
SHOWN = (
    "document",
    "rank",
    "score",
    "shared_words",
    "similar__number",
    "similar__title",
    "similar__original_language",
    "similar__meeting__group",
    "similar__meeting__number",
    "similar__meeting__document_prefix",
)


def _packed(model, prefix: str, *keys: str) -> tuple[str, ...]:
    """The columns of `model` that SHOWN names under `prefix`, with the keys that link the
    rows (`keys`), in the order of the model's fields, as `Model.from_db` takes them: a
    field added to SHOWN is read in the packed row too, not by a query per row."""
    names = {name.removeprefix(prefix) for name in SHOWN if name.startswith(prefix)}
    wanted = {model._meta.get_field(name).attname for name in names if "__" not in name}
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if field.attname in wanted or field.attname in keys
    )


# SHOWN, as the columns of a row packed in the document's (`with_similar_documents`): the
# list's own, the similar document's, its meeting's.
_ROW = _packed(SimilarDocument, "", "id", "similar_id")
_WORDS = _ROW.index("shared_words")
_SIMILAR = _packed(Document, "similar__", "id", "meeting_id")
_MEETING = _packed(Meeting, "similar__meeting__", "id")


def similar_documents(document: Document) -> list[SimilarDocument]:
    """The kept list of a public document, each row with its `similar` document and that
    one's meeting: read with the document (`with_similar_documents`), else in one query.
    Only documents the public may still see are named: one unpublished or made members only
    since the list was computed is left out at once."""
    if not may_have_list(document):
        return []
    if "packed_similar" in document.__dict__:
        return _unpacked(document)
    return list(
        SimilarDocument.objects.filter(document=document, similar__in=candidates())
        .select_related("similar__meeting")
        .only(*SHOWN)
        .order_by("rank")
    )


def with_similar_documents(documents: QuerySet[Document]) -> QuerySet[Document]:
    """These documents with their lists of similar documents in their own rows (for one
    document's page: the list then costs no query of its own)."""
    return documents.annotate(packed_similar=_packed_similar())


@functools.cache
def _packed_similar():
    # Made once, as contributions.selectors makes its own packed columns.
    columns = [
        *_ROW,
        *(f"similar__{name}" for name in _SIMILAR),
        *(f"similar__meeting__{name}" for name in _MEETING),
    ]
    return packed_rows(SimilarDocument.objects.filter(similar__in=candidates()), columns)


def _unpacked(document: Document) -> list[SimilarDocument]:
    database = document._state.db
    found = []
    for values in json.loads(document.packed_similar):
        row_values = values[: len(_ROW)]
        similar_values = values[len(_ROW) : len(_ROW) + len(_SIMILAR)]
        meeting_values = values[len(_ROW) + len(_SIMILAR) :]
        words = row_values[_WORDS]
        # PostgreSQL packs the JSON column as JSON, SQLite as its text.
        row_values[_WORDS] = json.loads(words) if isinstance(words, str) else words
        row = SimilarDocument.from_db(database, _ROW, row_values)
        similar = Document.from_db(database, _SIMILAR, similar_values)
        Document.meeting.field.set_cached_value(
            similar, Meeting.from_db(database, _MEETING, meeting_values)
        )
        SimilarDocument.similar.field.set_cached_value(row, similar)
        found.append(row)
    return sorted(found, key=lambda row: row.rank)
