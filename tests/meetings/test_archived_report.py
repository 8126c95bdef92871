"""A meeting whose report was issued as a document of its own (imported from the archive
or entered by the secretariat) has that document as its report; the report generated
from the records stays the secretariat's draft."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contributions.models import Document
from meetings.models import Meeting, Officer
from meetings.services import publish_meeting_report
from tests.contributions.archive_fixtures import secretariat_user
from tests.factories import DocumentFactory, MeetingFactory, OutcomeFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _held(number: int, prefix: str = "WG-CP") -> Meeting:
    start = datetime.date(2010, 1, 1) + datetime.timedelta(days=90 * number)
    return MeetingFactory(
        number=number,
        document_prefix=prefix,
        status=Meeting.Status.HELD,
        start_date=start,
        end_date=start,
    )


def _issued_report(meeting: Meeting, number: str, *others: Meeting) -> Document:
    document = DocumentFactory(
        meeting=meeting,
        kind=Document.Kind.REPORT,
        number=number,
        title=f"Report {number}",
        status=Document.Status.PUBLISHED,
        published_at=timezone.now(),
        from_archive=True,
        sources=[SourceFactory()],
    )
    document.other_meetings.set(others)
    return document


@pytest.fixture
def first():
    meeting = _held(1)
    return meeting, _issued_report(meeting, "WG-CP/1/16 Rev.1")


def test_report_address_leads_to_the_issued_document(client, first):
    _meeting, document = first

    page = client.get("/en/cwg-cop/meetings/1/report/")
    word = client.get("/en/cwg-cop/meetings/1/report.docx")

    assert (page.status_code, page["Location"]) == (
        302,
        "/en/cwg-cop/documents/WG-CP/1/16%20Rev.1/",
    )
    assert (word.status_code, word["Location"]) == (302, document.get_absolute_url())


def test_generated_report_is_not_published_under_the_archived_number(client, first):
    client.force_login(secretariat_user())

    draft = client.get("/en/cwg-cop/meetings/1/report/?draft=1")
    text = draft.content.decode()

    assert draft.status_code == 200
    assert draft.context["is_draft"] is True
    assert draft.context["published_report"] is None
    assert "Published as" not in text
    assert draft.context["docx_url"] == "/en/cwg-cop/meetings/1/report.docx?draft=1"


def test_only_the_secretariat_reads_the_generated_draft(client, first):
    anonymous = client.get("/en/cwg-cop/meetings/1/report/?draft=1")

    assert anonymous.status_code == 302


def test_meeting_page_links_the_issued_report(client, first):
    page = client.get("/en/cwg-cop/meetings/1/").content.decode()

    assert (
        '<li><a href="/en/cwg-cop/meetings/1/report/">Report of the meeting</a> (WG-CP/1/16 Rev.1)</li>'
        in page
    )


def test_report_of_two_meetings_is_the_report_of_each_and_named_so(client):
    fifteenth, sixteenth = _held(15, "CWG-COP"), _held(16, "CWG-COP")
    document = _issued_report(sixteenth, "C20/57", fifteenth)

    locations = [client.get(f"/en/cwg-cop/meetings/{n}/report/")["Location"] for n in (15, 16)]
    page = client.get("/en/cwg-cop/meetings/15/").content.decode()

    assert locations == [document.get_absolute_url()] * 2
    assert (
        '<a href="/en/cwg-cop/meetings/15/report/">Report of the fifteenth and sixteenth meetings</a>'
        " (C20/57)" in page
    )
    assert document.sequence is None


def test_a_meeting_without_an_issued_report_keeps_its_draft_private(client):
    _held(2)

    assert client.get("/en/cwg-cop/meetings/2/report/").status_code == 404
    assert (
        "/en/cwg-cop/meetings/2/report/"
        not in client.get("/en/cwg-cop/meetings/2/").content.decode()
    )


def test_cancelled_meeting_lists_no_actions_carried_forward(client):
    OutcomeFactory(meeting=_held(3), status="open")
    cancelled = MeetingFactory(number=4, status=Meeting.Status.CANCELLED)
    held = MeetingFactory(number=5, status=Meeting.Status.OPEN)

    cancelled_page = client.get(cancelled.get_absolute_url())
    held_page = client.get(held.get_absolute_url())

    assert list(cancelled_page.context["actions_carried_forward"]) == []
    assert "Actions carried forward" not in cancelled_page.content.decode()
    assert len(held_page.context["actions_carried_forward"]) == 1


def test_meeting_page_names_who_chaired(client):
    meeting = _held(6)
    Officer.objects.create(meeting=meeting, role="chair", name="A. Chair", order=1)
    Officer.objects.create(
        meeting=meeting, role="vice_chair", name="B. Vice", order=2, chaired=True
    )

    page = client.get("/en/cwg-cop/meetings/6/").content.decode()

    assert "<dt>Chair</dt><dd>A. Chair</dd>" in page
    assert (
        '<dt>Vice-chair</dt><dd>B. Vice <span class="muted">(chaired the meeting)</span></dd>'
        in page
    )


def test_generated_report_cannot_be_published_over_the_issued_one(first):
    meeting, _document = first
    with pytest.raises(ValidationError) as refused:
        publish_meeting_report(meeting=meeting, by=secretariat_user())

    assert refused.value.messages == [
        "WG-CP/1/16 Rev.1 is this meeting's report as issued; the generated report is not "
        "published."
    ]
    assert Document.objects.filter(kind=Document.Kind.REPORT).count() == 1
