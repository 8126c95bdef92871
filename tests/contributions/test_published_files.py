"""A published document's files are what was published under its number: none is replaced
or removed in place, by anyone, through any service. A change is a revision, or an
unpublication with its reason; a new language version may still be added."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contributions import services
from contributions.models import Document, DocumentFile
from tests.contributions.conftest import attach_pdf, member_of, pdf_upload
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

REFUSAL = (
    "A published document's files stay as they were published. Upload a revision, or "
    "unpublish the document with a reason first."
)


@pytest.fixture
def secretariat(db):
    return member_of("Secretariat")


def _document(status: str) -> tuple[Document, DocumentFile]:
    document = DocumentFactory(published=True, sources=[])
    stored = attach_pdf(document, text="As published")
    Document.objects.filter(pk=document.pk).update(status=status)
    document.refresh_from_db()
    return document, stored


def _unchanged(stored: DocumentFile) -> None:
    again = DocumentFile.objects.get(pk=stored.pk)
    assert (again.sha256, again.original_name, again.file.name) == (
        stored.sha256,
        stored.original_name,
        stored.file.name,
    )


@pytest.mark.parametrize("status", ["published", "superseded"])
def test_replace_and_remove_are_refused_with_the_way_to_go(secretariat, status):
    document, stored = _document(status)
    calls = {
        "replace_file": lambda: services.replace_file(
            document_file=stored, upload=pdf_upload(text="Changed"), by=secretariat
        ),
        "add_or_replace_file": lambda: services.add_or_replace_file(
            document=document, language="en", upload=pdf_upload(text="Changed"), by=secretariat
        ),
        "remove_file": lambda: services.remove_file(document_file=stored, by=secretariat),
    }
    for call in calls.values():
        if status == "superseded":
            # Nobody changes a superseded document at all: it is closed.
            with pytest.raises(PermissionDenied):
                call()
        else:
            with pytest.raises(ValidationError) as refused:
                call()
            assert (refused.value.code, refused.value.messages) == ("published-file", [REFUSAL])
        _unchanged(stored)
    assert DocumentFile.objects.filter(document=document).count() == 1


def test_a_new_language_version_may_still_be_added(secretariat):
    document, stored = _document("published")

    added, replaced = services.add_or_replace_file(
        document=document, language="fr", upload=pdf_upload(text="Version française"), by=secretariat
    )

    assert (added.language, replaced) == ("fr", None)
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "fr"]
    _unchanged(stored)


def test_after_unpublication_the_file_may_be_replaced(secretariat):
    document, stored = _document("published")
    services.unpublish_document(document=document, by=secretariat, reason="Wrong annex.")

    new_file = services.replace_file(
        document_file=stored, upload=pdf_upload(text="Right annex"), by=secretariat
    )

    assert list(document.files.values_list("pk", flat=True)) == [new_file.pk]
    assert new_file.sha256 != stored.sha256
