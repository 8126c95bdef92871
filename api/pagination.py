"""Pages of a list: `page` and `limit` in, the total count and links to the pages around out.

A list of documents is paged as the HTML list pages it (`contributions.listing`): a search
ranks its best candidates and counts its matches up to a limit, and says so."""

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError

from contributions.paging import SEARCH_COUNT_LIMIT, DocumentPaginator

from .http import absolute_url

DEFAULT_LIMIT = 50
MAX_LIMIT = 100

Item = TypeVar("Item")


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="The page to answer, from 1.")
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        description=f"Records per page; at most {MAX_LIMIT} (a larger value is read as {MAX_LIMIT}).",
    )


class Page(Schema, Generic[Item]):
    count: int = Field(description="How many records the whole list holds.")
    next: str | None = Field(description="The address of the next page, if there is one.")
    previous: str | None = Field(description="The address of the previous page, if any.")
    results: list[Item]


class CappedPage(Schema, Generic[Item]):
    """A page of a list whose count may stop at a limit: a search's, as the HTML list's."""

    count: int = Field(
        description="How many records the list holds; when `count_is_exact` is false, more "
        "match and this many, the best first, are listed."
    )
    count_is_exact: bool = Field(
        description="False when more records match than the list counts and gives: a search "
        f"counts and lists its first {SEARCH_COUNT_LIMIT} matches at most."
    )
    next: str | None = Field(description="The address of the next page, if there is one.")
    previous: str | None = Field(description="The address of the previous page, if any.")
    results: list[Item]


def page_size(paging: PageQuery) -> int:
    """The records a page holds: the `limit` asked, at most MAX_LIMIT."""
    return min(paging.limit, MAX_LIMIT)


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return absolute_url(f"{request.path}?{query.urlencode()}")


def _links(request: HttpRequest, number: int, last: int) -> dict[str, str | None]:
    """The links around page `number` of `last`; 404 past the last."""
    if number > last:
        raise HttpError(404, f"There is no page {number}: the last page is {last}.")
    return {
        "next": _link(request, number + 1) if number < last else None,
        "previous": _link(request, number - 1) if number > 1 else None,
    }


def paginate(
    request: HttpRequest,
    records: QuerySet | Sequence,
    paging: PageQuery,
    serialize: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """One page of an ordered queryset (two queries, plus its prefetches) or of a list.

    A page past the last answers 404; the first page of an empty list is an empty page.
    """
    limit = page_size(paging)
    count = records.count() if isinstance(records, QuerySet) else len(records)
    links = _links(request, paging.page, max(1, -(-count // limit)))
    start = (paging.page - 1) * limit
    return {
        "count": count,
        **links,
        "results": [serialize(record) for record in records[start : start + limit]],
    }


def paginate_documents(
    request: HttpRequest,
    paginator: DocumentPaginator,
    paging: PageQuery,
    serialize: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """One page of a list of documents, read by the paginator the HTML list reads it with
    (made with `page_size(paging)` records a page), in a `CappedPage`.

    A page past the last answers 404; the first page of an empty list is an empty page.
    """
    links = _links(request, paging.page, paginator.num_pages)
    page = paginator.page(paging.page)
    return {
        "count": paginator.count,
        "count_is_exact": not paginator.truncated,
        **links,
        "results": [serialize(record) for record in page.object_list],
    }
