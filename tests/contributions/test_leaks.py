"""What the secretariat keeps to itself stays there: notes, other sources' documents."""

import importlib
import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from contributions.models import Document, DocumentFile
from meetings.models import Outcome
from tests.factories import OutcomeFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

NOTE = "Ask AGCOM whether the Quokkaphobia figures are final."


def _login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _italian(status: str) -> Document:
    return Document.objects.get(meeting__number=22, sources__slug="italy", status=status)


def _history(client, document: Document) -> str:
    return client.get(
        reverse("admin:contributions_document_history", args=[document.pk])
    ).content.decode()


def _add_note_through_the_admin(client, document: Document, **changes) -> None:
    url = reverse("admin:contributions_document_change", args=[document.pk])
    data = form_data(client.get(url).content.decode(), form_id="document_form")
    data.update({"internal_notes-0-text": NOTE, **changes})
    assert client.post(url, data).status_code == 302


# ---- The admin's log


def test_admin_log_of_a_note_keeps_no_note_text(client, demo):
    document = _italian("submitted")
    _login(client, "secretariat")

    _add_note_through_the_admin(client, document)

    entry = LogEntry.objects.get(object_id=str(document.pk))
    assert json.loads(entry.change_message) == [{"added": {"name": "internal note", "object": "…"}}]
    assert "Quokkaphobia" not in _history(client, document)
    assert "Added internal note “…”." in _history(client, document)


def test_history_page_shows_delegates_no_note_and_the_rest_of_the_change(client, demo):
    document = _italian("draft")
    _login(client, "secretariat")
    _add_note_through_the_admin(client, document)
    _add_note_through_the_admin(client, document, title="Follow-up, corrected title")
    client.logout()
    _login(client, "delegate-italy")

    page = _history(client, document)

    assert "internal note" not in page
    assert "Quokkaphobia" not in page
    assert page.count("Changed Title.") == 1
    assert page[page.find("<tbody>") : page.find("</tbody>")].count("<tr>") == 1


def test_chair_sees_that_notes_were_added(client, demo):
    document = _italian("submitted")
    _login(client, "secretariat")
    _add_note_through_the_admin(client, document)
    client.logout()
    _login(client, "chair")

    page = _history(client, document)

    assert page.count("Added internal note “…”.") == 1
    assert "Quokkaphobia" not in page


def test_migration_removes_note_text_already_in_the_log(demo):
    document = _italian("submitted")
    secretary = get_user_model().objects.get(username="secretariat")
    written = [
        {"changed": {"fields": ["Title"]}},
        {"added": {"name": "internal note", "object": NOTE[:60]}},
    ]
    entry = LogEntry.objects.create(
        user=secretary,
        content_type=ContentType.objects.get_for_model(Document),
        object_id=str(document.pk),
        object_repr=str(document),
        action_flag=CHANGE,
        change_message=json.dumps(written),
    )
    migration = importlib.import_module("contributions.migrations.0006_admin_log_without_note_text")

    migration.remove_note_text(apps, None)

    entry.refresh_from_db()
    assert json.loads(entry.change_message) == [
        {"changed": {"fields": ["Title"]}},
        {"added": {"name": "internal note", "object": "…"}},
    ]


# ---- The identical-file note


def _identical_files() -> tuple[DocumentFile, DocumentFile]:
    """A returned Israeli document's file, and an Italian draft's file identical to it."""
    israeli = Document.objects.get(meeting__number=22, sources__slug="israel")
    israeli.title = "Quokkaphobia in the Israeli draft"
    israeli.save()
    italian = _italian("draft")
    made = []
    for document in (israeli, italian):
        made.append(
            DocumentFile.objects.create(
                document=document,
                language="fr",
                file=ContentFile(b"%PDF-1.4 same", name="same.pdf"),
                original_name="same.pdf",
                size=13,
                sha256="1" * 64,
                content_type="application/pdf",
                duplicate_of=made[0] if made else None,
            )
        )
    return made[0], made[1]


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("delegate-italy", "The same file is already in the system."),
        ("secretariat", "a file of Quokkaphobia in the Israeli draft"),
    ],
)
def test_identical_file_note_names_the_other_document_only_to_the_secretariat(
    client, demo, username, expected
):
    _original, copy = _identical_files()
    _login(client, username)

    page = client.get(
        reverse("admin:contributions_document_change", args=[copy.document_id])
    ).content.decode()

    assert page.count(expected) == 1
    assert page.count("Quokkaphobia") == (1 if username == "secretariat" else 0)


# ---- Public pages


@pytest.mark.parametrize("status", ["accepted", "submitted"])
def test_actions_page_names_no_unpublished_document(client, demo, status):
    document = _italian("submitted")
    document.status = status
    document.number = "CWG-COP-22/INF/99"
    document.save()
    OutcomeFactory(
        meeting=document.meeting,
        order=90,
        text="Italy to report on Quokkaphobia.",
        status=Outcome.Status.OPEN,
        fulfilled_by_document=document,
    )

    page = client.get("/en/cwg-cop/actions/").content.decode()

    assert page.count("Italy to report on Quokkaphobia.") == 1
    assert "CWG-COP-22/INF/99" not in page


def test_actions_page_names_a_published_document_that_fulfilled_an_action(client, demo):
    document = Document.objects.get(number="CWG-COP-21/INF/5")
    OutcomeFactory(
        meeting=document.meeting,
        order=90,
        text="Italy to report.",
        status=Outcome.Status.OPEN,
        fulfilled_by_document=document,
    )

    page = client.get("/en/cwg-cop/actions/").content.decode()

    assert page.count("by CWG-COP-21/INF/5") == 1
