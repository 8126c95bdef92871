"""A country's and a source's pages list their documents in every working group, count
them per group, and filter them by group; a group's own pages keep to that group."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.models import Document, Source
from meetings.models import Meeting
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    SourceFactory,
    TopicFactory,
)
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

UNPUBLISHED = ("Canary draft of CWG-COP", "Canary submission of CWG-TEST")


def _meeting_in(group: WorkingGroup, number: int, prefix: str) -> Meeting:
    # The factory finds meetings by number alone, and numbers repeat across groups.
    meeting = MeetingFactory.build(
        group=group,
        number=number,
        document_prefix=prefix,
        start_date=datetime.date(2026, 3, number),
        end_date=datetime.date(2026, 3, number + 1),
    )
    meeting.save()
    return meeting


def _published(meeting: Meeting, sequence: int, sources: list[Source]) -> Document:
    return DocumentFactory(
        meeting=meeting,
        sources=sources,
        published=True,
        sequence=sequence,
        title=f"{meeting.code} note {sequence}",
    )


@pytest.fixture
def groups():
    """Italy's documents: three in CWG-COP (meetings 21 and 1), two in CWG-TEST (its
    meeting 1); the OECD shares one of each group; a document of each group unpublished."""
    italy = MemberStateFactory()
    oecd = SourceFactory(kind=Source.Kind.INTERNATIONAL_ORGANIZATION, name="OECD", slug="oecd")
    cop_21 = MeetingFactory(number=21, document_prefix="CWG-COP")
    cop_1 = MeetingFactory(number=1, document_prefix="CWG-COP")
    testing = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Testing"
    )
    test_1 = _meeting_in(testing, 1, "CWG-TEST")
    _published(cop_21, 1, [italy, oecd])
    _published(cop_21, 2, [italy])
    _published(cop_1, 1, [italy])
    _published(test_1, 1, [italy, oecd])
    _published(test_1, 2, [italy])
    DocumentFactory(meeting=cop_21, sources=[italy, oecd], title=UNPUBLISHED[0])
    DocumentFactory(meeting=test_1, sources=[italy, oecd], status="submitted", title=UNPUBLISHED[1])
    return testing


def _listed(response) -> list[str]:
    """The addresses of the listed documents, in the page's order."""
    return re.findall(r'<p class="document-list-title"><a href="([^"]+)">', response.text)


def _group_counts(response) -> list[tuple[str, str]]:
    paragraph = re.search(r'<p class="group-counts">(.*?)</p>', response.text, re.S)
    if paragraph is None:
        return []
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', paragraph.group(1))


def _choices(response, name: str) -> list[tuple[str, str]]:
    for group in response.context["filter"].choice_groups():
        if group.name == name:
            return [(option.value, option.label) for option in group.options]
    return []


def test_country_page_counts_documents_per_group(client, groups):
    response = client.get("/en/countries/it/")

    assert _group_counts(response) == [
        ("/en/countries/it/?group=cwg-cop", "CWG-COP 3"),
        ("/en/countries/it/?group=cwg-test", "CWG-TEST 2"),
    ]
    assert len(_listed(response)) == 5


def test_country_page_filtered_to_a_group_lists_its_documents_at_its_addresses(client, groups):
    response = client.get("/en/countries/it/?group=cwg-test")

    assert sorted(_listed(response)) == [
        "/en/cwg-test/documents/CWG-TEST-1/INF/1/",
        "/en/cwg-test/documents/CWG-TEST-1/INF/2/",
    ]
    assert 'href="/en/countries/it/?group=cwg-test" aria-current="page"' in response.text


@pytest.mark.parametrize(
    ("query", "counted"),
    [("group=cwg-test", 2), ("group=cwg-cop", 3), ("group=cwg-cop&group=cwg-test", 5)],
)
def test_country_page_in_some_groups_reads_its_count_from_the_groups_counts(
    client, groups, query, counted
):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/countries/it/?{query}")
    counts = [query for query in queries if query["sql"].startswith("SELECT COUNT(")]

    assert (response.context["page"].paginator.count, len(_listed(response))) == (counted, counted)
    assert [query["sql"] for query in counts if "contributions_document" in query["sql"]] == []


def test_group_filter_offers_every_group_and_meetings_by_code(client, groups):
    response = client.get("/en/countries/it/")

    assert _choices(response, "group") == [("cwg-cop", "CWG-COP"), ("cwg-test", "CWG-TEST")]
    assert _choices(response, "meeting") == [
        ("cwg-cop:21", "CWG-COP-21"),
        ("cwg-cop:1", "CWG-COP-1"),
        ("cwg-test:1", "CWG-TEST-1"),
    ]


@pytest.mark.parametrize(
    ("query", "addresses"),
    [
        ("meeting=cwg-test:1", ["/en/cwg-test/documents/CWG-TEST-1/INF/1/"]),
        ("meeting=CWG-TEST-1", ["/en/cwg-test/documents/CWG-TEST-1/INF/1/"]),
        # A number alone, as addresses had it before there were groups: the first group's.
        ("meeting=1", []),
        ("meeting=21", ["/en/cwg-cop/documents/CWG-COP-21/INF/1/"]),
        ("group=cwg-cop&meeting=cwg-test:1", []),
    ],
)
def test_source_page_meeting_filter_names_one_group_meeting(client, groups, query, addresses):
    response = client.get(f"/en/sources/oecd/?{query}")

    assert sorted(_listed(response)) == addresses
    assert response.context["filter"].errors == []


def _by_meeting(response) -> list[tuple[str, str, str]]:
    details = re.search(r'<details class="by-meeting">(.*?)</details>', response.text, re.S)
    return re.findall(
        r'<a href="([^"]+)"><bdi>([^<]+)</bdi></a> <span class="muted">[^<]*</span>: (\d+)',
        details.group(1),
    )


def test_country_page_counts_each_group_meeting_apart(client, groups):
    response = client.get("/en/countries/it/")

    assert _by_meeting(response) == [
        ("/en/countries/it/?meeting=cwg-test:1", "CWG-TEST-1", "2"),
        ("/en/countries/it/?meeting=cwg-cop:21", "CWG-COP-21", "2"),
        ("/en/countries/it/?meeting=cwg-cop:1", "CWG-COP-1", "1"),
    ]


def test_topic_page_counts_its_group_documents_only(client, groups):
    topic = TopicFactory(slug="safety", name="Safety")
    for document in Document.objects.filter(status="published"):
        document.topics.add(topic)

    response = client.get("/en/cwg-test/topics/safety/")

    assert response.context["summary"].total == 2
    assert _by_meeting(response) == [
        ("/en/cwg-test/topics/safety/?meeting=1", "CWG-TEST-1", "2"),
    ]
    assert sorted(_listed(response)) == [
        "/en/cwg-test/documents/CWG-TEST-1/INF/1/",
        "/en/cwg-test/documents/CWG-TEST-1/INF/2/",
    ]


def test_source_page_counts_documents_per_group(client, groups):
    response = client.get("/en/sources/oecd/")

    assert _group_counts(response) == [
        ("/en/sources/oecd/?group=cwg-cop", "CWG-COP 1"),
        ("/en/sources/oecd/?group=cwg-test", "CWG-TEST 1"),
    ]
    assert sorted(_listed(response)) == [
        "/en/cwg-cop/documents/CWG-COP-21/INF/1/",
        "/en/cwg-test/documents/CWG-TEST-1/INF/1/",
    ]


def test_unknown_group_says_so_and_lists_nothing(client, groups):
    response = client.get("/en/countries/it/?group=nope")

    assert response.context["filter"].errors == ["Unknown value “nope” for the filter “group”."]
    assert "Unknown value “nope” for the filter “group”." in response.text
    assert _listed(response) == []


def test_group_documents_list_keeps_to_its_group_without_group_filter(client, groups):
    response = client.get("/en/cwg-cop/documents/?group=cwg-test")

    assert sorted(_listed(response)) == [
        "/en/cwg-cop/documents/CWG-COP-1/INF/1/",
        "/en/cwg-cop/documents/CWG-COP-21/INF/1/",
        "/en/cwg-cop/documents/CWG-COP-21/INF/2/",
    ]
    assert _choices(response, "group") == []
    assert _choices(response, "meeting") == [("21", "CWG-COP-21"), ("1", "CWG-COP-1")]


def test_group_documents_list_meeting_number_is_its_own_group_meeting(client, groups):
    response = client.get("/en/cwg-test/documents/?meeting=1")

    assert sorted(_listed(response)) == [
        "/en/cwg-test/documents/CWG-TEST-1/INF/1/",
        "/en/cwg-test/documents/CWG-TEST-1/INF/2/",
    ]


def test_one_group_shows_no_group_counts_nor_group_filter(client):
    _published(MeetingFactory(number=21), 1, [MemberStateFactory()])

    response = client.get("/en/countries/it/")

    assert _group_counts(response) == []
    assert _choices(response, "group") == []
    assert _listed(response) == ["/en/cwg-cop/documents/CWG-COP-21/INF/1/"]


@pytest.mark.parametrize(
    "url",
    [
        "/en/countries/it/",
        "/en/countries/it/?group=cwg-cop",
        "/en/countries/it/?group=cwg-test",
        "/en/sources/oecd/",
        "/en/cwg-cop/documents/",
        "/en/cwg-test/documents/",
        "/en/cwg-test/meetings/1/",
        "/en/cwg-cop/meetings/21/",
    ],
)
def test_unpublished_document_of_either_group_appears_nowhere(client, groups, url):
    response = client.get(url)

    assert response.status_code == 200
    assert [title for title in UNPUBLISHED if title in response.text] == []


def _country_page_queries(client) -> int:
    client.get("/en/countries/it/")  # the groups' addresses are read on first use
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/countries/it/")
    assert response.status_code == 200
    return len(queries)


def test_country_page_queries_do_not_grow_with_groups(client, groups):
    two_groups = _country_page_queries(client)
    italy = Source.objects.get(slug="italy")
    for number in (3, 4, 5):
        group = WorkingGroup.objects.create(
            slug=f"cwg-more-{number}", acronym=f"CWG-MORE-{number}", name=f"Group {number}"
        )
        _published(_meeting_in(group, number, f"CWG-MORE-{number}"), 1, [italy])

    five_groups = _country_page_queries(client)

    assert five_groups == two_groups
    assert len(_group_counts(client.get("/en/countries/it/"))) == 5
