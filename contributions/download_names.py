# ruff: noqa: RUF001, RUF003 -- the Russian alphabet, written out for its transliteration
"""The name a document's file is offered under, and its address, which ends in that name.

Once the secretariat has numbered a document, each of its files is offered as
`<number>-<language>.<extension>`: CWG-COP-21/3(Rev.1) in English downloads as
CWG-COP-21-3-Rev-1-en.pdf, and the archive's WG-CP/1/16 Rev.1 in French as
WG-CP-1-16-Rev-1-fr.pdf. Until then (a draft, a submitted document) a file keeps the name
it was uploaded with, which only the document's delegates and the secretariat see. The
uploaded name itself is never changed: the admin and the history still show it.

Light enough for the models: nothing here reads the database.
"""

import functools
import re
import unicodedata
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Every run of characters other than ASCII letters and digits (slashes, brackets, spaces,
# dots, hyphens) parts two pieces of a number, and becomes one hyphen.
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
# An uploaded name's extension, dot included: letters and digits with at least one letter,
# as the upload checks read it (contributions.files.names).
_EXTENSION = re.compile(r"\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$")
_EXTENSION_MAX_CHARACTERS = 10


# Russian letters in Latin ones, as ICAO writes names in passports (Doc 9303), so that a
# name in Cyrillic keeps its words where only ASCII is allowed: "Отчёт о встрече.pdf" is
# offered to older browsers as "Otchet o vstreche.pdf", not as a bare extension.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}  # fmt: skip


def _in_latin_letters(text: str) -> str:
    """Cyrillic letters written in Latin ones, a capital as a capital; the rest unchanged."""
    written = []
    for char in unicodedata.normalize("NFC", text):
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            written.append(char)
        else:
            written.append(latin.capitalize() if char.isupper() else latin)
    return "".join(written)


def _without_accents(text: str) -> str:
    """Cyrillic transliterated and accents dropped; other characters unchanged."""
    decomposed = unicodedata.normalize("NFKD", _in_latin_letters(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def ascii_file_name(name: str) -> str:
    """A name in ASCII only: Cyrillic transliterated, accents dropped, any other script
    left out (the whole name is sent alongside, as `filename*`)."""
    return _without_accents(name).encode("ascii", "ignore").decode()


@functools.lru_cache(maxsize=4096)
def number_in_file_name(number: str) -> str:
    """A document number as a file name holds it: CWG-COP-21/3(Rev.1) is CWG-COP-21-3-Rev-1.

    Accented letters lose their accents, Cyrillic ones are transliterated, every run of
    anything else but ASCII letters and digits becomes one hyphen, and no hyphen starts or
    ends it; letter case stays as written. Empty when nothing of the number is left.
    """
    return _SEPARATORS.sub("-", _without_accents(number or "")).strip("-")


def file_download_name(number: str, language: str, original_name: str) -> str:
    """The name a file is offered under: `<number>-<language><extension>` once its document
    has a number, the extension that of the uploaded name in lower case; until then the
    uploaded name."""
    stem = number_in_file_name(number)
    if not stem:
        return original_name
    match = _EXTENSION.search(original_name)
    extension = match[0].lower() if match and len(match[0]) <= _EXTENSION_MAX_CHARACTERS else ""
    return f"{stem}-{language}{extension}"


# What `reverse()` leaves unquoted in an argument (django.urls.resolvers), and stand-ins
# for a file's key and name that no address otherwise holds.
REVERSE_SAFE = "!$&'()*+,;=" + "/~:@"
_PK_STAND_IN, _NAME_STAND_IN = "2718281828", "3141592653"


@functools.cache
def _file_path_parts(urlconf: str | None, script_prefix: str, language: str | None):
    path = reverse("contributions:file", args=[_PK_STAND_IN, _NAME_STAND_IN], urlconf=urlconf)
    head, _stand_in, rest = path.partition(_PK_STAND_IN)
    middle, _stand_in, tail = rest.partition(_NAME_STAND_IN)
    return head, middle, tail


def file_path(pk: int, name: str) -> str:
    """The download address of a file, which ends in the name it is offered under.

    `reverse()` once per URL configuration, script prefix and language, then each address
    put together: a meeting page links hundreds of files, and `reverse()` for each was a
    tenth of its time. A name that the pattern would refuse is left to `reverse()`."""
    if not name or "/" in name or "\x00" in name:
        return reverse("contributions:file", args=[pk, name])
    head, middle, tail = _file_path_parts(get_urlconf(), get_script_prefix(), get_language())
    return f"{head}{int(pk)}{middle}{quote(name, safe=REVERSE_SAFE)}{tail}"
