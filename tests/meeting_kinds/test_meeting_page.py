"""The meeting page's "Documents of the meeting": ITU's groups in ITU's order, the files
each reader may download, a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.models import Document
from tests.contributions.admin_pages import page_text

pytestmark = pytest.mark.django_db

Kind = Document.Kind
URL = "/en/cwg-cop/meetings/22/"


@pytest.fixture
def materials(published):
    """One published document of each kind the page groups, in an order unlike ITU's, and a
    liaison statement, which is not among them."""
    return {
        "report": published(Kind.REPORT, "Report of the meeting", number="CWG-COP-22/REP/1"),
        "participants": published(
            Kind.PARTICIPANTS, "Final list of participants", access=Document.Access.MEMBERS
        ),
        "liaison": published(Kind.LIAISON, "Liaison from ITU-T", number="CWG-COP-22/LS/1"),
        "information": published(Kind.INFORMATION, "Safer Internet Day", number="CWG-COP-22/INF/1"),
        "contribution": published(Kind.CONTRIBUTION, "Age assurance", number="CWG-COP-22/1"),
        "invitation": published(
            Kind.INVITATION_LETTER,
            "Invitation to the meeting",
            number="CL-24/67",
            numbered_by="Circular Letter",
        ),
    }


def _section(response) -> str:
    body = response.content.decode()
    return re.search(r'<section class="meeting-documents".*?</section>', body, re.S).group(0)


def page_text_of(fragment: str) -> str:
    class Response:
        content = fragment.encode()

    return page_text(Response())


def _file_link(document: Document) -> str:
    return f'href="/en/files/{document.files.get().pk}/'


def _as(client, people, role: str):
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ["anonymous", "delegate", "secretariat"])
def test_meeting_page_groups_its_documents_in_itus_order(client, people, materials, role):
    section = _section(_as(client, people, role).get(URL))

    assert re.findall(r"<h3[^>]*>(.*?)</h3>", section) == [
        "Invitation",
        "Contributions",
        "Information documents",
        "Participants",
        "Report",
    ]
    assert page_text_of(section) == (
        "Documents of the meeting "
        "Invitation CL-24/67 Invitation to the meeting: English (PDF) "
        "Contributions CWG-COP-22/1 Age assurance: English (PDF) "
        "Information documents CWG-COP-22/INF/1 Safer Internet Day: English (PDF) "
        "Participants Final list of participants"
        + (" Members only" if role == "anonymous" else ": English (PDF) Members only")
        + " Report CWG-COP-22/REP/1 Report of the meeting: English (PDF)"
    )


def test_public_sees_the_list_of_participants_named_but_not_its_file(client, materials):
    participants = materials["participants"]

    section = _section(client.get(URL))

    assert f'href="/en/cwg-cop/documents/id/{participants.pk}/"' in section
    assert _file_link(participants) not in section
    assert _file_link(materials["contribution"]) in section


def test_member_gets_the_file_of_the_list_of_participants(client, people, materials):
    client.force_login(people["delegate"])

    section = _section(client.get(URL))

    assert _file_link(materials["participants"]) in section


def test_meeting_page_without_those_kinds_has_no_such_section(client, published):
    published(Kind.LIAISON, "Liaison from ITU-T", number="CWG-COP-22/LS/1")

    body = client.get(URL).content.decode()

    assert "Documents of the meeting" not in body


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_meeting_page_queries_same_with_one_and_five_documents_of_each_kind(client, published):
    kinds = [Kind.INVITATION_LETTER, Kind.CONTRIBUTION, Kind.INFORMATION, Kind.PARTICIPANTS]
    for kind in kinds:
        published(kind, "First")
    one = _queries(client)
    for kind in kinds:
        for index in range(4):
            published(kind, f"More {index}")

    five = _queries(client)

    assert five == one


def test_a_kind_with_more_than_the_limit_lists_the_first_and_links_to_all(
    client, published, monkeypatch
):
    from meetings import materials as materials_module

    monkeypatch.setattr(materials_module, "KIND_LIST_LIMIT", 3)
    for sequence in range(1, 6):
        published(Kind.CONTRIBUTION, f"Contribution {sequence}", sequence=sequence)
    published(Kind.INFORMATION, "Safer Internet Day", sequence=1)
    below = _queries(client)
    published(Kind.INFORMATION, "Another day", sequence=2)
    published(Kind.INFORMATION, "A third day", sequence=3)
    published(Kind.INFORMATION, "A fourth day", sequence=4)

    response = client.get(URL)
    text = page_text_of(_section(response))

    assert _queries(client) == below
    listed = [
        title for title in ("Contribution 1", "Contribution 3", "Contribution 4") if title in text
    ]
    assert listed == ["Contribution 1", "Contribution 3"]
    assert text.count("The first 3 are listed here") == 2
    assert (
        'href="/en/cwg-cop/documents/?meeting=22&amp;kind=contribution">The first 3 are listed '
        "here; all 5, to search and filter</a>"
    ) in _section(response)
    assert "all 4, to search and filter" in text
