"""File names: cleaned for display and download, and agreeing with the content."""

import re
import unicodedata

from .formats import FILENAME_MAX_CHARACTERS, DocumentFormat
from .messages import rejected

JOINERS = frozenset({"\u200c", "\u200d"})

WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')

EXTENSION = re.compile(r"\.([A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)$")

EXTENSION_MAX_CHARACTERS = 10

RESERVED_WINDOWS_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {
        f"{device}{number}"
        for device in ("COM", "LPT")
        for number in [*"0123456789", "¹", "²", "³"]
    }
)


def safe_filename(name: str) -> str:
    """A name fit to show and to offer as the download name.

    Directories, control and bidirectional formatting characters, characters Windows
    forbids, leading dots and trailing dots or spaces go; a Windows device name gets an
    underscore; the result is at most 150 characters with its extension kept. Letters
    of every script stay, in NFC. A name with nothing left becomes "document".
    """
    name = unicodedata.normalize("NFC", name)
    name = "".join(_clean_character(character) for character in name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = WINDOWS_FORBIDDEN.sub("_", name)
    name = " ".join(name.split()).rstrip(". ")
    extension = name_extension(name)
    stem = name.removesuffix(extension).strip(". ")
    if not stem:
        stem = "document"
    device = stem.split(".", 1)[0].rstrip()
    if device.upper() in RESERVED_WINDOWS_NAMES:
        stem = device + "_" + stem[len(device) :]
    return limit_length(stem, extension)


def _clean_character(character: str) -> str:
    category = unicodedata.category(character)
    if category == "Cc":
        # Tabs and line breaks separate words; other control characters, NUL among them,
        # have no place in a name.
        return " " if character.isspace() else ""
    if category in ("Cf", "Cs", "Zl", "Zp") and character not in JOINERS:
        # Format characters include the right-to-left override that makes "fdp.exe" read
        # as "exe.pdf". Zero-width joiners stay: Persian and other scripts need them.
        return ""
    return character


def name_extension(name: str) -> str:
    """The extension a name claims, dot included: letters and digits with at least one letter."""
    match = EXTENSION.search(name)
    if match is None or len(match[0]) > EXTENSION_MAX_CHARACTERS:
        return ""
    return match[0]


def limit_length(stem: str, extension: str) -> str:
    room = FILENAME_MAX_CHARACTERS - len(extension)
    if len(stem) > room:
        # Cut before a whole letter, not between a letter and its accents or joiners.
        while room > 0 and _continues_character(stem[room]):
            room -= 1
        stem = stem[:room].rstrip("".join(JOINERS)).rstrip(". ") or "document"
    return stem + extension


def _continues_character(character: str) -> bool:
    return unicodedata.category(character).startswith("M") or character in JOINERS


def agree_name(original_name: str, *, document_format: DocumentFormat) -> str:
    """Refuse a name whose extension says another format; give a bare name the right one."""
    extension = name_extension(original_name)
    if not extension:
        return limit_length(original_name, document_format.extension)
    if extension.lower() != document_format.extension:
        raise rejected(
            "type-mismatch",
            kind=document_format.label,
            extension=extension,
            expected=document_format.extension,
        )
    return original_name
