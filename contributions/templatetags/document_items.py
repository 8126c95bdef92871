"""The entries of a list of documents (GOV.UK's document list: the title leads each entry;
number, kind, sources, meeting, the date on the document and languages follow as quiet
metadata), written here rather than in a template: a list of fifty documents would have
the template engine resolve a thousand variables, the larger part of a cold list's time.
"""

import functools
from collections.abc import Iterable

from django import template
from django.template.loader import render_to_string
from django.utils import dateformat, formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from contributions import addresses
from contributions.models import Document
from workinggroups.addresses import slug_of_document

from .documents import document_languages, kind_label
from .page_language import RecordWriter, escaped

register = template.Library()


@functools.cache
def _words(language: str | None) -> dict[str, str]:
    """The fixed words of an entry, translated once per language."""
    return {
        "number": escape(gettext("Number")),
        "no_number": escape(gettext("(no number)")),
        "sources": escape(gettext("Sources")),
        "meeting": escape(gettext("Meeting")),
        "date": escape(gettext("Date")),
        "english_only": escape(gettext("English only")),
        "languages": escape(gettext("Languages")),
        "members_only": members_only_mark(language),
    }


@functools.cache
def members_only_mark(language: str | None) -> str:
    """The members-only badge, in this language (the page's)."""
    return render_to_string("components/members_only_mark.html")


class _Page(RecordWriter):
    """What every entry of one list shares, read once: besides the writer's, the entries'
    words, the date format and the languages' abbreviations."""

    def __init__(self) -> None:
        super().__init__()
        self.words = _words(self.language)
        self.date_format = formats.get_format("SHORT_DATE_FORMAT", lang=self.language)
        self._abbreviations: dict[str, str] = {}

    def abbreviation(self, code: str, label) -> str:
        """A language's code, with its name as the title."""
        found = self._abbreviations.get(code)
        if found is None:
            found = f'<abbr title="{escaped(label)}">{escaped(code.upper())}</abbr>'
            self._abbreviations[code] = found
        return found


def _hidden(label: str) -> str:
    return f'<span class="visually-hidden">{label}: </span>'


def _languages(document: Document, page: _Page) -> str:
    words = page.words
    if document.english_only:
        return f"<li>{words['english_only']}</li>"
    codes = document_languages(document)
    if not codes:
        return ""
    abbreviations = " ".join(page.abbreviation(code, label) for code, label in codes)
    return f"<li>{_hidden(words['languages'])}{abbreviations}</li>"


def _item(document: Document, page: _Page) -> str:
    words = page.words
    href = addresses.document_address(
        document.number, document.pk, slug_of_document(document), page.address
    )
    title = page.document_title(document)
    parts = [
        '<li class="document-list-item">',
        f'<p class="document-list-title"><a href="{escaped(href)}">{title}</a></p>',
    ]
    snippet = getattr(document, "snippet", None)
    if snippet:
        parts.append(f'<p class="snippet"{page.lang_attrs()}>{escaped(snippet)}</p>')
    number = f"<bdi>{escaped(document.number)}</bdi>" if document.number else words["no_number"]
    meeting = document.meeting
    meeting_href = addresses.meeting_address(meeting, page.address)
    parts += [
        '<ul class="document-meta">',
        f'<li class="document-meta-number">{_hidden(words["number"])}{number}</li>',
        f"<li>{escaped(kind_label(document))}</li>",
        f"<li>{_hidden(words['sources'])}{page.source_links(document.sources_in_order())}</li>",
        f"<li>{_hidden(words['meeting'])}"
        f'<a href="{escaped(meeting_href)}"><bdi>{escaped(meeting.code)}</bdi></a></li>',
    ]
    if document.document_date:
        date = document.document_date
        parts.append(
            f"<li>{_hidden(words['date'])}"
            f'<time datetime="{date.isoformat()}">'
            f"{escaped(dateformat.format(date, page.date_format))}</time></li>"
        )
    if document.is_restricted:
        parts.append(f"<li>{words['members_only']}</li>")
    parts += [_languages(document, page), "</ul>", "</li>"]
    return "".join(parts)


@register.simple_tag
def document_items(documents: Iterable[Document]) -> SafeString:
    """The list's entries, each escaped here (titles, names, snippets and numbers)."""
    page = _Page()
    return mark_safe(  # noqa: S308 -- every record value is escaped in _item
        "".join(_item(document, page) for document in documents)
    )
