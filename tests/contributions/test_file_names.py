"""Published files carry their document's name: `<number>-<language>.<extension>` on the
document's page, in the download's Content-Disposition, in the meeting's ZIP, in the API and
in the feed; the uploaded name stays the secretariat's and the delegates', and the addresses
that ended in it answer 301 to whoever may read the file, and nothing more to anyone else."""

import csv
import datetime
import io
import re
import zipfile

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions.download_names import file_download_name, number_in_file_name
from contributions.files import human_size
from contributions.models import Document, DocumentFile
from tests.change_pages import change_rows
from tests.contributions.admin_pages import change_url
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SITE = "https://documents.example.org"
UPLOADED = "Final_v3 (2).pdf"
NUMBER = "CWG-COP-21/3(Rev.1)"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _file(document: Document, language: str, name: str = UPLOADED, **fields) -> DocumentFile:
    content = b"%PDF-1.4\n" + language.encode() + b"\n%%EOF\n"
    return DocumentFile.objects.create(
        document=document,
        language=language,
        file=ContentFile(content, name="stored.pdf"),
        original_name=name,
        size=len(content),
        sha256=language * 32,
        content_type="application/pdf",
        **fields,
    )


@pytest.fixture
def published(italy):
    """CWG-COP-21/3(Rev.1), published, with the delegate's English and French files."""
    document = DocumentFactory(
        meeting=MeetingFactory(number=21),
        sources=[italy],
        status=Document.Status.PUBLISHED,
        number=NUMBER,
        sequence=3,
        revision=1,
        published_at=datetime.datetime(2025, 3, 4, 9, 30, tzinfo=datetime.UTC),
    )
    _file(document, "en")
    _file(document, "fr", name="Contribution FR final.PDF")
    return document


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _download_links(response) -> list[tuple[str, str]]:
    """(address, text) of each download link of the page's file list."""
    return re.findall(
        r'<a href="([^"]*)" download><bdi>([^<]*)</bdi></a>', response.content.decode()
    )


# ---- The rule


@pytest.mark.parametrize(
    ("number", "in_a_file_name"),
    [
        ("CWG-COP-21/3(Rev.1)", "CWG-COP-21-3-Rev-1"),
        ("CWG-COP-21/INF/1", "CWG-COP-21-INF-1"),
        ("CWG-COP-21/INF/3(Add.1)", "CWG-COP-21-INF-3-Add-1"),
        ("CWG-COP-18/INF/3 Rev.1", "CWG-COP-18-INF-3-Rev-1"),
        ("CWG-COP/15", "CWG-COP-15"),
        ("WG-CP/1/16 Rev.1", "WG-CP-1-16-Rev-1"),
        ("WG-CP-3/12", "WG-CP-3-12"),
        ("C20/57", "C20-57"),
        (" CWG\u2013COP 22 / 5. ", "CWG-COP-22-5"),
        ("Añadido/1", "Anadido-1"),
        ("", ""),
    ],
)
def test_number_in_a_file_name_keeps_letters_and_digits_parted_by_one_hyphen(
    number, in_a_file_name
):
    assert number_in_file_name(number) == in_a_file_name


@pytest.mark.parametrize(
    ("number", "language", "uploaded", "offered"),
    [
        ("CWG-COP-21/3(Rev.1)", "en", "Final_v3 (2).pdf", "CWG-COP-21-3-Rev-1-en.pdf"),
        ("WG-CP/1/16 Rev.1", "fr", "wgcp-16r1-f.DOC", "WG-CP-1-16-Rev-1-fr.doc"),
        ("C20/57", "ar", "C20-57-A.docx", "C20-57-ar.docx"),
        ("CWG-COP-21/INF/1", "zh", "no extension", "CWG-COP-21-INF-1-zh"),
        ("CWG-COP-21/INF/1", "ru", "version 1.2", "CWG-COP-21-INF-1-ru"),
        ("", "en", "Final_v3 (2).pdf", "Final_v3 (2).pdf"),
        ("/()", "en", "Final_v3 (2).pdf", "Final_v3 (2).pdf"),
    ],
)
def test_file_is_offered_under_its_documents_number_once_it_has_one(
    number, language, uploaded, offered
):
    assert file_download_name(number, language, uploaded) == offered


# ---- Everywhere a published file is offered


def test_document_page_links_each_file_under_its_new_name(client, published):
    english, french = published.files.order_by("language")

    response = client.get(published.get_absolute_url())

    assert _download_links(response) == [
        (f"/en/files/{english.pk}/CWG-COP-21-3-Rev-1-en.pdf", "CWG-COP-21-3-Rev-1-en.pdf"),
        (f"/en/files/{french.pk}/CWG-COP-21-3-Rev-1-fr.pdf", "CWG-COP-21-3-Rev-1-fr.pdf"),
    ]
    assert UPLOADED not in response.content.decode()


def test_download_is_named_after_the_number(client, published):
    english = published.files.get(language="en")

    shown = client.get(f"/en/files/{english.pk}/CWG-COP-21-3-Rev-1-en.pdf")
    saved = client.get(f"/en/files/{english.pk}/CWG-COP-21-3-Rev-1-en.pdf?download=1")

    assert (shown.status_code, saved.status_code) == (200, 200)
    assert shown["Content-Disposition"] == 'inline; filename="CWG-COP-21-3-Rev-1-en.pdf"'
    assert saved["Content-Disposition"] == 'attachment; filename="CWG-COP-21-3-Rev-1-en.pdf"'


def test_meeting_zip_names_its_entries_after_the_numbers(client, published, italy):
    unnumbered = DocumentFactory(
        meeting=published.meeting,
        sources=[italy],
        status=Document.Status.PUBLISHED,
        number="",
        published_at=datetime.datetime(2025, 3, 5, tzinfo=datetime.UTC),
    )
    _file(unnumbered, "en", name="Old statement.pdf")

    response = client.get("/en/cwg-cop/meetings/21/files.zip")

    names = zipfile.ZipFile(io.BytesIO(_body(response))).namelist()
    assert sorted(names) == [
        "CWG-COP-21-3-Rev-1/CWG-COP-21-3-Rev-1-en.pdf",
        "CWG-COP-21-3-Rev-1/CWG-COP-21-3-Rev-1-fr.pdf",
        f"document-{unnumbered.pk}/Old statement.pdf",
    ]


def test_api_names_each_file_after_the_number(client, published):
    english, french = published.files.order_by("language")

    files = client.get(f"/api/v1/documents/{published.pk}").json()["files"]

    assert [(record["name"], record["url"]) for record in files] == [
        ("CWG-COP-21-3-Rev-1-en.pdf", f"{SITE}/en/files/{english.pk}/CWG-COP-21-3-Rev-1-en.pdf"),
        ("CWG-COP-21-3-Rev-1-fr.pdf", f"{SITE}/en/files/{french.pk}/CWG-COP-21-3-Rev-1-fr.pdf"),
    ]


def test_feed_enclosures_are_named_after_the_number(client, published):
    english, french = published.files.order_by("language")

    response = client.get("/en/cwg-cop/feeds/documents.atom")

    (entry,) = feedparser.parse(response.content).entries
    assert [(link.href, link.title) for link in entry.links if link.rel == "enclosure"] == [
        (f"{SITE}/en/files/{english.pk}/CWG-COP-21-3-Rev-1-en.pdf", "CWG-COP-21-3-Rev-1-en.pdf"),
        (f"{SITE}/en/files/{french.pk}/CWG-COP-21-3-Rev-1-fr.pdf", "CWG-COP-21-3-Rev-1-fr.pdf"),
    ]


def test_csv_export_links_each_file_under_its_new_name(client, published):
    english, french = published.files.order_by("language")

    text = _body(client.get("/en/cwg-cop/documents.csv")).decode("utf-8-sig")

    (row,) = csv.DictReader(io.StringIO(text))
    assert row["files"] == (
        f"{SITE}/en/files/{english.pk}/CWG-COP-21-3-Rev-1-en.pdf "
        f"{SITE}/en/files/{french.pk}/CWG-COP-21-3-Rev-1-fr.pdf"
    )


# ---- The old addresses


def test_old_address_of_a_public_file_answers_301_to_the_new_one(client, published):
    english = published.files.get(language="en")

    response = client.get(f"/en/files/{english.pk}/{UPLOADED}?download=1")

    assert response.status_code == 301
    assert response["Location"] == f"/en/files/{english.pk}/CWG-COP-21-3-Rev-1-en.pdf?download=1"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert client.get(response["Location"]).status_code == 200


def test_old_address_of_a_members_only_file_is_refused_to_the_public(client, published):
    english = published.files.get(language="en")
    english.access = DocumentFile.Access.MEMBERS
    english.save()

    response = client.get(f"/en/files/{english.pk}/{UPLOADED}")

    assert response.status_code == 403
    assert response.has_header("Location") is False
    assert "CWG-COP-21-3-Rev-1-en" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_old_address_of_a_members_only_file_redirects_a_member_without_shared_caching(
    client, people, published
):
    english = published.files.get(language="en")
    english.access = DocumentFile.Access.MEMBERS
    english.save()
    client.force_login(people["secretariat"])

    response = client.get(f"/en/files/{english.pk}/{UPLOADED}")

    assert response.status_code == 301
    assert response["Location"] == f"/en/files/{english.pk}/CWG-COP-21-3-Rev-1-en.pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_old_address_of_an_unpublished_file_is_404_to_the_public(client, document_in):
    accepted = document_in("accepted")
    document_file = accepted.files.get()

    response = client.get(f"/en/files/{document_file.pk}/contribution.pdf")

    assert response.status_code == 404
    assert response.has_header("Location") is False


# ---- Before the number, and the uploaded name kept


def test_submitted_file_keeps_its_uploaded_name_for_its_delegate(client, people, document_in):
    document_file = document_in("submitted").files.get()
    client.force_login(people["delegate"])

    response = client.get(f"/en/files/{document_file.pk}/contribution.pdf")

    assert document_file.get_absolute_url() == f"/en/files/{document_file.pk}/contribution.pdf"
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="contribution.pdf"'


def test_numbering_leaves_the_uploaded_name_in_the_database_the_admin_and_the_history(
    client, people, draft
):
    document_file = draft.files.get()
    Document.objects.filter(pk=draft.pk).update(
        status=Document.Status.ACCEPTED, number="CWG-COP-22/7", sequence=7
    )
    client.force_login(people["secretariat"])

    page = client.get(change_url(draft))
    history = client.get(reverse("admin:contributions_document_history", args=[draft.pk]))

    document_file.refresh_from_db()
    assert document_file.original_name == "day.pdf"
    assert document_file.download_name == "CWG-COP-22-7-en.pdf"
    assert f'<a href="/en/files/{document_file.pk}/CWG-COP-22-7-en.pdf">day.pdf</a>' in (
        page.content.decode()
    )
    assert change_rows(history)[0][2] == [
        f"File (English): added 'day.pdf' ({human_size(document_file.size)})"
    ]


def _queries_for_admin_page(client, document: Document) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(change_url(document)).status_code == 200
    return len(queries)


def test_admin_page_names_the_files_without_a_query_per_file(client, people, document_in):
    one = document_in("accepted")
    six = document_in("accepted")
    for language in ["ar", "es", "fr", "ru", "zh"]:
        _file(six, language)
    client.force_login(people["secretariat"])
    _queries_for_admin_page(client, one)  # the first request reads what a session keeps

    assert _queries_for_admin_page(client, six) == _queries_for_admin_page(client, one)
