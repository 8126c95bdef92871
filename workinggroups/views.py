"""The list of groups, and the addresses from before the site served several groups."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import re_path
from django.utils.translation import get_language

from .addresses import default_slug
from .models import WorkingGroup


def group_list(request: HttpRequest) -> HttpResponse:
    groups = WorkingGroup.objects.prefetch_related("periods", "participation", "officers")
    return render(request, "workinggroups/group_list.html", {"groups": groups})


def earlier_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    """An address from before the groups (/en/meetings/21/): the first group's (301)."""
    language = get_language()
    path = request.get_full_path()
    marker = f"/{language}/"
    at = path.find(marker)
    if at < 0:  # the language came from elsewhere; the address is the group's home
        return HttpResponsePermanentRedirect(f"/{language}/{default_slug()}/")
    at += len(marker)
    return HttpResponsePermanentRedirect(f"{path[:at]}{default_slug()}/{path[at:]}")


def _fixed_starts(patterns) -> set[str]:
    """What each pattern's address starts with before its first parameter: "documents/"
    of "documents/<number>/", "feeds/documents.atom"."""
    starts = set()
    for pattern in patterns:
        start = str(pattern.pattern).split("<", 1)[0]
        if start:
            starts.add(start)
    return starts


def earlier_addresses(*group_patterns) -> list:
    """Patterns answering the group pages' addresses without a group with a redirect."""
    starts = set().union(*(_fixed_starts(patterns) for patterns in group_patterns))
    alternatives = "|".join(re.escape(start) for start in sorted(starts, key=len, reverse=True))
    return [
        re_path(r"^$", earlier_address, name="earlier-home"),
        re_path(rf"^(?P<rest>(?:{alternatives}).*)$", earlier_address, name="earlier-address"),
    ]
