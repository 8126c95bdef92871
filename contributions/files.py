"""Uploaded documents: what is accepted, under which names it is stored, and its text.

A file is recognised by its content. Only PDF, Word (.docx), PowerPoint (.pptx) and Excel
(.xlsx) documents are accepted; the name a delegate gives a file only has to agree with
what the content turned out to be. Office documents are zip archives, so their directory
is checked for compression bombs and unsafe part names before anything expands them.

Accepted files are stored under random names (`stored_file_name`); the sanitised original
name (`safe_filename`) is only ever shown and offered as the download name.
"""

import hashlib
import os
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

import docx
import openpyxl
import pptx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from docx.table import Table
from pptx.shapes.group import GroupShape
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MEBIBYTE = 1024 * 1024
DEFAULT_FILE_MAX_BYTES = 50 * MEBIBYTE
DEFAULT_ARCHIVE_MAX_ENTRIES = 2000
DEFAULT_ARCHIVE_MAX_EXPANDED_BYTES = 200 * MEBIBYTE
DEFAULT_ARCHIVE_MAX_RATIO = 100
# Small parts such as styles or an empty sheet can legitimately compress very well; a
# ratio only signals a bomb once the part is large enough to matter. Many small parts
# that together expand too far are caught by the limit on the total expanded size.
ARCHIVE_RATIO_MIN_ENTRY_BYTES = MEBIBYTE
# The content types and relationships of real documents take a few kilobytes; a larger
# one is not worth parsing.
OFFICE_METADATA_MAX_BYTES = 16 * MEBIBYTE
TEXT_MAX_CHARACTERS = 1_000_000
FILENAME_MAX_CHARACTERS = 150
CHUNK_BYTES = MEBIBYTE
HEAD_BYTES = 1024


class FileRejected(ValidationError):
    """An upload refused for its content or its name.

    `message` is a sentence for the delegate saying what is wrong and what to do;
    `code` names the reason for programs: "empty", "too-large", "unsupported-type",
    "type-mismatch", "corrupt", "encrypted", "macro", "active-content",
    "pdf-active-content", "archive-bomb" or "unsafe-archive-path".
    """


@dataclass(frozen=True)
class InspectedFile:
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class DocumentFormat:
    extension: str
    content_type: str
    label: Promise


PDF = DocumentFormat(".pdf", "application/pdf", _("PDF document"))
DOCX = DocumentFormat(
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _("Word document"),
)
PPTX = DocumentFormat(
    ".pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    _("PowerPoint presentation"),
)
XLSX = DocumentFormat(
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    _("Excel workbook"),
)
ACCEPTED_FORMATS = (PDF, DOCX, PPTX, XLSX)
ACCEPTED_EXTENSIONS = tuple(document_format.extension for document_format in ACCEPTED_FORMATS)
EXTENSIONS_BY_CONTENT_TYPE = {
    document_format.content_type: document_format.extension for document_format in ACCEPTED_FORMATS
}

MESSAGES = {
    "empty": _("This file is empty. Check that you chose the right file and upload it again."),
    "too-large": _(
        "This file is larger than %(limit)s, the largest size accepted. Make it smaller "
        "(for example by compressing its pictures) and upload it again."
    ),
    "unsupported-type": _(
        "This file is not a PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx) "
        "document. Only these formats are accepted."
    ),
    "program": _(
        "This file is a program, not a document. Only PDF, Word (.docx), PowerPoint "
        "(.pptx) and Excel (.xlsx) documents are accepted."
    ),
    "plain-archive": _(
        "This file is a zip archive, not a Word, PowerPoint or Excel document. Upload "
        "each document on its own instead."
    ),
    "opendocument": _(
        "This file is an OpenDocument file (.odt, .odp or .ods). Save it as a Word "
        "(.docx), PowerPoint (.pptx) or Excel (.xlsx) document, or as a PDF, and upload "
        "it again."
    ),
    "other-office-format": _(
        "This Office file is a template, slide show or another kind of file that is not "
        "accepted. Save it as a .docx, .pptx or .xlsx document and upload it again."
    ),
    "type-mismatch": _(
        "This file is a %(kind)s, but its name ends in %(extension)s. Rename it so that "
        "it ends in %(expected)s and upload it again."
    ),
    "corrupt": _(
        "This file is damaged or incomplete and cannot be opened. Save or export the "
        "document again and upload the new copy."
    ),
    "corrupt-format": _(
        "This file is damaged or incomplete and cannot be opened as a %(kind)s. Save or "
        "export the document again and upload the new copy."
    ),
    "legacy-or-encrypted": _(
        "This file is encrypted or in a legacy Office format (.doc, .ppt, .xls). Remove "
        "any password, save it as .docx, .pptx or .xlsx and upload it again."
    ),
    "encrypted-pdf": _(
        "This PDF is encrypted or protected by a password. Save a copy without the "
        "protection and upload it again."
    ),
    "encrypted-archive": _(
        "This file is encrypted. Remove the password, save the document again and upload it."
    ),
    "macro-word": _(
        "This file is a Word document with macros (%(extension)s). Save it as a plain "
        ".docx without macros and upload it again."
    ),
    "macro-powerpoint": _(
        "This file is a PowerPoint presentation with macros (%(extension)s). Save it as "
        "a plain .pptx without macros and upload it again."
    ),
    "macro-excel": _(
        "This file is an Excel workbook with macros (%(extension)s). Save it as a plain "
        ".xlsx without macros and upload it again."
    ),
    "activex": _(
        "This document contains ActiveX controls, which are not accepted. Remove them, "
        "save the document again and upload it."
    ),
    "embedded-program": _(
        "This document has a program embedded in it, which is not accepted. Remove the "
        "embedded object, save the document again and upload it."
    ),
    "remote-content": _(
        "This document fetches a template or an object from the network when it is "
        "opened, which is not accepted. Remove the link, save the document again and "
        "upload it."
    ),
    "too-many-entries": _(
        "This Office file is made of too many internal parts (%(count)s; at most "
        "%(limit)s are accepted) to be checked safely. Split the document or contact "
        "the secretariat."
    ),
    "compression-ratio": _(
        "This Office file contains a part that expands to more than %(ratio)s times its "
        "stored size, which is how compression bombs are built. Save the document "
        "again and upload the new copy, or contact the secretariat."
    ),
    "expanded-size": _(
        "This Office file would expand to more than %(limit)s when opened, more than can "
        "be checked safely. Make it smaller (for example by compressing its pictures) "
        "and upload it again."
    ),
    "unsafe-archive-path": _(
        "This Office file contains an internal part with an unsafe name, so it cannot "
        "be accepted. Save the document again from Word, PowerPoint or Excel and "
        "upload the new copy."
    ),
    "duplicate-archive-entry": _(
        "This Office file contains two internal parts with the same name, so it cannot "
        "be accepted. Save the document again from Word, PowerPoint or Excel and "
        "upload the new copy."
    ),
    "pdf-javascript": _(
        "This PDF contains JavaScript, which is not accepted. Print or export it to a "
        "new PDF without scripts and upload that copy."
    ),
    "pdf-launch": _(
        "This PDF contains an action that starts another program, which is not "
        "accepted. Print or export it to a new PDF and upload that copy."
    ),
    "pdf-embedded-file": _(
        "This PDF has other files attached inside it, which is not accepted. Remove the "
        "attachments and upload it again; upload any attached document on its own."
    ),
}


def inspect_upload(upload: IO[bytes], *, name: str | None = None) -> InspectedFile:
    """Check an upload by its content and describe it, or raise FileRejected.

    `upload` is a Django UploadedFile or any seekable binary file; it is read from the
    start and rewound afterwards. `name` defaults to the upload's own name.
    """
    if name is None:
        name = getattr(upload, "name", None) or ""
    original_name = safe_filename(name)
    try:
        content = _read_content(upload)
        document_format = _identify(upload, head=content.head)
        original_name = _agree_name(original_name, document_format=document_format)
        if document_format is PDF:
            _check_pdf(upload, raw_names=content.pdf_names)
        else:
            _open_office_document(upload, document_format=document_format)
    finally:
        upload.seek(0)
    return InspectedFile(
        original_name=original_name,
        extension=document_format.extension,
        content_type=document_format.content_type,
        size=content.size,
        sha256=content.sha256,
    )


def _rejected(reason: str, *, code: str | None = None, **params: Any) -> FileRejected:
    return FileRejected(MESSAGES[reason], code=code or reason, params=params or None)


def _limit(setting: str, default: int) -> int:
    return int(getattr(settings, setting, default))


@dataclass(frozen=True)
class _Content:
    size: int
    sha256: str
    head: bytes
    pdf_names: frozenset[str]


# A PDF name of at least six letters, possibly written with #xx escapes, as in
# /J#61vaScript. Shorter names are left to the parsed object tree: three bytes such as /JS
# turn up by chance in compressed data.
RAW_PDF_NAME = re.compile(rb"/((?:[A-Za-z]|#[0-9A-Fa-f]{2}){6,40})(?![A-Za-z0-9#])")
RAW_PDF_NAMES_OF_INTEREST = frozenset({"JavaScript", "Launch", "Encrypt"})
RAW_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Long enough for the longest name above written entirely in escapes.
RAW_PDF_OVERLAP_BYTES = 128


def _read_content(upload: IO[bytes]) -> _Content:
    """Read the upload once, in chunks: size, hash, first bytes and, for a PDF, its names."""
    max_bytes = _limit("DOCUMENT_FILE_MAX_BYTES", DEFAULT_FILE_MAX_BYTES)
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    pdf_names: set[str] = set()
    upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise _rejected("too-large", limit=filesizeformat(max_bytes))
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        if head.startswith(b"%PDF-"):
            window = tail + chunk
            pdf_names.update(_raw_pdf_names(window))
            tail = window[-RAW_PDF_OVERLAP_BYTES:]
    if size == 0:
        raise _rejected("empty")
    return _Content(size=size, sha256=digest.hexdigest(), head=head, pdf_names=frozenset(pdf_names))


def _raw_pdf_names(data: bytes) -> set[str]:
    found = set()
    for match in RAW_PDF_NAME.finditer(data):
        token = RAW_PDF_ESCAPE.sub(lambda escape: bytes([int(escape[1], 16)]), match[1])
        name = token.decode("latin-1")
        if name in RAW_PDF_NAMES_OF_INTEREST:
            found.add(name)
    return found


OLE_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PROGRAM_HEADERS = (
    b"MZ",  # Windows and DOS
    b"\x7fELF",  # Linux and most other Unix systems
    b"\xfe\xed\xfa\xce",  # macOS (Mach-O, 32 and 64 bit, both byte orders, universal)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
SCRIPT_HEADER = b"#!"


def _identify(upload: IO[bytes], *, head: bytes) -> DocumentFormat:
    """Name the format from the first bytes and, for Office files, the package's parts."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _inspect_office_package(upload)
    if head.startswith(OLE_COMPOUND_FILE):
        # Password-protected .docx, .pptx and .xlsx files are stored in the same
        # compound file format as the old .doc, .ppt and .xls; both are refused alike.
        raise _rejected("legacy-or-encrypted", code="encrypted")
    if head.startswith((*PROGRAM_HEADERS, SCRIPT_HEADER)):
        raise _rejected("program", code="unsupported-type")
    raise _rejected("unsupported-type")


OFFICE_MAIN_PART_FORMATS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# The main part types of macro-enabled files, with the format they would be without
# macros and their usual extension, which the message names.
OFFICE_MACRO_MAIN_PARTS = {
    "application/vnd.ms-word.document.macroenabled.main+xml": (DOCX, ".docm"),
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": (DOCX, ".dotm"),
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": (PPTX, ".pptm"),
    "application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml": (PPTX, ".ppsm"),
    "application/vnd.ms-powerpoint.template.macroenabled.main+xml": (PPTX, ".potm"),
    "application/vnd.ms-powerpoint.addin.macroenabled.main+xml": (PPTX, ".ppam"),
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": (XLSX, ".xlsm"),
    "application/vnd.ms-excel.template.macroenabled.main+xml": (XLSX, ".xltm"),
    "application/vnd.ms-excel.addin.macroenabled.main+xml": (XLSX, ".xlam"),
}
MACRO_MESSAGES = {DOCX: "macro-word", PPTX: "macro-powerpoint", XLSX: "macro-excel"}
MACRO_EXTENSIONS = {DOCX: ".docm", PPTX: ".pptm", XLSX: ".xlsm"}
# Parts that hold macros whatever the main part claims: VBA projects and Excel 4.0 macro
# sheets, which run without any VBA.
MACRO_PART_TYPES = frozenset(
    {
        "application/vnd.ms-office.vbaproject",
        "application/vnd.ms-office.vbaprojectsignature",
        "application/vnd.ms-word.vbadata+xml",
        "application/vnd.ms-excel.macrosheet+xml",
        "application/vnd.ms-excel.intlmacrosheet+xml",
    }
)
OFFICE_DOCUMENT_RELATIONSHIPS = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    }
)


def _inspect_office_package(upload: IO[bytes]) -> DocumentFormat:
    """Check the archive's directory, name the format from its main part, check its parts.

    Nothing is expanded before the directory has passed: the content types, the
    relationships and the embedded objects are read only afterwards.
    """
    with _open_archive(upload) as archive:
        entries = archive.infolist()
        _check_archive_directory(entries)
        parts = {entry.filename.casefold(): entry for entry in entries}
        if "[content_types].xml" not in parts:
            if _is_opendocument(archive, parts):
                raise _rejected("opendocument", code="unsupported-type")
            raise _rejected("plain-archive", code="unsupported-type")
        content_types = _read_content_types(archive, parts["[content_types].xml"])
        main_part = _main_part_name(archive, parts)
        main_type = content_types.type_of(main_part)

        document_format = OFFICE_MAIN_PART_FORMATS.get(main_type)
        macro = OFFICE_MACRO_MAIN_PARTS.get(main_type)
        if macro is not None:
            plain_format, macro_extension = macro
            raise _rejected(MACRO_MESSAGES[plain_format], code="macro", extension=macro_extension)
        if document_format is None:
            raise _rejected("other-office-format", code="unsupported-type")
        if main_part.casefold() not in parts:
            raise _rejected("corrupt-format", code="corrupt", kind=document_format.label)
        if any(_is_macro_part(entry.filename, content_types=content_types) for entry in entries):
            raise _rejected(
                MACRO_MESSAGES[document_format],
                code="macro",
                extension=MACRO_EXTENSIONS[document_format],
            )
        for entry in entries:
            _check_office_part(archive, entry, content_types=content_types)
    return document_format


def _is_opendocument(archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> bool:
    """LibreOffice and other OpenDocument files name their type in a small first part."""
    mimetype = parts.get("mimetype")
    if mimetype is None or mimetype.file_size > HEAD_BYTES:
        return False
    try:
        return archive.read(mimetype).startswith(b"application/vnd.oasis.opendocument.")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _open_archive(upload: IO[bytes]) -> zipfile.ZipFile:
    upload.seek(0)
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _rejected("corrupt") from error


DRIVE_LETTER = re.compile(r"^[A-Za-z]:")


def _check_archive_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive that is unsafe to expand, judged by its directory alone.

    The sizes in the directory can be trusted this far because every later reader goes
    through `zipfile`, which stops at the declared size and then fails the CRC check.
    """
    max_entries = _limit("DOCUMENT_ARCHIVE_MAX_ENTRIES", DEFAULT_ARCHIVE_MAX_ENTRIES)
    max_expanded = _limit("DOCUMENT_ARCHIVE_MAX_EXPANDED_BYTES", DEFAULT_ARCHIVE_MAX_EXPANDED_BYTES)
    max_ratio = _limit("DOCUMENT_ARCHIVE_MAX_RATIO", DEFAULT_ARCHIVE_MAX_RATIO)
    if len(entries) > max_entries:
        raise _rejected(
            "too-many-entries", code="archive-bomb", count=len(entries), limit=max_entries
        )
    seen = set()
    for entry in entries:
        if not _is_safe_entry_name(entry.filename):
            raise _rejected("unsafe-archive-path")
        # Part names in an Office package are compared without regard to case.
        key = entry.filename.casefold()
        if key in seen:
            raise _rejected("duplicate-archive-entry", code="unsafe-archive-path")
        seen.add(key)
    expanded = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise _rejected("encrypted-archive", code="encrypted")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > ARCHIVE_RATIO_MIN_ENTRY_BYTES and ratio > max_ratio:
            raise _rejected("compression-ratio", code="archive-bomb", ratio=max_ratio)
        expanded += entry.file_size
        if expanded > max_expanded:
            raise _rejected(
                "expanded-size", code="archive-bomb", limit=filesizeformat(max_expanded)
            )


def _is_safe_entry_name(name: str) -> bool:
    if not name or name.startswith("/") or "\\" in name or DRIVE_LETTER.match(name):
        return False
    if any(unicodedata.category(character) == "Cc" for character in name):
        return False
    return ".." not in name.split("/")


def _is_macro_part(name: str, *, content_types: "_ContentTypes") -> bool:
    """A VBA project, whatever its declared type, or any part of a macro-bearing type.

    The type test also catches embedded macro-enabled workbooks and documents.
    """
    part_type = content_types.type_of(name)
    return (
        name.rsplit("/", 1)[-1].casefold() == "vbaproject.bin"
        or part_type in MACRO_PART_TYPES
        or "macroenabled" in part_type
    )


class _UnsafeXml(Exception):
    pass


def _xml_elements(data: bytes, *, local_name: str) -> list[dict[str, str]]:
    """Return the attributes of every element called `local_name`, in any namespace.

    No Office part may declare a DTD, so one is refused outright; with no DTD there are
    no entities to expand and nothing external to fetch.
    """
    found: list[dict[str, str]] = []

    def start_element(tag: str, attributes: dict[str, str]) -> None:
        if tag.rpartition("}")[2] == local_name:
            found.append(attributes)

    def refuse(*arguments: object) -> None:
        raise _UnsafeXml

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start_element
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.Parse(data, True)
    return found


def _read_office_xml(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, local_name: str
) -> list[dict[str, str]]:
    if entry.file_size > OFFICE_METADATA_MAX_BYTES:
        raise _rejected("corrupt")
    try:
        return _xml_elements(archive.read(entry), local_name=local_name)
    except (
        _UnsafeXml,
        expat.ExpatError,
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
    ) as error:
        raise _rejected("corrupt") from error


@dataclass(frozen=True)
class _ContentTypes:
    by_part: dict[str, str]
    by_extension: dict[str, str]

    def type_of(self, part_name: str) -> str:
        """The content type of a part, lower-cased, or "" when the package declares none."""
        key = _part_key(part_name)
        if key in self.by_part:
            return self.by_part[key]
        base_name = key.rpartition("/")[2]
        extension = base_name.rpartition(".")[2] if "." in base_name else ""
        return self.by_extension.get(extension, "")


def _part_key(part_name: str) -> str:
    """A part name as the package compares it: from the root, without regard to case."""
    return "/" + part_name.lstrip("/").casefold()


def _read_content_types(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> _ContentTypes:
    by_part = {}
    for override in _read_office_xml(archive, entry, local_name="Override"):
        by_part[_part_key(override.get("PartName", ""))] = override.get(
            "ContentType", ""
        ).casefold()
    by_extension = {}
    for default in _read_office_xml(archive, entry, local_name="Default"):
        by_extension[default.get("Extension", "").casefold()] = default.get(
            "ContentType", ""
        ).casefold()
    return _ContentTypes(by_part=by_part, by_extension=by_extension)


def _main_part_name(archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> str:
    relationships_entry = parts.get("_rels/.rels")
    if relationships_entry is None:
        raise _rejected("corrupt")
    for relationship in _read_office_xml(archive, relationships_entry, local_name="Relationship"):
        if relationship.get("Type") in OFFICE_DOCUMENT_RELATIONSHIPS:
            return relationship.get("Target", "").lstrip("/")
    raise _rejected("corrupt")


def _agree_name(original_name: str, *, document_format: DocumentFormat) -> str:
    """Refuse a name whose extension says another format; give a bare name the right one."""
    extension = _name_extension(original_name)
    if not extension:
        return _limit_length(original_name, document_format.extension)
    if extension.lower() != document_format.extension:
        raise _rejected(
            "type-mismatch",
            kind=document_format.label,
            extension=extension,
            expected=document_format.extension,
        )
    return original_name


def _check_pdf(upload: IO[bytes], *, raw_names: frozenset[str]) -> None:
    """Parse the PDF and refuse encryption and active content.

    The parsed object tree is authoritative; the names seen in the raw bytes are a second
    layer for objects the parser never reaches, such as ones left out of the
    cross-reference table.
    """
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        encrypted = reader.is_encrypted
    except Exception as error:
        # A parser fed hostile input fails in many ways; each means the same to a delegate.
        if "Encrypt" in raw_names:
            raise _rejected("encrypted-pdf", code="encrypted") from error
        raise _rejected("corrupt-format", code="corrupt", kind=PDF.label) from error
    if encrypted:
        raise _rejected("encrypted-pdf", code="encrypted")
    try:
        page_count = len(reader.pages)
        found = _pdf_active_content(reader)
    except Exception as error:
        raise _rejected("corrupt-format", code="corrupt", kind=PDF.label) from error
    if page_count == 0:
        raise _rejected("corrupt-format", code="corrupt", kind=PDF.label)
    if found is None and "JavaScript" in raw_names:
        found = "pdf-javascript"
    if found is None and "Launch" in raw_names:
        found = "pdf-launch"
    if found is not None:
        raise _rejected(found, code="pdf-active-content")


PDF_ACTIVE_KEYS = {
    "/JS": "pdf-javascript",
    "/JavaScript": "pdf-javascript",
    "/EmbeddedFiles": "pdf-embedded-file",
    "/EF": "pdf-embedded-file",
}
# Values of /S (the action type) and /Type that mark active content.
PDF_ACTIVE_NAMES = {
    "/JavaScript": "pdf-javascript",
    "/Launch": "pdf-launch",
    "/EmbeddedFile": "pdf-embedded-file",
}


def _pdf_active_content(reader: PdfReader) -> str | None:
    """Walk every object the file names and return the message key of any active content.

    The walk starts from the trailer and from every entry of the cross-reference tables,
    so an action hidden in an object stream or an object nothing points to is found too.
    """
    pending: list[Any] = [reader.trailer]
    visited: set[tuple[int, int]] = set()
    for generation, numbers in reader.xref.items():
        pending.extend(IndirectObject(number, generation, reader) for number in numbers)
    pending.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference not in visited:
                visited.add(reference)
                pending.append(item.get_object())
        elif isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_ACTIVE_KEYS:
                    return PDF_ACTIVE_KEYS[key]
                if (
                    key in ("/S", "/Type")
                    and isinstance(value, NameObject)
                    and value in PDF_ACTIVE_NAMES
                ):
                    return PDF_ACTIVE_NAMES[value]
                pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return None


ACTIVEX_PART_TYPES = frozenset(
    {"application/vnd.ms-office.activex+xml", "application/vnd.ms-office.activex"}
)
EMBEDDED_OBJECT_PART_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.oleobject",
        "application/vnd.openxmlformats-officedocument.oleobject.bin",
    }
)
# Relationships through which Word and PowerPoint fetch something when the document
# opens: remote templates and linked objects, the route of several well-known attacks.
FETCHING_RELATIONSHIP_TYPES = ("/attachedTemplate", "/oleObject", "/frame", "/subDocument")
LOCAL_DRIVE_PATH = re.compile(r"(?:file:///)?[A-Za-z]:[\\/]", re.IGNORECASE)
URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _check_office_part(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, content_types: "_ContentTypes"
) -> None:
    """Refuse ActiveX controls, embedded programs and remote templates or objects."""
    part_type = content_types.type_of(entry.filename)
    name = entry.filename.casefold()
    folders = name.split("/")[:-1]
    if part_type in ACTIVEX_PART_TYPES or "activex" in folders:
        raise _rejected("activex", code="active-content")
    is_embedded = part_type in EMBEDDED_OBJECT_PART_TYPES or "embeddings" in folders
    if is_embedded and _holds_program(archive, entry):
        raise _rejected("embedded-program", code="active-content")
    if name.endswith(".rels") and _fetches_on_open(archive, entry):
        raise _rejected("remote-content", code="active-content")


DOS_STUB = b"This program cannot be run in DOS mode"
# The name of the stream in which an OLE "Package" object keeps the file it wraps.
OLE_PACKAGE_STREAM = "\x01Ole10Native".encode("utf-16-le")
PACKAGED_PROGRAM = re.compile(
    rb"[^\x00-\x1f\\/:*?\"<>|]{1,200}\.(?:exe|scr|com|pif|bat|cmd|vbs|vbe|js|jse|wsf|wsh|hta|ps1|msi|lnk|dll|cpl|jar)\x00",
    re.IGNORECASE,
)


def _holds_program(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether an embedded part is, or wraps, a program.

    Only the plain signs are looked for: a program header at the start, the stub every
    Windows program carries, or an OLE package around a file with a program's extension.
    """
    overlap = max(len(DOS_STUB), 256)
    first = True
    tail = b""
    package = False
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                if first and chunk.startswith(PROGRAM_HEADERS):
                    return True
                first = False
                window = tail + chunk
                if DOS_STUB in window:
                    return True
                package = package or OLE_PACKAGE_STREAM in window
                if package and PACKAGED_PROGRAM.search(window):
                    return True
                tail = window[-overlap:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _rejected("corrupt") from error
    return False


def _fetches_on_open(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    for relationship in _read_office_xml(archive, entry, local_name="Relationship"):
        if relationship.get("TargetMode", "").casefold() != "external":
            continue
        if not relationship.get("Type", "").endswith(FETCHING_RELATIONSHIP_TYPES):
            continue
        if not _is_local_target(relationship.get("Target", "")):
            return True
    return False


def _is_local_target(target: str) -> bool:
    """Whether a link stays on the reader's own disk.

    Word records the template a document was made from, often a file on the author's
    disk; that opens nothing remote. A URL or a network share (//server, \\\\server) does.
    """
    if LOCAL_DRIVE_PATH.match(target):
        return True
    return not URL_SCHEME.match(target) and not target.startswith(("//", "\\\\"))


def _open_office_document(upload: IO[bytes], *, document_format: DocumentFormat) -> None:
    """Open the document with the library that will later read its text."""
    upload.seek(0)
    try:
        if document_format is DOCX:
            docx.Document(upload)
        elif document_format is PPTX:
            pptx.Presentation(upload)
        else:
            workbook = openpyxl.load_workbook(
                upload, read_only=True, data_only=True, keep_links=False
            )
            workbook.close()
    except Exception as error:
        # As for PDFs: every way a library can fail on a broken file means the same here.
        raise _rejected("corrupt-format", code="corrupt", kind=document_format.label) from error


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
    extension = _name_extension(name)
    stem = name.removesuffix(extension).strip(". ")
    if not stem:
        stem = "document"
    device = stem.split(".", 1)[0].rstrip()
    if device.upper() in RESERVED_WINDOWS_NAMES:
        stem = device + "_" + stem[len(device) :]
    return _limit_length(stem, extension)


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


def _name_extension(name: str) -> str:
    """The extension a name claims, dot included: letters and digits with at least one letter."""
    match = EXTENSION.search(name)
    if match is None or len(match[0]) > EXTENSION_MAX_CHARACTERS:
        return ""
    return match[0]


def _limit_length(stem: str, extension: str) -> str:
    room = FILENAME_MAX_CHARACTERS - len(extension)
    if len(stem) > room:
        # Cut before a whole letter, not between a letter and its accents or joiners.
        while room > 0 and _continues_character(stem[room]):
            room -= 1
        stem = stem[:room].rstrip("".join(JOINERS)).rstrip(". ") or "document"
    return stem + extension


def _continues_character(character: str) -> bool:
    return unicodedata.category(character).startswith("M") or character in JOINERS


def stored_file_name(instance: Any, filename: str) -> str:
    """A FileField `upload_to`: a random name under documents/, spread over 256 folders.

    The extension comes from the instance's detected content type when it has one, and
    otherwise from `filename` only if it is one of the accepted extensions.
    """
    extension = EXTENSIONS_BY_CONTENT_TYPE.get(getattr(instance, "content_type", None) or "", "")
    if not extension:
        claimed = os.path.splitext(filename)[1].lower()
        extension = claimed if claimed in ACCEPTED_EXTENSIONS else ""
    token = uuid.uuid4().hex
    return f"documents/{token[:2]}/{token}{extension}"


def extract_text(path_or_file: str | os.PathLike[str] | IO[bytes], *, content_type: str) -> str:
    """The plain text of an accepted document, cut at 1,000,000 characters.

    PDF pages; Word paragraphs and tables in reading order; PowerPoint text frames,
    tables and speaker notes; Excel cell values, one row to a line.
    """
    extractor = TEXT_EXTRACTORS.get(content_type)
    if extractor is None:
        raise ValueError(f"No text extraction for content type {content_type!r}.")
    if isinstance(path_or_file, (str, os.PathLike)):
        with open(path_or_file, "rb") as stream:
            return _collect_text(extractor(stream))
    path_or_file.seek(0)
    return _collect_text(extractor(path_or_file))


def _collect_text(pieces: Generator[str, None, None]) -> str:
    collected: list[str] = []
    length = 0
    try:
        for piece in pieces:
            if not piece:
                continue
            collected.append(piece)
            length += len(piece) + 1
            if length >= TEXT_MAX_CHARACTERS:
                break
    finally:
        # Closing the generator when the text is cut short lets it release what it
        # opened: openpyxl keeps its archive open in read-only mode.
        pieces.close()
    return "\n".join(collected)[:TEXT_MAX_CHARACTERS]


def _pdf_text(stream: IO[bytes]) -> Generator[str, None, None]:
    for page in PdfReader(stream).pages:
        yield page.extract_text()


def _docx_text(stream: IO[bytes]) -> Generator[str, None, None]:
    yield from _docx_blocks_text(docx.Document(stream).iter_inner_content())


def _docx_blocks_text(blocks: Iterator[Any]) -> Generator[str, None, None]:
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from _docx_blocks_text(cell.iter_inner_content())
        else:
            yield block.text


def _pptx_text(stream: IO[bytes]) -> Generator[str, None, None]:
    for slide in pptx.Presentation(stream).slides:
        yield from _pptx_shapes_text(slide.shapes)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            yield slide.notes_slide.notes_text_frame.text


def _pptx_shapes_text(shapes: Any) -> Generator[str, None, None]:
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _pptx_shapes_text(shape.shapes)
        elif shape.has_text_frame:
            yield shape.text_frame.text
        elif getattr(shape, "has_table", False):
            for row in shape.table.rows:
                for cell in row.cells:
                    yield cell.text


def _xlsx_text(stream: IO[bytes]) -> Generator[str, None, None]:
    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    try:
        for worksheet in workbook.worksheets:
            # The dimensions some programs record are wrong; without them every row is read.
            worksheet.reset_dimensions()
            for row in worksheet.iter_rows(values_only=True):
                yield "\t".join(str(value) for value in row if value is not None)
    finally:
        workbook.close()


TEXT_EXTRACTORS: dict[str, Callable[[IO[bytes]], Generator[str, None, None]]] = {
    PDF.content_type: _pdf_text,
    DOCX.content_type: _docx_text,
    PPTX.content_type: _pptx_text,
    XLSX.content_type: _xlsx_text,
}
