"""A file that cannot go into the meeting's PDF is named in the contents with why, and the
rest is built; an earlier PDF of the meeting is removed once a new one is stored."""

import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from contributions.models import Document
from contributions.visibility import PUBLIC_AUDIENCE
from meetings.meeting_pdf import build_meeting_pdf, kept_plan
from tests.factories import DocumentFactory, MeetingFactory
from workinggroups.models import WorkingGroup, default_group

from .conftest import attach, made_pdf

pytestmark = pytest.mark.django_db

ADDRESS = "/en/cwg-cop/meetings/40/documents.pdf"


def _contents(client) -> tuple[int, str]:
    response = client.get(ADDRESS)
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return len(reader.pages), " ".join(reader.pages[1].extract_text().split())


def test_a_file_over_the_page_limit_is_left_out(client, meeting, settings):
    settings.MEETING_PDF_MAX_FILE_PAGES = 25

    pages, contents = _contents(client)

    assert pages == 1 + 1 + 2 + 22
    assert "CWG-COP-40/INF/1 Long report Italy not included: its PDF file has too many pages" in (
        contents
    )


def test_files_past_the_whole_pdfs_page_limit_are_left_out(client, meeting, settings):
    settings.MEETING_PDF_MAX_PAGES = 31

    pages, contents = _contents(client)

    # The remarks (2 pages) go in first; the report (30) would pass 31; the French one fits.
    assert pages == 1 + 1 + 2 + 22
    assert (
        "CWG-COP-40/INF/1 Long report Italy "
        "not included: the PDF of the meeting has reached its page limit"
    ) in contents


def test_a_file_that_is_no_pdf_is_left_out_and_the_rest_is_built(client, meeting):
    report = Document.objects.get(number="CWG-COP-40/INF/1")
    stored = report.files.get()
    with default_storage.open(stored.file.name, "wb") as broken:
        broken.write(b"%PDF-1.7\nthis is not a PDF at all")

    pages, contents = _contents(client)

    assert pages == 1 + 1 + 2 + 22
    assert "CWG-COP-40/INF/1 Long report Italy not included: its PDF file could not be read" in (
        contents
    )


def test_a_new_pdf_of_the_meeting_replaces_the_earlier_one_in_storage(client, meeting):
    _contents(client)
    added = DocumentFactory(
        meeting=meeting, published=True, sequence=6, number="CWG-COP-40/INF/6", title="Late one"
    )
    attach(added, made_pdf("A late document"))

    pages, _text = _contents(client)

    _folders, names = default_storage.listdir(f"meeting-pdfs/{meeting.pk}")
    assert pages == 1 + 1 + 2 + 30 + 22 + 1
    assert len(names) == 1
    assert names[0].startswith("public-")


def test_two_groups_meetings_of_the_same_number_keep_their_own_pdfs(meeting):
    default_group()
    group = WorkingGroup.objects.create(slug="cwg-test", acronym="CWG-TEST", name="Tests")
    theirs = MeetingFactory(number=40, group=group)
    attach(
        DocumentFactory(meeting=theirs, published=True, sequence=1, number="CWG-TEST-40/INF/1"),
        made_pdf("Theirs"),
    )

    stored = [
        build_meeting_pdf(kept_plan(each, PUBLIC_AUDIENCE), each) for each in (meeting, theirs)
    ]

    assert len(set(stored)) == 2
    assert [default_storage.exists(name) for name in stored] == [True, True]
