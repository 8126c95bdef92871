"""An upload checked by its content and described: what the package is called for."""

import hashlib
from dataclasses import dataclass
from typing import IO

from django.template.defaultfilters import filesizeformat

from .formats import (
    CHUNK_BYTES,
    DEFAULT_FILE_MAX_BYTES,
    HEAD_BYTES,
    OLE_COMPOUND_FILE,
    PDF,
    PROGRAM_HEADERS,
    SCRIPT_HEADER,
    DocumentFormat,
)
from .messages import rejected, setting_limit
from .names import agree_name, safe_filename
from .office import inspect_office_package, open_office_document
from .pdf import RAW_PDF_OVERLAP_BYTES, check_pdf, raw_pdf_names


@dataclass(frozen=True)
class InspectedFile:
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


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
        original_name = agree_name(original_name, document_format=document_format)
        if document_format is PDF:
            check_pdf(upload, raw_names=content.pdf_names)
        else:
            open_office_document(upload, document_format=document_format)
    finally:
        upload.seek(0)
    return InspectedFile(
        original_name=original_name,
        extension=document_format.extension,
        content_type=document_format.content_type,
        size=content.size,
        sha256=content.sha256,
    )


@dataclass(frozen=True)
class _Content:
    size: int
    sha256: str
    head: bytes
    pdf_names: frozenset[str]


def _read_content(upload: IO[bytes]) -> _Content:
    """Read the upload once, in chunks: size, hash, first bytes and, for a PDF, its names."""
    max_bytes = setting_limit("DOCUMENT_FILE_MAX_BYTES", DEFAULT_FILE_MAX_BYTES)
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    pdf_names: set[str] = set()
    upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise rejected("too-large", limit=filesizeformat(max_bytes))
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        if head.startswith(b"%PDF-"):
            window = tail + chunk
            pdf_names.update(raw_pdf_names(window))
            tail = window[-RAW_PDF_OVERLAP_BYTES:]
    if size == 0:
        raise rejected("empty")
    return _Content(size=size, sha256=digest.hexdigest(), head=head, pdf_names=frozenset(pdf_names))


def _identify(upload: IO[bytes], *, head: bytes) -> DocumentFormat:
    """Name the format from the first bytes and, for Office files, the package's parts."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return inspect_office_package(upload)
    if head.startswith(OLE_COMPOUND_FILE):
        # Password-protected .docx, .pptx and .xlsx files are stored in the same
        # compound file format as the old .doc, .ppt and .xls; both are refused alike.
        raise rejected("legacy-or-encrypted", code="encrypted")
    if head.startswith((*PROGRAM_HEADERS, SCRIPT_HEADER)):
        raise rejected("program", code="unsupported-type")
    raise rejected("unsupported-type")
