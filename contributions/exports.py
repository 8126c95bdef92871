"""The documents list as CSV and JSON, and a meeting's published files as one ZIP stream."""

import csv
import datetime
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

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
    "published_at",
    "url",
    "summary",
    "access",
]
# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def for_export(documents: QuerySet[Document]) -> QuerySet[Document]:
    """The listing queryset plus the topics each row names."""
    return documents.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("name").only("pk", "name", "slug"))
    )


def document_record(document: Document, absolute_url) -> dict[str, Any]:
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
        "date": document.document_date.isoformat() if document.document_date else None,
        "published_at": document.published_at.isoformat() if document.published_at else None,
        "url": absolute_url(document.get_absolute_url()),
        "summary": document.summary,
        # "members": its files and their text are for ITU members only (the record itself
        # is public).
        "access": document.access,
    }


def document_records(documents: QuerySet[Document], absolute_url) -> Iterator[dict[str, Any]]:
    for document in documents.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield document_record(document, absolute_url)


def spreadsheet_safe(value: Any) -> str:
    """A cell value that no spreadsheet will run as a formula."""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The header and one line per record; the byte order mark lets spreadsheets read UTF-8."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for record in records:
        yield writer.writerow([spreadsheet_safe(record[column]) for column in CSV_COLUMNS])


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
