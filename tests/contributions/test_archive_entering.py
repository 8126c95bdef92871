"""The secretariat enters an older document by hand, through the admin: recorded as
published as it was, without a file, an invented number or a "Submitted" mail, and the
history says who entered it."""

import pytest
from django.urls import reverse

from contributions.models import Document, DocumentEvent
from meetings.models import Meeting
from tests.factories import MeetingFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/contributions/document/add/"


@pytest.fixture
def old_meeting():
    return MeetingFactory(number=3, document_prefix="WG-CP", status=Meeting.Status.HELD)


def _add(client, italy, old_meeting, **fields) -> Document:
    data = form_data(client.get(ADD_URL).content.decode(), form_id="document_form")
    data.update(
        meeting=str(old_meeting.pk),
        kind="information",
        title="List of participants of the third meeting",
        sources=[str(italy.pk)],
        original_language="en",
        document_date="2011-03-15",
        **fields,
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Document.objects.get(title="List of participants of the third meeting")


def _enter_url(document: Document) -> str:
    return reverse("admin:contributions_document_workflow", args=[document.pk, "enter"])


def test_secretariat_enters_a_document_as_published_as_it_was(
    client, people, italy, old_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        document = _add(client, italy, old_meeting, from_archive="on")
        change_page = client.get(reverse("admin:contributions_document_change", args=[document.pk]))
        response = client.post(_enter_url(document), {"reason": ""})

    document.refresh_from_db()
    history = list(
        DocumentEvent.objects.filter(document=document).values_list(
            "from_status", "to_status", "actor__username", "reason"
        )
    )
    offered = [name for name, _action, _url in change_page.context["workflow_actions"]]
    assert offered[0] == "enter"
    assert response.status_code == 302
    assert (document.status, document.number, document.sequence) == ("published", "", None)
    assert (document.from_archive, document.files.count()) == (True, 0)
    assert str(document.document_date) == "2011-03-15"
    assert history == [
        ("", "draft", "secretary", ""),
        ("draft", "published", "secretary", "Entered from the archive."),
    ]
    assert mailoutbox == []
    assert client.get(f"/en/cwg-cop/documents/id/{document.pk}/").status_code == 200


def test_the_number_as_printed_is_kept_and_the_note_follows(client, people, italy, old_meeting):
    client.force_login(people["secretariat"])
    document = _add(client, italy, old_meeting, from_archive="on", number="WG-CP-3/16")

    client.post(_enter_url(document), {"reason": "From the paper file."})

    document.refresh_from_db()
    assert (document.status, document.number) == ("published", "WG-CP-3/16")
    assert document.events.last().reason == "Entered from the archive. From the paper file."


def test_a_draft_not_marked_from_the_archive_is_not_entered(client, people, italy, old_meeting):
    client.force_login(people["secretariat"])
    document = _add(client, italy, old_meeting)

    change_page = client.get(reverse("admin:contributions_document_change", args=[document.pk]))
    response = client.post(_enter_url(document), {"reason": ""})

    offered = [name for name, _action, _url in change_page.context["workflow_actions"]]
    assert "enter" not in offered
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == "draft"


@pytest.mark.parametrize(("role", "status"), [("delegate", 403), ("chair", 403)])
def test_nobody_else_enters_from_the_archive(client, people, document_in, role, status):
    document = document_in("draft", from_archive=True)
    client.force_login(people[role])

    response = client.post(_enter_url(document), {"reason": ""})

    document.refresh_from_db()
    assert response.status_code == status
    assert document.status == "draft"
