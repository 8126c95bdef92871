"""The documents list as CSV and JSON, and a meeting's published files as one ZIP stream.

Both lists stream: the documents are read `EXPORT_CHUNK_SIZE` at a time with their
sources, topics and files prefetched per chunk, so memory and the number of queries stay
flat however many documents the list holds. Addresses in them are built from
`settings.SITE_URL`, so that an export names the same links whoever asks.
"""

import csv
import datetime
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import COUNTRY_KINDS, Document, DocumentFile, Topic
from .selectors import file_languages

EXPORT_CHUNK_SIZE = 500
CSV_COLUMNS = [
    "number",
    "title",
    "kind",
    "sources",
    "countries",
    "meeting",
    "agenda_item",
    "topics",
    "languages",
    "date",
    "published_on",
    "url",
    "files",
    "summary",
    "access",
]
# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection),
# once it has skipped white space and read full-width signs as their ASCII forms.
_FORMULA_SIGNS = frozenset("=+-@\u2212")
# Categories a spreadsheet may skip before the first sign: controls, invisible formats
# (zero-width space, byte order mark) and every kind of space and line separator.
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def for_export(documents: QuerySet[Document]) -> QuerySet[Document]:
    """The listing queryset plus the topics and, as `public_files`, the files anyone may
    download (without their text) of each row: what the exports and the feed link."""
    return documents.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("name").only("pk", "name", "slug")),
        # Only the files anyone may download: a members-only file is not linked.
        Prefetch(
            "files",
            queryset=DocumentFile.objects.open_to(AnonymousUser())
            .defer("text", "extraction_error")
            .order_by("language", "pk"),
            to_attr="public_files",
        ),
    )


def site_url(path: str) -> str:
    """The absolute address of a path on the site's configured address."""
    return settings.SITE_URL + path


def document_record(document: Document, absolute_url=site_url) -> dict[str, Any]:
    """One document as plain data: what both the CSV and the JSON hold."""
    sources = [link.source for link in document.document_sources.all()]
    return {
        "number": document.number,
        "title": document.title,
        "kind": document.kind,
        "sources": [source.name for source in sources],
        "countries": list(
            dict.fromkeys(source.country.code for source in sources if source.kind in COUNTRY_KINDS)
        ),
        "meeting": document.meeting.number,
        "agenda_item": str(document.agenda_item) if document.agenda_item_id else None,
        "topics": [topic.name for topic in document.topics.all()],
        "languages": [
            code for code, _name in file_languages(document.languages or document.language_codes)
        ],
        # ISO 8601 dates (YYYY-MM-DD), which spreadsheets open as dates.
        "date": document.document_date.isoformat() if document.document_date else None,
        "published_on": (
            timezone.localdate(document.published_at).isoformat() if document.published_at else None
        ),
        "url": absolute_url(document.get_absolute_url()),
        "files": [
            absolute_url(document_file.get_absolute_url())
            for document_file in document.public_files
        ],
        "summary": document.summary,
        # "members": its files and their text are for ITU members only (the record itself
        # is public).
        "access": document.access,
    }


def document_records(
    documents: QuerySet[Document], absolute_url=site_url
) -> Iterator[dict[str, Any]]:
    for document in documents.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield document_record(document, absolute_url)


def _could_run(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    if text[:1] and unicodedata.category(text[0]) == "Cc":
        return True  # a tab, a carriage return or a line feed starts a formula in some
    normal = unicodedata.normalize("NFKC", text)
    start = next(
        (char for char in normal if unicodedata.category(char) not in _SKIPPED_CATEGORIES), ""
    )
    return start in _FORMULA_SIGNS


def spreadsheet_safe(value: Any, separator: str = "; ") -> str:
    """A cell value that no spreadsheet will run as a formula: such a cell starts with '."""
    if isinstance(value, list):
        value = separator.join(str(item) for item in value)
    text = "" if value is None else str(value)
    return f"'{text}" if _could_run(text) else text


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The header and one line per record; the byte order mark lets spreadsheets read UTF-8."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for record in records:
        yield writer.writerow(
            [
                # Addresses hold no space, so a space parts the file links unambiguously.
                spreadsheet_safe(record[column], " " if column == "files" else "; ")
                for column in CSV_COLUMNS
            ]
        )


def json_chunks(count: int, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """`{"count": …, "documents": […]}` written one document at a time."""
    yield f'{{"count": {count}, "documents": ['
    for position, record in enumerate(records):
        yield ("," if position else "") + json.dumps(record, ensure_ascii=False)
    yield "]}"


class _ZipSink:
    """The unseekable output of zipfile: collects what it writes until the stream takes it."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _archive_name(document_file: DocumentFile) -> str:
    folder = re.sub(r"[^A-Za-z0-9._-]+", "-", document_file.document.number).strip("-.")
    name = re.sub(r"[\\/\x00-\x1f]+", "-", document_file.original_name).lstrip(".")
    name = name or f"{document_file.language}.bin"
    return f"{folder}/{name}"


def zip_stream(files: Iterable[DocumentFile], chunk_bytes: int = 1024 * 1024) -> Iterator[bytes]:
    """The files as a ZIP archive, one folder per document, yielded as it is written.

    Nothing is held in memory beyond one chunk of one file: zipfile writes to an unseekable
    sink, so each entry carries its sizes in a data descriptor after its content.
    """
    sink = _ZipSink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document_file in files:
            stamp = document_file.document.published_at or document_file.uploaded_at
            stamp = stamp.astimezone(datetime.UTC) if stamp else datetime.datetime.now(datetime.UTC)
            info = zipfile.ZipInfo(_archive_name(document_file), date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with document_file.file.open("rb") as source, archive.open(info, "w") as entry:
                while chunk := source.read(chunk_bytes):
                    entry.write(chunk)
                    yield sink.take()
            yield sink.take()
    yield sink.take()
