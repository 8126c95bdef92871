"""A document's title in each language: chosen for the page's language, set by people.

`Document.title` is the title in the document's original language; `DocumentTitle` rows
hold the titles of the other language versions. Pages read the rows that the selectors
prefetched (`titles`), so choosing costs no query.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import get_language

from cwgcop.languages import base_language

from .models import Document, DocumentTitle
from .search import refresh_search_index


@dataclass(frozen=True)
class ShownTitle:
    text: str
    language: str


def title_for(document: Document, language: str | None = None) -> ShownTitle:
    """The title in `language` (the page's, by default) when there is one, else the
    original title with its language."""
    wanted = base_language(language or get_language())
    if wanted != document.original_language:
        for title in document.titles.all():
            if title.language == wanted and title.title.strip():
                return ShownTitle(text=title.title, language=wanted)
    return ShownTitle(text=document.title, language=document.original_language)


def other_titles(document: Document, shown: ShownTitle) -> list:
    """The titles a document's page lists besides the one it shows: the original (when it is
    not the one shown) and those of the other language versions, in the ITU's order."""
    titles = [title for title in document.titles.all() if title.language != shown.language]
    if shown.language != document.original_language:
        titles.insert(
            0,
            DocumentTitle(
                document=document, language=document.original_language, title=document.title
            ),
        )
    return titles


@transaction.atomic
def set_document_titles(*, document: Document, titles: dict[str, str], by) -> Document:
    """Make the document's titles in other languages exactly `titles` (language -> title):
    a blank title removes that language's row. Refreshes the search index."""
    del by  # Titles are not part of the workflow; the admin's log records who changed them.
    kept = {
        language: text.strip()
        for language, text in titles.items()
        if text.strip() and language != document.original_language
    }
    DocumentTitle.objects.filter(document=document).exclude(language__in=kept).delete()
    for language, text in kept.items():
        DocumentTitle.objects.update_or_create(
            document=document, language=language, defaults={"title": text}
        )
    refresh_search_index(document_ids=[document.pk])
    return document
