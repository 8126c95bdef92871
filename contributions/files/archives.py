"""Zip archives, the container of Office files: judged by their directory before expanding."""

import re
import struct
import unicodedata
import zipfile
from typing import IO

from .formats import (
    ARCHIVE_RATIO_MIN_ENTRY_BYTES,
    DEFAULT_ARCHIVE_MAX_ENTRIES,
    DEFAULT_ARCHIVE_MAX_EXPANDED_BYTES,
    DEFAULT_ARCHIVE_MAX_RATIO,
)
from .messages import rejected, setting_limit
from .sizes import human_size


def open_archive(upload: IO[bytes]) -> zipfile.ZipFile:
    upload.seek(0)
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise rejected("corrupt") from error


OFFICE_COMPRESSION_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
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
        if entry.compress_type not in OFFICE_COMPRESSION_METHODS:
            # Office writes its parts stored or deflated; nothing else opens in Word.
            raise rejected("corrupt")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > ARCHIVE_RATIO_MIN_ENTRY_BYTES and ratio > max_ratio:
            raise rejected("compression-ratio", code="archive-bomb", ratio=max_ratio)
        expanded += entry.file_size
        if expanded > max_expanded:
            raise rejected("expanded-size", code="archive-bomb", limit=human_size(max_expanded))


def _is_safe_entry_name(name: str) -> bool:
    if not name or name.startswith("/") or "\\" in name or DRIVE_LETTER.match(name):
        return False
    if any(unicodedata.category(character) == "Cc" for character in name):
        return False
    return ".." not in name.split("/")


END_OF_DIRECTORY = b"PK\x05\x06"
END_OF_DIRECTORY_BYTES = 22
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_LOCATOR_BYTES = 20
ZIP64_END_OF_DIRECTORY = b"PK\x06\x06"
LOCAL_HEADER = b"PK\x03\x04"
LOCAL_HEADER_BYTES = 30
MAX_COMMENT_BYTES = 0xFFFF
# The sizes a data descriptor after a part's data can take: with or without its
# signature, with 32- or 64-bit sizes.
DATA_DESCRIPTOR_SIZES = frozenset({12, 16, 20, 24})


def check_archive_layout(upload: IO[bytes], archive: zipfile.ZipFile) -> None:
    """Refuse data before, between or after the parts of an archive, and overlapping parts.

    A zip archive is read from its end, so bytes can be hidden before it (another file
    that shows its own face to another program), between its parts or after its
    directory; and two directory entries can point at the same data, the trick of the
    densest compression bombs. A sound archive is its parts one after another from the
    first byte, then the directory, then its end record.
    """
    upload.seek(0, 2)
    size = upload.tell()
    directory_offset, directory_end = _directory_span(upload, size)
    position = 0
    descriptor = False
    for info in sorted(archive.infolist(), key=lambda info: info.header_offset):
        _expect_part_at(info.header_offset, position, descriptor=descriptor)
        upload.seek(info.header_offset)
        header = upload.read(LOCAL_HEADER_BYTES)
        if len(header) < LOCAL_HEADER_BYTES or not header.startswith(LOCAL_HEADER):
            raise rejected("corrupt")
        name_bytes, extra_bytes = struct.unpack("<HH", header[26:30])
        position = (
            info.header_offset + LOCAL_HEADER_BYTES + name_bytes + extra_bytes + info.compress_size
        )
        descriptor = bool(info.flag_bits & 0x08)
    _expect_part_at(directory_offset, position, descriptor=descriptor)
    if directory_end > size:
        raise rejected("corrupt")


def _expect_part_at(offset: int, position: int, *, descriptor: bool) -> None:
    gap = offset - position
    if gap < 0:
        raise rejected("archive-overlap", code="archive-bomb")
    if gap and not (descriptor and gap in DATA_DESCRIPTOR_SIZES):
        raise rejected("archive-hidden-data", code="hidden-data")


def _directory_span(upload: IO[bytes], size: int) -> tuple[int, int]:
    """Where the central directory starts, checked against where the end records say."""
    tail_bytes = min(size, END_OF_DIRECTORY_BYTES + MAX_COMMENT_BYTES)
    upload.seek(size - tail_bytes)
    tail = upload.read(tail_bytes)
    end = tail.rfind(END_OF_DIRECTORY)
    if end < 0 or len(tail) < end + END_OF_DIRECTORY_BYTES:
        raise rejected("corrupt")
    entries, directory_bytes, directory_offset, comment_bytes = struct.unpack(
        "<HIIH", tail[end + 10 : end + 22]
    )
    if end + END_OF_DIRECTORY_BYTES + comment_bytes != tail_bytes:
        # Bytes after the end record that its comment does not account for.
        raise rejected("archive-hidden-data", code="hidden-data")
    directory_end = size - tail_bytes + end
    if 0xFFFF in (entries,) or 0xFFFFFFFF in (directory_bytes, directory_offset):
        directory_end, directory_bytes, directory_offset = _zip64_directory(upload, directory_end)
    if directory_offset + directory_bytes != directory_end:
        # The directory is not where its end record says: bytes were put before the
        # archive, or between the directory and its end.
        raise rejected("archive-hidden-data", code="hidden-data")
    return directory_offset, directory_end


def _zip64_directory(upload: IO[bytes], end_offset: int) -> tuple[int, int, int]:
    locator_offset = end_offset - ZIP64_LOCATOR_BYTES
    if locator_offset < 0:
        raise rejected("corrupt")
    upload.seek(locator_offset)
    locator = upload.read(ZIP64_LOCATOR_BYTES)
    if not locator.startswith(ZIP64_LOCATOR):
        raise rejected("corrupt")
    (record_offset,) = struct.unpack("<Q", locator[8:16])
    upload.seek(record_offset)
    record = upload.read(56)
    if len(record) < 56 or not record.startswith(ZIP64_END_OF_DIRECTORY):
        raise rejected("corrupt")
    (record_bytes,) = struct.unpack("<Q", record[4:12])
    if record_offset + 12 + record_bytes != locator_offset:
        raise rejected("archive-hidden-data", code="hidden-data")
    directory_bytes, directory_offset = struct.unpack("<QQ", record[40:56])
    return record_offset, directory_bytes, directory_offset
