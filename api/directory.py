"""Who documents come from and what they are about: sources, countries, topics, each with
its count of published documents."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from ninja import Query, Router

from contributions import selectors
from contributions.models import Source, Topic
from contributions.models.sources import TOPIC_NAME_LANGUAGES

from . import schemas
from .http import page_url
from .pagination import Page, PageQuery, paginate
from .serialize import api_url

router = Router(tags=["sources, countries and topics"])


def _documents_url(**filters: str) -> str:
    return f"{api_url('documents')}?{urlencode(filters)}"


def source_data(source: Source, counts: dict[int, int]) -> dict[str, Any]:
    return {
        "slug": source.slug,
        "name": source.name,
        "short_name": source.short_name,
        "kind": source.kind,
        "country": source.country.code or None,
        "itu_region": source.itu_region or None,
        "parent": source.parent.slug if source.parent else None,
        "document_count": counts.get(source.pk, 0),
        "url": page_url(source),
    }


@router.get(
    "/sources",
    response={200: Page[schemas.SourceOut], **schemas.OTHER_RESPONSES},
    url_name="sources",
    summary="Sources of documents, by name",
)
def source_list(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    # The counts are the pages' own, kept until what the public sees changes.
    counts = selectors.source_document_counts()
    sources = Source.objects.select_related("parent").order_by("name", "pk")
    return paginate(request, sources, paging, lambda source: source_data(source, counts))


def country_data(state: Source) -> dict[str, Any]:
    return {
        "code": state.country.code,
        "name": str(state.country.name),
        "itu_region": state.itu_region or None,
        "document_count": state.published_count,
        "url": page_url(state),
        "documents_url": _documents_url(country=state.country.code),
    }


@router.get(
    "/countries",
    response={200: Page[schemas.Country], **schemas.OTHER_RESPONSES},
    url_name="countries",
    summary="Countries with published documents, by name",
)
def country_list(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    states = selectors.member_states_with_published_documents()  # by name
    return paginate(request, states, paging, country_data)


def topic_data(topic: Topic) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "names": {
            code: name for code in TOPIC_NAME_LANGUAGES if (name := getattr(topic, f"name_{code}"))
        },
        "description": topic.description,
        "document_count": topic.published_count,
        "url": page_url(topic),
        "documents_url": _documents_url(topic=topic.slug),
    }


@router.get(
    "/topics",
    response={200: Page[schemas.TopicOut], **schemas.OTHER_RESPONSES},
    url_name="topics",
    summary="Topics, by name",
)
def topic_list(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    return paginate(request, selectors.topics_with_counts(), paging, topic_data)
