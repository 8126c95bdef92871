"""One page of a filtered, searched and sorted list of documents: what the documents list,
and the lists on a country's, a source's, a topic's and a meeting's page, show."""

from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cwgcop.kept import fragment_context
from workinggroups.current import active_group

from . import counts, rules, search, selectors, snippets
from .filters import DocumentFilter, Sort
from .models import Document
from .paging import PAGE_SIZE, DocumentPaginator, RankedPaginator


def query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def document_paginator(
    document_filter: DocumentFilter,
    *,
    per_page: int = PAGE_SIZE,
    subject: str | None = None,
    html: bool = False,
) -> DocumentPaginator:
    """The pages of the filter's documents, in the order every list of them shows: the
    HTML lists and the API's (`html`: with only the columns an HTML row shows).

    A search on PostgreSQL is paged by `RankedPaginator`, which ranks only its best
    candidates and counts up to a limit (`truncated` when more match); any other list by
    `DocumentPaginator`, which counts every document, or reads the count of the list's
    `subject` (contributions.counts) when nothing narrows it.
    """
    documents = document_filter.qs
    # A page's rows are read by their keys, which met the filters and the search already:
    # not again (a filter's subquery may cost more than the rows: the files in English,
    # 70 ms at 200,000 documents), and with their sources and titles in the row itself.
    rows = selectors.packed_relations(document_filter.queryset)
    if html:
        rows = selectors.listed_columns(rows)
    text = document_filter.search_text()
    sort = document_filter.sort_key()
    if text and search.uses_postgresql():
        ranked = sort == Sort.RELEVANCE
        return RankedPaginator(
            documents,
            best=(
                (
                    lambda matched, first: search.best_matches(
                        documents,
                        text,
                        document_filter.without_search(),
                        first=first,
                        matched=matched,
                        user=document_filter.searcher(),
                    )
                )
                if ranked
                else (lambda matched, first: [])
            ),
            rest_order=document_filter.order(),
            per_page=per_page,
            rows=rows,
        )
    if subject is not None and not document_filter.narrows():
        return DocumentPaginator(
            documents,
            per_page,
            counted=lambda: counts.total(subject, group=active_group()),
            rows=rows,
        )
    groups = document_filter.groups_alone() if subject is not None else None
    if groups:
        # A shared page (a country's) in some groups: the subject's count in each.
        return DocumentPaginator(
            documents,
            per_page,
            counted=lambda: sum(counts.totals_by_group(subject, slugs=groups).values()),
            rows=rows,
        )
    return DocumentPaginator(documents, per_page, rows=rows)


def document_page(document_filter: DocumentFilter, number: Any, subject: str | None) -> Page:
    """The page `number` of the filter's documents (the last one when past the end)."""
    return document_paginator(document_filter, subject=subject, html=True).get_page(number)


def document_list_context(
    request: HttpRequest,
    documents: QuerySet[Document],
    *,
    without: tuple[str, ...] = (),
    default_sort: str = Sort.NEWEST,
    subject: str | None = None,
) -> dict[str, Any]:
    """The template context of a list of these documents, as the request filters it.
    `subject`: the key of their count (contributions.counts), when they are all of a
    subject's listed documents."""
    # The request tells search whose eyes it serves (members-only text for members only).
    document_filter = DocumentFilter(
        request.GET,
        queryset=documents,
        without=without,
        default_sort=default_sort,
        request=request,
    )
    search_text = document_filter.search_text()
    # Read only when the template renders them: a kept fragment of the page (the filters,
    # the documents) is served without its query.
    page = SimpleLazyObject(
        lambda: document_page(document_filter, request.GET.get("page"), subject)
    )
    return {
        "filter": document_filter,
        "page": page,
        "documents": SimpleLazyObject(
            lambda: snippets.with_snippets(page.object_list, search_text, user=request.user)
        ),
        "search_text": search_text,
        "sort": document_filter.sort_key(),
        "sort_choices": Sort.choices,
        "active_choices": SimpleLazyObject(document_filter.active_choices),
        "query": query_without(request, "page"),
        # The filters' choices depend on the filters chosen, not on the words searched: the
        # searches of one list share them.
        "choices_query": query_without(request, "page", "q", "sort"),
        **fragment_context(request, audience=rules.audience(request.user)),
    }
