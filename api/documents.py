"""Documents: the list with the HTML list's filters and search, and one document by id or
by number with its files, relations, revisions and history of publication."""

from collections.abc import Iterable
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest, QueryDict
from ninja import Field, P, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from contributions import document_page, selectors
from contributions.filters import DocumentFilter, FilterError, Sort, parse_document_filter
from contributions.group_filters import meeting_value
from contributions.listing import document_paginator
from contributions.models import (
    STATUS_FACTS,
    Document,
    DocumentEvent,
    Language,
    Region,
    Source,
)
from contributions.models.statuses import UNPUBLISHED_EVENT
from contributions.paging import SEARCH_COUNT_LIMIT
from meetings.models import Presentation
from related.selectors import similar_documents

from . import schemas
from .errors import BadQuery
from .groups import GROUP_DESCRIPTION
from .http import page_url
from .pagination import CappedPage, PageQuery, page_size, paginate_documents
from .serialize import (
    api_url,
    document_ref,
    document_summary,
    file_data,
    meeting_ref,
    public_files,
)

router = Router(tags=["documents"])

MAX_ID = 2**63 - 1


def _code(values: Iterable[str]) -> object:
    """A code of a filter. The schema lists the codes; the shared parser reads them in any
    letter case and refuses, with a message, a value that names nothing."""
    return Annotated[str, WithJsonSchema(schemas.enum_of(values))]


class DocumentQuery(Schema):
    """The filters of the documents lists (/en/<group>/documents/), read by the same parser:
    several values of one filter are alternatives (OR), different filters all apply (AND)."""

    q: str | None = Field(None, description="Search words, or a document number.")
    group: list[str] = Field([], description=f"{GROUP_DESCRIPTION} Their documents.")
    meeting: list[str] = Field(
        [],
        description="Meetings, by code (CWG-TEST-1), by group and number (cwg-test:1) or by "
        "number (21): the documents numbered for it or shared with it. Each group numbers "
        "its own meetings: a number is the first group's meeting (cwg-cop), or the named "
        "group's when `group` names one.",
    )
    year: list[str] = Field([], description="Years (four digits) of the date on the document.")
    kind: list[_code(Document.Kind.values)] = Field([], description="Kinds of document.")
    country: list[str] = Field(
        [],
        description="ISO 3166 codes, in any letter case, of the countries of the sources "
        "(Member States and their ministries and agencies).",
    )
    source_kind: list[_code(Source.Kind.values)] = Field([], description="Kinds of source.")
    region: list[_code(Region.values)] = Field([], description="ITU regions of the sources.")
    topic: list[str] = Field([], description="Topic slugs.")
    language: list[_code(Language.values)] = Field(
        [], description="Languages it was issued in or has a file in."
    )
    presentation: list[_code(Presentation.Status.values)] = Field(
        [], description="How it was presented at its meeting."
    )
    sort: _code(value for value, _label in Sort.choices) | None = Field(
        None, description="The order; by default the best match when searching, else newest."
    )

    def as_query(self) -> QueryDict:
        """The values as the documents list reads them from its query string, on a page every
        group shares: a meeting is "<group slug>:<number>", its code, or the first group's
        number; a number with one group named is that group's meeting."""
        query = QueryDict(mutable=True)
        for name, value in self.model_dump(exclude_none=True).items():
            values = value if isinstance(value, list) else [value]
            if values:
                query.setlist(name, [str(item) for item in values])
        groups = [slug.strip() for slug in self.group if slug.strip()]
        if len(groups) == 1 and self.meeting:
            query.setlist(
                "meeting",
                [
                    meeting_value(groups[0].casefold(), int(value))
                    if value.strip().isdigit()
                    else value
                    for value in self.meeting
                ],
            )
        return query


def document_filter(filters: DocumentQuery) -> DocumentFilter:
    """The filter of the published documents these filters select, read by the parser the
    HTML list, the exports and the feed share: codes in any letter case; a value that names
    nothing (a group, a country, a meeting, a topic) is refused with a message, never
    ignored. The API has no group of its own: it is read as a page every group shares.

    Anonymous: members-only text is matched for nobody."""
    try:
        return parse_document_filter(
            filters.as_query(), selectors.published_documents(), strict=True
        )
    except FilterError as error:
        raise BadQuery(error.messages) from error


@router.get(
    "/documents",
    response={200: CappedPage[schemas.DocumentSummary], **schemas.OTHER_RESPONSES},
    url_name="documents",
    summary="Published documents",
    description="In the order of the HTML lists of documents, a page at a time. A search "
    f"lists its best matches first, and counts and lists {SEARCH_COUNT_LIMIT} of its "
    "matches at most: when more match, `count_is_exact` is false.",
)
def document_list(
    request: HttpRequest, filters: Query[DocumentQuery], paging: Query[PageQuery]
) -> dict[str, Any]:
    paginator = document_paginator(document_filter(filters), per_page=page_size(paging))
    return paginate_documents(request, paginator, paging, document_summary)


def publication_history(document: Document) -> list[dict[str, Any]]:
    """When the document was published, unpublished or superseded: the dates only, never
    who did it or why (the reasons are written for the sources and the secretariat). Each
    public status names its event (its `api_event`); leaving them is "unpublished"."""
    public = Document.Status.PUBLIC
    events = (
        DocumentEvent.objects.filter(document=document)
        .filter(Q(to_status__in=public) | Q(from_status__in=public))
        .order_by("at", "pk")
        .values_list("from_status", "to_status", "at")
    )
    history = []
    for from_status, to_status, at in events:
        event = STATUS_FACTS[to_status].api_event
        if event is None and to_status not in public and from_status in public:
            event = UNPUBLISHED_EVENT
        if event is not None:
            history.append({"event": event, "at": at})
    return history


# How a relation reads from each side, as the document page shows it.
_RELATION_NAMES = {
    "revises": ("revises", "revised_by"),
    "answers": ("answers", "answered_by"),
    "supersedes": ("supersedes", "superseded_by"),
    "addendum": ("addendum_to", "addendum"),
    "corrigendum": ("corrigendum_to", "corrigendum"),
    "cites": ("cites", "cited_by"),
}


def relations(document: Document) -> list[dict[str, Any]]:
    """The published documents it names and that name it: the lists the page's selector
    prefetched (`document_page.related_documents` reads the same)."""
    outgoing = [
        {"relation": _RELATION_NAMES[link.kind][0], "document": document_ref(link.target)}
        for link in document.published_relations
    ]
    incoming = [
        {"relation": _RELATION_NAMES[link.kind][1], "document": document_ref(link.document)}
        for link in document.published_incoming_relations
    ]
    return outgoing + incoming


def document_detail(document: Document) -> dict[str, Any]:
    """Everything the document's page shows, from `document_page.public_document_page`."""
    return {
        **document_summary(document),
        "summary": document.summary,
        "original_language": document.original_language,
        "addressee": document.addressee,
        "purpose": document.purpose or None,
        "other_meetings": [meeting_ref(meeting) for meeting in document.other_meeting_list],
        "topics": [{"slug": topic.slug, "name": topic.name} for topic in document.topics.all()],
        "files": [file_data(document_file) for document_file in public_files(document)],
        "relations": relations(document),
        "revisions": [
            {
                **document_ref(revision),
                "revision": revision.revision,
                "published_at": revision.published_at,
            }
            for revision in document_page.public_revisions(document)
        ],
        "history": publication_history(document),
        "presentations": [
            {
                "meeting": meeting_ref(presentation.meeting),
                "order": presentation.order,
                "status": presentation.status,
                "agenda_item": (
                    {
                        "order": presentation.agenda_item.order,
                        "title": presentation.agenda_item.title,
                    }
                    if presentation.agenda_item
                    else None
                ),
            }
            for presentation in document.programme
        ],
        "similar": [
            {
                "number": row.similar.number or None,
                "title": row.similar.title,
                "url": page_url(row.similar),
                "api_url": api_url("document", row.similar.pk),
                "shared_words": row.shared_words,
            }
            for row in similar_documents(document)
        ],
    }


_DETAIL_RESPONSES = {200: schemas.DocumentDetail, **schemas.OTHER_RESPONSES}


@router.get(
    "/documents/by-number",
    response=_DETAIL_RESPONSES,
    url_name="document-by-number",
    summary="A public document by its number",
)
def document_by_number(
    request: HttpRequest,
    number: Query[
        str,
        P(
            min_length=1,
            max_length=200,
            pattern=r"^[^\x00-\x1f\x7f]+$",
            description="As printed (CWG-COP-21/3(Rev.1)), or typed another way "
            "(cwg-cop-21/3 rev.1): letter case, hyphens, spaces, dots and brackets aside.",
        ),
    ],
) -> dict[str, Any]:
    document = document_page.published_document_by_number(number)
    if document is None:
        same = document_page.published_document_number_like(number)
        document = same and document_page.published_document_by_id(same.pk)
    if document is None:
        raise HttpError(404, "No public document has this number.")
    return document_detail(document)


@router.get(
    "/documents/{id}",
    response=_DETAIL_RESPONSES,
    url_name="document",
    summary="A public document by its id",
)
def document_by_id(
    request: HttpRequest,
    id: Path[int, P(ge=1, le=MAX_ID)],
) -> dict[str, Any]:
    document = document_page.published_document_by_id(id)
    if document is None:
        raise HttpError(404, "No public document has this id.")
    return document_detail(document)
