"""Marks for text that is not in the page's language, and lists joined in it.

Records (titles, names of organisations, summaries, agenda items) are written in English
unless they say otherwise; on a page in another language they carry `lang` and `dir`, so
that screen readers switch voice and right-to-left pages keep their punctuation in place.
"""

from collections.abc import Iterable
from html import escape as _escape

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

from contributions import addresses
from contributions.addresses import country_code, source_address
from contributions.models import Document, Source, Topic
from contributions.regions import country_names
from contributions.titles import title_for
from cwgcop.languages import base_language, direction, join_in_language, list_separators

register = template.Library()

RECORDS_LANGUAGE = "en"


def escaped(value) -> str:
    """`conditional_escape(value)` as a plain string: without its check for lazy strings,
    which costs more than the escaping on each of a list's hundreds of values."""
    return str(value) if isinstance(value, SafeData) else _escape(str(value))


class RecordWriter:
    """Records written into a page in its language, as the tags below write them: each
    what the page's language makes of it (a Member State's name, the list separators, the
    `lang` of what is not in it) read once, however many records a page lists."""

    def __init__(self) -> None:
        self.language = get_language()
        self.base = base_language(self.language)

    @cached_property
    def separators(self) -> tuple[str, str]:
        return list_separators()

    @cached_property
    def country_names(self) -> dict[str, str]:
        return country_names()

    @cached_property
    def _request_addresses(self) -> tuple[str | None, str]:
        return get_urlconf(), get_script_prefix()

    def foreign(self, language: str = RECORDS_LANGUAGE) -> bool:
        """Text in `language` is not in the page's language."""
        return base_language(language) != self.base

    def address(self, view: str, argument: object, urlconf: str | None = None) -> str:
        """`addresses.address`, with the page's language and script prefix read once."""
        request_urlconf, script_prefix = self._request_addresses
        around = addresses.around(view, urlconf or request_urlconf, script_prefix, self.language)
        return addresses.filled(around, argument)

    def lang_attrs(self, language: str = RECORDS_LANGUAGE) -> str:
        if not self.foreign(language):
            return ""
        return f' lang="{escaped(language)}" dir="{direction(language)}"'

    def written_in(self, value, language: str = RECORDS_LANGUAGE) -> str:
        if value in (None, ""):
            return ""
        if not self.foreign(language):
            return escaped(value)
        return f"<span{self.lang_attrs(language)}>{escaped(value)}</span>"

    def document_title(self, document: Document) -> str:
        if document.titles_were_read():
            shown = title_for(document, self.language)
            return self.written_in(shown.text, shown.language)
        return self.written_in(document.title, document.original_language)

    def source_name(self, source: Source) -> str:
        if source.is_member_state and self.foreign():
            name = self.country_names.get(country_code(source).strip().upper(), "")
            if name:
                return escaped(name)
        return self.written_in(source.name)

    def source_links(self, sources: Iterable[Source]) -> str:
        # Each name is set apart from the text around it: an English name between Arabic
        # commas keeps its own order (`bdi`), and the class keeps its words on one line
        # where they fit, so that a line break never splits it across the commas.
        links = [
            f'<bdi class="list-name"><a href="{escaped(source_address(source, self.address))}">'
            f"{self.source_name(source)}</a></bdi>"
            for source in sources
        ]
        return join_in_language(links, self.separators)


@register.simple_tag
def lang_attrs(language: str = RECORDS_LANGUAGE) -> SafeString:
    """` lang="en" dir="ltr"` for an element holding text in `language`, when the page is in
    another language; nothing otherwise."""
    return mark_safe(RecordWriter().lang_attrs(language))  # noqa: S308 -- escaped there


@register.filter
def written_in(value, language: str = RECORDS_LANGUAGE) -> SafeString:
    """The value, escaped, in a span marked with its language when that is not the page's."""
    return mark_safe(RecordWriter().written_in(value, language))  # noqa: S308 -- escaped there


@register.simple_tag
def document_title(document: Document) -> SafeString:
    """The title in the page's language when the document has one, else the original,
    marked with its language. Reads the titles read with it; without them, the original."""
    return mark_safe(RecordWriter().document_title(document))  # noqa: S308 -- escaped there


@register.filter
def topic_label(topic: Topic) -> SafeString:
    """A topic's name in the page's language when it has one, else its English name, marked
    as English on pages in other languages."""
    name, language = topic.name_in(get_language())
    return written_in(name, language)


def source_name(source: Source) -> SafeString:
    """A Member State by its country's name in the page's language; any other source by its
    recorded name, marked as English on pages in other languages."""
    return mark_safe(RecordWriter().source_name(source))  # noqa: S308 -- escaped there


@register.simple_tag
def source_links(sources: Iterable[Source]) -> SafeString:
    """Linked source names joined as a sentence of the page's language, each isolated."""
    return mark_safe(RecordWriter().source_links(sources))  # noqa: S308 -- escaped there


@register.filter
def document_sources(document: Document) -> list[Source]:
    """The sources of a document in the order it names them (from the prefetched links)."""
    return document.sources_in_order()


@register.filter
def source_label(source: Source) -> SafeString:
    return source_name(source)


@register.filter
def source_url(source: Source) -> str:
    """A source's address from one reversed prefix (contributions/addresses.py): the
    countries page links every Member State."""
    return source_address(source)
