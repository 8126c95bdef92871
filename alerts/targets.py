"""What an alert follows, as one value: read from a page's query (the target preselected
by the page that links to the form), offered in the form, written on an alert, said in
words in pages and mails.

A target's value in the form is `everything`, `country:IT`, `source:<slug>`,
`topic:<slug>` or `meeting:<number>`. A target is within one working group, the group
whose alerts page it is chosen on: its meeting is one of that group's (numbers repeat
across groups), and a country, a source or a topic is followed in that group's documents
only. A target with no group (an alert made before there were several) follows every
group's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from contributions.models import Source, Topic
from meetings.models import Meeting
from workinggroups.models import WorkingGroup

from .models import TARGET_FIELDS, AlertKind


@dataclass(frozen=True)
class Target:
    kind: str
    country: str = ""
    source: Source | None = None
    topic: Topic | None = None
    meeting: Meeting | None = None
    group: WorkingGroup | None = None

    @property
    def value(self) -> str:
        match self.kind:
            case AlertKind.COUNTRY:
                return f"country:{self.country}"
            case AlertKind.SOURCE:
                return f"source:{self.source.slug}"
            case AlertKind.TOPIC:
                return f"topic:{self.topic.slug}"
            case AlertKind.MEETING:
                return f"meeting:{self.meeting.number}"
        return AlertKind.EVERYTHING

    def fields(self) -> dict[str, Any]:
        """The model fields that name the target (an alert's or a pending request's)."""
        values: dict[str, Any] = {"kind": self.kind, "group": self.group}
        field = TARGET_FIELDS.get(self.kind)
        if field:
            values[field] = getattr(self, field)
        return values

    def describe(self, *, with_group: bool = False) -> str:
        """The target in words, in the active language; `with_group` (when the system
        serves several groups) adds the group followed. A meeting's code names its group."""
        match self.kind:
            case AlertKind.COUNTRY:
                followed = _("documents from %(country)s") % {
                    "country": countries.name(self.country)
                }
            case AlertKind.SOURCE:
                followed = _("documents from %(source)s") % {"source": self.source.name}
            case AlertKind.TOPIC:
                followed = _("documents on %(topic)s") % {"topic": self.topic.name}
            case AlertKind.MEETING:
                return _("documents of meeting %(code)s") % {"code": self.meeting.code}
            case _:  # every publication (the wildcard pattern, not gettext)
                followed = _("every document published")
        if not with_group:
            return followed
        if self.group is None:
            return _("%(followed)s in every working group") % {"followed": followed}
        return _("%(followed)s in %(group)s") % {
            "followed": followed,
            "group": self.group.acronym_in(get_language())[0],
        }


def target_of(alert) -> Target:
    """The target of an alert or a pending request (its related rows loaded)."""
    field = TARGET_FIELDS.get(alert.kind)
    if not field:
        return Target(kind=AlertKind.EVERYTHING, group=alert.group)
    value = getattr(alert, field)
    return Target(
        kind=alert.kind,
        group=alert.group,
        **{field: value.code if field == "country" else value},
    )


def _country(code: str, group: WorkingGroup | None) -> Target | None:
    code = code.strip().upper()
    return Target(kind=AlertKind.COUNTRY, country=code, group=group) if code in countries else None


def _source(slug: str, group: WorkingGroup | None) -> Target | None:
    source = Source.objects.filter(slug=slug.strip().lower()).first()
    if source is None:
        return None
    if source.is_member_state:
        # A Member State is followed as its country, ministries and agencies included,
        # as its page (the country's) shows it.
        return _country(source.country.code, group)
    return Target(kind=AlertKind.SOURCE, source=source, group=group)


def _topic(slug: str, group: WorkingGroup | None) -> Target | None:
    topic = Topic.objects.filter(slug=slug.strip().lower()).first()
    return Target(kind=AlertKind.TOPIC, topic=topic, group=group) if topic else None


def _meetings(group: WorkingGroup | None):
    meetings = Meeting.objects.select_related("group")
    return meetings.filter(group=group) if group is not None else meetings


def _meeting(number: str, group: WorkingGroup | None) -> Target | None:
    """A meeting of the group, by its number; its group is the alert's."""
    number = number.strip()
    valid = number.isdigit() and len(number) <= 5
    meeting = _meetings(group).filter(number=int(number)).first() if valid else None
    return Target(kind=AlertKind.MEETING, meeting=meeting, group=meeting.group) if meeting else None


READERS = {"country": _country, "source": _source, "topic": _topic, "meeting": _meeting}


def target_from_value(value: str, group: WorkingGroup | None) -> Target | None:
    """The target a form value names in the group, or None when it names nothing that
    exists there."""
    if value == AlertKind.EVERYTHING:
        return Target(kind=AlertKind.EVERYTHING, group=group)
    kind, _separator, key = value.partition(":")
    reader = READERS.get(kind)
    return reader(key, group) if reader and key and len(key) <= 100 else None


def target_from_query(query: QueryDict, group: WorkingGroup | None) -> Target:
    """The target a linking page preselects: the first of its country, source, topic or
    meeting that exists (a filtered list of documents passes its filters); else everything
    the group publishes."""
    for name, reader in READERS.items():
        for key in query.getlist(name)[:1]:
            target = reader(key, group) if len(key) <= 100 else None
            if target is not None:
                return target
    return Target(kind=AlertKind.EVERYTHING, group=group)


def target_choices(preselected: Target) -> list[tuple[Any, Any]]:
    """The form's choices of what to follow in the preselected target's group, grouped by
    kind; the preselected one is among them even when its kind would not list it (a
    country with no Member State yet). The meetings are the group's own."""
    country_codes = sorted(
        set(Source.objects.member_states().values_list("country", flat=True))
        | ({preselected.country} if preselected.kind == AlertKind.COUNTRY else set()),
        key=lambda code: countries.name(code),
    )
    sources = Source.objects.exclude(kind=Source.Kind.MEMBER_STATE).order_by("name")
    return [
        (AlertKind.EVERYTHING, _every_document(preselected.group)),
        (
            _("Countries"),
            [(f"country:{code}", countries.name(code)) for code in country_codes],
        ),
        (_("Sources"), [(f"source:{source.slug}", source.name) for source in sources]),
        (
            _("Topics"),
            [(f"topic:{topic.slug}", topic.name) for topic in Topic.objects.order_by("name")],
        ),
        (
            _("Meetings"),
            [
                (f"meeting:{meeting.number}", meeting.code)
                for meeting in _meetings(preselected.group).order_by("-number")
            ],
        ),
    ]


def _every_document(group: WorkingGroup | None) -> str:
    if group is None:
        return _("Every document published")
    return _("Every document published by %(group)s") % {
        "group": group.acronym_in(get_language())[0]
    }
