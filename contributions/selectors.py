"""Reads of documents and sources that pages share; each owns its joins."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Document, DocumentSource, Source


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
