"""A record of one group's meeting (a presentation, an action, a line of the report's list)
may name another group's submitted document: the meetings admin names that document only to
whoever may read it, its group's officers and a superuser; the first group's chair and
secretariat read the record and a neutral name, and their forms keep the document."""

import datetime
import html

import pytest
from django.test import Client

from meetings.models import Outcome, Presentation, ReportListItem
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    OutcomeFactory,
    PresentationFactory,
    ReportListItemFactory,
    UserFactory,
)
from tests.formdata import form_data
from workinggroups.models import GroupRole, WorkingGroup, default_group

pytestmark = pytest.mark.django_db

TITLE = "Canary study of CWG-TEST"
NUMBER = "CWG-TEST-22/12"
UNREADABLE = "an unpublished document"
# Who reads the records of group A's meeting, and whether they may read group B's document.
READERS = {
    "chair of A": ({"chair": "A"}, False),
    "secretariat of A": ({"secretariat": "A"}, False),
    "secretariat of A and B": ({"secretariat": "AB"}, True),
    "superuser": ({}, True),
}


@pytest.fixture
def records(db):
    """A meeting of group A whose presentation, action and report list line name a
    submitted document of group B."""
    groups = {
        "A": default_group(),
        "B": WorkingGroup.objects.create(
            slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Testing", order=2
        ),
    }
    meetings = {
        letter: MeetingFactory(
            number=22,
            group=groups[letter],
            document_prefix=prefix,
            start_date=datetime.date(2027, month, 1),
            end_date=datetime.date(2027, month, 2),
        )
        for letter, prefix, month in (("A", "CWG-COP", 2), ("B", "CWG-TEST", 3))
    }
    document = DocumentFactory(
        meeting=meetings["B"],
        sources=[MemberStateFactory()],
        status="submitted",
        number=NUMBER,
        title=TITLE,
    )
    return {
        "groups": groups,
        "document": document,
        "presentation": PresentationFactory(meeting=meetings["A"], document=document),
        "outcome": OutcomeFactory(
            meeting=meetings["A"], status=Outcome.Status.DONE, fulfilled_by_document=document
        ),
        "line": ReportListItemFactory(meeting=meetings["A"], document=document),
        "meeting": meetings["A"],
    }


def _client(records, reader: str) -> Client:
    roles, _ = READERS[reader]
    user = UserFactory(
        username=reader.replace(" ", "-"), is_staff=True, is_superuser=reader == "superuser"
    )
    for role, letters in roles.items():
        for letter in letters:
            GroupRole.objects.create(working_group=records["groups"][letter], user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


def _names(response) -> tuple[int, bool, bool, bool]:
    """The page's status, and whether it names the document by title, by number, or as
    one the reader may not read."""
    page = html.unescape(response.content.decode())
    return (response.status_code, TITLE in page, NUMBER in page, UNREADABLE in page)


def _expected(reader: str) -> tuple[int, bool, bool, bool]:
    readable = READERS[reader][1]
    return (200, readable, readable, not readable)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    "page",
    [
        "/admin/meetings/presentation/{presentation.pk}/change/",
        "/admin/meetings/outcome/{outcome.pk}/change/",
        "/admin/meetings/meeting/{meeting.pk}/change/",
    ],
)
def test_a_records_page_names_the_document_only_to_its_readers(records, reader, page):
    client = _client(records, reader)

    response = client.get(page.format(**records))

    assert _names(response) == _expected(reader)


@pytest.mark.parametrize("reader", READERS)
def test_the_presentations_name_a_presentation_by_a_document_only_to_its_readers(records, reader):
    client = _client(records, reader)

    page = html.unescape(client.get("/admin/meetings/presentation/").content.decode())

    named = TITLE if READERS[reader][1] else "Presentation of a document not yet published"
    assert (f">{named}</a>" in page, TITLE in page) == (True, READERS[reader][1])


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("words", ["Canary", NUMBER])
def test_the_presentations_search_matches_a_document_only_for_its_readers(records, reader, words):
    client = _client(records, reader)

    response = client.get("/admin/meetings/presentation/", {"q": words})

    assert response.context["cl"].result_count == (1 if READERS[reader][1] else 0)


def test_a_presentations_form_keeps_a_document_its_secretariat_may_not_read(records):
    client = _client(records, "secretariat of A")
    presentation = records["presentation"]
    address = f"/admin/meetings/presentation/{presentation.pk}/change/"
    data = form_data(client.get(address).content.decode(), "presentation_form")

    response = client.post(address, {**data, "summary": "Presented again."})

    presentation.refresh_from_db()
    assert (response.status_code, presentation.document, presentation.summary) == (
        302,
        records["document"],
        "Presented again.",
    )


def test_a_meetings_form_keeps_a_report_list_lines_document_its_secretariat_may_not_read(
    records,
):
    client = _client(records, "secretariat of A")
    address = f"/admin/meetings/meeting/{records['meeting'].pk}/change/"
    data = form_data(client.get(address).content.decode(), "meeting_form")

    response = client.post(address, {**data, "report_list-0-text": "A study, again."})

    assert response.status_code == 302
    assert list(ReportListItem.objects.values_list("text", "document")) == [
        ("A study, again.", records["document"].pk)
    ]
    assert Presentation.objects.get().document == records["document"]
