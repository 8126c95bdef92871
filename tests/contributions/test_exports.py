"""The CSV and JSON of any filtered list, and a meeting's ZIP of files (the feeds and the
calendars have their own tests)."""

import csv
import io
import json
import zipfile

import pytest

from contributions.exports import spreadsheet_safe
from contributions.models import Document, DocumentFile

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_csv_of_a_filtered_list(client, demo, settings):
    settings.SITE_URL = "https://documents.example.org"

    response = client.get("/en/cwg-cop/documents.csv?country=IT&country=IL")

    text = _body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cwg-cop-documents.csv"'
    assert sorted(row["number"] for row in rows) == ["CWG-COP-21/INF/1", "CWG-COP-21/INF/2"]
    italy = next(row for row in rows if row["number"] == "CWG-COP-21/INF/1")
    assert italy["sources"] == "Italy"
    assert italy["countries"] == "IT"
    assert italy["languages"] == "en; fr"
    assert italy["url"] == "https://documents.example.org/en/cwg-cop/documents/CWG-COP-21/INF/1/"


def test_csv_neutralises_formulas(client, demo):
    Document.objects.filter(number="CWG-COP-21/INF/1").update(title='=HYPERLINK("http://x")')

    response = client.get("/en/cwg-cop/documents.csv?country=IT")

    rows = list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        (" =1+1", "' =1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\r\n+1", "'\r\n+1"),
        ("\u00a0=A1", "'\u00a0=A1"),
        ("\u3000@SUM(A1)", "'\u3000@SUM(A1)"),
        ("\u2003\u200b-1", "'\u2003\u200b-1"),
        ("\ufeff=A1", "'\ufeff=A1"),
        ("\x00=A1", "'\x00=A1"),
        ("\x1fx", "'\x1fx"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("\ufe661", "'\ufe661"),
        ("\u22121", "'\u22121"),
        ("  Plain text", "  Plain text"),
        ("Plain", "Plain"),
        ("a=b", "a=b"),
        ("2024-10-01", "2024-10-01"),
        (["a", "b"], "a; b"),
        (None, ""),
    ],
)
def test_spreadsheet_safe(value, cell):
    assert spreadsheet_safe(value) == cell


def test_json_of_a_search(client, demo):
    response = client.get("/en/cwg-cop/documents.json?q=INF/5")

    data = json.loads(_body(response))
    assert response["Content-Type"] == "application/json"
    assert data["count"] == 1
    assert data["documents"][0]["number"] == "CWG-COP-21/INF/5"
    assert data["documents"][0]["sources"] == ["Serbia"]
    assert data["documents"][0]["meeting"] == 21
    assert data["documents"][0]["topics"] == [
        "Cyberbullying and harassment",
        "Digital literacy and awareness",
        "Reporting mechanisms and helplines",
    ]


def test_json_never_lists_unpublished_documents(client, demo):
    response = client.get("/en/cwg-cop/documents.json")

    numbers = {document["number"] for document in json.loads(_body(response))["documents"]}
    # The 21st meeting's 21 documents and its report.
    assert len(numbers) == 22
    assert Document.objects.exclude(status="published").count() == 3


def test_meeting_zip_holds_every_published_file(client, demo):
    response = client.get("/en/cwg-cop/meetings/21/files.zip")

    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    names = archive.namelist()
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="CWG-COP-21-documents.zip"'
    assert len(names) == DocumentFile.objects.filter(document__meeting__number=21).count()
    assert "CWG-COP-21-INF-1/CWG-COP-21-INF-1-en.pdf" in names
    assert archive.read("CWG-COP-21-INF-1/CWG-COP-21-INF-1-en.pdf").startswith(b"%PDF-")
    assert archive.testzip() is None


def test_meeting_zip_leaves_out_unpublished_files(client, demo):
    response = client.get("/en/cwg-cop/meetings/22/files.zip")

    assert zipfile.ZipFile(io.BytesIO(_body(response))).namelist() == []


def test_meeting_outputs_of_unknown_meeting_are_not_found(client, demo):
    statuses = [
        client.get(url).status_code
        for url in ["/en/cwg-cop/meetings/99.ics", "/en/cwg-cop/meetings/99/files.zip"]
    ]

    assert statuses == [404, 404]
