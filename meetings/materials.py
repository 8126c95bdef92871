"""A meeting's documents grouped as ITU's pages of a Council working group's meeting list
them: the invitation letter, the contributions, the information documents, the list of
participants and the report, each with the files a page's audience may download."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from contributions.models import Document
from contributions.paging import PAGE_SIZE
from contributions.selectors import titles_read_with
from contributions.visibility import files_seen_by

from .models import Meeting

Kind = Document.Kind

# In ITU's order. Liaison statements, presentations and the agenda are in the full list of
# the meeting's documents below it, as on ITU's pages, which list them elsewhere or not at all.
GROUPS: tuple[tuple[str, Promise], ...] = (
    (Kind.INVITATION_LETTER, _("Invitation")),
    (Kind.CONTRIBUTION, _("Contributions")),
    (Kind.INFORMATION, _("Information documents")),
    (Kind.PARTICIPANTS, _("Participants")),
    (Kind.REPORT, _("Report")),
)
# A group lists this many documents at most, a page of the documents list (PAGE_SIZE); a
# meeting with more links to all of them there, to search and filter. The group's meetings
# have had a few dozen documents each; with a hundred of each kind, a meeting of a thousand
# documents took a tenth longer to render than with fifty, for entries the list below repeats.
KIND_LIST_LIMIT = PAGE_SIZE
# The fields of a document that an entry shows or needs.
SHOWN = (
    "meeting",
    "kind",
    "number",
    "sequence",
    "revision",
    "title",
    "original_language",
    "status",
    "access",
)


@dataclass(frozen=True)
class KindGroup:
    kind: str
    heading: Promise
    documents: list[Document]
    # How many of the kind the meeting has: more than `documents` past KIND_LIST_LIMIT.
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.documents)


def documents_by_kind(meeting: Meeting, *, audience: str) -> list[KindGroup]:
    """The meeting's listed documents of GROUPS, group by group, only the groups that have
    some; each document's `seen_files` are those this audience may download (a members-only
    list of participants is named for the public, its file not linked); the first
    KIND_LIST_LIMIT of each kind, each with how many of its kind there are. Three queries
    (the documents, their titles in other languages, their files), however many there
    are."""
    files = Prefetch(
        "files",
        # Not their text, which the page does not show.
        queryset=files_seen_by(audience).defer("text", "record_differences").order_by("language"),
        to_attr="seen_files",
    )
    order = (F("sequence").asc(nulls_last=True), "revision", "number", "pk")
    documents = (
        Document.objects.listed()
        .for_meeting(meeting)
        .filter(kind__in=[kind for kind, _heading in GROUPS])
        # What an entry shows: the window reads every document of the meeting.
        .only(*SHOWN)
        .annotate(
            place=Window(RowNumber(), partition_by=[F("kind")], order_by=order),
            of_kind=Window(Count("pk"), partition_by=[F("kind")]),
        )
        .filter(place__lte=KIND_LIST_LIMIT)
        .order_by(*order)
        .prefetch_related(titles_read_with(), files)
    )
    by_kind: dict[str, list[Document]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    return [
        KindGroup(kind, heading, by_kind[kind], by_kind[kind][0].of_kind)
        for kind, heading in GROUPS
        if kind in by_kind
    ]
