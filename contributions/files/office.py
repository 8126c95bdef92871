"""Office files (.docx, .pptx, .xlsx): the format their main part names; macros and active parts."""

import re
import zipfile
from typing import IO

import docx
import openpyxl
import pptx

from .archives import check_archive_directory, open_archive
from .formats import CHUNK_BYTES, DOCX, HEAD_BYTES, PPTX, PROGRAM_HEADERS, XLSX, DocumentFormat
from .messages import rejected
from .office_xml import ContentTypes, main_part_name, read_content_types, read_office_xml

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


def inspect_office_package(upload: IO[bytes]) -> DocumentFormat:
    """Check the archive's directory, name the format from its main part, check its parts.

    Nothing is expanded before the directory has passed: the content types, the
    relationships and the embedded objects are read only afterwards.
    """
    with open_archive(upload) as archive:
        entries = archive.infolist()
        check_archive_directory(entries)
        parts = {entry.filename.casefold(): entry for entry in entries}
        if "[content_types].xml" not in parts:
            if _is_opendocument(archive, parts):
                raise rejected("opendocument", code="unsupported-type")
            raise rejected("plain-archive", code="unsupported-type")
        content_types = read_content_types(archive, parts["[content_types].xml"])
        main_part = main_part_name(archive, parts)
        main_type = content_types.type_of(main_part)

        document_format = OFFICE_MAIN_PART_FORMATS.get(main_type)
        macro = OFFICE_MACRO_MAIN_PARTS.get(main_type)
        if macro is not None:
            plain_format, macro_extension = macro
            raise rejected(MACRO_MESSAGES[plain_format], code="macro", extension=macro_extension)
        if document_format is None:
            raise rejected("other-office-format", code="unsupported-type")
        if main_part.casefold() not in parts:
            raise rejected("corrupt-format", code="corrupt", kind=document_format.label)
        if any(is_macro_part(entry.filename, content_types=content_types) for entry in entries):
            raise rejected(
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


def is_macro_part(name: str, *, content_types: ContentTypes) -> bool:
    """A VBA project, whatever its declared type, or any part of a macro-bearing type.

    The type test also catches embedded macro-enabled workbooks and documents.
    """
    part_type = content_types.type_of(name)
    return (
        name.rsplit("/", 1)[-1].casefold() == "vbaproject.bin"
        or part_type in MACRO_PART_TYPES
        or "macroenabled" in part_type
    )


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
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, content_types: ContentTypes
) -> None:
    """Refuse ActiveX controls, embedded programs and remote templates or objects."""
    part_type = content_types.type_of(entry.filename)
    name = entry.filename.casefold()
    folders = name.split("/")[:-1]
    if part_type in ACTIVEX_PART_TYPES or "activex" in folders:
        raise rejected("activex", code="active-content")
    is_embedded = part_type in EMBEDDED_OBJECT_PART_TYPES or "embeddings" in folders
    if is_embedded and _holds_program(archive, entry):
        raise rejected("embedded-program", code="active-content")
    if name.endswith(".rels") and _fetches_on_open(archive, entry):
        raise rejected("remote-content", code="active-content")


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
        raise rejected("corrupt") from error
    return False


def _fetches_on_open(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    for relationship in read_office_xml(archive, entry, local_name="Relationship"):
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


def open_office_document(upload: IO[bytes], *, document_format: DocumentFormat) -> None:
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
        raise rejected("corrupt-format", code="corrupt", kind=document_format.label) from error
