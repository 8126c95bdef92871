"""A document's title in each language, chosen for the page's language.

`Document.title` is the title in the document's original language; `DocumentTitle` rows
hold the titles of the other language versions. Pages read the rows that were read with
the document (`listed_titles`, `Document.title_versions`), so choosing costs no query.
"""

from dataclasses import dataclass

from django.utils.translation import get_language

from cwgcop.languages import base_language

from .models import Document, DocumentTitle


@dataclass(frozen=True)
class ShownTitle:
    text: str
    language: str


def title_for(document: Document, language: str | None = None) -> ShownTitle:
    """The title in `language` (the page's, by default) when there is one, else the
    original title with its language."""
    wanted = base_language(language or get_language())
    if wanted != document.original_language:
        for title in document.title_versions():
            if title.language == wanted and title.title.strip():
                return ShownTitle(text=title.title, language=wanted)
    return ShownTitle(text=document.title, language=document.original_language)


def other_titles(document: Document, shown: ShownTitle) -> list:
    """The titles a document's page lists besides the one it shows: the original (when it is
    not the one shown) and those of the other language versions, in the ITU's order."""
    titles = [title for title in document.title_versions() if title.language != shown.language]
    if shown.language != document.original_language:
        titles.insert(
            0,
            DocumentTitle(
                document=document, language=document.original_language, title=document.title
            ),
        )
    return titles
