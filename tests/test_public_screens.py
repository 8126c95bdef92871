# ruff: noqa: RUF001 -- file names in Cyrillic
"""What the public pages say and how they are written: valid HTML, the sitemap, Open Graph,
empty results, the year filter and file names."""

import datetime
import re

import pytest
from django.urls import reverse

from contributions.download_names import file_download_name
from contributions.downloads import content_disposition
from contributions.files import human_size
from contributions.models import AccessLevel, Document, DocumentFile, Source
from contributions.templatetags.file_sizes import file_size
from meetings.models import Meeting
from tests.contributions.conftest import attach_pdf, member_of
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

# A moment with microseconds, as the workflow stamps it; `<time datetime>` may not hold them.
STAMP = datetime.datetime(2026, 3, 4, 10, 15, 30, 123456, tzinfo=datetime.UTC)


# ---- HTML the Nu checker accepts


def test_a_document_published_through_the_workflow_dates_it_without_microseconds(client):
    document = DocumentFactory(published=True, published_at=STAMP)

    page = client.get(f"/en/cwg-cop/documents/{document.number}/").content.decode()

    assert '<time datetime="2026-03-04T10:15:30+0000">4 March 2026</time>' in page
    assert ".123456" not in page


def test_the_review_queue_dates_submissions_without_microseconds(client):
    meeting = MeetingFactory(number=22)
    DocumentFactory(meeting=meeting, status=Document.Status.SUBMITTED, submitted_at=STAMP)
    client.force_login(member_of("Secretariat", username="secretary"))

    page = client.get(reverse("admin:contributions_document_queue")).content.decode()

    # The back office shows Geneva time.
    assert '<time datetime="2026-03-04T11:15:30+0100">4 March 2026, 11:15</time>' in page
    assert ".123456" not in page


def test_the_alerts_form_s_choice_carries_no_maxlength(client):
    page = client.get("/en/cwg-cop/alerts/").content.decode()

    select = re.search(r"<select[^>]*>", page).group(0)
    assert "maxlength" not in select


def test_the_alerts_form_still_refuses_an_overlong_choice(client):
    response = client.post(
        "/en/cwg-cop/alerts/",
        {"email": "reader@example.org", "what": "x" * 121, "frequency": "immediate"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["what"] == [
        "Ensure this value has at most 120 characters (it has 121)."
    ]


# ---- The sitemap and Open Graph


def _sitemap_reports(client) -> list[str]:
    body = client.get("/sitemap.xml").content.decode()
    return sorted(
        set(re.findall(r"<loc>http://testserver/en/cwg-cop/meetings/(\d+)/report/</loc>", body))
    )


def test_the_sitemap_lists_only_the_reports_the_public_may_read(client):
    MeetingFactory(number=21, status=Meeting.Status.HELD)
    published = MeetingFactory(number=22, status=Meeting.Status.HELD)
    members = MeetingFactory(number=23, status=Meeting.Status.HELD)
    report = DocumentFactory(meeting=published, kind=Document.Kind.REPORT, published=True)
    DocumentFactory(
        meeting=members, kind=Document.Kind.REPORT, published=True, access=AccessLevel.MEMBERS
    )

    assert _sitemap_reports(client) == ["22"]
    assert client.get("/en/cwg-cop/meetings/21/report/").status_code == 404
    # A report published without a stored version leads to its document.
    assert (
        client.get("/en/cwg-cop/meetings/22/report/")["Location"]
        == f"/en/cwg-cop/documents/{report.number}/"
    )


def _open_graph(page: str) -> dict[str, str]:
    return dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', page))


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/en/cwg-cop/", "Documents of the Council Working Group on Child Online Protection"),
        ("/en/cwg-cop/documents/", "Documents"),
        ("/en/sources/helplines/", "Child Helpline Network"),
        ("/en/cwg-cop/topics/online-safety/", "Online safety"),
        ("/en/cwg-cop/meetings/", "Meetings"),
        ("/en/cwg-cop/actions/", "Open actions"),
        ("/en/countries/", "Countries"),
        ("/en/cwg-cop/topics/", "Topics"),
    ],
)
def test_every_public_page_has_its_open_graph_tags(client, path, title):
    SourceFactory(kind=Source.Kind.CIVIL_SOCIETY, name="Child Helpline Network", slug="helplines")
    TopicFactory(name="Online safety", slug="online-safety")

    page = client.get(path).content.decode()

    tags = _open_graph(page)
    assert tags["title"] == title
    assert tags["type"] == "website"
    assert tags["site_name"] == "CWG-COP Documents"
    assert tags["url"] == f"http://testserver{path}"
    assert tags["locale"] == "en_US"
    assert f'<meta name="twitter:title" content="{title}">' in page


def test_a_page_without_a_title_of_its_own_is_shared_under_the_site_s_name(client):
    tags = _open_graph(client.get("/fr/cwg-cop/alerts/").content.decode())

    assert tags["title"] == "Documents du GTC-COP"
    assert tags["locale"] == "fr_FR"


# ---- Empty results and subjects with one document


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_empty_search_advises_and_offers_no_export(client):
    DocumentFactory(published=True, title="Safer internet day")

    page = client.get("/en/cwg-cop/documents/?q=zebra").content.decode()

    assert "To find more: check the spelling of the words searched for" in _text(page)
    assert "search for fewer or more general words" in page
    assert '<a href="/en/cwg-cop/documents/">start again without search or filters</a>' in page
    assert "remove a filter" not in page
    assert "This list as:" not in page
    assert "/en/cwg-cop/documents.csv" not in page


def test_an_empty_filtered_list_advises_to_remove_a_filter(client):
    DocumentFactory(published=True, title="Safer internet day")

    page = client.get("/en/cwg-cop/documents/?kind=contribution").content.decode()

    assert "<li>remove a filter, above</li>" in page
    assert "check the spelling" not in page
    assert "This list as:" not in page


def test_a_list_with_documents_offers_its_exports_and_no_advice(client):
    DocumentFactory(published=True, title="Safer internet day")

    page = client.get("/en/cwg-cop/documents/?kind=information").content.decode()

    assert "This list as:" in page
    assert 'href="/en/cwg-cop/documents.csv?kind=information"' in page
    assert "To find more:" not in page


def test_a_source_with_one_document_lists_it_without_counts_or_filters(client):
    source = SourceFactory(kind=Source.Kind.CIVIL_SOCIETY, name="Child Helpline Network")
    DocumentFactory(published=True, title="Helplines in 2025", sources=[source])

    page = client.get(f"/en/sources/{source.slug}/").content.decode()

    assert "Child Helpline Network has one published document:" in page
    assert "Helplines in 2025" in page
    assert "1 published document" not in page
    assert "Search and filter these documents" not in page
    assert "with-sidebar" not in page


# ---- The year filter and the calendar


def _offered_years(client) -> list[str]:
    page = client.get("/en/cwg-cop/documents/").content.decode()
    return re.findall(r'<input type="checkbox" name="year" value="(\d{4})"', page)


def test_the_year_filter_offers_only_years_with_a_published_document(client):
    for year in (2019, 2022, 2024):
        meeting = MeetingFactory(start_date=datetime.date(year, 5, 6))
        DocumentFactory(meeting=meeting, published=True)
    # A draft dated in a year between is not published: its year is not offered.
    DocumentFactory(
        meeting=MeetingFactory(start_date=datetime.date(2021, 5, 6)),
        document_date=datetime.date(2021, 5, 6),
    )

    assert _offered_years(client) == ["2024", "2022", "2019"]


def test_a_cancelled_meeting_leaves_the_calendar_free(client):
    from icalendar import Calendar

    MeetingFactory(
        number=23,
        start_date=datetime.date(2027, 9, 1),
        end_date=datetime.date(2027, 9, 1),
        status=Meeting.Status.CANCELLED,
    )
    MeetingFactory(number=24, start_date=datetime.date(2028, 3, 1))

    calendar = Calendar.from_ical(client.get("/en/cwg-cop/meetings.ics").content)

    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    cancelled = events["meeting-23@cwg-cop-documents.itu.int"]
    planned = events["meeting-24@cwg-cop-documents.itu.int"]
    assert (str(cancelled["STATUS"]), str(cancelled["TRANSP"])) == ("CANCELLED", "TRANSPARENT")
    assert (str(planned["STATUS"]), str(planned["TRANSP"])) == ("CONFIRMED", "OPAQUE")


# ---- File names and sizes


@pytest.mark.parametrize(
    ("name", "header"),
    [
        (
            "Отчёт о встрече.pdf",
            'attachment; filename="Otchet o vstreche.pdf"; filename*=UTF-8'
            "''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%D0%BE%20%D0%B2%D1%81%D1%82%D1%80%D0%B5%D1%87%D0%B5.pdf",
        ),
        (
            "Щит.docx",
            "attachment; filename=\"Shchit.docx\"; filename*=UTF-8''%D0%A9%D0%B8%D1%82.docx",
        ),
        (
            "تقرير.pdf",
            "attachment; filename=\"download.pdf\"; filename*=UTF-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf",
        ),
        ("Réunion.pdf", "attachment; filename=\"Reunion.pdf\"; filename*=UTF-8''R%C3%A9union.pdf"),
    ],
)
def test_a_name_in_cyrillic_keeps_its_words_in_ascii(name, header):
    assert content_disposition(name, inline=False) == header


def test_a_number_in_cyrillic_is_transliterated_in_the_file_name():
    assert file_download_name("Документ 5", "ru", "x.pdf") == "Dokument-5-ru.pdf"
    assert file_download_name("CWG-COP-21/3(Rev.1)", "en", "a.PDF") == "CWG-COP-21-3-Rev-1-en.pdf"


def test_the_uploaded_cyrillic_name_is_offered_whole_until_the_document_is_numbered(client):
    document = DocumentFactory(status=Document.Status.SUBMITTED)
    document_file = attach_pdf(document)
    DocumentFile.objects.filter(pk=document_file.pk).update(original_name="Отчёт.pdf")
    document_file.refresh_from_db()
    client.force_login(member_of("Secretariat", username="secretary"))

    response = client.get(document_file.get_absolute_url())

    assert response["Content-Disposition"] == (
        "inline; filename=\"Otchet.pdf\"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82.pdf"
    )


def test_a_file_size_is_written_in_decimal_units_on_the_site_and_in_the_admin():
    assert file_size(1_500_000) == human_size(1_500_000) == "1.5\xa0MB"
    assert file_size(52_428_800) == "52\xa0MB"
