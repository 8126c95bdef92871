"""Marks for text that is not in the page's language, and lists joined in it.

Records (titles, names of organisations, summaries, agenda items) are written in English
unless they say otherwise; on a page in another language they carry `lang` and `dir`, so
that screen readers switch voice and right-to-left pages keep their punctuation in place.
"""

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from contributions.addresses import country_code, source_address
from contributions.models import Document, Source, Topic
from contributions.regions import country_name
from contributions.titles import title_for
from cwgcop.languages import base_language, direction, join_in_language

register = template.Library()

RECORDS_LANGUAGE = "en"


def _is_foreign(language: str) -> bool:
    return base_language(language) != base_language(get_language())


@register.simple_tag
def lang_attrs(language: str = RECORDS_LANGUAGE) -> SafeString:
    """` lang="en" dir="ltr"` for an element holding text in `language`, when the page is in
    another language; nothing otherwise."""
    if not _is_foreign(language):
        return mark_safe("")
    return format_html(' lang="{}" dir="{}"', language, direction(language))


@register.filter
def written_in(value, language: str = RECORDS_LANGUAGE) -> SafeString:
    """The value, escaped, in a span marked with its language when that is not the page's."""
    if value in (None, ""):
        return mark_safe("")
    if not _is_foreign(language):
        return format_html("{}", value)
    return format_html('<span lang="{}" dir="{}">{}</span>', language, direction(language), value)


@register.simple_tag
def document_title(document: Document) -> SafeString:
    """The title in the page's language when the document has one, else the original,
    marked with its language. Reads the titles read with it; without them, the original."""
    if document.titles_were_read():
        shown = title_for(document)
        return written_in(shown.text, shown.language)
    return written_in(document.title, document.original_language)


@register.filter
def topic_label(topic: Topic) -> SafeString:
    """A topic's name in the page's language when it has one, else its English name, marked
    as English on pages in other languages."""
    name, language = topic.name_in(get_language())
    return written_in(name, language)


def source_name(source: Source) -> SafeString:
    """A Member State by its country's name in the page's language; any other source by its
    recorded name, marked as English on pages in other languages."""
    if source.is_member_state and _is_foreign(RECORDS_LANGUAGE):
        name = country_name(country_code(source))
        if name:
            return format_html("{}", name)
    return written_in(source.name)


def isolated_name(html: str) -> SafeString:
    """A name among others in a sentence, set apart from the text around it: an English
    name between Arabic commas keeps its own order (`bdi`), and the class keeps its words
    on one line where they fit, so that a line break never splits it across the commas."""
    return format_html('<bdi class="list-name">{}</bdi>', html)


@register.simple_tag
def source_links(sources: Iterable[Source]) -> SafeString:
    """Linked source names joined as a sentence of the page's language, each isolated."""
    links = [
        isolated_name(
            format_html('<a href="{}">{}</a>', source_address(source), source_name(source))
        )
        for source in sources
    ]
    return mark_safe(join_in_language(links))  # noqa: S308 -- each link is escaped above


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
