"""The parts of an Office package, each read once: XML parts parsed, the others sniffed.

What the parts may not hold: ActiveX controls, programs and OLE packages, Equation Editor
objects, embedded macros, RTF imported on opening, DDE fields and formulas, program
actions, and anything fetched from the network when the document is opened.
"""

import re
import zipfile
from collections.abc import Callable
from xml.parsers import expat

from .formats import CHUNK_BYTES, OLE_COMPOUND_FILE, PROGRAM_HEADERS
from .messages import rejected
from .office_xml import ContentTypes, UnsafeXml, XmlScan

ACTIVEX_PART_TYPES = frozenset(
    {"application/vnd.ms-office.activex+xml", "application/vnd.ms-office.activex"}
)
XML_PART_EXTENSIONS = (".xml", ".rels", ".vml")
UTF_BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
FONT_PART_EXTENSIONS = (".odttf", ".fntdata", ".ttf", ".otf")
DOS_STUB = b"This program cannot be run in DOS mode"
# The stream in which an OLE "Package" object keeps the file it wraps.
OLE_PACKAGE_STREAM = "\x01Ole10Native".encode("utf-16-le")
PACKAGED_PROGRAM = re.compile(
    rb"[^\x00-\x1f\\/:*?\"<>|]{1,200}\.(?:exe|scr|com|pif|bat|cmd|vbs|vbe|js|jse|wsf|wsh|hta|ps1|msi|lnk|dll|cpl|jar)\x00",
    re.IGNORECASE,
)
# Equation Editor 3.0 objects: the class identifier as stored, and the program name.
EQUATION_EDITOR_MARKS = (
    bytes.fromhex("02ce020000000000c000000000000046"),
    b"Equation.3",
)
# The VBA storage of an embedded legacy document with macros.
EMBEDDED_VBA_MARK = "_VBA_PROJECT".encode("utf-16-le")
# The URL moniker of an OLE link, which fetches its object from the network.
URL_MONIKER_MARK = bytes.fromhex("e0c9ea79f9bace118c8200aa004ba90b")
RTF_HEADER = b"{\\rt"
NESTED_PACKAGE_HEADER = b"PK\x03\x04"
BINARY_OVERLAP_BYTES = 256

# Relationships through which Word, Excel and PowerPoint fetch something by themselves
# when the document opens: remote templates, frames, linked objects and pictures, linked
# workbooks, imported chunks and mail-merge sources. Hyperlinks and linked media wait
# for a click, and stay.
FETCHING_RELATIONSHIP_TYPES = (
    "/attachedTemplate",
    "/oleObject",
    "/frame",
    "/subDocument",
    "/image",
    "/externalLinkPath",
    "/aFChunk",
    "/package",
    "/mailMergeSource",
    "/mailMergeHeaderSource",
)
MACRO_RELATIONSHIP_TYPES = ("/vbaProject", "/vbaProjectSignature", "/wordVbaData")
LOCAL_DRIVE_PATH = re.compile(r"(?:file:///)?[A-Za-z]:[\\/]", re.IGNORECASE)
URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def check_office_part(
    archive: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    *,
    content_types: ContentTypes,
    macro_refusal: Callable[[], Exception],
) -> bool:
    """Refuse a part holding what may not be in a document.

    Returns whether the part is itself an Office package, which the caller checks in turn.
    """
    part_type = content_types.type_of(entry.filename)
    name = entry.filename.casefold()
    if part_type in ACTIVEX_PART_TYPES or "activex" in name.split("/")[:-1]:
        raise rejected("activex", code="active-content")
    if entry.file_size == 0 or entry.is_dir():
        return False
    try:
        with archive.open(entry) as stream:
            first = stream.read(CHUNK_BYTES)
            if _is_xml(name, part_type, first):
                _check_xml_part(stream, first, entry=entry, macro_refusal=macro_refusal)
                return False
            if first.startswith(NESTED_PACKAGE_HEADER):
                return True
            is_font = "font" in part_type or name.endswith(FONT_PART_EXTENSIONS)
            _check_binary_part(stream, first, is_font=is_font, macro_refusal=macro_refusal)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise rejected("corrupt") from error
    return False


def _is_xml(name: str, part_type: str, first: bytes) -> bool:
    if name.endswith(XML_PART_EXTENSIONS) or part_type.endswith("xml"):
        return True
    for mark in UTF_BYTE_ORDER_MARKS:
        first = first.removeprefix(mark)
    return first.lstrip(b" \t\r\n\x00").startswith(b"<")


def _check_xml_part(stream, first: bytes, *, entry, macro_refusal) -> None:
    scan = XmlScan()
    try:
        scan.feed(first)
        while chunk := stream.read(CHUNK_BYTES):
            scan.feed(chunk)
        scan.feed(b"", final=True)
    except UnsafeXml as error:
        raise rejected("unsafe-xml", part=entry.filename) from error
    except expat.ExpatError as error:
        if error.code == expat.errors.codes[expat.errors.XML_ERROR_NO_MEMORY]:
            # The parser ran out of memory under the ceiling: never a pass.
            raise MemoryError from error
        # Some programs write parts that are not well-formed (Excel's VML drawings among
        # them); the libraries that open the document judge the parts they need. What
        # was read is judged all the same, and a declaration is looked for by its bytes.
        _sniff_declarations(entry, first)
    if scan.dde_field:
        raise rejected("dde-word", code="dde")
    if scan.dde_excel:
        raise rejected("dde-excel", code="dde")
    if scan.program_action:
        raise rejected("program-action", code="active-content")
    if scan.refreshed_on_open:
        raise rejected("remote-content", code="active-content")
    for relationship in scan.relationships:
        _check_relationship(relationship, macro_refusal=macro_refusal)


def _sniff_declarations(entry: zipfile.ZipInfo, first: bytes) -> None:
    upper = first.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise rejected("unsafe-xml", part=entry.filename)


def _check_relationship(relationship: dict[str, str], *, macro_refusal) -> None:
    kind = relationship.get("Type", "")
    if kind.endswith(MACRO_RELATIONSHIP_TYPES):
        raise macro_refusal()
    if relationship.get("TargetMode", "").casefold() != "external":
        return
    if kind.endswith(FETCHING_RELATIONSHIP_TYPES) and not _is_local_target(
        relationship.get("Target", "")
    ):
        raise rejected("remote-content", code="active-content")


def _is_local_target(target: str) -> bool:
    """Whether a link stays on the reader's own disk.

    Word records the template a document was made from, often a file on the author's
    disk; that opens nothing remote. A URL or a network share (//server, \\\\server) does.
    """
    if LOCAL_DRIVE_PATH.match(target):
        return True
    return not URL_SCHEME.match(target) and not target.startswith(("//", "\\\\"))


def _check_binary_part(stream, first: bytes, *, is_font: bool, macro_refusal) -> None:
    """Refuse a program, an OLE package, an Equation Editor object, embedded macros, an
    OLE link to the network, or RTF. Only the plain signs are looked for."""
    if first.startswith(RTF_HEADER):
        raise rejected("embedded-rtf", code="active-content")
    if not is_font and first.startswith(PROGRAM_HEADERS):
        raise rejected("embedded-program", code="active-content")
    compound = first.startswith(OLE_COMPOUND_FILE)
    package = False
    tail = b""
    chunk = first
    while chunk:
        window = tail + chunk
        if DOS_STUB in window:
            raise rejected("embedded-program", code="active-content")
        if compound:
            package = package or OLE_PACKAGE_STREAM in window
            if package and PACKAGED_PROGRAM.search(window):
                raise rejected("embedded-program", code="active-content")
            if any(mark in window for mark in EQUATION_EDITOR_MARKS):
                raise rejected("equation-editor", code="active-content")
            if EMBEDDED_VBA_MARK in window:
                raise macro_refusal()
            if URL_MONIKER_MARK in window:
                raise rejected("remote-content", code="active-content")
        tail = window[-BINARY_OVERLAP_BYTES:]
        chunk = stream.read(CHUNK_BYTES)
    if package:
        raise rejected("embedded-package", code="active-content")
