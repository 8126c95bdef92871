"""PDF files: opened with pypdf, refused for a password, active content or hidden data.

A PDF that opens without a password is accepted even when it is encrypted to carry usage
restrictions (an owner password only, as many exports set): it is checked and its text
read like any other.
"""

import re
from collections.abc import Iterator
from typing import IO, Any

from django.utils.formats import number_format
from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .formats import DEFAULT_WALK_MAX_NODES, PDF
from .messages import FileRejected, rejected, setting_limit

# A PDF name of at least six letters, possibly written with #xx escapes, as in
# /J#61vaScript. Shorter names are left to the parsed object tree: three bytes such as /JS
# turn up by chance in compressed data.
RAW_PDF_NAME = re.compile(rb"/((?:[A-Za-z]|#[0-9A-Fa-f]{2}){6,40})(?![A-Za-z0-9#])")
RAW_PDF_NAMES_OF_INTEREST = frozenset({"JavaScript", "Launch", "Encrypt"})
RAW_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Long enough for the longest name above written entirely in escapes.
RAW_PDF_OVERLAP_BYTES = 128
END_OF_FILE = b"%%EOF"
# What may follow the last %%EOF: the white-space characters of the PDF syntax.
PDF_WHITESPACE = b"\x00\t\n\x0c\r "


class PdfBytes:
    """What the raw bytes of a PDF show, read chunk by chunk.

    The names of interest anywhere in the file, and whether anything but white space
    follows the last end-of-file marker: an archive or a program appended to a PDF makes
    a file that is both (a polyglot), and readers ignore what follows the marker.
    """

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.has_end = False
        self.data_after_end = False
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        window = self._tail + chunk
        self.names.update(raw_pdf_names(window))
        end = window.rfind(END_OF_FILE)
        if end >= 0:
            self.has_end = True
            self.data_after_end = bool(window[end + len(END_OF_FILE) :].strip(PDF_WHITESPACE))
        elif chunk.strip(PDF_WHITESPACE):
            # Bytes carried over from the previous chunk were judged with it already; a
            # marker cut in two by the chunk boundary is found whole in the next window.
            self.data_after_end = True
        self._tail = window[-RAW_PDF_OVERLAP_BYTES:]


def raw_pdf_names(data: bytes) -> set[str]:
    found = set()
    for match in RAW_PDF_NAME.finditer(data):
        token = RAW_PDF_ESCAPE.sub(lambda escape: bytes([int(escape[1], 16)]), match[1])
        name = token.decode("latin-1")
        if name in RAW_PDF_NAMES_OF_INTEREST:
            found.add(name)
    return found


def check_pdf(upload: IO[bytes], *, raw: PdfBytes) -> None:
    """Parse the PDF and refuse a password, active content and data appended after it.

    The parsed object tree is authoritative; the names seen in the raw bytes are a second
    layer for objects the parser never reaches, such as ones left out of the
    cross-reference table.
    """
    if raw.has_end and raw.data_after_end:
        raise rejected("pdf-trailing-data", code="hidden-data")
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        opens = not reader.is_encrypted or reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception as error:
        # A parser fed hostile input fails in many ways; each means the same to a delegate.
        if "Encrypt" in raw.names:
            raise rejected("encrypted-pdf", code="encrypted") from error
        raise rejected("corrupt-format", code="corrupt", kind=PDF.label) from error
    if not opens:
        raise rejected("encrypted-pdf", code="encrypted")
    try:
        page_count = len(reader.pages)
        found = _pdf_active_content(reader)
    except FileRejected:
        raise
    except Exception as error:
        raise rejected("corrupt-format", code="corrupt", kind=PDF.label) from error
    if page_count == 0:
        raise rejected("corrupt-format", code="corrupt", kind=PDF.label)
    if found is None and "JavaScript" in raw.names:
        found = "pdf-javascript"
    if found is None and "Launch" in raw.names:
        found = "pdf-launch"
    if found is not None:
        raise rejected(found, code="pdf-active-content")


PDF_ACTIVE_KEYS = {
    "/JS": "pdf-javascript",
    "/JavaScript": "pdf-javascript",
    "/EmbeddedFiles": "pdf-embedded-file",
    "/EF": "pdf-embedded-file",
    "/XFA": "pdf-xfa",
    "/RichMediaContent": "pdf-rich-media",
    "/RichMediaSettings": "pdf-rich-media",
}
# Values of /S (the action type), /Type and /Subtype that mark active content.
PDF_ACTIVE_NAMES = {
    "/JavaScript": "pdf-javascript",
    "/Launch": "pdf-launch",
    "/EmbeddedFile": "pdf-embedded-file",
    "/RichMedia": "pdf-rich-media",
    "/RichMediaExecute": "pdf-rich-media",
}
PDF_TYPE_KEYS = ("/S", "/Type", "/Subtype")
# Actions a reader takes by itself (on opening the file, a page or a field) that reach
# outside the document. The same actions behind a link the reader clicks are accepted.
PDF_AUTOMATIC_KEYS = ("/OpenAction", "/AA")
PDF_OUTWARD_ACTIONS = frozenset(
    {"/URI", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData", "/Launch", "/JavaScript"}
)


def _pdf_active_content(reader: PdfReader) -> str | None:
    """Walk every object the file names and return the message key of any active content.

    The walk starts from the trailer and from every entry of the cross-reference tables,
    so an action hidden in an object stream or an object nothing points to is found too.
    Each indirect object is read once, and the walk stops at a node budget: its cost is
    linear in the file's objects, whatever they point to.
    """
    budget = WalkBudget()
    pending: list[Any] = [reader.trailer]
    visited: set[tuple[int, int]] = set()
    for generation, numbers in reader.xref.items():
        pending.extend(IndirectObject(number, generation, reader) for number in numbers)
    pending.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    known = {(item.idnum, item.generation) for item in pending[1:]}
    while pending:
        item = pending.pop()
        budget.spend()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            # A reference to an object the cross-reference tables do not name is null (PDF
            # 32000-1, 7.3.10); asking pypdf for it would search the whole file each time.
            if reference not in visited and reference in known:
                visited.add(reference)
                pending.append(item.get_object())
        elif isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_ACTIVE_KEYS:
                    return PDF_ACTIVE_KEYS[key]
                if key in PDF_TYPE_KEYS:
                    name = _resolved_name(value, known=known, budget=budget)
                    if name in PDF_ACTIVE_NAMES:
                        return PDF_ACTIVE_NAMES[name]
                if key in PDF_AUTOMATIC_KEYS and _reaches_outward(
                    key, value, known=known, budget=budget
                ):
                    return "pdf-automatic-action"
                pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return None


def _resolved_name(value: Any, *, known: set[tuple[int, int]], budget: "WalkBudget") -> Any:
    """A name written directly or through a reference (/S 5 0 R): viewers resolve both."""
    if isinstance(value, IndirectObject):
        budget.spend()
        if (value.idnum, value.generation) not in known:
            return None
        value = value.get_object()
    return value if isinstance(value, NameObject) else None


class WalkBudget:
    """How many nodes a walk over one file may still visit; past it, the file is refused."""

    def __init__(self) -> None:
        self.limit = setting_limit("DOCUMENT_WALK_MAX_NODES", DEFAULT_WALK_MAX_NODES)
        self.left = self.limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise rejected("too-complex", limit=number_format(self.limit, force_grouping=True))


def _reaches_outward(
    key: str, value: Any, *, known: set[tuple[int, int]], budget: WalkBudget
) -> bool:
    """Whether an /OpenAction or /AA entry leads to an action that reaches outside."""
    return any(
        _resolved_name(action.get("/S"), known=known, budget=budget) in PDF_OUTWARD_ACTIONS
        for action in _automatic_actions(key, value, known=known, budget=budget)
    )


def _automatic_actions(
    key: str, value: Any, *, known: set[tuple[int, int]], budget: WalkBudget
) -> Iterator[DictionaryObject]:
    """The actions an /OpenAction or /AA entry starts, each followed along its /Next chain.

    An /OpenAction is an action or a destination; a destination (an array that names a
    page) starts no action, and its page is never walked. An /AA is a dictionary with one
    action for each trigger. /Next is an action or an array of actions. Only dictionaries
    with an action type (/S) are followed, each once: chains can loop.
    """
    value = _resolved(value, known=known)
    if key == "/AA":
        pending = list(value.values()) if isinstance(value, DictionaryObject) else []
    else:
        pending = [value] if isinstance(value, DictionaryObject) else []
    seen: set[int] = set()
    while pending:
        budget.spend()
        action = _resolved(pending.pop(), known=known)
        if not isinstance(action, DictionaryObject) or "/S" not in action:
            continue
        if id(action) in seen:
            continue
        seen.add(id(action))
        yield action
        following = _resolved(action.get("/Next"), known=known)
        if isinstance(following, ArrayObject):
            pending.extend(following)
        elif isinstance(following, DictionaryObject):
            pending.append(following)


def _resolved(value: Any, *, known: set[tuple[int, int]]) -> Any:
    if not isinstance(value, IndirectObject):
        return value
    if (value.idnum, value.generation) not in known:
        return None
    return value.get_object()
