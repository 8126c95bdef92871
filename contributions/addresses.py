"""Addresses of documents, sources and countries for pages that link hundreds of them.

`reverse()` walks the URL resolver for each link: a list of fifty documents with their
sources and meetings asks it some two hundred times per page. The address of a view that
takes one argument is its prefix, the quoted argument, and its suffix: they are reversed
once per view, language, script prefix and URL configuration, with a placeholder, and each
link is then a concatenation. The same quoting as `reverse()` applies to the argument.
"""

import functools
from collections.abc import Callable
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from workinggroups.addresses import slug_of_group, urlconf_for

from .download_names import REVERSE_SAFE

# Matches the converters of the views below: str, slug, path and int.
_PLACEHOLDER = "2718281828"


@functools.cache
def around(view: str, urlconf: str | None, script_prefix: str, language: str | None):
    head, _placeholder, tail = reverse(view, args=[_PLACEHOLDER], urlconf=urlconf).partition(
        _PLACEHOLDER
    )
    return head, tail


def address(view: str, argument: object, urlconf: str | None = None) -> str:
    """`reverse(view, args=[argument])`, for views of one argument whose converter accepts
    it (the caller's to know: no pattern is matched here); in the pages of the group whose
    URL configuration is `urlconf`, by default the request's."""
    return filled(
        around(view, urlconf or get_urlconf(), get_script_prefix(), get_language()), argument
    )


def filled(prefix_and_suffix: tuple[str, str], argument: object) -> str:
    """An address from its view's prefix and suffix (`around`) and its quoted argument."""
    head, tail = prefix_and_suffix
    return head + quote(str(argument), safe=REVERSE_SAFE) + tail


# `address`, or a caller's own that gives the same (page_language.RecordWriter.address).
Addresser = Callable[[str, object, str | None], str]


def document_address(
    number: str, pk: int, group: str | None = None, addresser: Addresser | None = None
) -> str:
    """A document's page, in the pages of the group of slug `group` (by default the
    request's): by its number, or by its id while it has none (Document's
    `get_absolute_url`)."""
    addresser = addresser or address
    urlconf = urlconf_for(group) if group else None
    if number:
        return addresser("contributions:document", number, urlconf)
    return addresser("contributions:document-by-id", pk, urlconf)


def meeting_address(meeting, addresser: Addresser | None = None) -> str:
    """A meeting's page, in its group's pages."""
    urlconf = urlconf_for(slug_of_group(meeting.group_id))
    return (addresser or address)("meetings:detail", meeting.number, urlconf)


def source_address(source, addresser: Addresser | None = None) -> str:
    """A source's page; a Member State's is its country's (Source's `get_absolute_url`)."""
    addresser = addresser or address
    if source.is_member_state:
        return addresser("contributions:country", country_code(source).lower(), None)
    return addresser("contributions:source", source.slug, None)


def country_code(source) -> str:
    # The stored code, without the Country object the field's descriptor builds on each read.
    stored = vars(source).get("country", "")
    return str(getattr(stored, "code", stored) or "")
