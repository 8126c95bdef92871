"""The meeting's documents as one PDF: the cover and contents, the bookmarks in the meeting
page's order, the files in it by edition, the conditional answers and the build."""

import io

import pytest
from django_tasks import task_backends
from pypdf import PdfReader

from contributions.models import Document
from meetings.meeting_pdf import _front_pages
from tests.factories import DocumentFactory, MeetingFactory, UserFactory
from workinggroups.models import WorkingGroup, default_group

from .conftest import MEMBERS_WORD, attach, made_pdf

pytestmark = pytest.mark.django_db

ADDRESS = "/en/cwg-cop/meetings/40/documents.pdf"
# The meeting page's order: agenda item 1 (documents 2, 4), item 2 (1), then the rest (3, 5).
HEADINGS = [
    "CWG-COP-40/INF/2 Opening remarks",
    "CWG-COP-40/INF/4 Participants",
    "CWG-COP-40/INF/1 Long report",
    "CWG-COP-40/INF/3 Survey answers",
    "CWG-COP-40/INF/5 Rapport en francais",
]


def _pdf(response) -> PdfReader:
    # Read to its end, the test client closes the answer and its file.
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def _get(client, **headers):
    """The answer with its body read and the file closed."""
    response = client.get(ADDRESS, headers=headers)
    if response.streaming:
        response.reader = _pdf(response)
    return response


def _bookmarks(reader: PdfReader) -> list[tuple[str, int]]:
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]


def _text(reader: PdfReader, pages=None) -> str:
    return "\n".join(page.extract_text() for page in (pages or reader.pages))


def test_public_edition_bookmarks_each_document_in_agenda_order(client, meeting):
    response = client.get(ADDRESS)

    reader = _pdf(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="CWG-COP-40-documents.pdf"'
    # Cover, contents; then 2 pages of remarks, 30 of the report, 22 of the French one.
    assert len(reader.pages) == 1 + 1 + 2 + 30 + 22
    # A document not in the PDF is bookmarked where the contents name it.
    assert _bookmarks(reader) == [
        (HEADINGS[0], 2),
        (HEADINGS[1], 1),
        (HEADINGS[2], 4),
        (HEADINGS[3], 1),
        (HEADINGS[4], 34),
    ]


def test_cover_names_the_meeting_and_contents_name_what_is_left_out(client, meeting):
    reader = _pdf(client.get(ADDRESS))

    cover = " ".join(reader.pages[0].extract_text().split())
    contents = " ".join(reader.pages[1].extract_text().split())
    assert cover == (
        "CWG-COP-40 Meeting 40 of the Council Working Group on Child Online Protection "
        "29 September 2026 \N{EN DASH} 30 September 2026 Geneva, Switzerland Documents of the meeting"
    )
    assert contents == (
        "Contents "
        "CWG-COP-40/INF/2 Opening remarks 3 Italy, Child Helpline Network "
        "CWG-COP-40/INF/4 Participants Italy not included: for members only "
        "CWG-COP-40/INF/1 Long report 5 Italy "
        "CWG-COP-40/INF/3 Survey answers Child Helpline Network "
        "not included: Word document, download it separately "
        "CWG-COP-40/INF/5 Rapport en francais 35 Child Helpline Network"
    )


def test_each_document_is_its_english_pdf_else_its_original_languages(client, meeting):
    reader = _pdf(client.get(ADDRESS))

    assert reader.pages[2].extract_text() == "Opening remarks in English"
    assert reader.pages[34].extract_text().splitlines()[:2] == [
        "CWG-COP 21 report, page 1",
        "Report of CWG-COP 21, ReportLab edition in 22 pages",
    ]
    assert "Allocution" not in _text(reader)
    assert "Version espagnole" not in _text(reader)


def test_public_edition_lacks_members_only_file_that_members_edition_has(client, meeting, member):
    public = _pdf(client.get(ADDRESS))
    client.force_login(member)
    members = _pdf(client.get(ADDRESS))

    assert MEMBERS_WORD not in _text(public)
    assert len(members.pages) == len(public.pages) + 1
    assert members.pages[4].extract_text() == f"The {MEMBERS_WORD} census of the participants"
    assert _bookmarks(members)[:3] == [(HEADINGS[0], 2), (HEADINGS[1], 4), (HEADINGS[2], 5)]


def test_a_signed_in_non_member_gets_the_public_edition(client, meeting, helplines):
    outsider = UserFactory(username="delegate-helplines")
    helplines.delegates.add(outsider)
    public_etag = _get(client)["ETag"]
    client.force_login(outsider)

    response = _get(client)

    assert response["ETag"] == public_etag
    assert MEMBERS_WORD not in _text(response.reader)


def test_unchanged_pdf_answers_not_modified(client, meeting):
    first = _get(client)

    again = _get(client, **{"If-None-Match": first["ETag"]})

    assert first["Last-Modified"] != ""
    assert "private" in first["Cache-Control"]
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_a_new_document_of_the_meeting_makes_a_new_pdf(client, meeting, settings):
    settings.COUNTS_CACHE_SECONDS = 300  # the plan is kept: the change must drop it
    first = _get(client)["ETag"]
    _get(client)
    added = DocumentFactory(
        meeting=meeting, published=True, sequence=6, number="CWG-COP-40/INF/6", title="Late one"
    )
    attach(added, made_pdf("A late document"))

    response = _get(client, **{"If-None-Match": first})

    assert response.status_code == 200
    assert response["ETag"] != first
    assert [title for title, _page in _bookmarks(response.reader)] == [
        *HEADINGS,
        "CWG-COP-40/INF/6 Late one",
    ]


def test_while_building_the_page_asks_to_come_back_and_queues_one_build(client, meeting, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    task_backends["default"].clear()

    first = client.get(ADDRESS)
    second = client.get(ADDRESS)

    queued = [(result.task.name, result.args[:2]) for result in task_backends["default"].results]
    assert (first.status_code, second.status_code) == (202, 202)
    assert first["Retry-After"] == "60"
    assert "The PDF of the meeting's documents is being prepared</h1>" in first.content.decode()
    assert queued == [("build_meeting_documents_pdf", [meeting.pk, "public"])]


def test_an_unreadable_pdf_is_left_out_with_its_reason(client, meeting):
    report = Document.objects.get(number="CWG-COP-40/INF/1")
    report.files.update(extraction_status="limit")

    reader = _pdf(client.get(ADDRESS))

    assert len(reader.pages) == 1 + 1 + 2 + 22
    contents = " ".join(reader.pages[1].extract_text().split())
    assert (
        "CWG-COP-40/INF/1 Long report Italy "
        "not included: its PDF file takes too long or too much memory to read"
    ) in contents


def test_no_such_meeting_is_not_found(client, db):
    assert client.get("/en/cwg-cop/meetings/99/documents.pdf").status_code == 404


def test_a_second_groups_cover_names_that_group(db):
    default_group()
    group = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Tests"
    )
    meeting = MeetingFactory(number=3, group=group)

    cover = PdfReader(io.BytesIO(_front_pages(meeting, [])[0])).pages[0].extract_text()

    assert "Meeting 3 of the Council Working Group on Tests" in " ".join(cover.split())
