"""A meeting's documents as one PDF: a cover, the contents in agenda order, then each
document's PDF file with a bookmark at its first page.

- Two editions: the public's, and the members' with the members-only files. Who reads
  which is `edition_for` (contributions.visibility.audience); which documents and files an
  edition holds is `visibility.documents_seen_by` and `files_seen_by` for its audience.
- The order is the meeting page's: the documents filed under each agenda item, item by item,
  then the rest (no item, or shared from another meeting), each group by number.
- Each document's file is its PDF in English, else in its original language, else any PDF.
  A document without one is named in the contents with why it is not included ("Word
  document, download it separately"), as is a file whose text could not be read or that
  passes the limits below. Nothing a file holds stops the build.
- Each file is read and copied page by page in a child process under the ceiling of text
  extraction (contributions/files/bounded.py); a file over DOCUMENT_FILE_MAX_BYTES, or over
  MEETING_PDF_MAX_FILE_PAGES pages, or that would take the whole past MEETING_PDF_MAX_PAGES,
  is left out.
- The PDF is stored under the meeting and a digest of everything it shows
  (`plan.storage_name`): a change to the documents or their files makes a new one. The plan
  is kept until the meeting's public view changes (cwgcop.kept, the meeting's scope).
- The cover and contents are in English, as the meeting report is issued: fpdf2 has no
  text shaping here for Arabic, and no font for Chinese can be counted on.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from contributions.files import FileRejected, LimitExceeded, ParseFailed
from contributions.files.bounded import file_on_disk, run_bounded, text_ceiling
from contributions.models import Document, DocumentFile, DocumentSource
from contributions.selectors import NUMBER_ORDER
from contributions.storage import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    PPTX_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
)
from contributions.visibility import (
    MEMBERS_AUDIENCE,
    PUBLIC_AUDIENCE,
    audience,
    documents_seen_by,
    files_seen_by,
)
from cwgcop.kept import kept_until_public_change, scope
from cwgcop.prepared import enqueue_once

from .models import Meeting

# Part of the digest: a change to how the PDF is made makes new ones.
LAYOUT_VERSION = "1"
FOLDER = "meeting-pdfs"
EDITIONS = (PUBLIC_AUDIENCE, MEMBERS_AUDIENCE)
DEFAULT_MAX_FILE_PAGES = 1000
DEFAULT_MAX_PAGES = 5000
# A font that writes every European script; where it is missing, the core font and Latin-1.
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)

# Why a document's file is not in the PDF, by key (the plan keeps keys, not sentences).
SKIPPED = {
    "word": gettext_noop("not included: Word document, download it separately"),
    "powerpoint": gettext_noop("not included: PowerPoint presentation, download it separately"),
    "excel": gettext_noop("not included: Excel workbook, download it separately"),
    "members": gettext_noop("not included: for members only"),
    "no-file": gettext_noop("not included: no file"),
    "unreadable": gettext_noop("not included: its PDF file could not be read"),
    "limit": gettext_noop("not included: its PDF file takes too long or too much memory to read"),
    "too-large": gettext_noop("not included: its PDF file is too large"),
    "too-many-pages": gettext_noop("not included: its PDF file has too many pages"),
    "full": gettext_noop("not included: the PDF of the meeting has reached its page limit"),
}
OTHER_FORMATS = {
    DOCX_CONTENT_TYPE: "word",
    PPTX_CONTENT_TYPE: "powerpoint",
    XLSX_CONTENT_TYPE: "excel",
}
UNREADABLE = {
    DocumentFile.Extraction.FAILED: "unreadable",
    DocumentFile.Extraction.LIMIT: "limit",
}


@dataclass(frozen=True)
class Entry:
    """One document of the PDF: what the contents say of it and the file that goes in."""

    number: str
    title: str
    sources: str
    file_name: str = ""  # in storage; empty when none goes in
    file_sha256: str = ""
    skipped: str = ""  # a key of SKIPPED

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Plan:
    """What one edition of a meeting's PDF holds, and where it is stored."""

    meeting_id: int
    edition: str
    entries: tuple[Entry, ...]
    digest: str

    @property
    def storage_name(self) -> str:
        # By the meeting's key: two groups' meetings may have the same number.
        return f"{FOLDER}/{self.meeting_id}/{self.edition}-{self.digest[:40]}.pdf"


def edition_for(user: Any) -> str:
    """The members' edition for a member; the public's for everyone else (a delegate who is
    not a member reads their own members-only files one by one, not in this PDF)."""
    return MEMBERS_AUDIENCE if audience(user) == MEMBERS_AUDIENCE else PUBLIC_AUDIENCE


def kept_plan(meeting: Meeting, edition: str) -> Plan:
    """The plan of an edition, kept until the meeting's public documents change."""
    return kept_until_public_change(
        f"meeting-pdf-plan:{meeting.pk}:{edition}",
        lambda: meeting_pdf_plan(meeting, edition),
        audience=edition,
        scopes=[scope("meeting", meeting.pk)],
    )


def meeting_pdf_plan(meeting: Meeting, edition: str) -> Plan:
    """The documents of an edition in the meeting page's order, each with its file or why
    it has none, and the digest of it all."""
    if edition not in EDITIONS:
        raise ValueError(f"No such edition: {edition!r}")
    documents = documents_in_agenda_order(meeting, edition)
    entries = tuple(_entry(document) for document in documents)
    digest = hashlib.sha256(
        repr(
            (LAYOUT_VERSION, meeting.pk, meeting.number, edition, _cover_facts(meeting), entries)
        ).encode()
    ).hexdigest()
    return Plan(meeting.pk, edition, entries, digest)


def documents_in_agenda_order(meeting: Meeting, edition: str) -> list[Document]:
    """The meeting's listed documents the edition shows, as the meeting page's agenda files
    them: item by item, then those under none; by number within each."""
    seen_files = files_seen_by(edition, DocumentFile.objects.defer("text"))
    documents = (
        documents_seen_by(edition, Document.objects.listed().for_meeting(meeting))
        .select_related("agenda_item")
        .prefetch_related(
            Prefetch("files", queryset=seen_files.order_by("language"), to_attr="seen_files"),
            Prefetch(
                "document_sources",
                queryset=DocumentSource.objects.select_related("source").order_by("order", "pk"),
            ),
        )
        .order_by(*NUMBER_ORDER)
    )

    def agenda_place(document: Document) -> tuple[int, int]:
        item = document.agenda_item
        if document.meeting_id == meeting.pk and item is not None:
            return (0, item.order)
        return (1, 0)

    return sorted(documents, key=agenda_place)


def _entry(document: Document) -> Entry:
    described = {
        "number": document.number,
        "title": document.title,
        "sources": ", ".join(link.source.name for link in document.document_sources.all()),
    }
    files = document.seen_files
    pdfs = [each for each in files if each.content_type == PDF_CONTENT_TYPE]
    preferred = {"en": 0, document.original_language: 1}
    pdfs.sort(key=lambda each: preferred.get(each.language, 2))
    readable = [each for each in pdfs if each.extraction_status not in UNREADABLE]
    if readable:
        chosen = readable[0]
        if chosen.size > settings.DOCUMENT_FILE_MAX_BYTES:
            return Entry(**described, skipped="too-large")
        return Entry(**described, file_name=chosen.file.name, file_sha256=chosen.sha256)
    if pdfs:
        return Entry(**described, skipped=UNREADABLE[pdfs[0].extraction_status])
    for each in files:
        if each.content_type in OTHER_FORMATS:
            return Entry(**described, skipped=OTHER_FORMATS[each.content_type])
    return Entry(**described, skipped="members" if document.is_restricted else "no-file")


def skipped_reason(key: str) -> str:
    return _(SKIPPED[key])


# Building: in the worker (meetings.tasks), never in a request.


def is_stored(plan: Plan) -> bool:
    return default_storage.exists(plan.storage_name)


def build_meeting_pdf(plan: Plan, meeting: Meeting) -> str:
    """Store the PDF of this plan (unless it already is), remove the edition's earlier ones,
    and return its storage name."""
    if is_stored(plan):
        return plan.storage_name
    with tempfile.TemporaryDirectory(prefix="cwgcop-meeting-pdf-") as work:
        parts = _copied_parts(plan, Path(work))
        merged = Path(work) / "merged.pdf"
        with translation.override(settings.LANGUAGE_CODE):
            _merge(meeting, parts, merged)
        with merged.open("rb") as stream:
            saved = default_storage.save(plan.storage_name, File(stream))
    if saved != plan.storage_name:  # another build stored the same one meanwhile
        default_storage.delete(saved)
    _remove_earlier(plan)
    return plan.storage_name


def _remove_earlier(plan: Plan) -> None:
    """The edition's PDFs of the meeting as it was: nothing asks for them any more (a
    request that found one a moment ago and opens it now is told to come back)."""
    folder, current = plan.storage_name.rsplit("/", 1)
    try:
        _folders, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in names:
        if name.startswith(f"{plan.edition}-") and name != current:
            default_storage.delete(f"{folder}/{name}")


@dataclass
class Part:
    entry: Entry
    path: Path | None = None
    pages: int = 0
    skipped: str = ""


def _copied_parts(plan: Plan, work: Path) -> list[Part]:
    """Each entry's file copied page by page under the ceiling, or why it is left out."""
    max_file_pages = int(getattr(settings, "MEETING_PDF_MAX_FILE_PAGES", DEFAULT_MAX_FILE_PAGES))
    max_pages = int(getattr(settings, "MEETING_PDF_MAX_PAGES", DEFAULT_MAX_PAGES))
    parts, total = [], 0
    for index, entry in enumerate(plan.entries):
        part = Part(entry, skipped=entry.skipped)
        parts.append(part)
        if part.skipped:
            continue
        copy = work / f"{index}.pdf"
        try:
            with (
                default_storage.open(entry.file_name, "rb") as stored,
                file_on_disk(stored) as path,
            ):
                pages = run_bounded(
                    copy_pages, path, str(copy), max_file_pages, ceiling=text_ceiling()
                )
        except LimitExceeded:
            part.skipped = "limit"
            continue
        except (ParseFailed, FileRejected, OSError):
            part.skipped = "unreadable"
            continue
        if pages > max_file_pages:
            part.skipped = "too-many-pages"
        elif total + pages > max_pages:
            part.skipped = "full"
        else:
            part.path, part.pages = copy, pages
            total += pages
    return parts


def copy_pages(path: str, copy: str, max_pages: int) -> int:
    """In the bounded child: the file's pages written anew to `copy`, without its outline,
    links and forms; its page count (nothing written past `max_pages`)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        reader.decrypt("")  # usage restrictions only: the upload check refused a password
    count = len(reader.pages)
    if count == 0:
        raise ParseFailed("no page")
    if count > max_pages:
        return count
    writer = PdfWriter()
    writer.append(reader, import_outline=False, excluded_fields=("/Annots", "/B", "/AcroForm"))
    with open(copy, "wb") as output:
        writer.write(output)
    return count


def _merge(meeting: Meeting, parts: list[Part], merged: Path) -> None:
    from pypdf import PdfWriter

    front, contents_pages = _front_pages(meeting, parts)
    writer = PdfWriter()
    writer.append(io.BytesIO(front), import_outline=False)
    starts = []
    for part in parts:
        if part.path is None:
            starts.append(None)
            continue
        starts.append(len(writer.pages))
        writer.append(str(part.path), import_outline=False, excluded_fields=("/Annots", "/B"))
    for part, start, contents_page in zip(parts, starts, contents_pages, strict=True):
        writer.add_outline_item(
            title=part.entry.heading, page_number=contents_page if start is None else start
        )
    writer.add_metadata({"/Title": _("Documents of meeting %(code)s") % {"code": meeting.code}})
    writer.page_mode = "/UseOutlines"
    with merged.open("wb") as output:
        writer.write(output)


def _cover_facts(meeting: Meeting) -> tuple[str, ...]:
    return (meeting.code, str(meeting.start_date), str(meeting.end_date), meeting.venue)


def _front_pages(meeting: Meeting, parts: list[Part]) -> tuple[bytes, list[int]]:
    """The cover and contents, and the page (from 0) that lists each part. The contents give
    each document's first page, which depends on how many pages they take themselves."""
    front_count = 2
    for _attempt in range(5):
        pdf, listed_on = _render_front(meeting, parts, front_count)
        if pdf.pages_count == front_count:
            break
        front_count = pdf.pages_count
    return bytes(pdf.output()), listed_on


def _render_front(meeting: Meeting, parts: list[Part], front_count: int) -> tuple[Any, list[int]]:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    family, text = _font(pdf)
    width = pdf.epw

    pdf.add_page()
    pdf.set_y(70)
    pdf.set_font(family, "", 14)
    pdf.multi_cell(width, 8, text(meeting.code), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "B", 20)
    group = meeting.group_name
    heading = (
        _("Meeting %(number)s of the %(group)s") % {"number": meeting.number, "group": group}
        if group
        else _("Meeting %(number)s of the Council Working Group on Child Online Protection")
        % {"number": meeting.number}
    )
    pdf.multi_cell(width, 10, text(heading), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(family, "", 13)
    pdf.multi_cell(
        width, 8, text(_meeting_dates(meeting)), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    if meeting.venue:
        pdf.multi_cell(width, 8, text(meeting.venue), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.set_font(family, "B", 15)
    pdf.multi_cell(
        width, 8, text(_("Documents of the meeting")), align="C", new_x="LMARGIN", new_y="NEXT"
    )

    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(width, 10, text(_("Contents")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    listed_on, page = [], front_count
    if not parts:
        pdf.set_font(family, "", 11)
        pdf.multi_cell(width, 6, text(_("No published document.")), new_x="LMARGIN", new_y="NEXT")
    for part in parts:
        if pdf.will_page_break(24):
            pdf.add_page()
        listed_on.append(pdf.page_no() - 1)
        pdf.set_font(family, "B", 11)
        top = pdf.get_y()
        pdf.multi_cell(
            width - 20, 6, text(part.entry.heading), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        if part.path is not None:
            below = pdf.get_y()
            pdf.set_xy(pdf.l_margin + width - 20, top)
            pdf.cell(20, 6, str(page + 1), align="R")
            pdf.set_xy(pdf.l_margin, below)
        pdf.set_font(family, "", 10)
        if part.entry.sources:
            pdf.multi_cell(
                width - 20, 5, text(part.entry.sources), align="L", new_x="LMARGIN", new_y="NEXT"
            )
        if part.skipped:
            pdf.set_font(family, "I", 10)
            reason = text(skipped_reason(part.skipped))
            pdf.multi_cell(width - 20, 5, reason, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        page += part.pages
    return pdf, listed_on


def _meeting_dates(meeting: Meeting) -> str:
    start = date_format(meeting.start_date, "DATE_FORMAT")
    if meeting.start_date == meeting.end_date:
        return start
    return f"{start} \N{EN DASH} {date_format(meeting.end_date, 'DATE_FORMAT')}"


def _font(pdf: Any) -> tuple[str, Any]:
    """The family to write with, and what makes a text writable in it."""
    found = next((path for path in UNICODE_FONTS if path.is_file()), None)
    if found is None:
        return "Helvetica", _latin1
    pdf.add_font("Unicode", "", str(found))
    bold = found.with_name("DejaVuSans-Bold.ttf")
    oblique = found.with_name("DejaVuSans-Oblique.ttf")
    pdf.add_font("Unicode", "B", str(bold if bold.is_file() else found))
    pdf.add_font("Unicode", "I", str(oblique if oblique.is_file() else found))
    return "Unicode", str


def _latin1(value: str) -> str:
    return value.replace("\N{EN DASH}", "-").encode("latin-1", "replace").decode("latin-1")


def stored_pdf_details(plan: Plan) -> tuple[int, float]:
    """The stored PDF's size and when it was stored (a POSIX time)."""
    return default_storage.size(plan.storage_name), default_storage.get_modified_time(
        plan.storage_name
    ).timestamp()


def ask_for_build(plan: Plan) -> bool:
    """Enqueue the build of this plan's PDF unless it was asked for already; whether it
    was enqueued now."""
    from .tasks import build_meeting_documents_pdf

    return enqueue_once(
        plan.storage_name,
        build_meeting_documents_pdf,
        plan.meeting_id,
        plan.edition,
        plan.storage_name,
    )
