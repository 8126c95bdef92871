"""The page's own address in each language, for the switcher, hreflang and canonical links.

Every public page lives under a language prefix (/fr/documents/); the address without one
redirects to the visitor's language, which makes it the x-default of the alternates.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_info, pgettext

RIGHT_TO_LEFT = frozenset(settings.LANGUAGES_BIDI)
OPEN_GRAPH_LOCALES = {
    "ar": "ar_AR",
    "zh-hans": "zh_CN",
    "en": "en_US",
    "fr": "fr_FR",
    "ru": "ru_RU",
    "es": "es_ES",
}


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str
    url: str
    absolute_url: str
    is_current: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.code in RIGHT_TO_LEFT else "ltr"


def _without_language_prefix(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return "/" + path[len(prefix) :]
    return path


def _in_language(full_path: str, code: str) -> str:
    """The same page in another language: the public pages' addresses differ only in their
    language prefix (i18n_patterns, no translated paths); any other address is the same
    in every language (the admin, the API)."""
    rest = _without_language_prefix(full_path)
    return full_path if rest == full_path else f"/{code}{rest}"


def page_languages(request: HttpRequest) -> dict:
    """Context for base.html: `page_languages`, `canonical_url` and `x_default_url`."""
    return page_languages_of(request, request.get_full_path())


def page_languages_of(request: HttpRequest, full_path: str) -> dict:
    """The same context for another address than the request's: a page that must not
    repeat the address it was asked at (a members-only file's, which holds its name)."""
    current = get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        url = _in_language(full_path, code)
        languages.append(
            PageLanguage(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
            )
        )
    return {
        "page_languages": languages,
        # Open Graph names a locale with a region: ar_AR, zh_CN, en_US, fr_FR, ru_RU, es_ES.
        "og_locale": OPEN_GRAPH_LOCALES.get(current, "en_US"),
        "canonical_url": request.build_absolute_uri(full_path),
        "x_default_url": request.build_absolute_uri(_without_language_prefix(full_path)),
    }


def base_language(code: str | None) -> str:
    """'zh-hans' -> 'zh': the code documents and files use for the six languages."""
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


def direction(code: str) -> str:
    return "rtl" if base_language(code) in {base_language(c) for c in RIGHT_TO_LEFT} else "ltr"


def list_separators() -> tuple[str, str]:
    """What goes between two items of a list in the page's language, and between its last
    two: ", " and " and " in English."""
    return (
        pgettext("between two items of a list, not the last two", ", "),
        pgettext("between the last two items of a list", " and "),
    )


def join_in_language(items: Sequence[str], separators: tuple[str, str] | None = None) -> str:
    """Items joined as a sentence of the page's language: "A, B and C", "A، B وC", "A、B和C".

    The separators are catalogue entries, so each language writes its own punctuation and
    spacing (Arabic attaches و to the next word, Chinese uses no spaces); a caller that
    joins many lists passes them, read once (`list_separators`)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    between, last = separators or list_separators()
    return between.join(items[:-1]) + last + items[-1]


_LINE_SPACE = re.compile(r"[ \t\r\n]+")


def one_line(text: str) -> str:
    """A rendered mail subject on one line: a template's line breaks and indents become
    one space, and a no-break space stays (French sets a colon apart with one)."""
    return _LINE_SPACE.sub(" ", text).strip(" ")
