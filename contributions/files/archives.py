"""Zip archives, the container of Office files: judged by their directory before expanding."""

import re
import unicodedata
import zipfile
from typing import IO

from django.template.defaultfilters import filesizeformat

from .formats import (
    ARCHIVE_RATIO_MIN_ENTRY_BYTES,
    DEFAULT_ARCHIVE_MAX_ENTRIES,
    DEFAULT_ARCHIVE_MAX_EXPANDED_BYTES,
    DEFAULT_ARCHIVE_MAX_RATIO,
)
from .messages import rejected, setting_limit


def open_archive(upload: IO[bytes]) -> zipfile.ZipFile:
    upload.seek(0)
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise rejected("corrupt") from error


DRIVE_LETTER = re.compile(r"^[A-Za-z]:")


def check_archive_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive that is unsafe to expand, judged by its directory alone.

    The sizes in the directory can be trusted this far because every later reader goes
    through `zipfile`, which stops at the declared size and then fails the CRC check.
    """
    max_entries = setting_limit("DOCUMENT_ARCHIVE_MAX_ENTRIES", DEFAULT_ARCHIVE_MAX_ENTRIES)
    max_expanded = setting_limit(
        "DOCUMENT_ARCHIVE_MAX_EXPANDED_BYTES", DEFAULT_ARCHIVE_MAX_EXPANDED_BYTES
    )
    max_ratio = setting_limit("DOCUMENT_ARCHIVE_MAX_RATIO", DEFAULT_ARCHIVE_MAX_RATIO)
    if len(entries) > max_entries:
        raise rejected(
            "too-many-entries", code="archive-bomb", count=len(entries), limit=max_entries
        )
    seen = set()
    for entry in entries:
        if not _is_safe_entry_name(entry.filename):
            raise rejected("unsafe-archive-path")
        # Part names in an Office package are compared without regard to case.
        key = entry.filename.casefold()
        if key in seen:
            raise rejected("duplicate-archive-entry", code="unsafe-archive-path")
        seen.add(key)
    expanded = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise rejected("encrypted-archive", code="encrypted")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > ARCHIVE_RATIO_MIN_ENTRY_BYTES and ratio > max_ratio:
            raise rejected("compression-ratio", code="archive-bomb", ratio=max_ratio)
        expanded += entry.file_size
        if expanded > max_expanded:
            raise rejected("expanded-size", code="archive-bomb", limit=filesizeformat(max_expanded))


def _is_safe_entry_name(name: str) -> bool:
    if not name or name.startswith("/") or "\\" in name or DRIVE_LETTER.match(name):
        return False
    if any(unicodedata.category(character) == "Cc" for character in name):
        return False
    return ".." not in name.split("/")
