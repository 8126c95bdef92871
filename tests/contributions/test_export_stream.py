"""The CSV and JSON exports: ISO dates, a column of file links, rows read with a number of
queries that does not grow with the number of rows, and a long export streamed in
constant memory."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from contributions import exports
from contributions.models import Document, DocumentFile
from tests.contributions.conftest import attach_pdf
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://documents.example.org"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE


def _rows(response) -> list[dict[str, str]]:
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _published(count: int, *, files: int = 2, partner: bool = False) -> list[Document]:
    """Published documents of Italy (then of a partner, with `partner`), each with two
    topics and a file in French then one in English."""
    meeting = MeetingFactory(number=21, start_date=datetime.date(2024, 9, 30))
    italy = MemberStateFactory(name="Italy", country="IT")
    sources = [italy, SourceFactory(slug="partner", name="Partner")] if partner else [italy]
    topics = [
        TopicFactory(slug="online-safety", name="Online safety"),
        TopicFactory(slug="education", name="Education"),
    ]
    documents = []
    for _ in range(count):
        document = DocumentFactory(published=True, meeting=meeting, sources=sources)
        document.topics.add(*topics)
        for language in ["fr", "en"][:files]:
            attach_pdf(document, language=language)
        documents.append(document)
    return documents


def test_csv_columns_dates_and_file_links(client, site):
    (document,) = _published(1)
    Document.objects.filter(pk=document.pk).update(
        published_at=datetime.datetime(2024, 10, 1, 23, 30, tzinfo=datetime.UTC)
    )
    english, french = document.files.order_by("language")

    response = client.get("/en/cwg-cop/documents.csv")

    rows = _rows(response)
    assert list(rows[0]) == [
        "number",
        "title",
        "kind",
        "sources",
        "countries",
        "meeting",
        "agenda_item",
        "topics",
        "languages",
        "date",
        "published_on",
        "url",
        "files",
        "summary",
        "access",
    ]
    assert rows[0]["date"] == "2024-09-30"
    assert rows[0]["published_on"] == "2024-10-01"
    stem = document.number.replace("/", "-")  # CWG-COP-21/INF/7 is CWG-COP-21-INF-7
    assert rows[0]["files"] == (
        f"{SITE}/en/files/{english.pk}/{stem}-en.pdf {SITE}/en/files/{french.pk}/{stem}-fr.pdf"
    )
    assert rows[0]["url"] == f"{SITE}/en/cwg-cop/documents/{document.number}/"


@pytest.mark.parametrize(("limit", "streamed"), [(10_000_000, False), (10, True)])
def test_json_holds_the_same_record_whole_or_streamed(client, site, settings, limit, streamed):
    settings.KEPT_EXPORT_BYTES = limit
    (document,) = _published(1, files=1)
    (french,) = document.files.all()  # the first of _published's languages

    response = client.get("/en/cwg-cop/documents.json")

    data = json.loads(response.getvalue())
    assert response.streaming is streamed
    assert data["count"] == 1
    stem = document.number.replace("/", "-")
    assert data["documents"][0]["files"] == [f"{SITE}/en/files/{french.pk}/{stem}-fr.pdf"]
    assert data["documents"][0]["date"] == "2024-09-30"
    assert data["documents"][0]["countries"] == ["IT"]


def test_json_of_an_empty_list_is_valid(client):
    response = client.get("/en/cwg-cop/documents.json")

    assert json.loads(response.getvalue()) == {"count": 0, "documents": []}


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        response.getvalue()
    return len(queries)


@pytest.mark.parametrize("url", ["/en/cwg-cop/documents.csv", "/en/cwg-cop/documents.json"])
def test_export_queries_do_not_grow_with_the_rows_or_the_chunks(client, monkeypatch, url):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 2)
    _published(2, partner=True)  # one chunk
    two = _queries_for(client, url)
    _published(5, partner=True)  # seven documents now in four chunks, fourteen files

    seven = _queries_for(client, url)

    assert seven == two


def test_export_lists_sources_in_their_order_topics_by_name_files_by_language(client, site):
    (document,) = _published(1, partner=True)
    # The partner comes first: the order of the links, not of the names nor of their rows.
    document.document_sources.filter(source__slug="partner").update(order=0)
    document.document_sources.filter(source__slug="italy").update(order=1)
    english, french = document.files.order_by("language")

    rows = _rows(client.get("/en/cwg-cop/documents.csv"))
    data = json.loads(client.get("/en/cwg-cop/documents.json").getvalue())

    assert rows[0]["sources"] == "Partner; Italy"
    assert rows[0]["countries"] == "IT"
    assert rows[0]["topics"] == "Education; Online safety"
    assert data["documents"][0]["sources"] == ["Partner", "Italy"]
    assert data["documents"][0]["topics"] == ["Education", "Online safety"]
    stem = document.number.replace("/", "-")
    assert data["documents"][0]["files"] == [
        f"{SITE}/en/files/{english.pk}/{stem}-en.pdf",
        f"{SITE}/en/files/{french.pk}/{stem}-fr.pdf",
    ]


def test_export_links_only_the_files_anyone_may_download(client, site):
    (document,) = _published(1)
    english, french = document.files.order_by("language")
    DocumentFile.objects.filter(pk=french.pk).update(access=DocumentFile.Access.MEMBERS)

    rows = _rows(client.get("/en/cwg-cop/documents.csv"))
    data = json.loads(client.get("/en/cwg-cop/documents.json").getvalue())

    english_url = f"{SITE}/en/files/{english.pk}/{document.number.replace('/', '-')}-en.pdf"
    assert rows[0]["files"] == english_url
    assert data["documents"][0]["files"] == [english_url]


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_export_links_are_the_pages_own_addresses_whatever_the_number_and_name(
    client, site, language
):
    meeting = MeetingFactory(number=22)
    numbered = DocumentFactory(
        meeting=meeting,
        sources=[MemberStateFactory()],
        status="published",
        number="CWG-COP-22/INF/3(Rev.1) 50%+#?",
        published_at=datetime.datetime(2027, 1, 14, tzinfo=datetime.UTC),
    )
    unnumbered = DocumentFactory(
        meeting=meeting,
        sources=numbered.sources.all(),
        status="published",
        number="",
        published_at=datetime.datetime(2027, 1, 15, tzinfo=datetime.UTC),
    )
    attach_pdf(numbered)
    DocumentFile.objects.filter(document=numbered).update(
        original_name="Safer Internet Day (2027) № 5, 50%+#?.pdf"
    )
    rows = _rows(client.get(f"/{language}/cwg-cop/documents.csv?sort=number"))

    with translation.override(language):
        expected = {
            (SITE + numbered.get_absolute_url(), SITE + numbered.files.get().get_absolute_url()),
            (SITE + unnumbered.get_absolute_url(), ""),
        }
    assert {(row["url"], row["files"]) for row in rows} == expected
