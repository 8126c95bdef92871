"""The working groups: each numbers its own meetings and documents, under names that changed
over time, with its officers; and the `group` filter that lists one group's records."""

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from meetings.models import Meeting
from workinggroups.addresses import default_slug
from workinggroups.models import NAME_LANGUAGES, WorkingGroup

from . import schemas
from .errors import BadQuery, unknown_value
from .http import page_url
from .pagination import Page, PageQuery, paginate
from .serialize import api_url

router = Router(tags=["working groups"])

GROUP_DESCRIPTION = "Working groups, by slug (cwg-cop); see /api/v1/groups."


def groups_named(slugs: Iterable[str]) -> list[WorkingGroup]:
    """The groups these slugs name, in any letter case; 400 naming each slug that names
    none. No slug: no group (the caller lists every group's)."""
    asked = [slug.strip() for slug in slugs if slug.strip()]
    if not asked:
        return []
    groups = {group.slug.casefold(): group for group in WorkingGroup.objects.all()}
    unknown = [slug for slug in asked if slug.casefold() not in groups]
    if unknown:
        raise BadQuery([unknown_value("group", slug) for slug in unknown])
    return list({groups[slug.casefold()].pk: groups[slug.casefold()] for slug in asked}.values())


# A meeting's code: its document prefix and its number (CWG-COP-21, WG-CP-3).
_CODE = re.compile(r"(?P<prefix>.+)-(?P<number>[0-9]+)")
_LARGEST_NUMBER = 32767


def meetings_addressed(value: str, groups: Iterable[WorkingGroup] = ()) -> QuerySet[Meeting]:
    """The meetings a number (21) or a code (CWG-COP-21, in any letter case) names, in
    these groups. A number alone is the first group's meeting when no group is named:
    numbers repeat across groups, and the addresses from before the groups were the
    first group's. Several only when two groups share a code and none is named."""
    meetings = Meeting.objects.all()
    group_ids = [group.pk for group in groups]
    if group_ids:
        meetings = meetings.filter(group__in=group_ids)
    value = value.strip()
    if value.isdigit():
        number, prefix = int(value), None
        if not group_ids:
            meetings = meetings.filter(group__slug=default_slug())
    elif match := _CODE.fullmatch(value):
        number, prefix = int(match["number"]), match["prefix"]
    else:
        return meetings.none()
    if number > _LARGEST_NUMBER:
        return meetings.none()
    meetings = meetings.filter(number=number)
    return meetings.filter(document_prefix__iexact=prefix) if prefix else meetings


def _in_languages(group: WorkingGroup, field: str) -> dict[str, str]:
    named = {"en": getattr(group, field)}
    named.update(
        (code, value) for code in NAME_LANGUAGES if (value := getattr(group, f"{field}_{code}"))
    )
    return named


def _dated(row: Any, **fields: Any) -> dict[str, Any]:
    return {**fields, "start": row.start, "end": row.end}


def _filtered_url(name: str, group: WorkingGroup) -> str:
    return f"{api_url(name)}?{urlencode({'group': group.slug})}"


def group_data(group: WorkingGroup) -> dict[str, Any]:
    return {
        "slug": group.slug,
        "acronym": group.acronym,
        "name": group.name,
        "acronyms": _in_languages(group, "acronym"),
        "names": _in_languages(group, "name"),
        "periods": [
            _dated(period, acronym=period.acronym, prefix=period.prefix)
            for period in group.periods.all()
        ],
        "participation": [_dated(rule, open_to=rule.open_to) for rule in group.participation.all()],
        "officers": [
            _dated(officer, role=officer.role, name=officer.name, affiliation=officer.affiliation)
            for officer in group.officers.all()
        ],
        "url": page_url(group),
        "meetings_url": _filtered_url("meetings", group),
        "documents_url": _filtered_url("documents", group),
    }


@router.get(
    "/groups",
    response={200: Page[schemas.GroupOut], **schemas.OTHER_RESPONSES},
    url_name="groups",
    summary="Working groups, in the order the site lists them",
    description="Each group numbers its own meetings and documents. Documents and meetings "
    "say the slug of their group, and the `group` filter of /documents and /meetings lists "
    f"one group's ({default_slug()} is the first group's).",
)
def group_list(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    groups = WorkingGroup.objects.prefetch_related("periods", "participation", "officers")
    return paginate(request, groups, paging, group_data)
