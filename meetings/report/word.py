"""The report as a Word document in the ITU style.

A4, with the document's number, date and original language at the top right of every
page's header (and DRAFT there until the report is published), page numbers in the
footer, each paragraph as number, tab, text, and the report's own title and author in
the file's properties.
"""

import datetime
import io

import docx
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from ..models import Meeting
from .structure import Line, MeetingReport

# ITU documents number a paragraph with its number, a tab, then the text.
_TAB = Cm(1.0)
_BULLET_INDENT = Cm(1.0)
_SIGNATURE_INDENT = Cm(9.0)
_MARGIN = Cm(2.0)


def _prepare_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 16), ("Heading 1", 13), ("Heading 2", 12)):
        style = document.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)


def _a4(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)


def header_lines(report: MeetingReport) -> list[str]:
    """Number, date and original language, as ITU documents head every page."""
    issue = report.issue
    issued = issue.date or timezone.localdate()
    return [
        _("DRAFT") if issue.is_draft else _("Document %(number)s") % {"number": issue.number},
        date_format(issued, "DATE_FORMAT"),
        _("Original: %(language)s") % {"language": issue.original_language_name},
    ]


def _header(section, report: MeetingReport) -> None:
    header = section.header
    header.is_linked_to_previous = False
    lines = header_lines(report)
    first = header.paragraphs[0]
    first.text = lines[0]
    first.runs[0].bold = True
    for text in lines[1:]:
        header.add_paragraph(text)
    for paragraph in header.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)


def _page_number_field(paragraph) -> None:
    """A PAGE field: the word processor writes each page's number in it."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    _page_number_field(paragraph)
    paragraph.add_run(" -")


def _properties(document, report: MeetingReport) -> None:
    properties = document.core_properties
    title = report.title
    if report.is_draft:
        title = _("DRAFT: %(title)s") % {"title": title}
    properties.title = title
    properties.author = report.author or report.meeting.document_prefix
    properties.last_modified_by = properties.author
    properties.subject = str(report.meeting)
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.revision = 1
    # The date it is issued on, or, while it is a draft, the meeting's last day: never the
    # blank document's own date (2013).
    issued = report.issue.date or report.meeting.end_date or report.meeting.start_date
    moment = datetime.datetime.combine(issued, datetime.time(12), tzinfo=datetime.UTC)
    properties.created = properties.modified = moment


def _without_blank_document_parts(document) -> None:
    """Leave out what the blank document python-docx starts from carries and the report
    does not: its thumbnail picture and its custom XML part."""
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[key]
    for key, relationship in list(document.part.rels.items()):
        if relationship.reltype == RT.CUSTOM_XML:
            del document.part.rels[key]


def _indented(paragraph, indent, *, hanging: bool) -> None:
    paragraph.paragraph_format.left_indent = indent
    if hanging:
        paragraph.paragraph_format.first_line_indent = -_TAB
    paragraph.paragraph_format.tab_stops.add_tab_stop(indent, WD_TAB_ALIGNMENT.LEFT)


def _add_line(document, line: Line, previous: Line | None) -> None:
    text = f"{line.label}\t{line.text}" if line.label else line.text
    if line.kind == Line.HEADING:
        paragraph = document.add_paragraph(text, style="Heading 1")
        paragraph.paragraph_format.tab_stops.add_tab_stop(_TAB, WD_TAB_ALIGNMENT.LEFT)
    elif line.kind == Line.SUBHEADING:
        document.add_paragraph(text, style="Heading 2")
    elif line.kind == Line.PARAGRAPH:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.tab_stops.add_tab_stop(_TAB, WD_TAB_ALIGNMENT.LEFT)
    elif line.kind == Line.BULLET:
        _indented(document.add_paragraph(text), _BULLET_INDENT, hanging=True)
    elif line.kind == Line.SUB_BULLET:
        _indented(document.add_paragraph(text), _BULLET_INDENT * 2, hanging=True)
    else:
        paragraph = document.add_paragraph(text)
        _indented(paragraph, _SIGNATURE_INDENT, hanging=False)
        if previous is None or previous.kind != Line.SIGNATURE:
            # The signature stands apart from the last outcome, as the chair signs it.
            paragraph.paragraph_format.space_before = Pt(24)


def meeting_report_docx(report: MeetingReport) -> bytes:
    """The report as a Word document: A4, headed, paged, number, tab, text."""
    document = docx.Document()
    _prepare_styles(document)
    section = document.sections[0]
    _a4(section)
    _header(section, report)
    _footer(section)
    _properties(document, report)
    _without_blank_document_parts(document)
    document.add_paragraph(report.title, style="Title")
    previous = None
    for line in report.lines():
        _add_line(document, line, previous)
        previous = line
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def meeting_report_filename(meeting: Meeting) -> str:
    return f"{meeting.code}-report.docx"
