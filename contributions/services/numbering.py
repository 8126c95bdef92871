"""Document numbers: the series of each kind, and the numbers of revisions."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Max
from django.utils import timezone

from meetings.models import Meeting

from ..models import Document, DocumentRelation

User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


# The series of each kind in document numbers: CWG-COP-22/1, CWG-COP-22/INF/1 ...
SERIES = {
    Document.Kind.CONTRIBUTION: "",
    Document.Kind.INFORMATION: "INF",
    Document.Kind.LIAISON: "LS",
    Document.Kind.PRESENTATION: "PRES",
    Document.Kind.REPORT: "REP",
    Document.Kind.AGENDA: "ADM",
}
REVISION_SUFFIX = re.compile(r"\(Rev\.\d+\)$")


def series_number(*, meeting: Meeting, kind: str, sequence: int, revision: int = 0) -> str:
    """The number of a document: CWG-COP-22/1, CWG-COP-22/INF/3, CWG-COP-22/INF/3(Rev.1)."""
    series = SERIES[kind]
    number = f"{meeting.code}/{series}/{sequence}" if series else f"{meeting.code}/{sequence}"
    return f"{number}(Rev.{revision})" if revision else number


def _revision_number(locked: Document, *, revised: Document, meeting: Meeting) -> dict[str, Any]:
    if revised.sequence is not None:
        siblings = Document.objects.filter(
            meeting=revised.meeting_id, kind=revised.kind, sequence=revised.sequence
        )
        revision = (siblings.aggregate(last=Max("revision"))["last"] or 0) + 1
        number = series_number(
            meeting=revised.meeting,
            kind=revised.kind,
            sequence=revised.sequence,
            revision=revision,
        )
    else:
        # A document numbered by hand in the past: its number is kept as it was written.
        revision = revised.revision + 1
        number = f"{REVISION_SUFFIX.sub('', revised.number)}(Rev.{revision})"
    return {
        "sequence": revised.sequence,
        "revision": revision,
        "number": number,
        "accepted_at": timezone.now(),
    }


def revised_document(document: Document) -> Document | None:
    """The document this one is a revision of, if any."""
    relation = (
        DocumentRelation.objects.filter(document=document, kind=DocumentRelation.Kind.REVISES)
        .select_related("target__meeting")
        .first()
    )
    return relation.target if relation else None
