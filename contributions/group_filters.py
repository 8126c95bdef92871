"""The working groups on the pages every group shares (a country's, a source's): how many
documents a subject has in each group, the choices of the group filter, and meeting choices
that name their group.

Meeting numbers repeat across groups (CWG-COP-1, CWG-Internet-1), so on a shared page a
meeting is chosen as "<group slug>:<number>" (`cwg-cop:21`) and labelled by its code. Its
code (`CWG-COP-21`) names it too, and a plain number names the first group's meeting: the
addresses written before there were several groups, and the API's clients, meant those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from cwgcop.kept import LISTS, PUBLIC, kept_until_public_change
from meetings.models import Meeting
from workinggroups.addresses import default_slug, kept_groups
from workinggroups.models import WorkingGroup

from . import counts
from .activity import DocumentSummary, KindCount, MeetingCount
from .models import Document, ListedCount

_SEPARATOR = ":"


@dataclass(frozen=True)
class GroupCount:
    """A subject's number of documents in one group, and whether the list shows that group
    alone (`?group=<slug>`)."""

    group: WorkingGroup
    count: int
    chosen: bool


@dataclass(frozen=True)
class GroupMeetingCount(MeetingCount):
    """A meeting's count, and how the meeting filter of the page names it."""

    value: str


@dataclass(frozen=True)
class MeetingChoices:
    """Every group's meetings as the filter of a shared page offers and reads them."""

    # ("cwg-cop:21", "CWG-COP-21"), each group's in its order, the latest meeting first.
    offered: list[tuple[str, str]]
    # Also read: the code, and the first group's plain number ("21" -> "cwg-cop:21").
    aliases: dict[str, str]


def working_groups() -> list[WorkingGroup]:
    """Every working group, in the order lists of groups show them: read once per request
    with the groups' addresses (workinggroups.addresses)."""
    return kept_groups()


def group_choices(groups: Iterable[WorkingGroup]) -> list[tuple[str, str]]:
    """The group filter's choices: each group's slug, labelled by its short name in the
    page's language."""
    language = get_language()
    return [(group.slug, group.acronym_in(language)[0]) for group in groups]


def meeting_value(slug: str, number: int) -> str:
    return f"{slug}{_SEPARATOR}{number}"


def meeting_choices() -> MeetingChoices:
    """Kept until the public's view changes, as the group pages' choices are."""
    return kept_until_public_change(
        "meeting_choices_across_groups", _meeting_choices, audience=PUBLIC, scopes=[LISTS]
    )


def _meeting_choices() -> MeetingChoices:
    rows = Meeting.objects.order_by("group__order", "group__acronym", "-number").values_list(
        "group__slug", "number", "document_prefix"
    )
    offered, aliases = [], {}
    first = default_slug()
    for slug, number, prefix in rows:
        value = meeting_value(slug, number)
        offered.append((value, f"{prefix}-{number}"))
        if slug == first:
            aliases[str(number)] = value
    return MeetingChoices(offered=offered, aliases=aliases)


def meetings_named(values: Iterable[str]) -> QuerySet[Meeting]:
    """The meetings these "<slug>:<number>" values name (a subquery where it is used)."""
    named = Q(pk__in=[])
    for value in values:
        slug, _separator, number = value.rpartition(_SEPARATOR)
        if slug and number.isdigit():
            named |= Q(group__slug=slug, number=int(number))
    return Meeting.objects.filter(named).values("pk")


def counts_by_group(
    subject: str, groups: Iterable[WorkingGroup], chosen: Iterable[str] = ()
) -> list[GroupCount]:
    """A subject's number of listed documents in each group that has any, in the groups'
    order (`counts.totals_by_group`: one query)."""
    by_group = counts.totals_by_group(subject)
    chosen = set(chosen)
    return [
        GroupCount(group, by_group[group.pk], group.slug in chosen)
        for group in groups
        if by_group.get(group.pk)
    ]


def subject_summary(
    subject: str, group: WorkingGroup | None, *, across_groups: bool = False
) -> DocumentSummary:
    """A subject's documents by kind and by meeting (activity.document_summary's counts),
    in `group`'s meetings, or in every group's on a shared page: each meeting counted on
    its own, though its number may be another group's too, and named as the filter names
    it (with its group `across_groups`). One query of a few dozen rows."""
    cells = ListedCount.objects.filter(subject=subject, count__gt=0).order_by()
    if group is not None:
        cells = cells.filter(meeting__group=group)
    rows = cells.values_list(
        "meeting_id",
        "meeting__group__slug",
        "meeting__number",
        "meeting__document_prefix",
        "meeting__start_date",
        "kind",
        "count",
    )
    by_kind: dict[str, int] = {}
    by_meeting: dict[int, GroupMeetingCount] = {}
    for meeting_id, slug, number, prefix, start_date, kind, count in rows:
        by_kind[kind] = by_kind.get(kind, 0) + count
        earlier = by_meeting.get(meeting_id)
        by_meeting[meeting_id] = GroupMeetingCount(
            number=number,
            code=f"{prefix}-{number}",
            start_date=start_date,
            count=count + (earlier.count if earlier else 0),
            value=meeting_value(slug, number) if across_groups else str(number),
        )
    return DocumentSummary(
        total=sum(by_kind.values()),
        by_kind=[
            KindCount(kind, label, by_kind[kind])
            for kind, label in Document.Kind.choices
            if kind in by_kind
        ],
        by_meeting=sorted(
            by_meeting.values(),
            key=lambda meeting: (meeting.start_date, meeting.number, meeting.code),
            reverse=True,
        ),
    )
