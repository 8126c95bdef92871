"""The chair's report of a meeting, assembled from the meeting's records.

The report opens with its purpose and the action required, then follows the outline
(meetings.outline): each numbered section holds what the records generate for it (the
introduction, the list of documents presented, the outcomes), then the presentations
filed under it, then the paragraphs the secretariat wrote for it; the agenda section
ends with the items the meeting added. Section and paragraph numbers come from
positions, never from stored numbers. The report ends with the name and title of the
officer who chaired.

A paragraph about a document that is not published is withheld (its number is kept, so
that numbers do not change when the document is published), and a line of the list of
documents presented that names such a document is left out.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .. import selectors
from ..models import Meeting, Presentation
from ..outline import OUTLINE, ReportSection
from . import words
from .structure import RECORDS_LANGUAGE, Block, Issue, ListEntry, MeetingReport, Section

# A report not yet published: no number, no date.
DRAFT = Issue()


class _Numbering:
    """Numbers the paragraphs of one section: 5.1, 5.2, ..."""

    def __init__(self, section: int):
        self.number = section
        self.count = 0
        self.blocks: list[Block] = []
        self.withheld = 0

    def paragraph(
        self, text: str, *, anchor: str = "", withheld: bool = False, language: str = ""
    ) -> None:
        self.count += 1
        self.withheld += withheld
        self.blocks.append(
            Block(
                Block.PARAGRAPH,
                text=text,
                number=f"{self.number}.{self.count}",
                anchor=anchor or f"paragraph-{self.number}-{self.count}",
                withheld=withheld,
                language=language,
            )
        )

    def subheading(self, text: str) -> None:
        self.blocks.append(Block(Block.SUBHEADING, text=text, language=RECORDS_LANGUAGE))

    def bullets(self, entries: list[ListEntry]) -> None:
        self.blocks.append(Block(Block.LIST, entries=tuple(entries), language=RECORDS_LANGUAGE))

    def section(self, title: str) -> Section:
        return Section(
            number=str(self.number),
            title=title,
            anchor=f"section-{self.number}",
            blocks=tuple(self.blocks),
        )


@dataclass(frozen=True)
class _Facts:
    """What every section may draw on: the meeting, its records and its words."""

    meeting: Meeting
    records: dict[str, Any]
    ordinal: str
    dates: str


def _withheld_text() -> str:
    return _("This paragraph will be shown when the document it summarizes is published.")


def _presentation_paragraphs(numbering: _Numbering, presentations: list[Presentation]) -> None:
    """One paragraph a presentation, under its heading when the heading changes."""
    heading = ""
    for presentation in presentations:
        if presentation.heading and presentation.heading != heading:
            numbering.subheading(presentation.heading)
        heading = presentation.heading
        if presentation.withholds_summary:
            numbering.paragraph(_withheld_text(), withheld=True)
        else:
            numbering.paragraph(presentation.summary, language=RECORDS_LANGUAGE)


def _list_entries(items) -> tuple[list[ListEntry], int]:
    """The bullets: a line of its own, or a group line with its lines beneath it."""
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


# ---- What the records generate in a section, before and after what is filed under it


def _introduction(numbering: _Numbering, facts: _Facts) -> None:
    numbering.paragraph(
        words.introduction(facts.meeting, facts.records["chair"], facts.ordinal, facts.dates)
    )


def _documents_presented(numbering: _Numbering, facts: _Facts) -> None:
    entries, left_out = _list_entries(facts.records["list_items"])
    numbering.withheld += left_out
    if entries:
        numbering.paragraph(_("The following documents were presented by membership and partners:"))
        numbering.bullets(entries)


def _outcomes(numbering: _Numbering, facts: _Facts) -> None:
    for outcome in facts.records["outcomes"]:
        numbering.paragraph(
            outcome.text, anchor=f"outcome-{outcome.order}", language=RECORDS_LANGUAGE
        )


def _agenda_additions(numbering: _Numbering, facts: _Facts) -> None:
    sentence = words.agenda_additions(facts.records["added_agenda_items"])
    if sentence:
        numbering.paragraph(sentence)


_Generator = Callable[[_Numbering, _Facts], None]
LEADING: dict[str, _Generator] = {
    ReportSection.INTRODUCTION: _introduction,
    ReportSection.DOCUMENTS: _documents_presented,
    ReportSection.OUTCOMES: _outcomes,
}
TRAILING: dict[str, _Generator] = {ReportSection.AGENDA: _agenda_additions}


def _heading(section: ReportSection, facts: _Facts) -> str:
    if section == ReportSection.OUTCOMES:
        return _("Outcomes of the %(ordinal)s meeting of the %(group)s") % {
            "ordinal": facts.ordinal,
            "group": facts.meeting.document_prefix,
        }
    return str(section.label)


def _numbered_section(position: int, section: ReportSection, facts: _Facts) -> _Numbering:
    numbering = _Numbering(position)
    if section in LEADING:
        LEADING[section](numbering, facts)
    _presentation_paragraphs(numbering, facts.records["presentations"].get(section, []))
    for paragraph in facts.records["paragraphs"].get(section, []):
        numbering.paragraph(paragraph.text, language=RECORDS_LANGUAGE)
    if section in TRAILING:
        TRAILING[section](numbering, facts)
    return numbering


def _front_matter(facts: _Facts) -> tuple[Section, Section]:
    meeting = facts.meeting
    purpose = Block(
        Block.PARAGRAPH,
        text=words.purpose(meeting, facts.ordinal, facts.dates),
        language=RECORDS_LANGUAGE if meeting.purpose else "",
    )
    action = Block(
        Block.PARAGRAPH,
        text=words.action_required(meeting),
        language=RECORDS_LANGUAGE if meeting.action_required else "",
    )
    return (
        Section("", _("Purpose"), "purpose", (purpose,)),
        Section("", _("Action required"), "action-required", (action,)),
    )


def build_meeting_report(
    meeting: Meeting, *, issue: Issue = DRAFT, outline: Sequence[ReportSection] = OUTLINE
) -> MeetingReport:
    """The report of a meeting, from its record, paragraphs, presentations and outcomes.

    `issue` is what the report is published as (a draft until it has a number); `outline`
    is the order of the numbered sections, each numbered by its position.
    """
    facts = _Facts(
        meeting=meeting,
        records=selectors.meeting_report_records(meeting),
        ordinal=words.ordinal_in_words(meeting.number),
        dates=words.dates_in_words(meeting.start_date, meeting.end_date),
    )
    numbered = [
        (_numbered_section(position, section, facts), section)
        for position, section in enumerate(outline, start=1)
    ]
    return MeetingReport(
        meeting=meeting,
        title=_(
            "Report of the %(ordinal)s meeting of the Council Working Group on child online "
            "protection (%(group)s)"
        )
        % {"ordinal": facts.ordinal, "group": meeting.document_prefix},
        sections=(
            *_front_matter(facts),
            *(numbering.section(_heading(section, facts)) for numbering, section in numbered),
        ),
        signature=words.signature(meeting, facts.records["chair"]),
        withheld=sum(numbering.withheld for numbering, _section in numbered),
        issue=issue,
    )
