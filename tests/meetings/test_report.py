"""The report generated from the records of the 21st meeting is the report the chair wrote."""

import difflib
import re
from pathlib import Path

import pytest

from meetings.models import Meeting
from meetings.report import build_meeting_report

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent / "data" / "cwg-cop-21-meeting-report.txt"
# The text export of the Word file keeps the name of a bookmark in front of the purpose.
ARTEFACT = "[bookmark: _Hlk179446320]"
NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)?)\t(.*)$")
# A Word "Symbol" bullet exported as a private-use character, or a plain bullet.
BULLETS = {"\uf0b7": "\u2022", "\u2022": "\u2022", "\u2013": "\u2013"}

SEED_HEADINGS = [
    "Purpose",
    "Action required",
    "1 Introduction",
    "2 Opening remarks",
    "3 Adoption of the agenda",
    "4 Contributions and information documents",
    "5 Presentations",
    "6 Other agenda items",
    "7 Any other business",
    "8 Discussion",
    "9 Outcomes of the twenty-first meeting of the CWG-COP",
]


def _normalise(text: str) -> str:
    return " ".join(text.replace(ARTEFACT, "").split())


def parse_paragraphs(lines: list[str]) -> list[tuple[str, str]]:
    """(label, text) for each non-empty line: '5.1', '4', a bullet mark, or '' for none."""
    paragraphs = []
    for line in lines:
        if not line.strip():
            continue
        numbered = NUMBERED.match(line)
        if numbered:
            paragraphs.append((numbered.group(1), _normalise(numbered.group(2))))
        elif line[:1] in BULLETS and line[1:2] == "\t":
            paragraphs.append((BULLETS[line[0]], _normalise(line[2:])))
        else:
            paragraphs.append(("", _normalise(line)))
    return paragraphs


def seed_paragraphs() -> list[tuple[str, str]]:
    return parse_paragraphs(SEED.read_text(encoding="utf-8").splitlines())


def report_paragraphs(report) -> list[tuple[str, str]]:
    return [(line.label, _normalise(line.text)) for line in report.lines()]


def _differences(expected: list[tuple[str, str]], actual: list[tuple[str, str]]) -> str:
    def as_lines(paragraphs):
        return [f"{label}\t{text}" if label else text for label, text in paragraphs]

    return "\n".join(
        difflib.unified_diff(
            as_lines(expected), as_lines(actual), "seed", "generated", lineterm="", n=0
        )
    )


def test_report_meeting_21_is_the_seed_paragraph_by_paragraph(demo):
    report = build_meeting_report(Meeting.objects.get(number=21))

    generated = report_paragraphs(report)

    expected = seed_paragraphs()
    assert generated == expected, "\n" + _differences(expected, generated)
