"""What an upload is, judged from its content: run in a bounded child process (bounded.py).

The parent has read the file once (size, hash, first bytes, what its raw bytes show) and
hands that over with the file's path; this names the format, agrees the name with it and
runs the format's structural checks.
"""

from dataclasses import dataclass
from typing import IO

from .compound import CompoundFileBytes
from .formats import OLE_COMPOUND_FILE, PDF, PROGRAM_HEADERS, SCRIPT_HEADER, DocumentFormat
from .messages import rejected
from .names import agree_name
from .office import inspect_office_package, open_office_document
from .pdf import PdfBytes, check_pdf


@dataclass(frozen=True)
class RawContent:
    """What one reading of an upload's bytes showed, before any parser opened it."""

    size: int
    sha256: str
    head: bytes
    pdf: PdfBytes
    compound: CompoundFileBytes


def judge_file(path: str, original_name: str, content: RawContent) -> tuple[str, str]:
    """The name to show and the extension of an acceptable upload, or FileRejected."""
    with open(path, "rb") as upload:
        document_format = _identify(upload, content=content)
        original_name = agree_name(original_name, document_format=document_format)
        if document_format is PDF:
            check_pdf(upload, raw=content.pdf)
        else:
            open_office_document(upload, document_format=document_format)
    return original_name, document_format.extension


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
