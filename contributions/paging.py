"""Pages of documents that cost the same on page 1, on the last page and at any archive size.

A page is read in two steps (a "deferred join"): first the primary keys of the page alone,
in the list's order, which an index on that order answers without reading the rows; then
the rows of those keys with everything a listing shows. A page nearer the end than the
start is read backwards from the end (the reversed order, a small offset), so that the
last page costs what the first does; only the middle pages of a long list walk far.

A list without a kept count (a filtered one) is counted by the same walk that reads its
first pages' keys, when it is short: its first `FIRST_KEYS` + 1 keys are read, and fewer
than that is all of them. Counted apart, a short list's matches would be walked twice (the
filters of a country, a kind and a year: 10 ms each at 200,000 documents). On PostgreSQL a
longer list is counted in the same query, whose count runs only when the keys are that
many, so that a list costs one query whatever its length (`_first_keys`).

A search ranked by relevance on PostgreSQL lists its best matches first (see
`search.best_matches`), then the other matches from the newest, and counts its matches only
up to `SEARCH_COUNT_LIMIT`: a word found in most of the archive would otherwise cost a
read of every matching row.
"""

from collections.abc import Callable, Sequence

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 50
# A search counts and pages through this many matches at most: twenty pages.
SEARCH_COUNT_LIMIT = 1000
# A list without a kept count reads this many keys (five pages) before it counts its rows.
FIRST_KEYS = 250


def _keys(documents: QuerySet, bottom: int, top: int, count: int) -> list[int]:
    """The primary keys at positions [bottom, top) of `documents`, `count` rows in all."""
    if top <= bottom:
        return []
    keys = documents.prefetch_related(None).values_list("pk", flat=True)
    if bottom > count - top:
        backwards = list(keys.reverse()[count - top : count - bottom])
        return backwards[::-1]
    return list(keys[bottom:top])


def _first_keys(documents: QuerySet, limit: int) -> tuple[list[int], int | None]:
    """The keys of the first `limit` + 1 documents and, when that many come back, how many
    documents there are in all (else None: the keys are all of them).

    On PostgreSQL in one query: the count is an uncorrelated subquery (an InitPlan) in the
    branch of a CASE taken only for a long list, and PostgreSQL runs an InitPlan only when
    its value is first read ("never executed" in the plan of a short list). `OFFSET 0`
    keeps the keys' subquery from being inlined into each use of it."""
    keys = documents.prefetch_related(None).values_list("pk", flat=True)[: limit + 1]
    connection = connections[documents.db]
    if connection.vendor != "postgresql":
        first = list(keys)
        return first, (documents.count() if len(first) > limit else None)
    counted = documents.prefetch_related(None).order_by().values("pk")
    try:
        keys_sql, keys_params = keys.query.sql_with_params()
        count_sql, count_params = counted.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (`pk__in=[]`)
        return [], None
    sql = f"""
        SELECT keys, CASE WHEN cardinality(keys) > %s
            THEN (SELECT COUNT(*) FROM ({count_sql}) counted) END
        FROM (SELECT ARRAY({keys_sql}) AS keys OFFSET 0) first
    """  # noqa: S608 -- only compiled queries are interpolated; their values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, (limit, *count_params, *keys_params))
        first, total = cursor.fetchone()
    return first, total


def _rows(documents: QuerySet, keys: Sequence[int]) -> list:
    """The rows of these keys, in the order of the keys, with the listing's relations."""
    if not keys:
        return []
    by_key = {row.pk: row for row in documents.filter(pk__in=keys).order_by()}
    return [by_key[key] for key in keys if key in by_key]


class DocumentPaginator(Paginator):
    """Django's paginator reading each page by its keys first (see the module's text)."""

    # Every document is counted; a search's pages may stop counting (RankedPaginator).
    truncated = False

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int = PAGE_SIZE,
        *,
        counted: Callable[[], int] | None = None,
        rows: QuerySet | None = None,
    ):
        """`counted`, when given, tells how many documents the list holds without counting
        them (contributions.counts). `rows`, when given, is what the page's rows are read
        from by their keys: the documents the list was filtered from, whose conditions are
        the visitor's, without the filters' (which the keys met already)."""
        super().__init__(object_list, per_page)
        self._counted = counted
        self._rows_from = rows if rows is not None else object_list

    @cached_property
    def _first_and_total(self) -> tuple[list[int], int | None]:
        return _first_keys(self.object_list, FIRST_KEYS)

    @property
    def first(self) -> list[int]:
        """The keys of the list's first documents, up to one more than `FIRST_KEYS`: all
        of them when fewer come back."""
        return self._first_and_total[0]

    @cached_property
    def count(self) -> int:
        if self._counted is not None:
            return self._counted()
        first, total = self._first_and_total
        return len(first) if total is None else total

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self._counted is None and top <= len(self.first):
            keys = self.first[bottom:top]
        else:
            keys = _keys(self.object_list, bottom, top, self.count)
        return self._get_page(_rows(self._rows_from, keys), number, self)


class RankedPaginator(DocumentPaginator):
    """A search's pages: `best(matched, first)` (ranked keys, at most a few hundred; given
    how many match, or None when more than the limit do, and the first keys in `rest_order`)
    first, then the other matches in `rest_order`; counted up to `limit` matches.

    The matches are walked once in `rest_order`, up to one more than the limit: that walk
    counts them, gives the ranking its newest candidates and every page the matches that
    follow the best ones. Walked again, each match's search vector (long, stored apart from
    the row) would be read again."""

    def __init__(
        self,
        object_list: QuerySet,
        *,
        best: Callable[[int | None, list[int]], list[int]],
        rest_order: Sequence,
        per_page: int = PAGE_SIZE,
        limit: int | None = None,
        rows: QuerySet | None = None,
    ):
        super().__init__(object_list, per_page, rows=rows)
        self._best = best
        self.rest_order = rest_order
        self.limit = limit or SEARCH_COUNT_LIMIT

    @cached_property
    def first(self) -> list[int]:
        """The keys of the first matches in `rest_order`, up to one more than the limit."""
        keys = self.object_list.prefetch_related(None).order_by(*self.rest_order)
        return list(keys.values_list("pk", flat=True)[: self.limit + 1])

    @property
    def matches(self) -> int:
        """How many documents match, counted up to one more than the limit."""
        return len(self.first)

    @cached_property
    def count(self) -> int:
        return min(self.matches, self.limit)

    @property
    def truncated(self) -> bool:
        """More documents match than the list shows."""
        return self.matches > self.limit

    @cached_property
    def best(self) -> list[int]:
        if not self.count:
            return []
        return self._best(None if self.truncated else self.matches, self.first)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        best = self.best
        keys = best[bottom:top]
        if top > len(best):
            # The first `limit` + 1 matches hold every page's: at least `count` of them are
            # not among the best.
            ranked = set(best)
            rest = [key for key in self.first if key not in ranked]
            keys += rest[max(bottom, len(best)) - len(best) : top - len(best)]
        return self._get_page(_rows(self._rows_from, keys), number, self)
