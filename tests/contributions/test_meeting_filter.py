"""A list filtered by meeting: the meetings' own documents and those they share, newest
first (bench/pages.py measures what it costs in a large archive)."""

import datetime

import pytest

from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[str]:
    return [document.number for document in response.context["documents"]]


@pytest.fixture
def meetings():
    first, second, third = (MeetingFactory(number=number) for number in (1, 2, 3))
    italy = MemberStateFactory()
    dated = {}
    for meeting, day in ((first, 3), (first, 1), (second, 2), (third, 4)):
        document = DocumentFactory(
            meeting=meeting,
            published=True,
            sources=[italy],
            document_date=datetime.date(2020, 5, day),
        )
        dated[(meeting.number, day)] = document.number
    shared = DocumentFactory(
        meeting=second, published=True, sources=[italy], document_date=datetime.date(2020, 5, 5)
    )
    shared.other_meetings.add(first)
    dated["shared"] = shared.number
    return dated


def test_a_meeting_s_list_holds_its_documents_and_those_it_shares_newest_first(client, meetings):
    response = client.get("/en/cwg-cop/documents/?meeting=1")

    assert _numbers(response) == [meetings["shared"], meetings[(1, 3)], meetings[(1, 1)]]


def test_two_meetings_list_both_and_a_shared_document_once(client, meetings):
    response = client.get("/en/cwg-cop/documents/?meeting=1&meeting=3")

    assert _numbers(response) == [
        meetings["shared"],
        meetings[(3, 4)],
        meetings[(1, 3)],
        meetings[(1, 1)],
    ]
