"""A real PDF, read by the extraction service, checked against its document's record."""

import pytest

from contributions import services
from contributions.files.record_check import sentences
from tests.record_check.conftest import HEADER, header_pdf, store_pdf

pytestmark = pytest.mark.django_db


def test_a_pdf_that_agrees_with_its_record_keeps_no_difference(submitted):
    document_file = store_pdf(submitted, header_pdf())

    services.extract_file_text(document_file=document_file)

    document_file.refresh_from_db()
    assert (document_file.extraction_status, document_file.record_differences) == ("done", [])


def test_a_pdf_printing_another_number_and_date_keeps_both_differences(submitted):
    lines = [
        {"Document WG-CP-2/3-E": "Document WG-CP-2/2-E", "30th September 2015": "2015-09-29"}.get(
            line, line
        )
        for line in HEADER
    ]
    document_file = store_pdf(submitted, header_pdf(lines))

    services.extract_file_text(document_file=document_file)

    document_file.refresh_from_db()
    assert document_file.record_differences == [
        {"field": "number", "file_says": "WG-CP-2/2", "record_says": "WG-CP/2/3"},
        {"field": "date", "file_says": "2015-09-29", "record_says": "2015-09-30"},
    ]
    assert sentences(document_file.record_differences) == [
        "The file says WG-CP-2/2; the record says WG-CP/2/3.",
        "The file is dated 29 September 2015; the record says 30 September 2015.",
    ]


def test_a_file_whose_text_could_not_be_read_keeps_no_difference(submitted):
    document_file = store_pdf(submitted, b"%PDF-1.4\nnot a real PDF")

    services.extract_file_text(document_file=document_file)

    document_file.refresh_from_db()
    assert (document_file.extraction_status, document_file.record_differences) == ("failed", [])
