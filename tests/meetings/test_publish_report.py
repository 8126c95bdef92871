"""The secretariat publishes the generated report as the meeting's report document."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied

from contributions.models import Document, DocumentFile
from meetings.models import Meeting
from meetings.services import publish_meeting_report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(db):
    return UserFactory(username="secretary", is_staff=True, is_superuser=True)


def _english_paragraphs(document: Document) -> list[str]:
    english = document.files.get(language="en")
    with english.file.open("rb") as stored:
        return [paragraph.text for paragraph in docx.Document(io.BytesIO(stored.read())).paragraphs]


def test_publish_meeting_report_creates_the_published_report_document(demo, secretariat):
    meeting = Meeting.objects.get(number=21)

    document = publish_meeting_report(meeting=meeting, by=secretariat)

    assert (document.number, document.kind, document.status) == (
        "CWG-COP-21/REP/1",
        "report",
        "published",
    )
    assert document.title == (
        "Report of the twenty-first meeting of the Council Working Group on child online "
        "protection (CWG-COP)"
    )
    english = document.files.get()
    assert (english.original_name, english.content_type) == (
        "CWG-COP-21-report.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert "5.20\tThe information document by Kaspersky" in "\n".join(_english_paragraphs(document))
    assert "Approximately 125 participants" in english.text


def test_publish_meeting_report_again_updates_the_same_document(demo, secretariat):
    meeting = Meeting.objects.get(number=21)
    first = publish_meeting_report(meeting=meeting, by=secretariat)
    meeting.report_paragraphs.filter(section="agenda").update(text="The agenda was amended.")

    second = publish_meeting_report(meeting=meeting, by=secretariat)

    assert second.pk == first.pk
    assert Document.objects.filter(meeting=meeting, kind="report").count() == 1
    assert DocumentFile.objects.filter(document=second).count() == 1
    assert "3.1\tThe agenda was amended." in _english_paragraphs(second)


def test_publish_meeting_report_refused_to_a_delegate(demo):
    delegate = UserFactory(username="delegate-four", is_staff=True)

    with pytest.raises(PermissionDenied):
        publish_meeting_report(meeting=Meeting.objects.get(number=21), by=delegate)

    assert not Document.objects.filter(kind="report").exists()


def test_publish_meeting_report_admin_action(client, demo, secretariat):
    client.force_login(secretariat)
    meeting = Meeting.objects.get(number=21)

    response = client.post(
        "/admin/meetings/meeting/",
        {"action": "publish_report", "_selected_action": [meeting.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "published as CWG-COP-21/REP/1" in response.content.decode()
    assert client.get("/documents/CWG-COP-21/REP/1/").status_code == 200


def test_meeting_change_page_shows_the_report_list_inline(client, demo, secretariat):
    client.force_login(secretariat)
    meeting = Meeting.objects.get(number=21)

    response = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")

    assert response.status_code == 200
    assert "Information document by Kaspersky: Multistakeholder cooperation" in (
        response.content.decode()
    )
