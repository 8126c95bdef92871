"""The group whose pages a request is in, from its address: /<language>/<group>/…"""

from django.conf import settings
from django.db import DatabaseError

from .addresses import (
    default_slug,
    forget_for_this_request,
    group_by_slug,
    read_once,
    urlconf_for,
)
from .current import activated

_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def group_slug_in(path: str) -> str | None:
    """The part of the address that may name a group: the second of /<language>/<part>/…,
    or the first of an address without a language (/<part>/…, which LocaleMiddleware
    redirects to the visitor's language)."""
    parts = path.split("/", 3)
    if len(parts) >= 3 and parts[1] in _LANGUAGES:
        return parts[2] or None
    return parts[1] if len(parts) >= 3 and parts[1] else None


class WorkingGroupMiddleware:
    """Sets `request.working_group` (None outside a group's pages) and resolves the
    request with the group's URL configuration, so that its addresses are the group's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with read_once():
            return self._answer(request)

    def _answer(self, request):
        request.working_group = None
        slug = group_slug_in(request.path_info)
        if slug:
            try:
                group = group_by_slug(slug)
            except DatabaseError:
                # The view meets the outage too, and answers it (cwgcop.outage); the page
                # is then no group's.
                forget_for_this_request()
                group = None
            if group is not None:
                request.working_group = group
                if slug != default_slug():
                    request.urlconf = urlconf_for(slug)
        with activated(request.working_group):
            return self.get_response(request)
