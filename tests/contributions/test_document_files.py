"""The file services behind the document form: add, replace, duplicates, deleting a draft,
and the kinds each role may give a document."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions import rules, services
from contributions.files import human_size
from contributions.models import Document, DocumentFile
from tests.contributions import corpus
from tests.contributions.conftest import ROLES
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, corpus.pdf_bytes(text), content_type="application/pdf")


def _stored(settings) -> set[str]:
    return {
        str(path.relative_to(settings.MEDIA_ROOT))
        for path in settings.MEDIA_ROOT.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def draft(meeting, italy):
    return DocumentFactory(meeting=meeting, sources=[italy], title="Safer Internet Day")


def test_replace_file_puts_the_new_file_in_place_and_records_the_old_one(
    people, draft, settings, django_capture_on_commit_callbacks
):
    delegate = people["delegate"]
    with django_capture_on_commit_callbacks(execute=True):
        old = services.add_file(
            document=draft, language="en", upload=_pdf("v1.pdf", "First"), by=delegate
        )
    old_stored, old_sha = old.file.name, old.sha256

    with django_capture_on_commit_callbacks(execute=True):
        new, replaced = services.add_or_replace_file(
            document=draft, language="en", upload=_pdf("v2.pdf", "Second"), by=delegate
        )

    assert replaced.original_name == "v1.pdf"
    assert [(f.language, f.original_name) for f in draft.files.all()] == [("en", "v2.pdf")]
    assert _stored(settings) == {new.file.name}
    assert old_stored not in _stored(settings)
    event = draft.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("draft", "draft", delegate)
    assert event.reason == (
        f"The English file v1.pdf ({human_size(old.size)}, SHA-256 {old_sha}) "
        "was replaced by v2.pdf."
    )


def test_replace_file_refused_keeps_the_old_file(people, draft, settings):
    delegate = people["delegate"]
    old = services.add_file(
        document=draft, language="en", upload=_pdf("v1.pdf", "First"), by=delegate
    )

    with pytest.raises(ValidationError):
        services.add_or_replace_file(
            document=draft,
            language="en",
            upload=SimpleUploadedFile("v2.pdf", b"not a pdf at all"),
            by=delegate,
        )

    assert list(draft.files.all()) == [old]
    assert _stored(settings) == {old.file.name}
    assert draft.events.count() == 0


@pytest.mark.parametrize("role", ["other_delegate", "chair", "anonymous"])
def test_replace_file_refused_to_those_who_may_not_edit(people, draft, role):
    old = services.add_file(
        document=draft, language="en", upload=_pdf("v1.pdf", "First"), by=people["delegate"]
    )

    with pytest.raises(PermissionDenied):
        services.replace_file(document_file=old, upload=_pdf("v2.pdf", "Second"), by=people[role])

    assert [f.original_name for f in draft.files.all()] == ["v1.pdf"]


def test_same_file_in_two_languages_of_one_document_is_refused(people, draft):
    delegate = people["delegate"]
    services.add_file(document=draft, language="en", upload=_pdf("a.pdf", "Same"), by=delegate)

    with pytest.raises(ValidationError) as refusal:
        services.add_file(document=draft, language="fr", upload=_pdf("b.pdf", "Same"), by=delegate)

    assert refusal.value.messages == [
        "This file is already the document's English file. Each language needs a file of "
        "its own: choose the French version."
    ]
    assert [f.language for f in draft.files.all()] == ["en"]


def test_identical_file_of_another_document_is_allowed_and_flagged(people, draft, meeting, israel):
    joint = DocumentFactory(meeting=meeting, sources=[israel], title="Joint paper")
    first = services.add_file(
        document=joint, language="en", upload=_pdf("joint.pdf", "Co"), by=people["secretariat"]
    )

    second = services.add_file(
        document=draft, language="en", upload=_pdf("joint.pdf", "Co"), by=people["delegate"]
    )

    assert second.duplicate_of == first
    assert DocumentFile.objects.filter(sha256=first.sha256).count() == 2


def test_delegate_deletes_a_draft_never_submitted_with_its_files(
    people, draft, settings, django_capture_on_commit_callbacks
):
    services.add_file(
        document=draft, language="en", upload=_pdf("a.pdf", "A"), by=people["delegate"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_draft(document=draft, by=people["delegate"])

    assert Document.objects.filter(pk=draft.pk).exists() is False
    assert _stored(settings) == set()


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "accepted", "published"])
def test_who_may_delete_a_document_per_status(people, document_in, status):
    document = document_in(status)

    allowed = {role for role in ROLES if rules.can_delete_draft.test(people[role], document)}

    assert allowed == ({"delegate", "secretariat"} if status == "draft" else set())


def test_delete_draft_refused_for_a_submitted_document(people, document_in):
    document = document_in("submitted")

    with pytest.raises(PermissionDenied):
        services.delete_draft(document=document, by=people["delegate"])

    assert Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_kinds_each_role_may_give_a_document(people, role):
    kinds = [kind for kind in Document.Kind.values if rules.may_draft_kind.test(people[role], kind)]

    every = [
        "contribution",
        "information",
        "liaison",
        "presentation",
        "report",
        "agenda",
        "invitation_letter",
        "participants",
    ]
    assert kinds == (every if role == "secretariat" else every[:4])


def test_delegate_may_not_draft_a_report(people, meeting, italy):
    with pytest.raises(ValidationError) as refusal:
        services.create_draft(
            by=people["delegate"], meeting=meeting, kind="report", title="R", sources=[italy]
        )

    assert refusal.value.messages == ["Only the secretariat writes documents of the kind Report."]
    assert Document.objects.count() == 0


def test_delegate_may_not_turn_a_draft_into_an_agenda(people, draft):
    with pytest.raises(ValidationError):
        services.update_document(document=draft, by=people["delegate"], changes={"kind": "agenda"})

    draft.refresh_from_db()
    assert draft.kind == "information"


def test_submission_blockers_name_the_missing_file(people, draft):
    assert services.submission_blockers(draft) == [
        "Add the document's file before submitting: the secretariat reviews the file."
    ]
    with pytest.raises(ValidationError):
        services.submit_document(document=draft, by=people["delegate"])
    draft.refresh_from_db()
    assert draft.status == "draft"
