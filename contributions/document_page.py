"""What a document's page shows, read for it: the document by its number or its id, with
its sources, topics, titles, meetings, programme, relations, revisions and files.

The API's document and the comparison of revisions read the same document. The row says
which of the things most documents lack it has, and only those are read.
"""

import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, Presentation
from related.selectors import with_similar_documents
from workinggroups.current import in_active_group

from . import visibility
from .compiled import compiled_once
from .models import Document, DocumentFile, DocumentRelation
from .numbers import number_key
from .selectors import SEARCH_VECTORS, packed_page_relations, with_packed_topics


def published_document_by_number(number: str) -> Document | None:
    """One public document (published, or superseded by a revision) with everything its
    page shows, or None. A number two meetings share goes to the later meeting's."""
    if not number:
        return None
    return public_document_page(number=number)


def published_document_number_like(number: str) -> Document | None:
    """A public document whose number differs from this one only in letter case, hyphens,
    spaces, dots or brackets ("cwg-cop-18/inf/3 rev.1" for "CWG-COP-18/INF/3(Rev.1)")."""
    key = number_key(number)
    if not key:
        return None
    return (
        in_active_group(Document.objects.public())
        .filter(number_key=key)
        .only("pk", "number", "meeting_id")
        .order_by("-meeting__number")
        .first()
    )


def published_document_by_id(pk: int) -> Document | None:
    """A public document by its id: the address of those without a number."""
    return public_document_page(pk=pk)


@functools.cache
def _page_documents() -> QuerySet[Document]:
    """The public documents as their pages read them, the later meeting's first.

    Made once per process, as a class-based view's `queryset` is, and read through a
    clone with its own filters: building its ten subqueries costs more than compiling
    and running them, and they are compiled once too (contributions.compiled). The row
    comes with its meeting and agenda item, with its sources, titles, topics and documents
    with similar content (as JSON columns), and with whether it has each thing that most
    documents lack: other meetings, a programme, relations, other revisions.
    """
    documents = Document.objects.public().select_related("meeting", "agenda_item")
    return compiled_once(
        with_similar_documents(packed_page_relations(documents))
        .defer(*SEARCH_VECTORS)
        .annotate(
            has_other_meetings=Exists(
                Document.other_meetings.through.objects.filter(document=OuterRef("pk"))
            ),
            has_programme=Exists(Presentation.objects.filter(document=OuterRef("pk"))),
            # Any relation: which are to listed documents is asked only if there are some.
            has_relations=Exists(
                DocumentRelation.objects.filter(
                    Q(document=OuterRef("pk")) | Q(target=OuterRef("pk"))
                )
            ),
            has_revisions=Exists(
                _in_series(OuterRef("meeting"), OuterRef("kind"), OuterRef("sequence"))
                .public()
                .exclude(pk=OuterRef("pk"))
            ),
        )
        .order_by("-meeting__number")
    )


def public_document_page(**lookup: Any) -> Document | None:
    """The public document of the active group found by `lookup` (its number or its id),
    with everything its page shows, or None.

    One query for the row (`_page_documents`), then one for each of the rarer things that
    it has, and always one for the files (its own and its revisions'): two queries for
    most documents, six for one that has everything.
    """
    document = in_active_group(_page_documents().filter(**lookup)).first()
    if document is None:
        return None

    # Each as a list (`to_attr`): what the document lacks is an empty list, read by no query.
    optional = [
        (
            document.has_other_meetings,
            Prefetch(
                "other_meetings",
                queryset=Meeting.objects.order_by("number"),
                to_attr="other_meeting_list",
            ),
        ),
        (
            document.has_programme,
            Prefetch(
                "presentations",
                queryset=_presentations().select_related("meeting", "agenda_item"),
                to_attr="programme",
            ),
        ),
    ]
    for has, prefetch in optional:
        if not has:
            setattr(document, prefetch.to_attr, [])
    with_packed_topics(document)
    prefetch_related_objects([document], *(prefetch for has, prefetch in optional if has))
    _attach_published_relations(document, read=document.has_relations)
    # Numbered by hand (no sequence), its revisions are found through its relations.
    has_revisions = document.has_revisions or (document.sequence is None and document.has_relations)
    document.revision_list = list(_revisions_of(document)) if has_revisions else []
    prefetch_related_objects(
        [document, *document.revision_list],
        Prefetch(
            "files", queryset=DocumentFile.objects.defer("text").order_by("document", "language")
        ),
    )
    return document


def _attach_published_relations(document: Document, *, read: bool) -> None:
    """`published_relations` (this document's, to listed documents) and
    `published_incoming_relations` (listed documents' to it), read in one query; none
    without `read` (the caller knows there are none)."""
    listed = Document.Status.LISTED
    relations = DocumentRelation.objects.filter(
        Q(document=document, target__status__in=listed)
        | Q(target=document, document__status__in=listed)
    ).select_related("document__meeting", "target__meeting")
    relations = relations.defer(
        *(f"{side}__{name}" for side in ("document", "target") for name in SEARCH_VECTORS)
    )
    outgoing, incoming = [], []
    for relation in relations if read else ():
        if relation.document_id == document.pk:
            outgoing.append(relation)
        if relation.target_id == document.pk:
            incoming.append(relation)
    document.published_relations = sorted(
        outgoing, key=lambda relation: (relation.kind, relation.target.number or "")
    )
    document.published_incoming_relations = sorted(
        incoming, key=lambda relation: (relation.kind, relation.document.number or "")
    )


def files_for_page(document: Document, user: Any) -> list[DocumentFile]:
    """The files a document's page lists (prefetched), each with `readable`: whether this
    person may download it (visibility.can_download_file). The page shows the name of a
    readable file only: a members-only file's name may itself say what it holds."""
    files = list(document.files.all())
    for document_file in files:
        document_file.readable = visibility.can_download_file.test(user, document_file)
    return files


# How a related document reads from this document's side, and from the other side.
RELATION_LABELS = {
    DocumentRelation.Kind.REVISES: (_("Revises"), _("Revised by")),
    DocumentRelation.Kind.ANSWERS: (_("Answers"), _("Answered by")),
    DocumentRelation.Kind.SUPERSEDES: (_("Supersedes"), _("Superseded by")),
    DocumentRelation.Kind.ADDENDUM: (_("Addendum to"), _("Addendum")),
    DocumentRelation.Kind.CORRIGENDUM: (_("Corrigendum to"), _("Corrigendum")),
    DocumentRelation.Kind.CITES: (_("Cites"), _("Cited by")),
}


@dataclass(frozen=True)
class RelatedDocument:
    label: str
    document: Document


def related_documents(document: Document) -> list[RelatedDocument]:
    """The published documents this one revises or answers, and those that revise or answer it.

    Reads the lists that `published_document_by_number` prefetched: no query.
    """
    outgoing = [
        RelatedDocument(RELATION_LABELS[relation.kind][0], relation.target)
        for relation in document.published_relations
    ]
    incoming = [
        RelatedDocument(RELATION_LABELS[relation.kind][1], relation.document)
        for relation in document.published_incoming_relations
    ]
    return outgoing + incoming


def _presentations() -> QuerySet[Presentation]:
    return Presentation.objects.order_by("meeting__number", "order")


def public_revisions(document: Document) -> list[Document]:
    """The other revisions of a document that the public may read, the original first,
    each with its files. Those `public_document_page` read with the document when it did;
    else two queries whatever the number of revisions.
    """
    if hasattr(document, "revision_list"):
        return document.revision_list
    return list(
        _revisions_of(document).prefetch_related(
            Prefetch("files", queryset=DocumentFile.objects.defer("text"))
        )
    )


def _revisions_of(document: Document) -> QuerySet[Document]:
    """Revisions share the meeting, the series and the sequence of the document they revise;
    an old document numbered by hand (no sequence) finds its revisions through the
    `revises` relations instead."""
    if document.sequence is not None:
        revisions = _in_series(document.meeting_id, document.kind, document.sequence)
    else:
        revises = DocumentRelation.Kind.REVISES
        revisions = Document.objects.filter(
            Q(relations__target=document, relations__kind=revises)
            | Q(incoming_relations__document=document, incoming_relations__kind=revises)
        ).distinct()
    return (
        revisions.public()
        .exclude(pk=document.pk)
        .defer(*SEARCH_VECTORS)
        .order_by("revision", "created_at")
    )


def _in_series(meeting: Any, kind: Any, sequence: Any) -> QuerySet[Document]:
    """The revisions of a series: the documents of one meeting, kind and sequence (values,
    or `OuterRef`s for a document's row)."""
    return Document.objects.filter(meeting=meeting, kind=kind, sequence=sequence)
