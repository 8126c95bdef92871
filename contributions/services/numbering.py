"""Document numbers: the series of each kind, and the numbers of revisions."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
# Kinds that take no number of the meeting's series on acceptance:
# - An invitation letter is issued by the General Secretariat in the ITU's Circular Letter
#   series ("CL-24/67"), another body's series: the secretariat gives its number as
#   printed, and `numbered_by` names the series (filled in when left empty).
# - The group does not number its lists of participants: ITU's pages of a Council working
#   group's meeting link "List of participants" by its name, and a series of our own
#   ("LP") would print a number that no ITU document bears. A list is accepted and
#   published without one, at /documents/id/<id>/, unless the secretariat gives one.
OTHER_SERIES = {Document.Kind.INVITATION_LETTER: "Circular Letter"}
UNNUMBERED = frozenset({Document.Kind.PARTICIPANTS})
NUMBER_AS_PRINTED = _(
    "An invitation letter is numbered in the ITU's Circular Letter series: give its number "
    "as printed, such as CL-24/67, before accepting it."
)
REVISION_SUFFIX = re.compile(r"\(Rev\.\d+\)$")


def other_series_of(document: Document) -> str:
    """The series a document of this kind is numbered in when it is given a number and
    no series is named: the Circular Letter series for an invitation letter, else none."""
    if document.number and not document.numbered_by:
        return OTHER_SERIES.get(document.kind, "")
    return ""


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
    elif not revised.number:
        # A revision of a document without a number (a list of participants) has none either.
        revision = revised.revision + 1
        number = ""
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


def acceptance_number(
    document: Document, *, meeting: Meeting, preview: bool = False
) -> dict[str, Any]:
    """What accepting writes of a document's number: its own if the secretariat gave one,
    its original's with (Rev.n) for a revision, none for a kind the group does not number,
    else the next of its series. An invitation letter without its Circular Letter number
    is refused (`preview`: nothing is written, and nothing refused, for the confirmation
    page that says the number to come)."""
    if document.number:
        # Given by the secretariat as printed on the document (an addendum, an older
        # document, a circular letter): kept as written.
        return {"accepted_at": timezone.now()}
    revised = revised_document(document)
    if revised is not None:
        return _revision_number(document, revised=revised, meeting=meeting)
    if document.kind in UNNUMBERED:
        return {"accepted_at": timezone.now()}
    if document.kind in OTHER_SERIES:
        if preview:
            return {}
        raise ValidationError(NUMBER_AS_PRINTED, code="number")
    series = Document.objects.filter(meeting=meeting, kind=document.kind)
    sequence = (series.aggregate(last=Max("sequence"))["last"] or 0) + 1
    return {
        "sequence": sequence,
        "revision": 0,
        "number": series_number(meeting=meeting, kind=document.kind, sequence=sequence),
        "accepted_at": timezone.now(),
    }
