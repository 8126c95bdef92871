"""Lists built by the database inside a row, as JSON, on PostgreSQL and SQLite alike."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Aggregate, JSONField, QuerySet, Subquery, Window
from django.db.models.expressions import RowRange


class JSONList(Aggregate):
    """The values of a group as one JSON array: JSON_GROUP_ARRAY, or JSONB_AGG."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # JSONB, which the driver hands over as text for JSONField to decode; JSON would
        # arrive decoded already.
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_list(rows: QuerySet, item: Any, *, order_by: Sequence[Any]) -> Subquery:
    """The `item` of each of these rows (filtered on an OuterRef) as one JSON list in this
    order, for a column of the outer row; None when there are no rows.

    The list is a window over all the rows, ordered by the window: SQLite before 3.44 has no
    ORDER BY inside an aggregate, and a window's order is the order its rows are aggregated
    in, on both databases. Every row then holds the whole list; the first is taken.
    """
    whole_list = Window(
        JSONList(item), order_by=list(order_by), frame=RowRange(start=None, end=None)
    )
    return Subquery(
        rows.order_by().annotate(json_list=whole_list).values("json_list")[:1],
        output_field=JSONField(),
    )
