"""A published document's files are what was published under its number: none is replaced
or removed in place, by anyone, through any service. A change is a revision, or an
unpublication with its reason; a new language version may still be added."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions import services
from contributions.models import Document, DocumentFile
from tests.contributions import corpus
from tests.contributions.conftest import attach_pdf, member_of, pdf_upload
from tests.factories import DocumentFactory
from tests.formdata import form_data

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
        document=document,
        language="fr",
        upload=pdf_upload(text="Version française"),
        by=secretariat,
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


# ---- The admin: the secretariat's page of a published document


def _published_demo_document() -> Document:
    return Document.objects.filter(status="published", files__language="en").first()


def test_admin_offers_no_delete_for_a_published_document_s_files(client, demo):
    document = _published_demo_document()
    client.force_login(get_user_model().objects.get(username="secretariat"))

    page = client.get(reverse("admin:contributions_document_change", args=[document.pk]))

    assert page.status_code == 200
    files = page.content.decode().split('id="files-group"')[1].split("</fieldset>")[0]
    assert 'name="files-0-DELETE"' not in files


def test_admin_refuses_a_new_file_in_a_published_language_and_adds_another(client, demo, settings):
    document = _published_demo_document()
    english = document.files.get(language="en")
    client.force_login(get_user_model().objects.get(username="secretariat"))
    url = reverse("admin:contributions_document_change", args=[document.pk])
    data = form_data(client.get(url).content.decode(), form_id="document_form")
    posted = {
        **data,
        "files-2-0-language": "en",
        "files-2-0-file": SimpleUploadedFile("again.pdf", corpus.pdf_bytes("Again")),
    }

    refused = client.post(url, posted)

    assert refused.status_code == 200
    assert html.escape(REFUSAL) in refused.content.decode()
    _unchanged(english)
    posted["files-2-0-language"] = "ar"
    posted["files-2-0-file"] = SimpleUploadedFile("ar.pdf", corpus.pdf_bytes("Arabic"))
    added = client.post(url, posted)
    assert added.status_code == 302
    assert document.files.filter(language="ar").count() == 1
    _unchanged(english)


def test_admin_post_deleting_a_published_file_leaves_it(client, demo):
    document = _published_demo_document()
    english = document.files.get(language="en")
    client.force_login(get_user_model().objects.get(username="secretariat"))
    url = reverse("admin:contributions_document_change", args=[document.pk])
    data = form_data(client.get(url).content.decode(), form_id="document_form")
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("files-") and key.endswith("-id") and value == str(english.pk)
    )

    client.post(url, {**data, f"files-{index}-DELETE": "on"})

    _unchanged(english)
