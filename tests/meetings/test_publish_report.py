"""The secretariat publishes the generated report as the meeting's report document."""

import io

import docx
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied

from contributions import services
from contributions.models import Document, DocumentFile, Source
from meetings.models import Meeting
from meetings.services import publish_meeting_report
from tests.contributions.conftest import attach_pdf
from tests.factories import UserFactory

from .before_report import without_its_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(db):
    return UserFactory(username="secretary", is_staff=True, is_superuser=True)


def _english_paragraphs(document: Document) -> list[str]:
    english = document.files.get(language="en")
    with english.file.open("rb") as stored:
        return [paragraph.text for paragraph in docx.Document(io.BytesIO(stored.read())).paragraphs]


def test_publish_meeting_report_creates_the_published_report_document(
    demo, secretariat, django_capture_on_commit_callbacks
):
    meeting = without_its_report()

    with django_capture_on_commit_callbacks(execute=True):
        document = publish_meeting_report(meeting=meeting, by=secretariat)
    english = document.files.get()
    english.refresh_from_db()

    assert (document.number, document.kind, document.status) == (
        "CWG-COP-21/REP/1",
        "report",
        "published",
    )
    assert document.title == (
        "Report of the twenty-first meeting of the Council Working Group on child online "
        "protection (CWG-COP)"
    )
    assert (english.original_name, english.content_type) == (
        "CWG-COP-21-report.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert "5.20\tThe information document by Kaspersky" in "\n".join(_english_paragraphs(document))
    assert "Approximately 125 participants" in english.text


def test_publish_meeting_report_records_each_step_of_the_workflow(demo, secretariat):
    meeting = without_its_report()

    document = publish_meeting_report(meeting=meeting, by=secretariat)

    steps = list(document.events.order_by("at", "pk").values_list("from_status", "to_status"))
    assert steps == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "accepted"),
        ("accepted", "published"),
    ]
    assert [link.source.slug for link in document.document_sources.all()] == ["itu-bdt"]


def test_publish_meeting_report_again_issues_a_revision(demo, secretariat):
    meeting = Meeting.objects.get(number=21)
    # The demo's report, published as it was issued, is the first version.
    first = Document.objects.get(meeting=meeting, kind="report")
    meeting.report_paragraphs.filter(section="agenda").update(text="The agenda was amended.")

    second = publish_meeting_report(meeting=meeting, by=secretariat)

    first.refresh_from_db()
    assert (first.number, first.status) == ("CWG-COP-21/REP/1", "superseded")
    assert (second.number, second.status) == ("CWG-COP-21/REP/1(Rev.1)", "published")
    assert DocumentFile.objects.filter(document=second).count() == 1
    assert "3.1\tThe agenda was amended." in _english_paragraphs(second)
    assert "3.1\tThe Agenda was adopted as drafted." in _english_paragraphs(first)


def test_publish_meeting_report_refused_to_a_delegate(demo):
    delegate = UserFactory(username="delegate-four", is_staff=True)

    with pytest.raises(PermissionDenied):
        publish_meeting_report(meeting=Meeting.objects.get(number=21), by=delegate)

    # The report stays as the demo published it: no revision was drafted.
    assert list(Document.objects.filter(kind="report").values_list("number", "status")) == [
        ("CWG-COP-21/REP/1", "published")
    ]


def test_publish_meeting_report_admin_action(client, demo, secretariat):
    client.force_login(secretariat)
    meeting = Meeting.objects.get(number=21)

    response = client.post(
        "/admin/meetings/meeting/",
        {"action": "publish_report", "_selected_action": [meeting.pk]},
        follow=True,
    )

    assert response.status_code == 200
    # The demo's report is published: publishing it again issues its first revision.
    revision = Document.objects.get(meeting=meeting, kind="report", status="published")
    assert revision.number == "CWG-COP-21/REP/1(Rev.1)"
    assert "The report of CWG-COP-21 is published as CWG-COP-21/REP/1(Rev.1)." in (
        response.content.decode()
    )
    assert client.get(revision.get_absolute_url()).status_code == 200


def test_meeting_change_page_shows_the_report_list_inline(client, demo, secretariat):
    client.force_login(secretariat)
    meeting = Meeting.objects.get(number=21)

    response = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")

    assert response.status_code == 200
    assert "Information document by Kaspersky: Multistakeholder cooperation" in (
        response.content.decode()
    )


def test_publishing_the_report_mails_no_step_but_a_submission_still_tells_the_secretariat(
    demo, secretariat, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.get(number=21)
    reviewer = UserFactory(username="reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Secretariat"))
    bdt_delegate = UserFactory(username="bdt-focal-point", is_staff=True)
    Source.objects.get(slug="itu-bdt").delegates.add(bdt_delegate)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report = publish_meeting_report(meeting=meeting, by=secretariat)

    # Nobody is told of its steps; once it is out, the delegates of the meeting's sources
    # are told, and the owners of its open actions sent theirs (meetings/notices.py).
    told = "The report of CWG-COP-21 is published: CWG-COP-21/REP/1(Rev.1)"
    assert sorted((message.to, message.subject) for message in mail.outbox) == [
        (["bdt-focal-point@example.org"], "CWG-COP-21: 2 open actions for you"),
        (["bdt-focal-point@example.org"], told),
        (["delegate-israel@example.org"], told),
        (["delegate-italy@example.org"], told),
    ]
    assert report.events.count() == 4
    mail.outbox.clear()
    # The same secretariat is still told of an ordinary submission.
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.create_draft(
            by=secretariat,
            meeting=meeting,
            kind=Document.Kind.CONTRIBUTION,
            title="Late thoughts on age assurance",
            sources=[Source.objects.get(slug="itu-bdt")],
        )
        attach_pdf(draft)
        services.submit_document(document=draft, by=secretariat)
    assert sorted((message.to, message.subject) for message in mail.outbox) == [
        (["bdt-focal-point@example.org"], "Received: Late thoughts on age assurance"),
        (["reviewer@example.org"], "Submitted for review: Late thoughts on age assurance"),
        (["secretariat@example.org"], "Submitted for review: Late thoughts on age assurance"),
    ]
