"""The working groups of the synthetic archive, their meetings, and which meeting each
document goes to.

The first group is the site's own (settings.DEFAULT_WORKING_GROUP, CWG-COP): it holds the
largest share of the documents and 60 meetings, a quarter of a year apart from 2010 (its
documents numbered WG-CP until meeting 10, CWG-COP after). Four invented groups share the
rest, each with 30 meetings, half a year apart from 2010, numbered from 1 in its own
series, its documents numbered with its own acronym. The sources and topics are every
group's: the same countries write to several groups.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchGroup:
    slug: str
    acronym: str
    name: str
    # Its share of the documents, in thousandths.
    share: int
    meetings: int
    # Months between two of its meetings.
    every_months: int


FIRST_GROUP_MEETINGS = 60
# The first group's meetings numbered WG-CP before this one, CWG-COP from it.
FIRST_CWG_COP_MEETING = 10
INVENTED_GROUPS = tuple(
    BenchGroup(
        slug=f"cwg-bench-{letter}",
        acronym=f"CWG-BENCH-{letter.upper()}",
        name=f"Benchmark Working Group {letter.upper()}",
        share=150,
        meetings=30,
        every_months=6,
    )
    for letter in "abcd"
)
# The group whose pages the benchmark measures besides the first one's.
SECOND_GROUP = INVENTED_GROUPS[0]


def first_group() -> BenchGroup:
    from django.conf import settings

    facts = settings.DEFAULT_WORKING_GROUP
    return BenchGroup(
        slug=facts["slug"],
        acronym=facts["acronym"],
        name=facts["name"],
        share=1000 - sum(group.share for group in INVENTED_GROUPS),
        meetings=FIRST_GROUP_MEETINGS,
        every_months=3,
    )


def bench_groups() -> list[BenchGroup]:
    return [first_group(), *INVENTED_GROUPS]


def meeting_date(group: BenchGroup, number: int) -> datetime.date:
    months = (number - 1) * group.every_months
    return datetime.date(2010 + months // 12, 1 + months % 12, 10)


def _prefix(group: BenchGroup, number: int) -> str:
    if group.slug == first_group().slug and number < FIRST_CWG_COP_MEETING:
        return "WG-CP"
    return group.acronym


def create_groups() -> list:
    """The working groups (the first one exists: the migrations and the demo made it),
    each with its names over time and the prefixes of its documents' numbers."""
    from workinggroups.models import GroupPeriod, WorkingGroup, default_group

    rows = []
    for order, group in enumerate(bench_groups()):
        if order == 0:
            row = default_group()
        else:
            row, _created = WorkingGroup.objects.get_or_create(
                slug=group.slug,
                defaults={"acronym": group.acronym, "name": group.name, "order": order},
            )
        periods = [(group.acronym, meeting_date(group, 1), None)]
        if order == 0:
            switch = meeting_date(group, FIRST_CWG_COP_MEETING)
            periods = [
                ("WG-CP", meeting_date(group, 1), switch - datetime.timedelta(days=1)),
                (group.acronym, switch, None),
            ]
        for prefix, start, end in periods:
            GroupPeriod.objects.get_or_create(
                working_group=row,
                prefix=prefix,
                defaults={"acronym": prefix, "start": start, "end": end},
            )
        rows.append(row)
    return rows


def create_meetings(rows: list) -> dict[int, list]:
    """Each group's meetings, by the group's id, in the order of their numbers; the demo's
    (meetings 21 and 22 of the first group) keep their own rows."""
    from meetings.models import Meeting

    existing = set(Meeting.objects.values_list("group_id", "number"))
    new = []
    for group, row in zip(bench_groups(), rows, strict=True):
        for number in range(1, group.meetings + 1):
            if (row.pk, number) in existing:
                continue
            start = meeting_date(group, number)
            new.append(
                Meeting(
                    group_id=row.pk,
                    number=number,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=1),
                    status=Meeting.Status.HELD,
                    venue="Geneva",
                    document_prefix=_prefix(group, number),
                )
            )
    Meeting.objects.bulk_create(new)
    by_group: dict[int, list] = {row.pk: [] for row in rows}
    for group, row in zip(bench_groups(), rows, strict=True):
        by_group[row.pk] = list(
            Meeting.objects.filter(group=row, number__lte=group.meetings).order_by("number")
        )
    return by_group


def give_roles(rows: list) -> None:
    """The demo's secretariat is the first group's, whose documents bench/writer.py
    publishes during a load (a role per group once there are several groups)."""
    from django.contrib.auth import get_user_model

    from workinggroups.models import GroupRole

    secretariat = get_user_model().objects.get(username="secretariat")
    GroupRole.objects.get_or_create(
        working_group=rows[0], user=secretariat, role=GroupRole.Role.SECRETARIAT
    )


def meeting_plan(size: int, rows: list, meetings: dict[int, list]) -> list:
    """The meeting of each of `size` documents, in the order they are written: each group
    takes its share (the first group what is left), spread evenly over its meetings, and
    the groups' documents are interleaved as they would come in over the years."""
    groups = bench_groups()
    counts = [size * group.share // 1000 for group in groups]
    counts[0] += size - sum(counts)
    keyed = []
    for order, (count, row) in enumerate(zip(counts, rows, strict=True)):
        own = meetings[row.pk]
        for index in range(count):
            keyed.append(((index + 0.5) / count, order, own[index * len(own) // count]))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [meeting for _position, _order, meeting in keyed]
