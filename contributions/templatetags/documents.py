"""Template helpers for document pages."""

import datetime
import functools

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext

from contributions import addresses
from contributions.filters import FilterOption
from contributions.models import Document
from contributions.selectors import file_languages
from contributions.templatetags.page_language import escaped
from workinggroups.addresses import slug_of_document

register = template.Library()


@register.filter
def languages(codes: str | None) -> list[tuple[str, str]]:
    """ "fr en" (the `language_codes` of a listed document) as [("en", "English"), ...]."""
    return file_languages(codes)


@register.filter
def document_languages(document) -> list[tuple[str, str]]:
    """The languages a document was issued in as recorded, else those of its files."""
    if document.languages:
        return file_languages(document.languages)
    if hasattr(document, "language_codes"):  # a listed document: computed with the row
        return file_languages(document.language_codes)
    return file_languages(
        " ".join(document_file.language for document_file in document.files.all())
    )


@register.simple_tag(takes_context=True)
def page_query(context, param: str, number: int) -> str:
    """The request's query string with the page `param` set to `number`."""
    params = context["request"].GET.copy()
    params[param] = number
    return params.urlencode()


@register.simple_tag
def filter_checkboxes(name: str, options: list[FilterOption]) -> SafeString:
    """A filter's checkboxes, each in its label, as one string: the sidebar has hundreds,
    and the template engine would resolve five variables for each."""
    field = escaped(name)
    return mark_safe(  # noqa: S308 -- every value and label is escaped here
        "".join(
            f'<label class="check" for="{escaped(option.id)}"><input type="checkbox" '
            f'name="{field}" value="{escaped(option.value)}" id="{escaped(option.id)}"'
            f"{' checked' if option.checked else ''}> {escaped(option.label)}</label>"
            for option in options
        )
    )


@register.filter
def document_address(document) -> str:
    """A document's address, built from one reversed prefix (contributions/addresses.py):
    a list links fifty."""
    return addresses.document_address(document.number, document.pk, slug_of_document(document))


@register.filter
def meeting_address(meeting) -> str:
    """A meeting's address, built from one reversed prefix, like `document_address`."""
    return addresses.meeting_address(meeting)


@register.filter
def kind_label(document) -> str:
    """The document's kind in words, from labels translated once per language: the model's
    `get_kind_display` translates every kind's label to find one."""
    return _kind_labels(get_language()).get(document.kind, document.kind)


@functools.cache
def _kind_labels(language: str | None) -> dict[str, str]:
    return {str(value): str(label) for value, label in Document.Kind.choices}


@functools.lru_cache(maxsize=4096)
def _month(language: str | None, year: int, month: int) -> str:
    """A month as the language writes it ("janvier 2025"), formatted once per language."""
    return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


@register.simple_tag
def meeting_counts(by_meeting, list_url: str) -> SafeString:
    """The entries of a subject's "By meeting" summary, each a link to its documents at that
    meeting; written here rather than in a template: a country's documents span up to every
    meeting of every group (180 in the benchmark's archive), which took the template engine
    13 ms."""
    # The colon as the page's language writes it (French with a no-break space before it,
    # Chinese full-width).
    colon = escaped(pgettext("between a phrase and what follows it", ": "))
    language = get_language()
    address = escaped(list_url)
    return mark_safe(  # noqa: S308 -- every value is escaped here
        "".join(
            f'<li><a href="{address}?meeting='
            f'{escaped(getattr(meeting, "value", None) or meeting.number)}">'
            f'<bdi>{escaped(meeting.code)}</bdi></a> <span class="muted">('
            f"{escaped(_month(language, meeting.start_date.year, meeting.start_date.month))}"
            f")</span>{colon}{escaped(meeting.count)}</li>"
            for meeting in by_meeting
        )
    )
