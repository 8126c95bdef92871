"""Every list of documents is paged: page 2, the last page (read from the end), a page out
of range, and the same number of queries whatever the size of the archive."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions import paging, search
from contributions.models import Document, DocumentSource
from contributions.numbers import number_key, number_stem
from contributions.search import refresh_search_index
from cwgcop.public_changes import public_rows_written
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    PresentationFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


class Archive:
    """Published documents of Italy and a partner on one topic, dated one a day: the
    document `n` is the n-th oldest, numbered CWG-COP-1/INF/<n>."""

    def __init__(self):
        self.meeting = MeetingFactory(number=1)
        self.item = AgendaItemFactory(meeting=self.meeting, order=1)
        self.italy = MemberStateFactory()
        self.partner = SourceFactory(slug="partner", name="Partner")
        self.topic = TopicFactory(slug="topic-a", name="Topic A")
        self.count = 0

    def add(self, count: int, *, title: str = "Information document", meeting=None) -> None:
        """Written in bulk, as an archive import writes (the topics' rows, of a model
        that sends no signal, told with `public_rows_written`): a hundred documents saved
        one at a time, each with its sources and topic, cost a test several seconds."""
        meeting = meeting or self.meeting
        documents = []
        for _ in range(count):
            self.count += 1
            number = f"{meeting.code}/INF/{self.count}"
            documents.append(
                Document(
                    meeting=meeting,
                    kind=Document.Kind.INFORMATION,
                    status=Document.Status.PUBLISHED,
                    sequence=self.count,
                    number=number,
                    number_key=number_key(number),
                    number_stem=number_stem(number),
                    published_at=timezone.now(),
                    title=f"{title} {self.count}",
                    document_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=self.count),
                    agenda_item=self.item,
                )
            )
        Document.objects.bulk_create(documents)
        DocumentSource.objects.bulk_create(
            DocumentSource(document=document, source=source, order=order)
            for document in documents
            for order, source in enumerate((self.italy, self.partner))
        )
        Document.topics.through.objects.bulk_create(
            Document.topics.through(document=document, topic=self.topic) for document in documents
        )
        public_rows_written(documents)
        refresh_search_index(document_ids=[document.pk for document in documents])

    def newest(self, first: int, last: int) -> list[str]:
        """Numbers from the n-th oldest `first` down to `last`, as the newest-first order has it."""
        return [f"CWG-COP-1/INF/{n}" for n in range(first, last - 1, -1)]


@pytest.fixture
def archive():
    return Archive()


def _numbers(response) -> list[str]:
    return [document.number for document in response.context["documents"]]


def test_documents_list_page_two_continues_the_first(client, archive):
    archive.add(60)

    first = client.get("/en/cwg-cop/documents/")
    second = client.get("/en/cwg-cop/documents/?page=2")

    assert _numbers(first) == archive.newest(60, 11)
    assert _numbers(second) == archive.newest(10, 1)
    assert second.context["page"].paginator.count == 60


def test_documents_list_pages_past_the_middle_are_read_from_the_end(client, archive):
    archive.add(120)

    pages = [_numbers(client.get(f"/en/cwg-cop/documents/?page={number}")) for number in (1, 2, 3)]

    assert pages == [archive.newest(120, 71), archive.newest(70, 21), archive.newest(20, 1)]


@pytest.mark.parametrize(
    ("sort", "last_page"),
    [
        ("number", [f"CWG-COP-1/INF/{n}" for n in range(101, 121)]),
        ("title", [f"CWG-COP-1/INF/{n}" for n in sorted(range(1, 121), key=str)[100:]]),
    ],
)
def test_documents_list_last_page_in_each_order(client, archive, sort, last_page):
    archive.add(120)

    response = client.get(f"/en/cwg-cop/documents/?sort={sort}&page=3")

    assert _numbers(response) == last_page


@pytest.mark.parametrize(("asked", "shown"), [("99", 2), ("0", 2), ("two", 1), ("", 1)])
def test_documents_list_page_out_of_range_shows_the_nearest_page(client, archive, asked, shown):
    archive.add(60)

    response = client.get(f"/en/cwg-cop/documents/?page={asked}")

    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_documents_list_links_to_the_first_and_last_pages(client, archive):
    archive.add(160)

    page = client.get("/en/cwg-cop/documents/?page=2&kind=information").content.decode()

    assert '<a rel="prev" href="?page=1&amp;kind=information">Previous</a>' in page
    assert '<a href="?page=4&amp;kind=information">Last</a>' in page
    assert "Page 2 of 4" in page


@pytest.mark.parametrize(
    "url",
    [
        "/en/countries/it/",
        "/en/cwg-cop/topics/topic-a/",
        "/en/sources/partner/",
        "/en/cwg-cop/meetings/1/",
    ],
)
def test_subject_page_lists_its_documents_a_page_at_a_time(client, archive, url):
    archive.add(60)

    first = client.get(url)
    second = client.get(f"{url}?page=2&sort=newest")

    assert len(first.context["documents"]) == 50
    assert _numbers(second) == archive.newest(10, 1)
    assert first.context["summary"].total == 60


def test_meeting_page_lists_its_own_then_shared_documents_by_number_a_page_at_a_time(
    client, archive
):
    archive.add(60)
    later = MeetingFactory(number=2)
    shared = DocumentFactory(meeting=later, published=True, sequence=1)
    shared.other_meetings.add(archive.meeting)

    first = client.get("/en/cwg-cop/meetings/1/")
    # The second page, nearer the end, is read backwards from it.
    second = client.get("/en/cwg-cop/meetings/1/?page=2")

    assert _numbers(first) == [f"CWG-COP-1/INF/{n}" for n in range(1, 51)]
    assert _numbers(second) == [f"CWG-COP-1/INF/{n}" for n in range(51, 61)] + [shared.number]
    assert shared.number.startswith("CWG-COP-2/")


def test_meeting_page_search_sorted_by_number_lists_its_matches_by_number(client, archive):
    archive.add(3, title="Helpline report")
    archive.add(2, title="Other")
    archive.add(2, title="Helpline report")

    response = client.get("/en/cwg-cop/meetings/1/?q=helpline&sort=number")

    assert _numbers(response) == [f"CWG-COP-1/INF/{n}" for n in (1, 2, 3, 6, 7)]


@pytest.mark.parametrize(
    "url", ["/en/countries/it/", "/en/cwg-cop/topics/topic-a/", "/en/sources/partner/"]
)
def test_subject_page_counts_its_documents_by_meeting_and_filters_by_one(client, archive, url):
    archive.add(3)
    archive.add(2, meeting=MeetingFactory(number=2))

    response = client.get(url)
    filtered = client.get(f"{url}?meeting=2")

    summary = response.context["summary"]
    assert [(meeting.code, meeting.count) for meeting in summary.by_meeting] == [
        ("CWG-COP-2", 2),
        ("CWG-COP-1", 3),
    ]
    assert [(kind.label, kind.count) for kind in summary.by_kind] == [("Information document", 5)]
    assert _numbers(filtered) == ["CWG-COP-2/INF/5", "CWG-COP-2/INF/4"]
    assert f'href="{url}?meeting=2"' in response.content.decode()


def test_country_page_pages_its_presentations(client, archive):
    for order in range(1, 56):
        PresentationFactory(meeting=archive.meeting, order=order).presenters.add(archive.italy)

    first = client.get("/en/countries/it/")
    second = client.get("/en/countries/it/?presentations_page=2")

    assert len(first.context["presentations"]) == 50
    assert [p.order for p in second.context["presentations"]] == [51, 52, 53, 54, 55]


def test_meeting_page_pages_its_presentations_under_their_items(client, archive):
    for order in range(1, 56):
        PresentationFactory(meeting=archive.meeting, order=order, agenda_item=archive.item)

    second = client.get("/en/cwg-cop/meetings/1/?presentations_page=2")

    (entry,) = second.context["agenda"]
    assert [p.order for p in entry.presentations] == [51, 52, 53, 54, 55]


def _document_reads(queries) -> int:
    """How many of the request's queries read the documents (read before the next request,
    which empties the connection's log): their keys, their count, the page's rows."""
    assert len(queries) >= 5
    return sum(1 for query in queries if 'FROM "contributions_document"' in query["sql"])


def test_a_short_filtered_list_is_counted_by_the_walk_that_reads_its_pages(
    client, archive, monkeypatch
):
    monkeypatch.setattr(paging, "FIRST_KEYS", 100)
    archive.add(60)

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/en/cwg-cop/documents/?kind=information")
    reads = _document_reads(queries)
    second = client.get("/en/cwg-cop/documents/?kind=information&page=2")

    # The keys (which are all of them, and so their count), then the page's rows.
    assert reads == 2
    assert first.context["page"].paginator.count == 60
    assert "Page 1 of 2" in first.content.decode()
    assert _numbers(first) == archive.newest(60, 11)
    assert _numbers(second) == archive.newest(10, 1)


def test_a_filtered_list_longer_than_its_first_keys_is_counted_too(client, archive, monkeypatch):
    monkeypatch.setattr(paging, "FIRST_KEYS", 60)
    archive.add(120)

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/en/cwg-cop/documents/?kind=information")
    reads = _document_reads(queries)
    pages = [
        _numbers(client.get(f"/en/cwg-cop/documents/?kind=information&page={number}"))
        for number in (2, 3)
    ]

    # On PostgreSQL the count is in the keys' query; elsewhere a query of its own.
    assert reads == (2 if connection.vendor == "postgresql" else 3)
    assert first.context["page"].paginator.count == 120
    assert "Page 1 of 3" in first.content.decode()
    assert _numbers(first) == archive.newest(120, 71)
    assert pages == [archive.newest(70, 21), archive.newest(20, 1)]


PAGED = [
    "/en/cwg-cop/",
    "/en/cwg-cop/documents/",
    "/en/cwg-cop/documents/?page=last",
    "/en/cwg-cop/documents/?sort=number&page=last",
    "/en/cwg-cop/documents/?q=Information",
    "/en/cwg-cop/documents/?q=Information&page=last",
    "/en/cwg-cop/documents/?q=CWG-COP-1/INF/3",
    "/en/countries/",
    "/en/countries/it/",
    "/en/countries/it/?page=last&q=Information",
    "/en/cwg-cop/topics/",
    "/en/cwg-cop/topics/topic-a/",
    "/en/sources/partner/",
    "/en/cwg-cop/meetings/",
    "/en/cwg-cop/meetings/1/",
    "/en/cwg-cop/meetings/1/?page=last",
]


def _url(url: str, archive: Archive) -> str:
    last = (min(archive.count, paging.SEARCH_COUNT_LIMIT) + 49) // 50
    return url.replace("page=last", f"page={last}")


def _queries_of_each(client, archive: Archive) -> dict[str, int]:
    counted = {}
    for page in PAGED:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(page, archive)).status_code == 200, page
        counted[page] = len(queries)
    return counted


def test_paged_pages_queries_same_in_a_small_and_a_larger_archive(client, archive):
    """Every page of PAGED, by its address: one archive for all, as each costs a hundred
    documents to build."""
    archive.add(55)
    small = _queries_of_each(client, archive)
    archive.add(60)

    larger = _queries_of_each(client, archive)

    assert larger == small


@pytest.mark.postgresql
def test_search_puts_a_title_match_before_newer_matches_in_the_text(client, archive, monkeypatch):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 2)
    archive.add(1, title="Helpline standards")
    archive.add(5)
    Document.objects.exclude(number="CWG-COP-1/INF/1").update(summary="A word on the helpline.")
    refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))

    response = client.get("/en/cwg-cop/documents/?q=helpline")

    assert _numbers(response) == [
        "CWG-COP-1/INF/1",
        "CWG-COP-1/INF/6",
        "CWG-COP-1/INF/5",
        "CWG-COP-1/INF/4",
        "CWG-COP-1/INF/3",
        "CWG-COP-1/INF/2",
    ]


@pytest.mark.postgresql
@pytest.mark.parametrize("few_matches", [1000, 2], ids=["all-read-by-the-index", "newest-first"])
def test_search_ranks_alike_whether_its_matches_are_few_or_many(
    client, archive, monkeypatch, few_matches
):
    """Few matches are read by the index and then ordered, many in the list's order (a
    rare word would otherwise be looked for in every document): the same ranking."""
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 2)
    monkeypatch.setattr(search, "FEW_MATCHES", few_matches)
    archive.add(1, title="Helpline standards")
    archive.add(5)
    archive.add(1, title="Helpline rules")
    Document.objects.filter(title__startswith="Information").update(summary="On the helpline.")
    refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))

    response = client.get("/en/cwg-cop/documents/?q=helpline")

    # The titles that match first, the newest first; then the other matches, newest first.
    assert _numbers(response) == [
        "CWG-COP-1/INF/7",
        "CWG-COP-1/INF/1",
        "CWG-COP-1/INF/6",
        "CWG-COP-1/INF/5",
        "CWG-COP-1/INF/4",
        "CWG-COP-1/INF/3",
        "CWG-COP-1/INF/2",
    ]


@pytest.mark.postgresql
def test_search_looks_for_title_matches_among_the_filtered_documents(client, archive, monkeypatch):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 1)
    archive.add(1, title="Helpline standards")
    archive.add(4)
    archive.add(1, title="Helpline standards", meeting=MeetingFactory(number=2))
    Document.objects.filter(title__startswith="Information").update(summary="On the helpline.")
    refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))

    response = client.get("/en/cwg-cop/documents/?q=helpline&meeting=1")

    # The newest title match is of meeting 2: it must not take the only place of meeting 1's.
    assert _numbers(response) == [
        "CWG-COP-1/INF/1",
        "CWG-COP-1/INF/5",
        "CWG-COP-1/INF/4",
        "CWG-COP-1/INF/3",
        "CWG-COP-1/INF/2",
    ]


@pytest.mark.postgresql
def test_search_puts_the_document_of_the_number_first(client, archive, monkeypatch):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 2)
    archive.add(6)

    response = client.get("/en/cwg-cop/documents/?q=INF/2")

    assert _numbers(response)[0] == "CWG-COP-1/INF/2"


@pytest.mark.postgresql
def test_search_of_a_common_word_counts_up_to_the_limit(client, archive, monkeypatch):
    monkeypatch.setattr(paging, "SEARCH_COUNT_LIMIT", 60)
    archive.add(70)

    first = client.get("/en/cwg-cop/documents/?q=information")
    last = client.get("/en/cwg-cop/documents/?q=information&page=2")

    assert first.context["page"].paginator.count == 60
    assert "More than 60 documents match; the first 60 are listed." in first.content.decode()
    assert len(_numbers(first)) == 50
    assert len(_numbers(last)) == 10
    assert set(_numbers(first)).isdisjoint(_numbers(last))


@pytest.mark.postgresql
def test_search_pages_keep_the_ranked_matches_apart_from_the_rest(client, archive, monkeypatch):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 30)
    archive.add(120)

    pages = [
        _numbers(client.get(f"/en/cwg-cop/documents/?q=information&page={n}")) for n in (1, 2, 3)
    ]

    listed = [number for page in pages for number in page]
    assert sorted(listed) == sorted(archive.newest(120, 1))
    assert pages[2] == archive.newest(20, 1)
