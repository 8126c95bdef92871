"""Every operation of the API runs as many queries for a page of six records as for one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions import paging, search
from contributions.models import DocumentRelation, DocumentTitle, Source
from contributions.search import refresh_search_index
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    OutcomeFactory,
    PresentationFactory,
    TopicFactory,
)

from .conftest import add_file

pytestmark = pytest.mark.django_db

API = "/api/v1"
ADDRESSES = [
    f"{API}/documents",
    f"{API}/documents?country=IT&kind=information&language=en&sort=number",
    f"{API}/documents?q=Growing",
    "document",
    f"{API}/meetings",
    f"{API}/meetings/30",
    f"{API}/actions",
    f"{API}/sources",
    f"{API}/countries",
    f"{API}/topics",
]


def grow(archive, index: int) -> None:
    """One more row in every list, with every relation a row can have."""
    code = ["FR", "DE", "ES", "PT", "GR"][index]
    state = Source.objects.create(
        kind=Source.Kind.MEMBER_STATE,
        name=f"State {code}",
        slug=f"state-{code.lower()}",
        country=code,
        itu_region="europe",
    )
    document = DocumentFactory(
        meeting=archive.meeting,
        published=True,
        sequence=100 + index,
        title=f"Growing {index}",
        agenda_item=archive.item,
        sources=[archive.italy, state],
    )
    document.topics.add(archive.topic, TopicFactory(slug=f"topic-{index}", name=f"T {index}"))
    document.other_meetings.add(MeetingFactory(number=40 + index))
    DocumentTitle.objects.create(document=document, language="fr", title=f"Croissance {index}")
    add_file(document, "en", f"growing-{index}.pdf")
    for kind, source, target in [
        ("answers", document, archive.document),
        ("cites", archive.document, document),
    ]:
        DocumentRelation.objects.create(document=source, target=target, kind=kind)
    presentation = PresentationFactory(
        meeting=archive.meeting, order=10 + index, document=document, agenda_item=archive.item
    )
    presentation.presenters.add(state, archive.partner)
    action = OutcomeFactory(meeting=archive.meeting, order=10 + index, due_meeting=archive.meeting)
    action.responsible.add(state, archive.italy)
    action.fulfilled_by_document = document
    action.save()
    refresh_search_index(document_ids=[document.pk])


def _url(archive, address: str) -> str:
    return f"{API}/documents/{archive.document.pk}" if address == "document" else address


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("address", ADDRESSES)
def test_queries_are_the_same_for_one_row_and_for_six(
    client, archive, address, django_assert_num_queries
):
    grow(archive, 0)
    url = _url(archive, address)
    with_one = _count(client, url)
    for index in range(1, 5):
        grow(archive, index)

    with django_assert_num_queries(with_one):
        client.get(url)


@pytest.mark.parametrize("query", ["q=Growing", "q=Growing&sort=title"])
def test_a_search_runs_as_many_queries_past_its_bounds_as_within_them(
    client, archive, monkeypatch, query, django_assert_num_queries
):
    # Five matches pass both bounds: two newest candidates ranked, three matches counted.
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 2)
    monkeypatch.setattr(paging, "SEARCH_COUNT_LIMIT", 3)
    grow(archive, 0)
    url = f"{API}/documents?{query}&limit=2"
    with_one = _count(client, url)
    for index in range(1, 5):
        grow(archive, index)

    with django_assert_num_queries(with_one):
        response = client.get(url)

    counted = (3, False) if connection.vendor == "postgresql" else (5, True)
    assert (response.json()["count"], response.json()["count_is_exact"]) == counted
