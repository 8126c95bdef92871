"""The chair's report of a meeting, assembled from the meeting's records.

`build_meeting_report` returns a plain data structure (sections of numbered paragraphs,
sub-headings and the bulleted list of paragraph 4.1); the web page and the DOCX are two
renderings of that one structure, so they cannot disagree. Paragraph numbers are derived
from the position of a paragraph in its section, never stored.

The structure is the one the secretariat writes by hand: purpose and action required,
then 1 Introduction, 2 Opening remarks, 3 Adoption of the agenda, 4 Contributions and
information documents, 5 Presentations, 6 Other agenda items, 7 Any other business,
8 Discussion, 9 Outcomes, and the chair's name and title.

The report is public: a paragraph about a document that is not published is withheld
(its number is kept, so that numbers do not change when the document is published), and
a line of the 4.1 list that names such a document is left out.
"""

import datetime
import io
from dataclasses import dataclass

import docx
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from . import selectors
from .models import Meeting, Presentation, ReportParagraph

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ListEntry:
    """A bullet of the 4.1 list; a group line carries its lines as en-dash sub-items."""

    text: str
    sub_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """One piece of a section's body: a paragraph, a sub-heading or a bulleted list."""

    PARAGRAPH = "paragraph"
    SUBHEADING = "subheading"
    LIST = "list"

    kind: str
    text: str = ""
    number: str = ""
    anchor: str = ""
    withheld: bool = False
    entries: tuple[ListEntry, ...] = ()

    @property
    def is_paragraph(self) -> bool:
        return self.kind == self.PARAGRAPH

    @property
    def is_subheading(self) -> bool:
        return self.kind == self.SUBHEADING

    @property
    def is_list(self) -> bool:
        return self.kind == self.LIST


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    anchor: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Line:
    """The report read line by line, as a word processor holds it."""

    HEADING = "heading"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    SUB_BULLET = "sub_bullet"
    SIGNATURE = "signature"

    kind: str
    label: str
    text: str


BULLET_MARK = "\u2022"
SUB_BULLET_MARK = "\u2013"


@dataclass(frozen=True)
class MeetingReport:
    meeting: Meeting
    title: str
    sections: tuple[Section, ...]
    signature: tuple[str, ...] = ()
    withheld: int = 0

    def lines(self) -> list[Line]:
        """Headings, numbered paragraphs, bullets and the signature, in reading order."""
        lines: list[Line] = []
        for section in self.sections:
            lines.append(Line(Line.HEADING, section.number, section.title))
            for block in section.blocks:
                if block.is_subheading:
                    lines.append(Line(Line.SUBHEADING, "", block.text))
                elif block.is_paragraph:
                    lines.append(Line(Line.PARAGRAPH, block.number, block.text))
                else:
                    for entry in block.entries:
                        lines.append(Line(Line.BULLET, BULLET_MARK, entry.text))
                        lines.extend(
                            Line(Line.SUB_BULLET, SUB_BULLET_MARK, sub_item)
                            for sub_item in entry.sub_items
                        )
        lines.extend(Line(Line.SIGNATURE, "", text) for text in self.signature)
        return lines


# ---- Fixed wording, from the meeting's facts

# Written out one by one: message extraction only finds literal strings.
_UNIT_ORDINALS = [
    pgettext_lazy("ordinal number in words", "first"),
    pgettext_lazy("ordinal number in words", "second"),
    pgettext_lazy("ordinal number in words", "third"),
    pgettext_lazy("ordinal number in words", "fourth"),
    pgettext_lazy("ordinal number in words", "fifth"),
    pgettext_lazy("ordinal number in words", "sixth"),
    pgettext_lazy("ordinal number in words", "seventh"),
    pgettext_lazy("ordinal number in words", "eighth"),
    pgettext_lazy("ordinal number in words", "ninth"),
    pgettext_lazy("ordinal number in words", "tenth"),
    pgettext_lazy("ordinal number in words", "eleventh"),
    pgettext_lazy("ordinal number in words", "twelfth"),
    pgettext_lazy("ordinal number in words", "thirteenth"),
    pgettext_lazy("ordinal number in words", "fourteenth"),
    pgettext_lazy("ordinal number in words", "fifteenth"),
    pgettext_lazy("ordinal number in words", "sixteenth"),
    pgettext_lazy("ordinal number in words", "seventeenth"),
    pgettext_lazy("ordinal number in words", "eighteenth"),
    pgettext_lazy("ordinal number in words", "nineteenth"),
]
_TENS = {
    2: (
        pgettext_lazy("ordinal number in words", "twentieth"),
        pgettext_lazy("ordinal number in words", "twenty"),
    ),
    3: (
        pgettext_lazy("ordinal number in words", "thirtieth"),
        pgettext_lazy("ordinal number in words", "thirty"),
    ),
    4: (
        pgettext_lazy("ordinal number in words", "fortieth"),
        pgettext_lazy("ordinal number in words", "forty"),
    ),
    5: (
        pgettext_lazy("ordinal number in words", "fiftieth"),
        pgettext_lazy("ordinal number in words", "fifty"),
    ),
    6: (
        pgettext_lazy("ordinal number in words", "sixtieth"),
        pgettext_lazy("ordinal number in words", "sixty"),
    ),
    7: (
        pgettext_lazy("ordinal number in words", "seventieth"),
        pgettext_lazy("ordinal number in words", "seventy"),
    ),
    8: (
        pgettext_lazy("ordinal number in words", "eightieth"),
        pgettext_lazy("ordinal number in words", "eighty"),
    ),
    9: (
        pgettext_lazy("ordinal number in words", "ninetieth"),
        pgettext_lazy("ordinal number in words", "ninety"),
    ),
}


def ordinal_in_words(number: int) -> str:
    """'twenty-first' for 21, as the report names a meeting; digits past ninety-nine."""
    if 1 <= number < 20:
        return str(_UNIT_ORDINALS[number - 1])
    tens, unit = divmod(number, 10)
    if tens not in _TENS:
        return str(number)
    ordinal, cardinal = _TENS[tens]
    if unit == 0:
        return str(ordinal)
    return pgettext("ordinal number in words: tens and unit", "%(tens)s-%(unit)s") % {
        "tens": cardinal,
        "unit": _UNIT_ORDINALS[unit - 1],
    }


def dates_in_words(start: datetime.date, end: datetime.date) -> str:
    """'on 30 September and 1 October 2024': the year, and the month, written once."""
    if start == end:
        return _("on %(date)s") % {"date": date_format(start, "j F Y")}
    if start.year != end.year:
        first = date_format(start, "j F Y")
    elif start.month != end.month:
        first = date_format(start, "j F")
    else:
        first = date_format(start, "j")
    last = date_format(end, "j F Y")
    if (end - start).days == 1:
        return _("on %(first)s and %(last)s") % {"first": first, "last": last}
    return _("from %(first)s to %(last)s") % {"first": first, "last": last}


def _format_in_words(meeting: Meeting) -> str:
    return {
        Meeting.Format.HYBRID: _("in a hybrid format"),
        Meeting.Format.VIRTUAL: _("in a virtual format"),
        Meeting.Format.IN_PERSON: _("in person"),
    }[meeting.format]


def _purpose(meeting: Meeting, ordinal: str, dates: str) -> str:
    values = {
        "ordinal": ordinal,
        "group": meeting.document_prefix,
        "dates": dates,
        "mandate": meeting.mandate,
    }
    if meeting.mandate:
        return (
            _(
                "This report summarizes the main results of the %(ordinal)s meeting of the "
                "Council Working Group on child online protection (%(group)s), held %(dates)s, "
                "in accordance with %(mandate)s."
            )
            % values
        )
    return (
        _(
            "This report summarizes the main results of the %(ordinal)s meeting of the "
            "Council Working Group on child online protection (%(group)s), held %(dates)s."
        )
        % values
    )


def _introduction(meeting: Meeting, chair, ordinal: str, dates: str) -> str:
    held = _(
        "The %(ordinal)s meeting of the ITU Council Working Group on child online protection "
        "(%(group)s) was held %(dates)s %(format)s."
    ) % {
        "ordinal": ordinal,
        "group": meeting.document_prefix,
        "dates": dates,
        "format": _format_in_words(meeting),
    }
    values = {"count": meeting.participants, "chair": chair.formal_name if chair else ""}
    if meeting.participants and chair and meeting.participants_approximate:
        attended = ngettext(
            "Approximately %(count)s participant, representing governments, private sector, "
            "civil society, academia, international and intergovernmental organizations, "
            "participated in the meeting, which was chaired by %(chair)s.",
            "Approximately %(count)s participants, representing governments, private sector, "
            "civil society, academia, international and intergovernmental organizations, "
            "participated in the meeting, which was chaired by %(chair)s.",
            meeting.participants,
        )
    elif meeting.participants and chair:
        attended = ngettext(
            "%(count)s participant, representing governments, private sector, civil society, "
            "academia, international and intergovernmental organizations, participated in "
            "the meeting, which was chaired by %(chair)s.",
            "%(count)s participants, representing governments, private sector, civil "
            "society, academia, international and intergovernmental organizations, "
            "participated in the meeting, which was chaired by %(chair)s.",
            meeting.participants,
        )
    elif chair:
        attended = _("The meeting was chaired by %(chair)s.")
    else:
        return held
    return f"{held} {attended % values}"


# ---- Assembly


class _Numbering:
    """Numbers the paragraphs of one section: 5.1, 5.2, ..."""

    def __init__(self, section: int):
        self.number = section
        self.count = 0
        self.blocks: list[Block] = []

    def paragraph(self, text: str, *, anchor: str = "", withheld: bool = False) -> None:
        self.count += 1
        number = f"{self.number}.{self.count}"
        self.blocks.append(
            Block(
                Block.PARAGRAPH,
                text=text,
                number=number,
                anchor=anchor or f"paragraph-{self.number}-{self.count}",
                withheld=withheld,
            )
        )

    def subheading(self, text: str) -> None:
        self.blocks.append(Block(Block.SUBHEADING, text=text))

    def bullets(self, entries: list[ListEntry]) -> None:
        self.blocks.append(Block(Block.LIST, entries=tuple(entries)))

    def section(self, title: str) -> Section:
        return Section(
            number=str(self.number),
            title=title,
            anchor=f"section-{self.number}",
            blocks=tuple(self.blocks),
        )


def _withheld_text() -> str:
    return _("This paragraph will be shown when the document it summarizes is published.")


def _is_withheld(presentation: Presentation) -> bool:
    return presentation.document_id is not None and not presentation.document.is_public


def _presentation_paragraphs(numbering: _Numbering, presentations: list[Presentation]) -> int:
    """One paragraph a presentation, under its heading when the heading changes."""
    withheld = 0
    heading = ""
    for presentation in presentations:
        if presentation.heading and presentation.heading != heading:
            numbering.subheading(presentation.heading)
        heading = presentation.heading
        if _is_withheld(presentation):
            withheld += 1
            numbering.paragraph(_withheld_text(), withheld=True)
        else:
            numbering.paragraph(presentation.summary)
    return withheld


def _list_entries(items) -> tuple[list[ListEntry], int]:
    """The 4.1 bullets: a line of its own, or a group line with its lines beneath it."""
    entries: list[ListEntry] = []
    left_out = 0
    group, sub_items = "", []
    for item in items:
        if item.document_id is not None and not item.document.is_public:
            left_out += 1
            continue
        if item.group != group and group:
            entries.append(ListEntry(group, tuple(sub_items)))
        if item.group != group:
            group, sub_items = item.group, []
        if group:
            sub_items.append(item.text)
        else:
            entries.append(ListEntry(item.text))
    if group:
        entries.append(ListEntry(group, tuple(sub_items)))
    return entries, left_out


def build_meeting_report(meeting: Meeting) -> MeetingReport:
    """The public report of a meeting, from its facts, paragraphs, presentations, outcomes."""
    records = selectors.meeting_report_records(meeting)
    chair = records["chair"]
    paragraphs = records["paragraphs"]
    ordinal = ordinal_in_words(meeting.number)
    dates = dates_in_words(meeting.start_date, meeting.end_date)
    withheld = 0

    purpose = Section(
        "",
        _("Purpose"),
        "purpose",
        (Block(Block.PARAGRAPH, text=_purpose(meeting, ordinal, dates)),),
    )
    action_required = Section(
        "",
        _("Action required"),
        "action-required",
        (
            Block(
                Block.PARAGRAPH,
                text=_(
                    "The Council Working Group on child online protection is invited to "
                    "consider and approve the report."
                ),
            ),
        ),
    )

    introduction = _Numbering(1)
    introduction.paragraph(_introduction(meeting, chair, ordinal, dates))

    def written(section: int, kind: str) -> _Numbering:
        numbering = _Numbering(section)
        for paragraph in paragraphs.get(kind, []):
            numbering.paragraph(paragraph.text)
        return numbering

    opening = written(2, ReportParagraph.Section.OPENING)
    agenda = written(3, ReportParagraph.Section.AGENDA)

    documents = _Numbering(4)
    entries, left_out = _list_entries(records["list_items"])
    withheld += left_out
    if entries:
        documents.paragraph(_("The following documents were presented by membership and partners:"))
        documents.bullets(entries)

    by_section = records["presentations"]
    programme = _Numbering(5)
    withheld += _presentation_paragraphs(
        programme, by_section.get(Presentation.ReportSection.PRESENTATIONS, [])
    )
    other_items = _Numbering(6)
    withheld += _presentation_paragraphs(
        other_items, by_section.get(Presentation.ReportSection.OTHER_ITEMS, [])
    )
    other_business = _Numbering(7)
    withheld += _presentation_paragraphs(
        other_business, by_section.get(Presentation.ReportSection.OTHER_BUSINESS, [])
    )
    for paragraph in paragraphs.get(ReportParagraph.Section.OTHER_BUSINESS, []):
        other_business.paragraph(paragraph.text)

    discussion = written(8, ReportParagraph.Section.DISCUSSION)

    outcomes = _Numbering(9)
    for outcome in records["outcomes"]:
        outcomes.paragraph(outcome.text, anchor=f"outcome-{outcome.order}")

    group = meeting.document_prefix
    return MeetingReport(
        meeting=meeting,
        title=_(
            "Report of the %(ordinal)s meeting of the Council Working Group on child online "
            "protection (%(group)s)"
        )
        % {"ordinal": ordinal, "group": group},
        sections=(
            purpose,
            action_required,
            introduction.section(_("Introduction")),
            opening.section(_("Opening remarks")),
            agenda.section(_("Adoption of the agenda")),
            documents.section(_("Contributions and information documents")),
            programme.section(_("Presentations")),
            other_items.section(_("Other agenda items")),
            other_business.section(_("Any other business")),
            discussion.section(_("Discussion")),
            outcomes.section(
                _("Outcomes of the %(ordinal)s meeting of the %(group)s")
                % {"ordinal": ordinal, "group": group}
            ),
        ),
        signature=(str(chair), _("Chair, %(group)s") % {"group": group}) if chair else (),
        withheld=withheld,
    )


# ---- DOCX

# ITU documents number a paragraph with its number, a tab, then the text.
_TAB = Cm(1.0)
_BULLET_INDENT = Cm(1.0)
_SIGNATURE_INDENT = Cm(9.0)


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


def _indented(paragraph, indent, *, hanging: bool) -> None:
    paragraph.paragraph_format.left_indent = indent
    if hanging:
        paragraph.paragraph_format.first_line_indent = -_TAB
    paragraph.paragraph_format.tab_stops.add_tab_stop(indent, WD_TAB_ALIGNMENT.LEFT)


def meeting_report_docx(report: MeetingReport) -> bytes:
    """The report as a Word document in the ITU style: number, tab, text."""
    document = docx.Document()
    _prepare_styles(document)
    document.core_properties.title = report.title
    document.core_properties.author = report.signature[0] if report.signature else ""
    document.add_paragraph(report.title, style="Title")
    for line in report.lines():
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
            _indented(document.add_paragraph(text), _SIGNATURE_INDENT, hanging=False)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def meeting_report_filename(meeting: Meeting) -> str:
    return f"{meeting.code}-report.docx"
