"""The documents list as CSV and JSON, and a meeting's published files as one ZIP stream.

Both lists are read from one query whatever their length: each row carries its sources,
topics and public files as JSON lists the database builds, and is read as plain values,
never as a model. Up to `KEPT_EXPORT_BYTES` an export is an ordinary answer, which the
page cache keeps for anonymous visitors as it keeps a page (cwgcop/page_cache.py); a
longer one streams in constant memory every time. Addresses in them are built from
`settings.SITE_URL`, so that an export names the same links whoever asks.
"""

import csv
import datetime
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet
from django.db.models.functions import JSONObject
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from meetings.models import AgendaItem

from .aggregates import json_list
from .download_names import REVERSE_SAFE, file_download_name, number_in_file_name
from .models import COUNTRY_KINDS, Document, DocumentFile, DocumentSource, document_path, file_path
from .selectors import file_languages
from .visibility import PUBLIC_AUDIENCE, files_seen_by

# Rows the database hands over at a time.
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
# The columns of the document row itself that a record reads.
_ROW_FIELDS = (
    "pk",
    "number",
    "title",
    "kind",
    "meeting__number",
    "agenda_item_id",
    "agenda_item__order",
    "agenda_item__title",
    "languages",
    "language_codes",
    "document_date",
    "published_at",
    "summary",
    "access",
)
# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection),
# once it has skipped white space and read full-width signs as their ASCII forms.
_FORMULA_SIGNS = frozenset("=+-@\u2212")
# Categories a spreadsheet may skip before the first sign: controls, invisible formats
# (zero-width space, byte order mark) and every kind of space and line separator.
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _export_rows(documents: QuerySet[Document]) -> QuerySet:
    """The documents as plain rows, each with its sources (in the document's order), its
    topics (by name) and the files anyone may download (by language) as JSON lists."""
    sources = DocumentSource.objects.filter(document=OuterRef("pk"))
    topics = Document.topics.through.objects.filter(document=OuterRef("pk"))
    # Only the files anyone may download: a members-only file is not linked.
    files = files_seen_by(PUBLIC_AUDIENCE).filter(document=OuterRef("pk"))
    return (
        documents.prefetch_related(None)
        .annotate(
            source_list=json_list(
                sources,
                JSONObject(
                    name=F("source__name"), kind=F("source__kind"), country=F("source__country")
                ),
                order_by=["order", "pk"],
            ),
            topic_list=json_list(topics, F("topic__name"), order_by=["topic__name", "topic"]),
            file_list=json_list(
                files,
                JSONObject(pk=F("pk"), language=F("language"), name=F("original_name")),
                order_by=["language", "pk"],
            ),
        )
        .values(*_ROW_FIELDS, "source_list", "topic_list", "file_list")
    )


# A character that no number or file name holds, for `reverse` to put in their place.
_STAND_IN = "\ue000"


class _Paths:
    """The addresses of many documents and files: `reverse` once, with a stand-in for the
    number, then each row's number quoted as `reverse` quotes it (`file_path` does the
    same for files). `reverse` per row was most of an export's time; the address rule
    stays the models' (`document_path`, `file_path`)."""

    def __init__(self) -> None:
        stand_in = quote(_STAND_IN, safe=REVERSE_SAFE)
        self._document = document_path(_STAND_IN, 0).split(stand_in)

    def document(self, number: str, pk: int) -> str:
        if not number or _STAND_IN in number:
            return document_path(number, pk)
        return quote(number, safe=REVERSE_SAFE).join(self._document)

    def file(self, pk: int, name: str) -> str:
        # `file_path` puts the address together itself.
        return file_path(pk, name)


def _download_name(row: dict[str, Any], document_file: dict[str, Any]) -> str:
    """The name a file of the row is offered under, as `DocumentFile.download_name`."""
    return file_download_name(row["number"], document_file["language"], document_file["name"])


def site_url(path: str) -> str:
    """The absolute address of a path on the site's configured address."""
    return settings.SITE_URL + path


def document_record(
    row: dict[str, Any], absolute_url=site_url, paths: _Paths | None = None
) -> dict[str, Any]:
    """One document as plain data: what both the CSV and the JSON hold."""
    paths = paths or _Paths()
    sources = row["source_list"] or []
    return {
        "number": row["number"],
        "title": row["title"],
        "kind": row["kind"],
        "sources": [source["name"] for source in sources],
        "countries": list(
            dict.fromkeys(
                source["country"] for source in sources if source["kind"] in COUNTRY_KINDS
            )
        ),
        "meeting": row["meeting__number"],
        "agenda_item": (
            str(AgendaItem(order=row["agenda_item__order"], title=row["agenda_item__title"]))
            if row["agenda_item_id"]
            else None
        ),
        "topics": row["topic_list"] or [],
        "languages": [
            code for code, _name in file_languages(row["languages"] or row["language_codes"])
        ],
        # ISO 8601 dates (YYYY-MM-DD), which spreadsheets open as dates.
        "date": row["document_date"].isoformat() if row["document_date"] else None,
        "published_on": (
            timezone.localdate(row["published_at"]).isoformat() if row["published_at"] else None
        ),
        "url": absolute_url(paths.document(row["number"], row["pk"])),
        "files": [
            absolute_url(paths.file(document_file["pk"], _download_name(row, document_file)))
            for document_file in row["file_list"] or []
        ],
        "summary": row["summary"],
        # "members": its files and their text are for ITU members only (the record itself
        # is public).
        "access": row["access"],
    }


def document_records(
    documents: QuerySet[Document], absolute_url=site_url
) -> Iterator[dict[str, Any]]:
    """The records of these documents, in their order, read in one streamed query."""
    paths = _Paths()
    for row in _export_rows(documents).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield document_record(row, absolute_url, paths)


def _could_run(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    if text[:1].isascii() and text[:1].isalnum():
        return False  # most cells: a letter or a digit first is what the cell starts with
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


def export_response(chunks: Iterable[str], **options: Any) -> HttpResponse | StreamingHttpResponse:
    """The export whole, when it is at most `KEPT_EXPORT_BYTES` long (characters), so that
    the page cache may keep it; else streamed, what was read so far first."""
    chunks, held, size = iter(chunks), [], 0
    for chunk in chunks:
        held.append(chunk)
        size += len(chunk)
        if size > settings.KEPT_EXPORT_BYTES:
            return StreamingHttpResponse(chain(held, chunks), **options)
    return HttpResponse("".join(held), **options)


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
    """`<number>/<the name the file is offered under>`: one folder per document, named as
    its files are (`CWG-COP-21-3-Rev-1/CWG-COP-21-3-Rev-1-en.pdf`); a document without a
    number has a folder of its id, so that no entry starts at the archive's root."""
    document = document_file.document
    folder = number_in_file_name(document.number) or f"document-{document.pk}"
    name = re.sub(r"[\\/\x00-\x1f]+", "-", document_file.download_name).lstrip(".")
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
