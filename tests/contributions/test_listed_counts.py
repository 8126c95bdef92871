"""The counts of listed documents by subject (contributions.counts) stay true through every
way a document, its sources, topics and meetings are written, and the pages that show
them read them."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contributions import counts, services
from contributions.models import (
    CountedDocument,
    Document,
    DocumentSource,
    GroupTotal,
    ListedCount,
    SubjectTotal,
)
from meetings.models import Meeting
from tests.contributions.conftest import attach_pdf
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

# The published documents of tests/contributions/data/archive/archive.toml.
LISTED_IN_ARCHIVE = 6


def stored() -> dict[tuple[str, int, str], int]:
    return {
        (row.subject, row.meeting_id, row.kind): row.count
        for row in ListedCount.objects.filter(count__gt=0)
    }


def subject_totals() -> dict[str, int]:
    return dict(SubjectTotal.objects.filter(count__gt=0).values_list("subject", "count"))


def group_totals() -> dict[tuple[int, str], int]:
    rows = GroupTotal.objects.filter(count__gt=0)
    return {
        (group, key): count for group, key, count in rows.values_list("group", "subject", "count")
    }


def assert_counts_true() -> dict[tuple[str, int, str], int]:
    """The counts kept are those counted anew from the documents, and each subject's total,
    in all and in each group, is the sum of its counts."""
    kept, kept_totals, kept_by_group = stored(), subject_totals(), group_totals()
    counts.recount_everything()
    assert (kept, kept_totals, kept_by_group) == (stored(), subject_totals(), group_totals())
    summed: dict[str, int] = {}
    by_group: dict[tuple[int, str], int] = {}
    group_of = dict(Meeting.objects.values_list("pk", "group_id"))
    for (key, meeting, _kind), count in kept.items():
        summed[key] = summed.get(key, 0) + count
        by_group[group_of[meeting], key] = by_group.get((group_of[meeting], key), 0) + count
    assert kept_totals == summed
    assert kept_by_group == by_group
    return kept


def totals(prefix: str) -> dict[str, int]:
    return counts.totals(prefix)


@pytest.fixture
def secretary(people):
    return people["secretariat"]


def published(meeting, *sources, **fields) -> Document:
    return DocumentFactory(meeting=meeting, sources=list(sources), published=True, **fields)


def test_a_publication_and_its_unpublication_count_for_each_subject(
    document_in, meeting, italy, secretary
):
    document = document_in("accepted")
    assert stored() == {}
    services.take_action(action="publish", document=document, by=secretary)
    document.refresh_from_db()
    assert assert_counts_true() == {
        (f"year:{document.document_date.year}", meeting.pk, "information"): 1,
        ("all", meeting.pk, "information"): 1,
        (f"meeting:{meeting.pk}", meeting.pk, "information"): 1,
        (f"source:{italy.pk}", meeting.pk, "information"): 1,
        ("country:IT", meeting.pk, "information"): 1,
    }
    services.take_action(action="unpublish", document=document, by=secretary, reason="Wrong file")
    assert assert_counts_true() == {}
    assert CountedDocument.objects.count() == 0


def test_drafts_count_for_nothing_and_write_no_count(meeting, italy, people):
    with CaptureQueriesContext(connection) as queries:
        document = services.create_draft(
            meeting=meeting,
            kind="contribution",
            title="Safer Internet Day",
            sources=[italy],
            by=people["delegate"],
        )
    written = [
        q["sql"] for q in queries.captured_queries if "contributions_listedcount" in q["sql"]
    ]
    assert written == []
    assert stored() == {}
    assert CountedDocument.objects.filter(document_id=document.pk).exists() is False


def test_sources_topics_and_other_meetings_written_every_way(meeting, italy, israel):
    other = MeetingFactory(number=23)
    unicef = SourceFactory(name="UNICEF", slug="unicef")
    safety, literacy = TopicFactory(name="Safety"), TopicFactory(name="Literacy")
    first, second = published(meeting, italy), published(meeting, italy)
    # Sources: a link of its own, written one at a time and in bulk.
    link = DocumentSource.objects.create(document=first, source=unicef, order=1)
    DocumentSource.objects.bulk_create([DocumentSource(document=second, source=israel, order=1)])
    assert totals("country:") == {"IT": 2, "IL": 1}
    assert totals("source:") == {str(italy.pk): 2, str(unicef.pk): 1, str(israel.pk): 1}
    link.delete()
    assert totals("source:") == {str(italy.pk): 2, str(israel.pk): 1}
    # Topics, from the document's side and from the topic's.
    first.topics.add(safety, literacy)
    safety.documents.add(second)
    assert totals("topic:") == {str(safety.pk): 2, str(literacy.pk): 1}
    first.topics.remove(literacy)
    safety.documents.clear()
    assert totals("topic:") == {}
    literacy.documents.set([first, second])
    literacy.delete()
    assert totals("topic:") == {}
    # Other meetings: the document counts for both, by its own meeting.
    first.other_meetings.add(other)
    assert counts.by_meeting_and_kind(f"meeting:{other.pk}") == [(meeting.pk, "information", 1)]
    other.shared_documents.clear()
    assert counts.by_meeting_and_kind(f"meeting:{other.pk}") == []
    assert_counts_true()


def test_a_source_that_changes_country_or_kind_moves_its_documents(meeting, italy):
    agency = SourceFactory(
        name="AGCOM", slug="agcom", kind="state_unit", country="IT", parent=italy
    )
    published(meeting, agency)
    published(meeting, italy)
    assert totals("country:") == {"IT": 2}
    agency.country = "SM"
    agency.save()
    assert totals("country:") == {"IT": 1, "SM": 1}
    agency.kind, agency.parent = "civil_society", None
    agency.save()
    assert totals("country:") == {"IT": 1}
    assert_counts_true()


def test_a_document_deleted_or_moved_is_taken_away(meeting, italy):
    other = MeetingFactory(number=23)
    kept, moved, deleted = (published(meeting, italy) for _ in range(3))
    moved.meeting = other
    moved.kind = "contribution"
    moved.save()
    deleted.delete()
    assert sorted(counts.by_meeting_and_kind("all")) == sorted(
        [(meeting.pk, "information", 1), (other.pk, "contribution", 1)]
    )
    assert sorted(counts.by_meeting_and_kind("country:IT")) == sorted(
        [(meeting.pk, "information", 1), (other.pk, "contribution", 1)]
    )
    assert kept.pk in set(CountedDocument.objects.values_list("document_id", flat=True))
    assert_counts_true()


def test_a_revision_published_replaces_the_one_it_supersedes(document_in, meeting, people):
    original = document_in("published")
    revision = services.create_revision(document=original, by=people["delegate"])
    attach_pdf(revision)
    for action, by in (("submit", "delegate"), ("accept", "secretariat")):
        revision = services.take_action(action=action, document=revision, by=people[by])
    assert counts.total() == 1
    services.take_action(action="publish", document=revision, by=people["secretariat"])
    original.refresh_from_db()
    assert (original.status, counts.total()) == ("superseded", 1)
    assert set(CountedDocument.objects.values_list("document_id", flat=True)) == {revision.pk}
    assert_counts_true()


def test_the_pages_show_the_counts(meeting, italy, israel):
    safety = TopicFactory(name="Safety", slug="safety")
    for _ in range(3):
        published(meeting, italy).topics.add(safety)
    published(meeting, israel, kind="contribution")
    client = Client()
    countries = client.get("/en/countries/").content.decode()
    assert '>Israel</a></td><td class="numeric">1</td>' in countries
    assert '>Italy</a></td><td class="numeric">3</td>' in countries
    italy_page = client.get("/en/countries/it/").content.decode()
    assert "3 published documents: Information document 3</p>" in italy_page
    topics = client.get("/en/cwg-cop/topics/").content.decode()
    assert '>Safety</a></td><td class="numeric">3</td>' in topics
    meeting_page = client.get(f"/en/cwg-cop/meetings/{meeting.number}/").content.decode()
    assert "Files of the 4 published documents (ZIP)" in meeting_page


def test_an_archive_import_is_counted(archive):
    """The import writes its sources in bulk: they are counted as if written one by one."""
    kept = assert_counts_true()
    assert sum(n for (key, _meeting, _kind), n in kept.items() if key == "all") == (
        Document.objects.listed().count()
    )
    assert counts.total() == Document.objects.listed().count() == LISTED_IN_ARCHIVE


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("/en/cwg-cop/documents/", "4 documents"),
        ("/en/cwg-cop/documents/?sort=title&page=1", "4 documents"),
        ("/en/countries/it/", "3 documents"),
        ("/en/countries/it/?country=IL", "3 documents"),
    ],
)
def test_a_list_that_nothing_narrows_reads_its_count(meeting, italy, israel, address, shown):
    for _ in range(3):
        published(meeting, italy)
    published(meeting, israel)
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(address).content.decode()
    assert f'<p class="result-count" role="status">{shown}</p>' in page
    counted = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert [sql for sql in counted if 'FROM "contributions_document"' in sql] == []


def test_a_list_that_is_narrowed_counts_its_documents(meeting, italy, israel):
    for _ in range(3):
        published(meeting, italy)
    published(meeting, israel)
    page = Client().get("/en/cwg-cop/documents/?country=IT").content.decode()
    assert '<p class="result-count" role="status">3 documents</p>' in page
    page = Client().get("/en/cwg-cop/documents/?country=XX").content.decode()
    assert '<p class="result-count" role="status">0 documents</p>' in page


def test_the_years_offered_follow_the_dates_and_the_publications(meeting, italy, people):
    first = published(meeting, italy, document_date=datetime.date(2019, 3, 1))
    published(meeting, italy, document_date=datetime.date(2022, 3, 1))
    assert totals("year:") == {"2019": 1, "2022": 1}
    first.document_date = datetime.date(2023, 1, 1)
    first.save()
    assert totals("year:") == {"2022": 1, "2023": 1}
    services.take_action(
        action="unpublish", document=first, by=people["secretariat"], reason="Wrong file"
    )
    page = Client().get("/en/cwg-cop/documents/").content.decode()
    assert re.findall(r'name="year" value="(\d{4})"', page) == ["2022"]
    assert_counts_true()


def test_the_meetings_list_counts_each_meeting_s_own_and_shared_documents(meeting, italy):
    other = MeetingFactory(number=23)
    published(meeting, italy)
    published(meeting, italy).other_meetings.add(other)
    published(other, italy)

    page = Client().get("/en/cwg-cop/meetings/").content.decode()
    shown = re.findall(r'data-label="Documents">(\d+)</td>', page)

    assert shown == ["2", "2"]
    assert counts.total(f"meeting:{other.pk}") == 2


def test_a_meeting_moved_to_another_group_takes_its_counts_with_it(meeting, italy, people):
    from workinggroups.models import WorkingGroup

    other = WorkingGroup.objects.create(slug="cwg-other", acronym="CWG-O", name="Other group")
    later = MeetingFactory(number=meeting.number + 1)
    for each in (meeting, later):
        DocumentFactory(meeting=each, sources=[italy], published=True)
    first = meeting.group

    assert counts.totals("country:", group=first) == {"IT": 2}
    assert counts.totals_by_group("country:IT") == {first.pk: 2}
    later.group = other
    later.save()

    assert counts.totals("country:", group=first) == {"IT": 1}
    assert counts.totals("country:", group=other) == {"IT": 1}
    assert (counts.total(group=other), counts.total(group=first)) == (1, 1)
    assert counts.totals_by_group("country:IT") == {first.pk: 1, other.pk: 1}
    assert_counts_true()


def test_the_demo_loader_leaves_its_counts_true(demo):
    """As copied into each test (tests/demo_copy.py), which counts nothing again: the
    report, dated after its publication as it was issued, counts in that year, and what each
    document was counted for is what a recount finds (the next recount subtracts it)."""
    counted = dict(CountedDocument.objects.values_list("document_id", "cells"))
    assert_counts_true()

    assert dict(CountedDocument.objects.values_list("document_id", "cells")) == counted
    assert len(counted) == 22

    assert counts.total() == Document.objects.listed().count() == 22
