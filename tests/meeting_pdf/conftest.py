"""A held meeting with two agenda items and five published documents: PDFs from real
producers and made here, a Word-only document, a members-only one, one in two languages."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF

from contributions.models import Document, DocumentFile, Source
from contributions.storage import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from meetings.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    SourceFactory,
    UserFactory,
)

PRODUCERS = Path(__file__).resolve().parent.parent / "contributions" / "data" / "producers"
MEMBERS_WORD = "Numbatwhisper"


def made_pdf(*lines: str) -> bytes:
    """A PDF made with fpdf2, one page for each line."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))
    for line in lines:
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(text=line)
    return bytes(pdf.output())


def attach(document: Document, content: bytes, *, language="en", kind=PDF_CONTENT_TYPE, **fields):
    extension = "pdf" if kind == PDF_CONTENT_TYPE else "docx"
    return DocumentFile.objects.create(
        document=document,
        language=language,
        file=ContentFile(content, name=f"file.{extension}"),
        original_name=f"{document.title}-{language}.{extension}",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=kind,
        extraction_status=DocumentFile.Extraction.DONE,
        **fields,
    )


@pytest.fixture
def italy():
    return SourceFactory(kind=Source.Kind.MEMBER_STATE, name="Italy", slug="italy", country="IT")


@pytest.fixture
def helplines():
    return SourceFactory(kind=Source.Kind.CIVIL_SOCIETY, name="Child Helpline Network")


@pytest.fixture
def member(italy):
    """Italy's delegate: a member of ITU."""
    user = UserFactory(username="delegate-italy")
    italy.delegates.add(user)
    return user


@pytest.fixture
def meeting(italy, helplines):
    meeting = MeetingFactory(
        number=40,
        start_date=datetime.date(2026, 9, 29),
        end_date=datetime.date(2026, 9, 30),
        venue="Geneva, Switzerland",
        status=Meeting.Status.HELD,
    )
    first = AgendaItemFactory(meeting=meeting, order=1, title="Opening")
    second = AgendaItemFactory(meeting=meeting, order=2, title="Contributions")

    def document(sequence, title, item, sources, **fields):
        return DocumentFactory(
            meeting=meeting,
            published=True,
            sequence=sequence,
            number=f"CWG-COP-40/INF/{sequence}",
            title=title,
            agenda_item=item,
            sources=sources,
            **fields,
        )

    # Numbered 1 to 5; the agenda files them 2 and 4 (item 1), 1 (item 2), then 3 and 5.
    report = document(1, "Long report", second, [italy])
    attach(report, (PRODUCERS / "libreoffice-writer-30-pages.pdf").read_bytes())
    opening = document(2, "Opening remarks", first, [italy, helplines])
    attach(opening, made_pdf("Opening remarks in English", "Second page of the remarks"))
    attach(opening, made_pdf("Allocution d'ouverture"), language="fr")
    word = document(3, "Survey answers", None, [helplines])
    attach(
        word, (PRODUCERS / "libreoffice-writer-30-pages.docx").read_bytes(), kind=DOCX_CONTENT_TYPE
    )
    secret = document(4, "Participants", first, [italy], access=Document.Access.MEMBERS)
    attach(secret, made_pdf(f"The {MEMBERS_WORD} census of the participants"))
    french = document(5, "Rapport en francais", None, [helplines], original_language="fr")
    attach(french, (PRODUCERS / "reportlab-22-pages.pdf").read_bytes(), language="fr")
    attach(french, made_pdf("Version espagnole"), language="es")
    return meeting
