"""Mail from the workflow: who is told of each change, with what, and when not."""

from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError

from contributions import services
from contributions.models import DocumentEvent

pytestmark = pytest.mark.django_db


def _addresses() -> list[list[str]]:
    return [message.to for message in mail.outbox]


def test_submission_mails_the_secretariat(people, document_in, django_capture_on_commit_callbacks):
    document = document_in("draft")

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_document(document=document, by=people["delegate"])

    assert _addresses() == [["secretary@example.org"], ["delegate-italy@example.org"]]
    assert mail.outbox[0].subject == f"Submitted for review: {document.title}"


@pytest.mark.parametrize(
    ("status", "act", "subject_start"),
    [
        (
            "submitted",
            lambda d, by: services.return_document(document=d, by=by, reason="Fix it."),
            "Returned to you:",
        ),
        (
            "submitted",
            lambda d, by: services.reject_document(document=d, by=by, reason="No."),
            "Not accepted:",
        ),
        ("submitted", lambda d, by: services.accept_document(document=d, by=by), "Accepted as"),
        ("accepted", lambda d, by: services.publish_document(document=d, by=by), "Published:"),
    ],
)
def test_secretariat_decisions_mail_the_source_delegates(
    people, document_in, django_capture_on_commit_callbacks, status, act, subject_start
):
    document = document_in(status)
    second_delegate = people["delegate"].__class__.objects.create(
        username="second-italian", email="second-italian@example.org"
    )
    document.sources.get().delegates.add(second_delegate)

    with django_capture_on_commit_callbacks(execute=True):
        act(document, people["secretariat"])

    assert _addresses() == [["delegate-italy@example.org"], ["second-italian@example.org"]]
    assert mail.outbox[0].subject.startswith(subject_start)


def test_acceptance_mail_gives_the_number(people, document_in, django_capture_on_commit_callbacks):
    document = document_in("submitted")

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_document(document=document, by=people["secretariat"])

    assert mail.outbox[0].subject == "Accepted as CWG-COP-22/INF/1"
    assert "Its number is CWG-COP-22/INF/1." in mail.outbox[0].body


def test_return_mail_gives_the_reason(people, document_in, django_capture_on_commit_callbacks):
    document = document_in("submitted")

    with django_capture_on_commit_callbacks(execute=True):
        services.return_document(
            document=document, by=people["secretariat"], reason="The title & file differ."
        )

    assert "The title & file differ." in mail.outbox[0].body


def test_no_mail_when_the_transaction_rolls_back(people, document_in):
    document = document_in("draft")

    with (
        mock.patch.object(DocumentEvent.objects, "create", side_effect=IntegrityError("boom")),
        pytest.raises(IntegrityError),
    ):
        services.submit_document(document=document, by=people["delegate"])

    assert mail.outbox == []


def test_failing_mail_server_does_not_undo_the_submission(
    people, document_in, django_capture_on_commit_callbacks
):
    document = document_in("draft")

    with (
        mock.patch("contributions.services.mail.get_connection", side_effect=OSError("no SMTP")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.submit_document(document=document, by=people["delegate"])

    document.refresh_from_db()
    assert document.status == "submitted"


def test_submission_receipt_tells_every_delegate_of_the_sources(
    people, document_in, django_capture_on_commit_callbacks
):
    from tests.contributions.conftest import member_of

    second = member_of(
        "Delegate", username="second-italian", first_name="Giulia", last_name="Rossi"
    )
    people["delegate"].represented_sources.get().delegates.add(second)
    document = document_in("draft", title="Safer internet day")
    document.submitted_at = None
    document.save()
    people["delegate"].first_name, people["delegate"].last_name = "Marco", "Bianchi"
    people["delegate"].save()

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_document(document=document, by=people["delegate"])

    receipts = [message for message in mail.outbox if message.subject.startswith("Received:")]
    assert [message.to for message in receipts] == [
        ["delegate-italy@example.org"],
        ["second-italian@example.org"],
    ]
    body = receipts[0].body
    assert receipts[0].subject == "Received: Safer internet day"
    assert (
        "The secretariat has received this document for CWG-COP-22:\n\nSafer internet day" in body
    )
    assert "Sources: Italy" in body
    assert "Submitted by Marco Bianchi, on " in body
    assert "- English: contribution.pdf" in body
    assert f"http://127.0.0.1:8000/admin/contributions/document/{document.pk}/change/" in body
