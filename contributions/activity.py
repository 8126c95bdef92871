"""Reads for the pages about a country, a source, a topic and a meeting: counts of their
documents computed by the database, and their presentations and outcomes a page at a time.

However large the archive, each of these pages reads a fixed number of rows: the counts
are counters (a few dozen rows, one per meeting and kind), the lists are pages.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from meetings.models import Outcome, Presentation

from .models import Document, ListedCount, Source
from .selectors import SEARCH_VECTORS, titles_read_with

# Presentations and outcomes are shown this many at a time.
ACTIVITY_PAGE_SIZE = 50

_KIND_LABELS = dict(Document.Kind.choices)


@dataclass(frozen=True)
class MeetingCount:
    number: int
    code: str
    start_date: datetime.date
    count: int


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class DocumentSummary:
    """How many documents a page is about, by kind and by meeting (the latest first)."""

    total: int
    by_kind: list[KindCount]
    by_meeting: list[MeetingCount]


def document_summary(subject: str) -> DocumentSummary:
    """Counts of a subject's listed documents (contributions.counts: `country:IT`,
    `source:<id>`, `topic:<id>`, `meeting:<id>`) by kind and by their meeting, in one
    query of a few dozen rows."""
    rows = (
        ListedCount.objects.filter(subject=subject, count__gt=0)
        .order_by()
        .values_list(
            "meeting__number", "meeting__document_prefix", "meeting__start_date", "kind", "count"
        )
    )
    by_kind: dict[str, int] = {}
    by_meeting: dict[int, MeetingCount] = {}
    for number, prefix, start_date, kind, count in rows:
        by_kind[kind] = by_kind.get(kind, 0) + count
        earlier = by_meeting.get(number)
        by_meeting[number] = MeetingCount(
            number=number,
            code=f"{prefix}-{number}",
            start_date=start_date,
            count=count + (earlier.count if earlier else 0),
        )
    return DocumentSummary(
        total=sum(by_kind.values()),
        by_kind=[
            KindCount(kind, label, by_kind[kind])
            for kind, label in _KIND_LABELS.items()
            if kind in by_kind
        ],
        by_meeting=[by_meeting[number] for number in sorted(by_meeting, reverse=True)],
    )


def _page(items: QuerySet, number: Any) -> Page:
    return Paginator(items, ACTIVITY_PAGE_SIZE).get_page(number)


def presentations_by(source: Source, page: Any) -> Page:
    """A page of the presentations a source gave or was to give, the latest meeting first;
    those that did not take place included."""
    presentations = (
        Presentation.objects.filter(presenters=source)
        .select_related("meeting", "agenda_item", "document")
        .defer(*(f"document__{name}" for name in SEARCH_VECTORS))
        .prefetch_related(titles_read_with("document__titles"))
        .order_by("-meeting__number", "order", "pk")
    )
    return _page(presentations, page)


def outcomes_naming(source: Source, page: Any) -> Page:
    """A page of the outcomes that name a source as one that must act, the latest first."""
    outcomes = (
        Outcome.objects.filter(responsible=source)
        .select_related("meeting", "due_meeting")
        .order_by("-meeting__number", "order", "pk")
    )
    return _page(outcomes, page)


def source_activity(source: Source | None, request_data: Any) -> dict[str, Any]:
    """The presentations and outcomes of a source's page (none without a source), each a
    page of its own (`presentations_page`, `outcomes_page` in the query string)."""
    if source is None:
        return {"presentations": [], "outcomes": [], "presentations_page": None}
    presentations = presentations_by(source, request_data.get("presentations_page"))
    outcomes = outcomes_naming(source, request_data.get("outcomes_page"))
    return {
        "presentations": presentations.object_list,
        "presentations_page": presentations,
        "outcomes": outcomes.object_list,
        "outcomes_page": outcomes,
    }
