"""The public pages show published documents, and nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.models import Document, DocumentFile
from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/cwg-cop/",
        "/en/cwg-cop/documents/",
        "/en/cwg-cop/documents/?meeting=21&kind=information&country=IT",
        "/en/countries/",
        "/en/countries/it/",
        "/en/cwg-cop/meetings/",
        "/en/cwg-cop/meetings/21/",
        "/en/cwg-cop/meetings/22/",
        "/en/cwg-cop/documents/CWG-COP-21/INF/1/",
        "/en/sources/oecd/",
        "/en/cwg-cop/topics/digital-literacy-awareness/",
    ],
)
def test_public_page_answers(client, demo, url):
    response = client.get(url)

    assert response.status_code == 200


def test_country_page_lists_that_country_only(client, demo):
    italy = Document.objects.get(meeting__number=21, sources__slug="italy")
    israel = Document.objects.get(meeting__number=21, sources__slug="israel")

    response = client.get("/en/countries/it/")

    assert italy.title in _text(response)
    assert israel.title not in _text(response)


def test_country_page_code_is_case_insensitive(client, demo):
    response = client.get("/en/countries/IT/", follow=True)

    assert response.redirect_chain == [("/en/countries/it/", 301)]
    assert "Interinstitutional Consultative Committee" in _text(response)


def test_country_page_unknown_code_is_not_found(client, demo):
    response = client.get("/en/countries/xx/")

    assert response.status_code == 404


def test_country_list_counts_documents(client, demo):
    response = client.get("/en/countries/")

    states = [state for region in response.context["regions"] for state in region.states]
    assert [
        (state.name, state.published_count)
        for state in states
        if state.name in {"Italy", "Armenia"}
    ] == [
        ("Armenia", 1),
        ("Italy", 1),
    ]
    assert len(states) == 14


def test_meeting_page_marks_croatia_not_presented(client, demo):
    response = client.get("/en/cwg-cop/meetings/21/")

    presentations = {p.order: p for p in response.context["presentations_page"].object_list}
    croatia = presentations[4]
    assert croatia.get_status_display() == "Not presented: no representative present"
    assert 'id="presentation-4"' in _text(response)
    # Croatia's and North Macedonia's presentations (the filters offer the status too).
    absent = '<span class="badge badge-absent">Not presented: no representative present</span>'
    assert _text(response).count(absent) == 2
    assert len(presentations) == 23


def test_meeting_page_lists_every_presentation_with_its_status(client, demo):
    response = client.get("/en/cwg-cop/meetings/21/")

    page = _text(response)
    assert page.count('class="badge badge-presented"') == 19
    assert page.count('class="badge badge-not_held"') == 1
    assert page.count('class="badge badge-oral"') == 1
    assert "Oral presentation from Greece" in page


def test_documents_filter_by_country_and_kind(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=IT&country=IL")

    numbers = sorted(document.number for document in response.context["documents"])
    assert numbers == ["CWG-COP-21/INF/1", "CWG-COP-21/INF/2"]


def test_unpublished_documents_appear_on_no_public_page(client, demo):
    unpublished = list(Document.objects.exclude(status="published"))
    urls = [
        "/en/cwg-cop/",
        "/en/cwg-cop/documents/",
        "/en/countries/",
        "/en/countries/it/",
        "/en/countries/il/",
        "/en/cwg-cop/meetings/",
        "/en/cwg-cop/meetings/22/",
        "/en/sources/oecd/",
    ]

    pages = "".join(_text(client.get(url)) for url in urls)

    assert len(unpublished) == 3
    for document in unpublished:
        assert document.title not in pages


def test_unpublished_document_has_no_page_and_no_file(client, demo):
    draft = Document.objects.get(meeting__number=22, status="draft")
    draft_file = draft.files.get()

    page = client.get(f"/en/cwg-cop/documents/id/{draft.pk}/")
    download = client.get(draft_file.get_absolute_url())

    assert (page.status_code, download.status_code) == (404, 404)


def test_published_pdf_opens_in_the_browser_under_its_documents_number(client, demo):
    document_file = DocumentFile.objects.get(document__number="CWG-COP-21/INF/1", language="en")

    response = client.get(document_file.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="CWG-COP-21-INF-1-en.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_document_page_shows_sources_and_files(client, demo):
    response = client.get("/en/cwg-cop/documents/CWG-COP-21/INF/1/")

    page = _text(response)
    assert "Interinstitutional Consultative Committee for media and digital literacy" in page
    assert 'href="/en/countries/it/"' in page
    assert "English" in page
    assert "French" in page


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/en/cwg-cop/documents/",
        "/en/countries/",
        "/en/countries/it/",
        "/en/cwg-cop/meetings/1/",
        "/en/cwg-cop/meetings/",
        "/en/cwg-cop/",
    ],
)
def test_public_list_queries_do_not_grow_with_rows(client, db, url):
    meeting = MeetingFactory(number=1)
    italy = MemberStateFactory()
    partner = SourceFactory()
    DocumentFactory(meeting=meeting, published=True, sources=[italy, partner])
    one_row = _queries_for(client, url)
    for _ in range(4):
        DocumentFactory(meeting=meeting, published=True, sources=[italy, partner])

    five_rows = _queries_for(client, url)

    assert five_rows == one_row
