"""The report as published: stored when it is published, then served as it was, and
compared with the meeting's records as they are now.

A published report is an official document under its number: editing a presentation's
summary or an outcome afterwards must not change it. What changed since is shown to the
secretariat and the chair, line by line, until they publish a revision.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.template.loader import render_to_string

from ..models import PublishedReport
from .structure import Line, MeetingReport


@dataclass(frozen=True)
class LineChange:
    """One line of the report that differs: `before` as published, `after` from the
    records now; one of them is empty when the line was added or removed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    change: str
    label: str
    before: str
    after: str


def article_html(report: MeetingReport) -> str:
    """The report's text as its page shows it (templates/meetings/includes/report_article.html)."""
    return render_to_string("meetings/includes/report_article.html", {"report": report})


def store_published_report(*, document, report: MeetingReport, language: str) -> PublishedReport:
    """Keep the report as `document` publishes it: its page's text and its lines."""
    return PublishedReport.objects.create(
        document=document,
        meeting=report.meeting,
        title=report.title,
        html=article_html(report),
        lines=[[line.kind, line.label, line.text] for line in report.lines()],
        withheld=report.withheld,
        language=language,
    )


def stored_lines(stored: PublishedReport) -> list[Line]:
    return [Line(kind, label, text) for kind, label, text in stored.lines]


def report_changes(stored: PublishedReport, current: MeetingReport) -> list[LineChange]:
    """What differs between the report as published and as the records make it now, in
    reading order. Lines are matched by their kind and text, so that a paragraph added
    before others shows as one addition rather than every later paragraph renumbered."""
    before = stored_lines(stored)
    after = current.lines()
    matcher = difflib.SequenceMatcher(
        a=[(line.kind, line.text) for line in before],
        b=[(line.kind, line.text) for line in after],
        autojunk=False,
    )
    changes: list[LineChange] = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = before[a_start:a_end], after[b_start:b_end]
        paired = min(len(old), len(new)) if tag == "replace" else 0
        for line_before, line_after in zip(old[:paired], new[:paired], strict=True):
            label = line_after.label or line_before.label
            changes.append(LineChange(LineChange.CHANGED, label, line_before.text, line_after.text))
        changes.extend(
            LineChange(LineChange.REMOVED, line.label, line.text, "") for line in old[paired:]
        )
        changes.extend(
            LineChange(LineChange.ADDED, line.label, "", line.text) for line in new[paired:]
        )
    return changes
