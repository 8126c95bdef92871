"""Reads of documents and sources that pages share; each owns its joins."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from . import rules
from .models import Document, DocumentRelation, DocumentSource, Source


def _with_listing_relations(documents: QuerySet[Document]) -> QuerySet[Document]:
    return documents.select_related("meeting", "agenda_item").prefetch_related(
        Prefetch("document_sources", queryset=DocumentSource.objects.select_related("source")),
        "files",
    )


def published_documents() -> QuerySet[Document]:
    """Every published document, ready to list: meeting, sources and files joined."""
    return _with_listing_relations(Document.objects.published())


def published_document_by_number(number: str) -> Document | None:
    documents = published_documents().prefetch_related("topics").filter(number=number)
    return documents.order_by("-meeting__number").first()


def documents_for_country(country_code: str) -> QuerySet[Document]:
    """Published documents of which a Member State with this country is one of the sources."""
    return (
        published_documents()
        .filter(sources__kind=Source.Kind.MEMBER_STATE, sources__country=country_code.upper())
        .distinct()
    )


def documents_for_source(source: Source) -> QuerySet[Document]:
    return published_documents().filter(sources=source).distinct()


def member_states_with_published_documents() -> QuerySet[Source]:
    """Member States that sent at least one published document, with the count."""
    return (
        Source.objects.member_states()
        .annotate(
            published_count=Count(
                "documents", filter=Q(documents__status=Document.Status.PUBLISHED), distinct=True
            )
        )
        .filter(published_count__gt=0)
        .order_by("name")
    )


def documents_visible_to(user: Any) -> QuerySet[Document]:
    """The documents someone may work with in the admin, whatever their status.

    The secretariat and the chair see all of them; a delegate those of the sources they
    represent; anyone else none.
    """
    if rules.is_secretariat.test(user) or rules.is_chair.test(user):
        return Document.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Document.objects.none()
    return Document.objects.filter(
        pk__in=DocumentSource.objects.filter(source__delegates=user).values("document")
    )


def sources_represented_by(user: Any) -> QuerySet[Source]:
    """The sources someone may draft documents for: any for the secretariat."""
    if rules.is_secretariat.test(user):
        return Source.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Source.objects.none()
    return Source.objects.filter(delegates=user)


def review_queue() -> QuerySet[Document]:
    """Submitted documents waiting for the secretariat, the longest-waiting first."""
    return (
        Document.objects.filter(status=Document.Status.SUBMITTED)
        .select_related("meeting", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def review_queue_counts() -> dict[str, int]:
    """How many documents wait in the queue, how many of them late, how many to publish."""
    return Document.objects.aggregate(
        submitted=Count("pk", filter=Q(status=Document.Status.SUBMITTED)),
        late=Count("pk", filter=Q(status=Document.Status.SUBMITTED, is_late=True)),
        accepted=Count("pk", filter=Q(status=Document.Status.ACCEPTED)),
    )


def revision_chain(document: Document) -> list[Document]:
    """Every revision of the same document, this one included, the original first.

    Follows the `revises` relations in both directions, so that a revision's page finds
    its predecessors and an original's page finds what replaced it.
    """
    relations = DocumentRelation.objects.filter(kind=DocumentRelation.Kind.REVISES)
    seen = {document.pk}
    frontier = {document.pk}
    while frontier:
        linked = relations.filter(Q(document__in=frontier) | Q(target__in=frontier))
        pairs = set(linked.values_list("document_id", "target_id"))
        found = {pk for pair in pairs for pk in pair} - seen
        seen |= found
        frontier = found
    return list(
        Document.objects.filter(pk__in=seen)
        .prefetch_related("files")
        .order_by("revision", "created_at")
    )


def public_revisions(document: Document) -> list[Document]:
    """The other revisions of a document that the public may read, the original first."""
    return [
        revision
        for revision in revision_chain(document)
        if revision.pk != document.pk and revision.is_public
    ]
