"""An Italian document waiting for review, and PDFs printing an ITU first-page header."""

import datetime

import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF

from contributions.models import Document, DocumentFile
from tests.contributions.conftest import israel, italy, meeting, member_of  # noqa: F401
from tests.contributions.corpus import FIXED_DATETIME
from tests.factories import DocumentFactory

# The header of an information document as the Council working group prints it.
HEADER = (
    "Council Working Group on Child Online Protection",
    "Document WG-CP-2/3-E",
    "30th September 2015",
    "Original: English",
    "English only",
    "SOURCE: Italy",
    "TITLE: Safer Internet Day in Italy",
    "1 Introduction",
    "Source: a survey of schools carried out in 2014.",
)


def header_pdf(lines=HEADER) -> bytes:
    """A PDF made with fpdf2, as the test corpus makes them: one line of text each."""
    document = FPDF()
    document.set_creation_date(FIXED_DATETIME)
    document.add_page()
    document.set_font("helvetica", size=12)
    for line in lines:
        document.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


@pytest.fixture
def secretary(db):
    return member_of("Secretariat", username="secretary")


@pytest.fixture
def submitted(meeting, italy):  # noqa: F811 -- the fixtures imported above
    """A submitted Italian document whose record agrees with HEADER, issued in English only."""
    return DocumentFactory(
        meeting=meeting,
        sources=[italy],
        status=Document.Status.SUBMITTED,
        submitted_at=datetime.datetime(2015, 9, 30, 9, tzinfo=datetime.UTC),
        number="WG-CP/2/3",
        numbered_by="",
        document_date=datetime.date(2015, 9, 30),
        languages="en",
        english_only_label=True,
        original_language="en",
        title="Safer Internet Day in Italy",
    )


def store_pdf(document: Document, content: bytes, *, language: str = "en") -> DocumentFile:
    """A stored file written directly, its text not yet read: arrangement, not the service."""
    return DocumentFile.objects.create(
        document=document,
        language=language,
        file=ContentFile(content, name="contribution.pdf"),
        original_name="contribution.pdf",
        size=len(content),
        sha256="0" * 64,
        content_type="application/pdf",
    )
