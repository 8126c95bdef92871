"""Office files (.docx, .pptx, .xlsx): the format their main part names; macros and active parts."""

import zipfile
from typing import IO

import docx
import openpyxl
import pptx

from .archives import check_archive_directory, check_archive_layout, open_archive
from .formats import DOCX, HEAD_BYTES, PPTX, XLSX, DocumentFormat
from .messages import rejected
from .office_parts import check_office_part
from .office_xml import ContentTypes, main_part_name, read_content_types

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
        check_archive_layout(upload, archive)
        _check_parts(archive, content_types=content_types, document_format=document_format)
    return document_format


def _check_parts(
    archive: zipfile.ZipFile,
    *,
    content_types: ContentTypes,
    document_format: DocumentFormat,
    depth: int = 0,
) -> None:
    """Refuse macros and active parts, also in the Office documents embedded in this one.

    An embedded document (a chart's workbook, a pasted spreadsheet) is checked like the
    document itself; one embedded inside that is not checked but refused.
    """
    entries = archive.infolist()

    def macro_refusal() -> Exception:
        return rejected(
            MACRO_MESSAGES[document_format],
            code="macro",
            extension=MACRO_EXTENSIONS[document_format],
        )

    if any(is_macro_part(entry.filename, content_types=content_types) for entry in entries):
        raise macro_refusal()
    for entry in entries:
        nested = check_office_part(
            archive, entry, content_types=content_types, macro_refusal=macro_refusal
        )
        if nested and depth > 0:
            raise rejected("nested-archive", code="archive-bomb")
        if nested:
            _check_embedded_package(archive, entry, document_format=document_format)


def _check_embedded_package(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, document_format: DocumentFormat
) -> None:
    with archive.open(entry) as stream, open_archive(stream) as embedded:
        entries = embedded.infolist()
        check_archive_directory(entries)
        parts = {inner.filename.casefold(): inner for inner in entries}
        if "[content_types].xml" not in parts:
            # Not an Office document: a zip archive Word would hand to another program.
            raise rejected("embedded-package", code="active-content")
        content_types = read_content_types(embedded, parts["[content_types].xml"])
        _check_parts(
            embedded, content_types=content_types, document_format=document_format, depth=1
        )


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
