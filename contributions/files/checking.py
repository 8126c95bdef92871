"""What an upload is, judged from its content: run in a bounded child process (bounded.py).

The parent has read the file for its size and hash and hands over its path; this reads
its raw bytes (the first ones, the names a PDF holds, the streams of a compound file),
names the format, agrees the name with it and runs the format's structural checks.
"""

from dataclasses import dataclass
from typing import IO

from .compound import CompoundFileBytes
from .formats import (
    CHUNK_BYTES,
    HEAD_BYTES,
    OLE_COMPOUND_FILE,
    PDF,
    PROGRAM_HEADERS,
    SCRIPT_HEADER,
    DocumentFormat,
)
from .messages import rejected
from .names import agree_name
from .office import inspect_office_package, open_office_document
from .pdf import PdfBytes, check_pdf


@dataclass(frozen=True)
class RawContent:
    """What one reading of an upload's bytes showed, before any parser opened it."""

    head: bytes
    pdf: PdfBytes
    compound: CompoundFileBytes


def judge_file(path: str, original_name: str) -> tuple[str, str]:
    """The name to show and the extension of an acceptable upload, or FileRejected."""
    with open(path, "rb") as upload:
        content = read_raw_content(upload)
        document_format = _identify(upload, content=content)
        original_name = agree_name(original_name, document_format=document_format)
        if document_format is PDF:
            check_pdf(upload, raw=content.pdf)
        else:
            open_office_document(upload, document_format=document_format)
    return original_name, document_format.extension


def read_raw_content(upload: IO[bytes]) -> RawContent:
    """Read the file once, in chunks: its first bytes and what its raw bytes show."""
    head = b""
    pdf = PdfBytes()
    compound = CompoundFileBytes()
    upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        if head.startswith(b"%PDF-"):
            pdf.feed(chunk)
        elif head.startswith(OLE_COMPOUND_FILE):
            compound.feed(chunk)
        else:
            break
    upload.seek(0)
    return RawContent(head=head, pdf=pdf, compound=compound)


def _identify(upload: IO[bytes], *, content: RawContent) -> DocumentFormat:
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
