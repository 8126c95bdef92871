"""The report's Word address serves the report's Word file only to whom its own address
serves it: a members-only file is refused to the public there too.

A report issued as a document of its own (an archived report) leads those who may not
download its Word file to its page; a report published from the records, whose stored
Word file the secretariat made members-only since, to its HTML page, which then links no
Word file for them.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from contributions import services
from contributions.models import AccessLevel, Document, DocumentFile, Source
from contributions.storage import DOCX_CONTENT_TYPE
from meetings.models import Meeting
from meetings.services import publish_meeting_report
from tests.contributions import corpus
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory

pytestmark = pytest.mark.django_db

WORD = "/en/cwg-cop/meetings/1/report.docx"
PAGE = "/en/cwg-cop/meetings/1/report/"
# Who may download a members-only file: the members (a Member State's delegate, the
# secretariat, the chair); not the public, nor the delegate of a civil-society source.
MAY_DOWNLOAD = {
    "anonymous": False,
    "non_member": False,
    "delegate": True,
    "secretariat": True,
    "chair": True,
}


@pytest.fixture
def held(db):
    day = datetime.date(2010, 1, 1)
    return MeetingFactory(
        number=1,
        document_prefix="WG-CP",
        status=Meeting.Status.HELD,
        start_date=day,
        end_date=day,
    )


def _client(cast, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("role", list(MAY_DOWNLOAD))
def test_members_only_word_file_of_an_issued_report(held, cast, role):
    report = DocumentFactory(
        meeting=held,
        kind=Document.Kind.REPORT,
        number="WG-CP/1/16",
        title="Report of the first meeting",
        status=Document.Status.PUBLISHED,
        published_at=timezone.now(),
        from_archive=True,
        sources=[SourceFactory()],
    )
    content = corpus.docx_bytes()
    word = DocumentFile.objects.create(
        document=report,
        language="en",
        file=ContentFile(content, name="report.docx"),
        original_name="Participants.docx",
        size=len(content),
        sha256="1" * 64,
        content_type=DOCX_CONTENT_TYPE,
        access=AccessLevel.MEMBERS,
    )
    client = _client(cast, role)

    own_address = client.get(word.get_absolute_url())
    response = client.get(WORD)

    if MAY_DOWNLOAD[role]:
        assert (own_address.status_code, response.status_code) == (200, 200)
        assert _body(response) == content
    else:
        assert (own_address.status_code, response.status_code) == (403, 302)
        assert response["Location"] == report.get_absolute_url()


@pytest.mark.parametrize("role", list(MAY_DOWNLOAD))
def test_published_report_whose_word_file_was_made_members_only(held, cast, role):
    SourceFactory(kind=Source.Kind.ITU_SECRETARIAT, name="ITU BDT", slug="itu-bdt")
    report = publish_meeting_report(meeting=held, by=cast["secretariat"])
    (word,) = DocumentFile.objects.filter(document=report)
    services.set_file_access(document_file=word, access=AccessLevel.MEMBERS, by=cast["secretariat"])
    client = _client(cast, role)

    response = client.get(WORD)
    page = client.get(PAGE).content.decode()

    link = f'href="{word.get_absolute_url()}"'
    if MAY_DOWNLOAD[role]:
        assert response.status_code == 200
        assert _body(response) == word.file.open("rb").read()
        assert link in page
    else:
        assert (response.status_code, response["Location"]) == (302, PAGE)
        assert "Download this report as a Word document (DOCX)" not in page
        assert link not in page
