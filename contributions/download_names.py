"""The name a document's file is offered under, and its address, which ends in that name.

Once the secretariat has numbered a document, each of its files is offered as
`<number>-<language>.<extension>`: CWG-COP-21/3(Rev.1) in English downloads as
CWG-COP-21-3-Rev-1-en.pdf, and the archive's WG-CP/1/16 Rev.1 in French as
WG-CP-1-16-Rev-1-fr.pdf. Until then (a draft, a submitted document) a file keeps the name
it was uploaded with, which only the document's delegates and the secretariat see. The
uploaded name itself is never changed: the admin and the history still show it.

Light enough for the models: nothing here reads the database.
"""

import re
import unicodedata

from django.urls import reverse

# Every run of characters other than ASCII letters and digits (slashes, brackets, spaces,
# dots, hyphens) parts two pieces of a number, and becomes one hyphen.
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
# An uploaded name's extension, dot included: letters and digits with at least one letter,
# as the upload checks read it (contributions.files.names).
_EXTENSION = re.compile(r"\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$")
_EXTENSION_MAX_CHARACTERS = 10


def number_in_file_name(number: str) -> str:
    """A document number as a file name holds it: CWG-COP-21/3(Rev.1) is CWG-COP-21-3-Rev-1.

    Accented letters lose their accents, every run of anything else but ASCII letters and
    digits becomes one hyphen, and no hyphen starts or ends it; letter case stays as
    written. Empty when nothing of the number is left.
    """
    decomposed = unicodedata.normalize("NFKD", number or "")
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub("-", letters).strip("-")


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


def file_path(pk: int, name: str) -> str:
    """The download address of a file, which ends in the name it is offered under."""
    return reverse("contributions:file", args=[pk, name])
