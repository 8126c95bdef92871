"""The columns of a queryset made once per process, compiled to SQL once.

A document's page reads its row with ten subqueries (its sources, titles, topics, similar
documents, and whether it has each thing most documents lack), from a queryset made once
per process (`document_page._page_documents`). Each request then only adds its lookup, but
Django compiles every column again: the subqueries were a tenth of the page's time. Their
SQL is the same for every request, as they were resolved once, against the same query:
`compiled_once` wraps each, so that it is compiled on its first use by each database.
"""

from typing import Any

from django.db.models import Expression, QuerySet


class CompiledOnce(Expression):
    """An expression resolved already, whose SQL is kept after it is first compiled."""

    def __init__(self, expression: Any) -> None:
        super().__init__(output_field=expression.output_field)
        self.expression = expression
        self._compiled: dict[str, tuple[str, tuple]] = {}

    def get_source_expressions(self) -> list:
        return [self.expression]

    def set_source_expressions(self, expressions) -> None:
        (self.expression,) = expressions

    def resolve_expression(self, *args, **kwargs) -> "CompiledOnce":
        # Resolved again, or with other aliases (`relabeled_clone`), its SQL may differ.
        resolved = super().resolve_expression(*args, **kwargs)
        resolved._compiled = {}
        return resolved

    def relabeled_clone(self, change_map) -> "CompiledOnce":
        clone = super().relabeled_clone(change_map)
        clone._compiled = {}
        return clone

    def as_sql(self, compiler, connection) -> tuple[str, tuple]:
        if connection.alias not in self._compiled:
            sql, params = compiler.compile(self.expression)
            self._compiled[connection.alias] = (sql, tuple(params))
        return self._compiled[connection.alias]


def compiled_once(queryset: QuerySet) -> QuerySet:
    """This queryset, made once per process, with each of its annotations compiled once."""
    clone = queryset.all()
    clone.query.annotations = {
        name: CompiledOnce(annotation) for name, annotation in clone.query.annotations.items()
    }
    return clone
