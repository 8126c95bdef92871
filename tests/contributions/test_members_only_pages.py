"""The public doors of a members-only document: its page, its file, the lists, search, the
exports, the feed, the sitemap, the meeting's ZIP and report.

A members-only document is listed with its number, title and sources and a "Members
only" mark; its files' names, bytes and text reach members only.
"""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile

from contributions.models import Document, DocumentFile
from contributions.search import refresh_search_index
from contributions.storage import DOCX_CONTENT_TYPE
from meetings.models import Meeting
from tests.contributions import corpus
from tests.contributions.admin_pages import page_text
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Numbatwhisper-participants.pdf"
# The name the file is offered under: its document's number, CWG-COP-22/INF/1, in English.
OFFERED_NAME = "CWG-COP-22-INF-1-en.pdf"
SECRET_WORD = "dugong"
MEMBER_ROLES = ["delegate", "other_delegate", "secretariat", "chair"]
OUTSIDERS = ["anonymous", "non_member"]


def _as(client, cast, role):
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def listed(document_in):
    """A published members-only Italian document whose file has a telling name and text."""
    document = document_in("published", access=Document.Access.MEMBERS, title="Participants")
    DocumentFile.objects.filter(document=document).update(
        original_name=SECRET_NAME, text=f"The {SECRET_WORD} census of the participants."
    )
    refresh_search_index(document_ids=[document.pk])
    return document


@pytest.mark.parametrize("role", OUTSIDERS)
def test_document_page_hides_file_names_from_outsiders(client, cast, listed, role):
    response = _as(client, cast, role).get(listed.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert SECRET_NAME not in body
    assert listed.files.get().get_absolute_url() not in body
    assert "Members only" in page_text(response)
    assert ("Sign in to download them" in body) is (role == "anonymous")


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_document_page_links_the_file_for_members(client, cast, listed, role):
    response = _as(client, cast, role).get(listed.get_absolute_url())

    body = response.content.decode()
    assert f'<a href="{listed.files.get().get_absolute_url()}" download>' in body
    assert f"<bdi>{OFFERED_NAME}</bdi>" in body
    assert "You may download them as a member." in page_text(response)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 403),
        ("non_member", 403),
        ("delegate", 200),
        ("other_delegate", 200),
        ("secretariat", 200),
        ("chair", 200),
    ],
)
def test_members_only_file_download_by_role(client, cast, listed, role, status):
    response = _as(client, cast, role).get(listed.files.get().get_absolute_url())

    assert response.status_code == status
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_members_only_file_page_for_anonymous_offers_to_sign_in(client, listed):
    response = client.get(listed.files.get().get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 403
    assert SECRET_NAME not in body
    assert "This file is for members only" in page_text(response)
    assert f'href="/admin/login/?next={listed.get_absolute_url()}"' in body


def test_members_only_file_page_tells_a_non_member_why(client, cast, listed):
    client.force_login(cast["non_member"])

    response = client.get(listed.files.get().get_absolute_url())

    assert "Your account does not represent a member." in page_text(response)
    assert "/admin/login/" not in response.content.decode()


def test_members_only_file_of_an_unpublished_document_stays_404(client, cast, document_in):
    document_file = document_in("accepted", access=Document.Access.MEMBERS).files.get()
    client.force_login(cast["other_delegate"])

    response = client.get(document_file.get_absolute_url())

    assert response.status_code == 404


def test_list_marks_a_members_only_document(client, listed):
    response = client.get("/en/cwg-cop/documents/")

    assert 'class="badge badge-members">Members only</span>' in response.content.decode()
    assert [document.number for document in response.context["documents"]] == [listed.number]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_search_does_not_match_members_only_text_for_outsiders(client, cast, listed, role):
    response = _as(client, cast, role).get(f"/en/cwg-cop/documents/?q={SECRET_WORD}")

    assert list(response.context["documents"]) == []


@pytest.mark.parametrize("role", ["other_delegate", "secretariat"])
def test_search_matches_and_shows_members_only_text_to_members(client, cast, listed, role):
    response = _as(client, cast, role).get(f"/en/cwg-cop/documents/?q={SECRET_WORD}")

    documents = response.context["documents"]
    assert [document.number for document in documents] == [listed.number]
    assert f"<mark>{SECRET_WORD}</mark>" in str(documents[0].snippet)


def test_search_finds_a_members_only_document_by_its_title_without_its_text(client, cast, listed):
    client.force_login(cast["non_member"])

    response = client.get("/en/cwg-cop/documents/?q=participants")

    documents = response.context["documents"]
    assert [document.number for document in documents] == [listed.number]
    assert SECRET_WORD not in str(documents[0].snippet)


def test_search_of_a_public_document_leaves_out_its_members_only_file(client, document_in):
    document = document_in("published", title="Annual report")
    annex = DocumentFile.objects.create(
        document=document,
        language="fr",
        file=ContentFile(b"%PDF-1.4", name="annex.pdf"),
        original_name="annex.pdf",
        size=8,
        sha256="1" * 64,
        content_type="application/pdf",
        text=f"The {SECRET_WORD} annex.",
        access=DocumentFile.Access.MEMBERS,
    )
    refresh_search_index(document_ids=[document.pk])

    response = client.get(f"/en/cwg-cop/documents/?q={SECRET_WORD}")
    page = client.get(document.get_absolute_url()).content.decode()

    assert list(response.context["documents"]) == []
    assert annex.get_absolute_url() not in page
    assert document.files.get(language="en").get_absolute_url() in page


def test_exports_list_the_document_with_its_access_and_no_file(client, listed):
    records = json.loads(_body(client.get("/en/cwg-cop/documents.json")))["documents"]
    csv_text = _body(client.get("/en/cwg-cop/documents.csv")).decode()

    assert [(record["number"], record["access"]) for record in records] == [
        (listed.number, "members")
    ]
    assert csv_text.splitlines()[0].endswith(",summary,access")
    assert SECRET_NAME not in csv_text
    assert SECRET_WORD not in csv_text + json.dumps(records)


def test_feed_and_sitemap_name_the_document_but_not_its_file(client, listed):
    feed = _body(client.get("/en/cwg-cop/feeds/documents.atom")).decode()
    sitemap = _body(client.get("/sitemap.xml")).decode()

    assert listed.number in feed
    assert listed.get_absolute_url() in sitemap
    assert SECRET_NAME not in feed + sitemap
    assert "/files/" not in feed + sitemap


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", []),
        ("non_member", []),
        ("other_delegate", [OFFERED_NAME]),
        ("secretariat", [OFFERED_NAME]),
    ],
)
def test_meeting_zip_holds_members_only_files_for_members(client, cast, listed, role, expected):
    response = _as(client, cast, role).get(
        f"/en/cwg-cop/meetings/{listed.meeting.number}/files.zip"
    )

    names = zipfile.ZipFile(io.BytesIO(_body(response))).namelist()
    assert [name.rsplit("/", 1)[-1] for name in names] == expected
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("non_member", 404), ("other_delegate", 200), ("chair", 200)],
)
def test_members_only_meeting_report_is_the_members(client, cast, italy, role, status):
    meeting = MeetingFactory(number=21, status=Meeting.Status.HELD)
    report = DocumentFactory(
        meeting=meeting,
        kind=Document.Kind.REPORT,
        sources=[italy],
        published=True,
        access=Document.Access.MEMBERS,
    )
    # Published as a document of its own, with its Word file.
    DocumentFile.objects.create(
        document=report,
        language="en",
        file=ContentFile(corpus.docx_bytes(), name="report.docx"),
        original_name="report.docx",
        size=1,
        sha256="0" * 64,
        content_type=DOCX_CONTENT_TYPE,
    )
    client = _as(client, cast, role)

    report_page = client.get(f"/en/cwg-cop/meetings/{meeting.number}/report/")
    word = client.get(f"/en/cwg-cop/meetings/{meeting.number}/report.docx")
    page = client.get(meeting.get_absolute_url()).content.decode()

    # A report issued as a document of its own: the report address leads to its page.
    assert report_page.status_code == (302 if status == 200 else 404)
    assert word.status_code == status
    if status == 200:
        assert report_page["Location"] == report.get_absolute_url()
        assert word["Content-Disposition"] == (
            f'attachment; filename="{report.number.replace("/", "-")}-en.docx"'
        )
    assert (f"/en/cwg-cop/meetings/{meeting.number}/report/" in page) is (status == 200)
