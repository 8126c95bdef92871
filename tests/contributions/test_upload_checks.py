"""Uploads as delegates make them: real producers' files accepted, hostile ones refused
through the service with nothing left behind, and each upload inspected once."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from contributions import services
from contributions.files import FileRejected, extract_text, inspect, inspect_upload
from contributions.models import DocumentFile
from tests.contributions import corpus
from tests.contributions.test_files import EXPECTED_MESSAGES
from tests.formdata import form_data

DATA = Path(__file__).parent / "data"
HOSTILE_FILES = corpus.hostile_files()
REAL_FILES = [
    ("libreoffice-writer.docx", corpus.DOCX_CONTENT_TYPE),
    ("libreoffice-writer.pdf", corpus.PDF_CONTENT_TYPE),
    ("libreoffice-writer-pdfa-2b.pdf", corpus.PDF_CONTENT_TYPE),
    ("libreoffice-owner-password.pdf", corpus.PDF_CONTENT_TYPE),
    ("chromium.pdf", corpus.PDF_CONTENT_TYPE),
    ("owner-password-aes256.pdf", corpus.PDF_CONTENT_TYPE),
    ("owner-password-rc4.pdf", corpus.PDF_CONTENT_TYPE),
]
SENTENCE = "National helpline for children and young people."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize(("name", "content_type"), REAL_FILES)
def test_real_producers_file_is_accepted_and_its_text_read(name, content_type):
    content = (DATA / name).read_bytes()

    inspected = inspect_upload(io.BytesIO(content), name=name)
    text = extract_text(io.BytesIO(content), content_type=inspected.content_type)

    assert (inspected.content_type, inspected.size) == (content_type, len(content))
    assert SENTENCE in text


@pytest.mark.django_db
def test_pdf_with_usage_restrictions_is_stored_with_its_text(
    people, document_in, settings, django_capture_on_commit_callbacks
):
    document = document_in("draft")
    content = (DATA / "libreoffice-owner-password.pdf").read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        stored = services.add_file(
            document=document,
            language="fr",
            upload=SimpleUploadedFile("Restricted.pdf", content),
            by=people["delegate"],
        )

    stored.refresh_from_db()
    assert (stored.original_name, stored.content_type, stored.extraction_status) == (
        "Restricted.pdf",
        corpus.PDF_CONTENT_TYPE,
        DocumentFile.Extraction.DONE,
    )
    assert SENTENCE in stored.text
    assert stored.file.name in _stored_files(settings)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "code"), HOSTILE_FILES, ids=[f[0] for f in HOSTILE_FILES]
)
def test_add_file_refuses_hostile_file_and_keeps_nothing(
    people, document_in, settings, name, content, code
):
    settings.DOCUMENT_FILE_MAX_BYTES = corpus.CORPUS_FILE_MAX_BYTES
    document = document_in("draft")
    rows, files = DocumentFile.objects.count(), _stored_files(settings)

    with pytest.raises(FileRejected) as refusal:
        services.add_file(
            document=document,
            language="fr",
            upload=SimpleUploadedFile(name, content),
            by=people["delegate"],
        )

    assert (refusal.value.code, refusal.value.messages) == (code, [EXPECTED_MESSAGES[name]])
    assert (DocumentFile.objects.count(), _stored_files(settings)) == (rows, files)


def test_inspect_upload_inspects_an_upload_once(monkeypatch):
    calls = []
    original = inspect._inspect
    monkeypatch.setattr(inspect, "_inspect", lambda *a, **k: calls.append(1) or original(*a, **k))
    upload = SimpleUploadedFile("Guidelines.pdf", corpus.pdf_bytes())

    first, second = inspect_upload(upload), inspect_upload(upload)

    assert (len(calls), second) == (1, first)
    assert upload.tell() == 0


def test_inspect_upload_inspects_again_under_another_name_or_content(monkeypatch):
    calls = []
    original = inspect._inspect
    monkeypatch.setattr(inspect, "_inspect", lambda *a, **k: calls.append(1) or original(*a, **k))
    upload = io.BytesIO(corpus.pdf_bytes())
    inspect_upload(upload, name="a.pdf")

    renamed = inspect_upload(upload, name="b.pdf")
    upload.seek(0, io.SEEK_END)
    upload.write(b"\r\n" * 6 + b"\n")
    grown = inspect_upload(upload, name="b.pdf")

    assert (len(calls), renamed.original_name, grown.size - renamed.size) == (3, "b.pdf", 13)


@pytest.mark.django_db
def test_upload_through_the_admin_form_is_inspected_once(client, people, document_in, monkeypatch):
    calls = []
    original = inspect._inspect
    monkeypatch.setattr(inspect, "_inspect", lambda *a, **k: calls.append(1) or original(*a, **k))
    document = document_in("draft")
    client.force_login(people["delegate"])
    url = reverse("admin:contributions_document_change", args=[document.pk])
    page = client.get(url).content.decode()
    file_field = re.search(r'type="file" name="([\w-]+-0-file)"', page)[1]
    data = form_data(page, form_id="document_form")
    data[file_field.removesuffix("file") + "language"] = "fr"
    data[file_field] = SimpleUploadedFile("Guidelines.pdf", corpus.pdf_bytes())

    response = client.post(url, data)

    assert response.status_code == 302
    assert (len(calls), document.files.filter(language="fr").count()) == (1, 1)
