"""PDF files: opened with pypdf, refused for encryption or active content."""

import re
from typing import IO, Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .formats import PDF
from .messages import rejected

# A PDF name of at least six letters, possibly written with #xx escapes, as in
# /J#61vaScript. Shorter names are left to the parsed object tree: three bytes such as /JS
# turn up by chance in compressed data.
RAW_PDF_NAME = re.compile(rb"/((?:[A-Za-z]|#[0-9A-Fa-f]{2}){6,40})(?![A-Za-z0-9#])")


RAW_PDF_NAMES_OF_INTEREST = frozenset({"JavaScript", "Launch", "Encrypt"})


RAW_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


# Long enough for the longest name above written entirely in escapes.
RAW_PDF_OVERLAP_BYTES = 128


def raw_pdf_names(data: bytes) -> set[str]:
    found = set()
    for match in RAW_PDF_NAME.finditer(data):
        token = RAW_PDF_ESCAPE.sub(lambda escape: bytes([int(escape[1], 16)]), match[1])
        name = token.decode("latin-1")
        if name in RAW_PDF_NAMES_OF_INTEREST:
            found.add(name)
    return found


def check_pdf(upload: IO[bytes], *, raw_names: frozenset[str]) -> None:
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
            raise rejected("encrypted-pdf", code="encrypted") from error
        raise rejected("corrupt-format", code="corrupt", kind=PDF.label) from error
    if encrypted:
        raise rejected("encrypted-pdf", code="encrypted")
    try:
        page_count = len(reader.pages)
        found = _pdf_active_content(reader)
    except Exception as error:
        raise rejected("corrupt-format", code="corrupt", kind=PDF.label) from error
    if page_count == 0:
        raise rejected("corrupt-format", code="corrupt", kind=PDF.label)
    if found is None and "JavaScript" in raw_names:
        found = "pdf-javascript"
    if found is None and "Launch" in raw_names:
        found = "pdf-launch"
    if found is not None:
        raise rejected(found, code="pdf-active-content")


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
