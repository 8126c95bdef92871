"""The report as plain data: sections of numbered paragraphs, sub-headings and lists.

The web page and the Word document are two renderings of this one structure, so they
cannot disagree.
"""

import datetime
from dataclasses import dataclass

from contributions.models import Language

from ..models import Meeting


@dataclass(frozen=True)
class ListEntry:
    """A bullet of the list of documents presented; a group line carries its lines as
    en-dash sub-items."""

    text: str
    sub_items: tuple[str, ...] = ()


# What the secretariat writes in a meeting's record (summaries, outcomes, paragraphs) is
# written in English.
RECORDS_LANGUAGE = Language.ENGLISH.value


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
    # "" for the report's own sentences, translated into the page's language; the
    # language of the record for what the secretariat wrote (RECORDS_LANGUAGE), so that a
    # page in another language marks it.
    language: str = ""

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
class Issue:
    """What the report is issued as: its number and date once published; a draft before."""

    number: str = ""
    date: datetime.date | None = None
    original_language: str = Language.ENGLISH

    @property
    def is_draft(self) -> bool:
        return not self.number

    @property
    def original_language_name(self) -> str:
        return str(Language(self.original_language).label)


@dataclass(frozen=True)
class MeetingReport:
    meeting: Meeting
    title: str
    sections: tuple[Section, ...]
    signature: tuple[str, ...] = ()
    withheld: int = 0
    issue: Issue = Issue()

    @property
    def is_draft(self) -> bool:
        return self.issue.is_draft

    @property
    def author(self) -> str:
        """Who signs the report: its author in the Word document's properties."""
        return self.signature[0] if self.signature else ""

    def lines(self) -> list[Line]:
        """Headings, numbered paragraphs, bullets and the signature, in reading order."""
        lines: list[Line] = []
        for section in self.sections:
            lines.append(Line(Line.HEADING, section.number, section.title))
            for block in section.blocks:
                lines.extend(_block_lines(block))
        lines.extend(Line(Line.SIGNATURE, "", text) for text in self.signature)
        return lines


def _block_lines(block: Block) -> list[Line]:
    if block.is_subheading:
        return [Line(Line.SUBHEADING, "", block.text)]
    if block.is_paragraph:
        return [Line(Line.PARAGRAPH, block.number, block.text)]
    lines = []
    for entry in block.entries:
        lines.append(Line(Line.BULLET, BULLET_MARK, entry.text))
        lines.extend(Line(Line.SUB_BULLET, SUB_BULLET_MARK, item) for item in entry.sub_items)
    return lines
