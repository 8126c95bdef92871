"""The entries of a list of documents (GOV.UK's document list: the title leads each entry;
number, kind, sources, meeting, the date on the document and languages follow as quiet
metadata), written here rather than in a template: a list of fifty documents would have
the template engine resolve a thousand variables, the larger part of a cold list's time.
"""

import functools
from collections.abc import Iterable

from django import template
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from contributions import addresses
from contributions.models import Document
from workinggroups.addresses import slug_of_document

from .documents import document_languages, kind_label
from .page_language import document_title, lang_attrs, source_links

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


def _hidden(label: str) -> str:
    return f'<span class="visually-hidden">{label}: </span>'


def _languages(document: Document, words: dict[str, str]) -> str:
    if document.english_only:
        return f"<li>{words['english_only']}</li>"
    codes = document_languages(document)
    if not codes:
        return ""
    abbreviations = " ".join(
        format_html('<abbr title="{}">{}</abbr>', label, code.upper()) for code, label in codes
    )
    return f"<li>{_hidden(words['languages'])}{abbreviations}</li>"


def _item(document: Document, words: dict[str, str]) -> str:
    parts = [
        '<li class="document-list-item">',
        format_html(
            '<p class="document-list-title"><a href="{}">{}</a></p>',
            addresses.document_address(document.number, document.pk, slug_of_document(document)),
            document_title(document),
        ),
    ]
    snippet = getattr(document, "snippet", None)
    if snippet:
        parts.append(format_html('<p class="snippet"{}>{}</p>', lang_attrs(), snippet))
    number = format_html("<bdi>{}</bdi>", document.number) if document.number else None
    parts += [
        '<ul class="document-meta">',
        f'<li class="document-meta-number">{_hidden(words["number"])}'
        f"{number or words['no_number']}</li>",
        format_html("<li>{}</li>", kind_label(document)),
        f"<li>{_hidden(words['sources'])}{source_links(document.sources_in_order())}</li>",
    ]
    meeting = document.meeting
    parts.append(
        f"<li>{_hidden(words['meeting'])}"
        + format_html(
            '<a href="{}"><bdi>{}</bdi></a></li>',
            addresses.meeting_address(meeting),
            meeting.code,
        )
    )
    if document.document_date:
        parts.append(
            f"<li>{_hidden(words['date'])}"
            + format_html(
                '<time datetime="{}">{}</time></li>',
                document.document_date.isoformat(),
                formats.date_format(document.document_date, "SHORT_DATE_FORMAT"),
            )
        )
    if document.is_restricted:
        parts.append(f"<li>{words['members_only']}</li>")
    parts += [_languages(document, words), "</ul>", "</li>"]
    return "".join(parts)


@register.simple_tag
def document_items(documents: Iterable[Document]) -> SafeString:
    """The list's entries, each escaped here (titles, names, snippets and numbers)."""
    words = _words(get_language())
    return mark_safe(  # noqa: S308 -- every record value is escaped in _item
        "".join(_item(document, words) for document in documents)
    )
