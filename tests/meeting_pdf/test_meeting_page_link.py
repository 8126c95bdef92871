"""The meeting page offers its documents in one PDF, beside the ZIP of their files."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_meeting_page_links_its_documents_in_one_pdf(client, demo):
    page = client.get("/en/cwg-cop/meetings/21/").content.decode()

    assert (
        '<li><a href="/en/cwg-cop/meetings/21/documents.pdf" type="application/pdf">'
        "All documents in one PDF, with a table of contents</a></li>"
    ) in page


def test_a_meeting_without_published_documents_offers_no_pdf(client, demo):
    page = client.get("/en/cwg-cop/meetings/22/").content.decode()

    assert "documents.pdf" not in page
