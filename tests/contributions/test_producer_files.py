"""Long files from real producers (tests/contributions/data/producers): accepted, text read.

Each file starts with the heading "Report of CWG-COP 21, <edition>" and ends with the
sentence "This ends the <edition>." (README.md there says how each file was made).
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.files import extract_text, inspect_upload

PRODUCERS = Path(__file__).parent / "data" / "producers"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class ProducerFile:
    name: str
    extension: str
    content_type: str
    edition: str

    @property
    def path(self) -> Path:
        return PRODUCERS / self.name

    @property
    def heading(self) -> str:
        return f"Report of CWG-COP 21, {self.edition}"

    @property
    def closing(self) -> str:
        return f"This ends the {self.edition}."


FILES = [
    ProducerFile("libreoffice-writer-30-pages.pdf", ".pdf", PDF, "Writer edition in 30 pages"),
    ProducerFile("libreoffice-writer-300-pages.pdf", ".pdf", PDF, "Writer edition in 300 pages"),
    ProducerFile("libreoffice-writer-30-pages.docx", ".docx", DOCX, "Writer edition in 30 pages"),
    ProducerFile("fpdf2-24-pages.pdf", ".pdf", PDF, "fpdf2 edition in 24 pages"),
    ProducerFile("reportlab-22-pages.pdf", ".pdf", PDF, "ReportLab edition in 22 pages"),
    ProducerFile("pdftex-hyperref-24-pages.pdf", ".pdf", PDF, "pdfTeX edition in 24 pages"),
    ProducerFile("ghostscript-ps2pdf-12-pages.pdf", ".pdf", PDF, "PostScript edition in 12 pages"),
    ProducerFile(
        "python-docx-50-figures.docx", ".docx", DOCX, "python-docx edition with 50 figures"
    ),
    ProducerFile("openpyxl-30-sheets.xlsx", ".xlsx", XLSX, "openpyxl edition in 30 sheets"),
    ProducerFile("python-pptx-40-slides.pptx", ".pptx", PPTX, "python-pptx edition in 40 slides"),
]
SCAN = ProducerFile("scanned-8-pages.pdf", ".pdf", PDF, "")


def upload_of(producer_file: ProducerFile) -> SimpleUploadedFile:
    return SimpleUploadedFile(producer_file.name, producer_file.path.read_bytes())


@pytest.mark.parametrize("producer_file", [*FILES, SCAN], ids=lambda file: file.name)
def test_producer_file_is_accepted_as_what_it_is(producer_file):
    upload = upload_of(producer_file)

    inspected = inspect_upload(upload)

    assert (
        inspected.original_name,
        inspected.extension,
        inspected.content_type,
        inspected.size,
    ) == (
        producer_file.name,
        producer_file.extension,
        producer_file.content_type,
        producer_file.path.stat().st_size,
    )


@pytest.mark.parametrize("producer_file", FILES, ids=lambda file: file.name)
def test_producer_file_text_holds_its_first_heading_and_its_last_sentence(producer_file):
    text = extract_text(producer_file.path, content_type=producer_file.content_type)

    heading_at, closing_at = text.find(producer_file.heading), text.find(producer_file.closing)
    assert (text.count(producer_file.heading), text.count(producer_file.closing)) == (1, 1)
    assert 0 <= heading_at < closing_at


def test_producer_file_text_from_an_uploaded_stream_is_the_text_from_its_path():
    producer_file = next(file for file in FILES if file.name.startswith("ghostscript"))

    from_stream = extract_text(upload_of(producer_file), content_type=PDF)

    assert from_stream == extract_text(producer_file.path, content_type=PDF)


def test_scanned_pdf_without_a_text_layer_has_no_text():
    text = extract_text(SCAN.path, content_type=PDF)

    assert text == ""
