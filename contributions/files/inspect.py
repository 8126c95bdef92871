"""An upload checked by its content and described: what the package is called for."""

import contextlib
import hashlib
import os
from dataclasses import dataclass
from typing import IO

from .compound import CompoundFileBytes
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
from .pdf import PdfBytes, check_pdf
from .sizes import human_size


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

    An upload is inspected once: the result is kept on the upload object, so that the
    form that shows the message and the service that stores the file share it.
    """
    if name is None:
        name = getattr(upload, "name", None) or ""
    remembered = getattr(upload, INSPECTION_ATTRIBUTE, None)
    if remembered is not None and remembered[:2] == (name, _length(upload)):
        return remembered[2]
    inspected = _inspect(upload, name=name)
    with contextlib.suppress(AttributeError):  # objects without a __dict__ are not remembered
        setattr(upload, INSPECTION_ATTRIBUTE, (name, inspected.size, inspected))
    return inspected


INSPECTION_ATTRIBUTE = "_inspected_upload"


def _length(upload: IO[bytes]) -> int:
    upload.seek(0, os.SEEK_END)
    length = upload.tell()
    upload.seek(0)
    return length


def _inspect(upload: IO[bytes], *, name: str) -> InspectedFile:
    original_name = safe_filename(name)
    try:
        content = _read_content(upload)
        document_format = _identify(upload, content=content)
        original_name = agree_name(original_name, document_format=document_format)
        if document_format is PDF:
            check_pdf(upload, raw=content.pdf)
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
    pdf: PdfBytes
    compound: CompoundFileBytes


def _read_content(upload: IO[bytes]) -> _Content:
    """Read the upload once, in chunks: size, hash, first bytes and what the raw bytes show."""
    max_bytes = setting_limit("DOCUMENT_FILE_MAX_BYTES", DEFAULT_FILE_MAX_BYTES)
    digest = hashlib.sha256()
    size = 0
    head = b""
    pdf = PdfBytes()
    compound = CompoundFileBytes()
    upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise rejected("too-large", limit=human_size(max_bytes))
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        if head.startswith(b"%PDF-"):
            pdf.feed(chunk)
        elif head.startswith(OLE_COMPOUND_FILE):
            compound.feed(chunk)
    if size == 0:
        raise rejected("empty")
    return _Content(size=size, sha256=digest.hexdigest(), head=head, pdf=pdf, compound=compound)


def _identify(upload: IO[bytes], *, content: _Content) -> DocumentFormat:
    """Name the format from the first bytes and, for Office files, the package's parts."""
    head = content.head
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return inspect_office_package(upload)
    if head.startswith(OLE_COMPOUND_FILE):
        # Password-protected .docx, .pptx and .xlsx files are stored in the same
        # compound file format as the old .doc, .ppt and .xls; its streams tell which.
        raise content.compound.refusal()
    if head.startswith((*PROGRAM_HEADERS, SCRIPT_HEADER)):
        raise rejected("program", code="unsupported-type")
    raise rejected("unsupported-type")
