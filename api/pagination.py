"""Pages of a list: `page` and `limit` in, the total count and links to the pages around out."""

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError

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


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return absolute_url(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    records: QuerySet | Sequence,
    paging: PageQuery,
    serialize: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """One page of an ordered queryset (two queries, plus its prefetches) or of a list.

    A page past the last answers 404; the first page of an empty list is an empty page.
    """
    limit = min(paging.limit, MAX_LIMIT)
    count = records.count() if isinstance(records, QuerySet) else len(records)
    last = max(1, -(-count // limit))
    if paging.page > last:
        raise HttpError(404, f"There is no page {paging.page}: the last page is {last}.")
    start = (paging.page - 1) * limit
    return {
        "count": count,
        "next": _link(request, paging.page + 1) if paging.page < last else None,
        "previous": _link(request, paging.page - 1) if paging.page > 1 else None,
        "results": [serialize(record) for record in records[start : start + limit]],
    }
