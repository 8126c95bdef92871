"""The meeting report's text, cut into sections and pages for the producers' files.

meeting-report.txt is the report of the twenty-first meeting of the working group, as
the secretariat published it (plain text, one paragraph a line, numbered as in the
report). make_files.py fills each file's pages with its paragraphs, in order, repeated.
"""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT = HERE / "meeting-report.txt"
WORD_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
HEADING = re.compile(r"^\s*(\d+)?\t?([A-Z][^.]{2,80})$")
NUMBERED = re.compile(r"^\s*(\d+\.\d+)\t(.*)$")
ASCII = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2022": "-",
        "\u010c": "C",
        "\u00fc": "u",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class Page:
    """One page's heading and paragraphs; `number` counts from 1."""

    number: int
    heading: str
    paragraphs: list[str]


def report_lines() -> list[str]:
    lines = []
    for raw in REPORT.read_text(encoding="utf-8").splitlines():
        # Word's list bullets come as a character of its Symbol font.
        line = WORD_BOOKMARK.sub("", raw).replace("\xa0", " ").replace("\uf0b7", "•").strip()
        if line:
            lines.append(line)
    return lines


def sections() -> list[tuple[str, list[str]]]:
    """The report's sections: (heading, paragraphs), numbering kept in the paragraphs."""
    found: list[tuple[str, list[str]]] = []
    for line in report_lines():
        numbered = NUMBERED.match(line)
        heading = HEADING.match(line)
        if numbered:
            text = f"{numbered[1]} {numbered[2].strip()}"
        elif heading and not line.endswith("."):
            found.append((heading[2].strip(), []))
            continue
        else:
            text = line.strip()
        if not found:
            found.append(("Purpose", []))
        found[-1][1].append(" ".join(text.split()))
    return [(heading, paragraphs) for heading, paragraphs in found if paragraphs]


def pages(count: int, *, characters: int) -> list[Page]:
    """`count` pages of about `characters` characters each, the report's paragraphs in
    order and repeated; each page is headed by the section its first paragraph is from."""
    flow: Iterator[tuple[str, str]] = itertools.cycle(
        [(heading, paragraph) for heading, paragraphs in sections() for paragraph in paragraphs]
    )
    made = []
    pending = next(flow)
    for number in range(1, count + 1):
        heading, paragraph = pending
        body = [paragraph]
        length = len(paragraph)
        pending = next(flow)
        while length + len(pending[1]) <= characters:
            body.append(pending[1])
            length += len(pending[1])
            pending = next(flow)
        made.append(Page(number=number, heading=heading, paragraphs=body))
    return made


def ascii_text(text: str) -> str:
    """The text in ASCII, for PostScript's standard fonts."""
    return text.translate(ASCII)
