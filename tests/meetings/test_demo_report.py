"""The demo is the real record: the 21st meeting's report is published as it was issued,
readable by anyone, and a second load leaves it as it is."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from contributions.models import Document
from meetings.demo import load_demo
from meetings.models import PublishedReport

pytestmark = pytest.mark.django_db

TITLE = (
    "Report of the twenty-first meeting of the Council Working Group on child online "
    "protection (CWG-COP)"
)
# As meeting-21.toml records it: noon in Geneva on 31 October 2024.
ISSUED_AT = datetime.datetime(2024, 10, 31, 11, 0, tzinfo=datetime.UTC)


def test_the_21st_meeting_s_report_is_published_once_as_issued(demo):
    stored = PublishedReport.objects.get(meeting__number=21)
    document = stored.document

    assert (document.number, document.revision, document.status, document.kind) == (
        "CWG-COP-21/REP/1",
        0,
        "published",
        "report",
    )
    assert (document.title, stored.title, stored.language) == (TITLE, TITLE, "en")
    assert (document.published_at, document.document_date) == (
        ISSUED_AT,
        datetime.date(2024, 10, 31),
    )
    assert list(document.events.order_by("pk").values_list("to_status", "at")) == [
        ("draft", ISSUED_AT),
        ("submitted", ISSUED_AT),
        ("accepted", ISSUED_AT),
        ("published", ISSUED_AT),
    ]
    assert document.submitted_by == get_user_model().objects.get(username="secretariat")
    assert list(document.files.values_list("original_name", "uploaded_at")) == [
        ("CWG-COP-21-report.docx", ISSUED_AT)
    ]
    assert stored.stored_at == ISSUED_AT
    assert not Document.objects.filter(meeting__number=22, kind="report").exists()


def test_a_second_load_leaves_the_published_report_as_it_is(demo):
    before = list(PublishedReport.objects.values_list("pk", "document__number", "html"))

    again = load_demo()

    assert not again.changed_anything
    assert list(PublishedReport.objects.values_list("pk", "document__number", "html")) == before
    assert Document.objects.filter(meeting__number=21, kind="report").count() == 1


@pytest.mark.parametrize(
    ("language", "published_as"),
    [
        ("en", "Published as CWG-COP-21/REP/1 on 31 October 2024."),
        ("fr", "Publié sous le numéro CWG-COP-21/REP/1 le 31 octobre 2024."),
        ("ar", "نُشر برقم CWG-COP-21/REP/1 في 31 أكتوبر 2024."),
    ],
)
def test_anyone_reads_the_report_as_published(client, demo, language, published_as):
    response = client.get(f"/{language}/cwg-cop/meetings/21/report/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 dir="auto">{TITLE}</h1>' in page
    assert published_as in page
    assert f'<a href="/{language}/cwg-cop/documents/CWG-COP-21/REP/1/">' in page
    # The public reads the report as published, not a draft.
    assert 'class="draft-mark"' not in page
    assert '<h2 id="purpose">Purpose</h2>' in page


def test_anyone_downloads_the_report_s_word_file(client, demo):
    response = client.get("/en/cwg-cop/meetings/21/report.docx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="CWG-COP-21-REP-1-en.docx"'


def test_the_document_list_and_the_meeting_page_show_the_report_as_published(client, demo):
    listed = client.get("/en/cwg-cop/documents/?meeting=21").content.decode()
    meeting_page = client.get("/en/cwg-cop/meetings/21/").content.decode()

    report_link = f'<a href="/en/cwg-cop/documents/CWG-COP-21/REP/1/">{TITLE}</a>'
    assert '<p class="result-count" role="status">22 documents</p>' in listed
    assert report_link in listed
    assert "<bdi>CWG-COP-21/REP/1</bdi>" in listed
    assert report_link in meeting_page
    assert client.get("/en/cwg-cop/documents/CWG-COP-21/REP/1/").status_code == 200


def test_the_api_gives_the_report_as_published(client, demo):
    response = client.get("/api/v1/documents/by-number", {"number": "CWG-COP-21/REP/1"})

    data = response.json()
    assert response.status_code == 200
    assert (data["number"], data["kind"], data["status"], data["title"]) == (
        "CWG-COP-21/REP/1",
        "report",
        "published",
        TITLE,
    )
    assert (data["date"], data["published_at"]) == ("2024-10-31", "2024-10-31T11:00:00Z")
    assert [source["slug"] for source in data["sources"]] == ["itu-bdt"]
    assert [file["name"] for file in data["files"]] == ["CWG-COP-21-REP-1-en.docx"]
    assert data["history"][-1] == {"event": "published", "at": "2024-10-31T11:00:00Z"}
