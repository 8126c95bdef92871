"""A queryset made once per process compiles its annotations once, and writes the SQL Django
would write whatever is added to it, also when it becomes another query's subquery."""

import pytest
from django.db.models import Count, OuterRef, Subquery

from contributions.compiled import compiled_once
from contributions.models import Document, DocumentSource
from tests.factories import DocumentFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _with_source_counts():
    sources = (
        DocumentSource.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Document.objects.annotate(source_count=Subquery(sources))


def _sql(queryset) -> str:
    return str(queryset.query)


def test_each_clone_writes_the_sql_of_the_plain_queryset():
    plain = _with_source_counts()
    once = compiled_once(plain)

    for number in ("CWG-COP-1/INF/1", "CWG-COP-1/INF/2"):
        assert _sql(once.filter(number=number)) == _sql(plain.filter(number=number))


def test_an_annotation_is_compiled_on_its_first_use_only(monkeypatch):
    once = compiled_once(_with_source_counts())
    compiled = []
    compile_subquery = Subquery.as_sql

    def counted(self, *args, **kwargs):
        compiled.append(self)
        return compile_subquery(self, *args, **kwargs)

    monkeypatch.setattr(Subquery, "as_sql", counted)
    _sql(once.filter(number="CWG-COP-1/INF/1"))
    _sql(once.filter(number="CWG-COP-1/INF/2"))

    assert len(compiled) == 1


def test_as_a_subquery_its_annotations_are_written_with_the_subquery_aliases():
    plain = _with_source_counts()
    once = compiled_once(plain)
    _sql(once)  # compiled once with the outer query's aliases

    def among_two_sourced(documents):
        return Document.objects.filter(pk__in=documents.filter(source_count=2).values("pk"))

    assert _sql(among_two_sourced(once)) == _sql(among_two_sourced(plain))


def test_relabeled_its_annotation_is_compiled_again_with_the_new_alias():
    once = compiled_once(_with_source_counts())
    query = once.query
    annotation = query.annotations["source_count"]
    compiler = query.get_compiler(using="default")
    before, _params = annotation.as_sql(compiler, compiler.connection)

    relabeled = annotation.relabeled_clone({"contributions_document": "T9"})
    after, _params = relabeled.as_sql(compiler, compiler.connection)

    quote = compiler.connection.ops.quote_name
    assert f"{quote('contributions_document')}.{quote('id')}" in before
    assert after == before.replace(quote("contributions_document"), "T9")


def test_its_rows_are_those_of_the_plain_queryset():
    two = DocumentFactory(number="CWG-COP-1/INF/1")
    one = DocumentFactory(number="CWG-COP-1/INF/2")
    for order, source in enumerate(SourceFactory.create_batch(2)):
        DocumentSource.objects.create(document=two, source=source, order=order)
    DocumentSource.objects.create(document=one, source=SourceFactory(), order=0)
    once = compiled_once(_with_source_counts())

    counts = [(row.number, row.source_count) for row in once.order_by("number")]
    among = Document.objects.filter(pk__in=once.filter(source_count=2).values("pk"))

    assert counts == [("CWG-COP-1/INF/1", 2), ("CWG-COP-1/INF/2", 1)]
    assert [document.number for document in among] == ["CWG-COP-1/INF/1"]
