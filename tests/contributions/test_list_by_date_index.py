"""A list filtered by year is read from the index of the listed documents by date alone
(migration 0021): its count reads no document row, and neither do its page's keys in a large
archive, so that they cost a few milliseconds at any size. If the filters' joins come to
need a column the index does not hold, the plan below reads the table again. The index also
holds the languages (migration 0022), which a list filtered by language counts by."""

import re

import pytest
from django.db import connection
from django.http import QueryDict

from contributions import selectors
from contributions.filters import DocumentFilter
from contributions.models import Document
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def _plan(queryset) -> str:
    """The plan of this query when PostgreSQL may read rows from the table by no means but
    a scan of the whole of it (which it then avoids at any cost)."""
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_indexscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        return queryset.explain()


@pytest.fixture
def year_list():
    meeting = MeetingFactory()
    year = meeting.start_date.year
    DocumentFactory.create_batch(3, meeting=meeting, published=True)
    DocumentFactory(meeting=meeting, kind=Document.Kind.CONTRIBUTION, published=True)
    asked = QueryDict(f"year={year}&kind=information")
    return DocumentFilter(asked, selectors.published_documents()).qs


def test_a_year_s_list_is_counted_from_the_index_alone(year_list):
    counted = year_list.prefetch_related(None).order_by()

    plan = _plan(counted.values("pk"))

    assert counted.count() == 3
    # Each index of the listed documents by date holds what it reads (migrations 0021, 0023,
    # and 0024 by kind).
    assert re.search(r"Index Only Scan using document_listed_(by_date|newest|kind_newest)", plan)
    assert "Seq Scan on contributions_document" not in plan


def test_a_language_s_list_counts_from_an_index_that_holds_the_languages(db):
    # Its count reads every listed document's languages: held by the index, they are read
    # from it and not from the table (148 ms for "ru" at 200,000 documents, 51 ms so). The
    # plan depends on the table's statistics, so what is checked is that the index can
    # answer, and that the count is right.
    meeting = MeetingFactory()
    DocumentFactory.create_batch(2, meeting=meeting, published=True, languages="en ru")
    DocumentFactory(meeting=meeting, published=True, languages="en")
    DocumentFactory(meeting=meeting, languages="ru")  # a draft: not listed
    counted = DocumentFilter(QueryDict("language=ru"), selectors.published_documents()).qs
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'document_listed_by_date'"
        )
        (definition,) = cursor.fetchone()

    assert counted.count() == 2
    assert definition.endswith(
        "INCLUDE (meeting_id, kind, id, published_at, sequence, revision, languages) "
        "WHERE ((status)::text = 'published'::text)"
    )


def test_the_newest_first_index_holds_what_a_narrowed_list_reads_after_the_date(db):
    # A country's list in one group walks it until its page is full: with the meeting,
    # kind, sequence and revision in the index, from the index alone (migration 0023).
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'document_listed_newest'")
        (definition,) = cursor.fetchone()

    assert definition.endswith(
        "(document_date DESC NULLS LAST, published_at DESC NULLS LAST) "
        "INCLUDE (meeting_id, kind, sequence, revision, id) "
        "WHERE ((status)::text = 'published'::text)"
    )


def test_a_kind_s_list_reads_its_keys_from_the_index_of_its_kind(db):
    # A list filtered by kind (and by year) reads the entries of its kind alone, newest first
    # (migration 0024), not every kind's of the newest-first index (12,960 entries for 4,566
    # at 200,000 documents in a year).
    meeting = MeetingFactory()
    DocumentFactory.create_batch(2, meeting=meeting, published=True)
    contribution = DocumentFactory(meeting=meeting, kind=Document.Kind.CONTRIBUTION, published=True)
    year = meeting.start_date.year
    listed = DocumentFilter(
        QueryDict(f"kind=contribution&year={year}"), selectors.published_documents()
    ).qs
    keys = listed.prefetch_related(None).values_list("pk", flat=True)[:251]

    plan = _plan(keys)

    assert list(keys) == [contribution.pk]
    assert "Index Only Scan using document_listed_kind_newest" in plan
    assert "Index Cond: ((kind = 'contribution'::text) AND (document_date >= " in plan
