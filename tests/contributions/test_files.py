"""Upload inspection: what is accepted, what is refused and why, names, storage and text."""

import hashlib
import io
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation

from contributions.files import (
    FileRejected,
    InspectedFile,
    extract_text,
    inspect_upload,
    safe_filename,
    stored_file_name,
)
from tests.contributions import corpus

BENIGN_FILES = corpus.benign_files()
HOSTILE_FILES = corpus.hostile_files()

NOT_A_DOCUMENT = "This file is not a PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx) document. Only these formats are accepted."
PROGRAM = "This file is a program, not a document. Only PDF, Word (.docx), PowerPoint (.pptx) and Excel (.xlsx) documents are accepted."
ZIP_ARCHIVE = "This file is a zip archive, not a Word, PowerPoint or Excel document. Upload each document on its own instead."
COMPRESSION_BOMB = "This Office file contains a part that expands to more than 100 times its stored size, which is how compression bombs are built. Save the document again and upload the new copy, or contact the secretariat."
UNSAFE_PART_NAME = "This Office file contains an internal part with an unsafe name, so it cannot be accepted. Save the document again from Word, PowerPoint or Excel and upload the new copy."
DUPLICATE_PART = "This Office file contains two internal parts with the same name, so it cannot be accepted. Save the document again from Word, PowerPoint or Excel and upload the new copy."
WORD_MACROS = "This file is a Word document with macros (.docm). Save it as a plain .docx without macros and upload it again."
EXCEL_MACROS = "This file is an Excel workbook with macros (.xlsm). Save it as a plain .xlsx without macros and upload it again."
EMBEDDED_PROGRAM = "This document has a program embedded in it, which is not accepted. Remove the embedded object, save the document again and upload it."
PDF_JAVASCRIPT = "This PDF contains JavaScript, which is not accepted. Print or export it to a new PDF without scripts and upload that copy."
ENCRYPTED_PDF = "This PDF is encrypted or protected by a password. Save a copy without the protection and upload it again."

PDF_APPENDED = "This PDF has other data appended after its end (such as an archive or a program hidden behind the document), so it cannot be accepted. Print or export it to a new PDF and upload that copy."
ZIP_HIDDEN_DATA = "This Office file carries data outside its internal parts (before, between or after them), where something can be hidden, so it cannot be accepted. Save the document again from Word, PowerPoint or Excel and upload the new copy."
XML_DECLARATIONS = "This Office file declares a document type or XML entities in one of its parts ({part}). Word, PowerPoint and Excel never write these, and they are used to attack the programs that read documents. Save the document again from Word, PowerPoint or Excel and upload the new copy."
WORD_DDE = "This Word document contains a DDE field (DDE or DDEAUTO), which can start other programs when the document is opened or its fields are updated, so it is not accepted. Remove the field (Alt+F9 shows field codes), save the document again and upload it."
EXCEL_DDE = "This Excel workbook contains a DDE link or formula (such as =cmd|'/c calc'!A1), which can start other programs when the workbook is opened, so it is not accepted. Remove it, save the workbook again and upload it."
REMOTE_CONTENT = "This document fetches a template or an object from the network when it is opened, which is not accepted. Remove the link, save the document again and upload it."
PACKAGED_FILE = "This document has a file packaged inside it (an embedded object that opens with whatever program the reader has for it), which is not accepted. Remove the object, save the document again and upload that file on its own if needed."
DAMAGED = "This file is damaged or incomplete and cannot be opened. Save or export the document again and upload the new copy."
PDF_AUTOMATIC = "This PDF opens a web address or another file, or sends or loads data, by itself when it is opened or viewed, which is not accepted. Print or export it to a new PDF and upload that copy."

EXPECTED_MESSAGES = {
    "appended-zip.pdf": PDF_APPENDED,
    "appended-html.pdf": PDF_APPENDED,
    "zip-before.docx": ZIP_HIDDEN_DATA,
    "zip-after.docx": ZIP_HIDDEN_DATA,
    "billion-laughs.docx": XML_DECLARATIONS.format(part="[Content_Types].xml"),
    "doctype-main-part.docx": XML_DECLARATIONS.format(part="word/document.xml"),
    "entity-in-styles.xlsx": XML_DECLARATIONS.format(part="xl/styles.xml"),
    "entity-in-slide.pptx": XML_DECLARATIONS.format(part="ppt/slides/slide1.xml"),
    "ddeauto.docx": WORD_DDE,
    "dde-split-runs.docx": WORD_DDE,
    "dde-in-footer.docx": WORD_DDE,
    "dde-quote.docx": WORD_DDE,
    "dde-formula.xlsx": EXCEL_DDE,
    "dde-formula-quoted.xlsx": EXCEL_DDE,
    "dde-link.xlsx": EXCEL_DDE,
    "program-action.pptx": "This presentation contains an action that runs a program or a macro when a shape is clicked, which is not accepted. Remove the action, save the presentation again and upload it.",
    "remote-image.docx": REMOTE_CONTENT,
    "remote-frame.docx": REMOTE_CONTENT,
    "remote-linked-workbook.xlsx": REMOTE_CONTENT,
    "vba-relationship.docx": WORD_MACROS,
    "macros.pptx": "This file is a PowerPoint presentation with macros (.pptm). Save it as a plain .pptx without macros and upload it again.",
    "embedded-package.docx": PACKAGED_FILE,
    "equation-editor.docx": "This document contains an object of the old Equation Editor 3.0, which is withdrawn because it was used to attack computers. Retype the equation with the current equation tool, save the document again and upload it.",
    "embedded-macro-document.docx": WORD_MACROS,
    "ole-url-moniker.docx": REMOTE_CONTENT,
    "embedded-xlsm.docx": WORD_MACROS,
    "embedded-twice.docx": "This Office file contains a document embedded in a document embedded in it. Only one level of embedded documents can be checked safely. Remove the inner embedded object, save the document again and upload it.",
    "embedded-zip.docx": PACKAGED_FILE,
    "rtf-chunk.docx": "This document contains a part in Rich Text Format (RTF) that Word imports when the document is opened, which is not accepted. Save the document again as a plain .docx and upload it.",
    "bzip2-part.docx": DAMAGED,
    "gap-between-parts.docx": ZIP_HIDDEN_DATA,
    "overlapping-parts.docx": "This Office file has internal parts that share the same stored data, which is how some compression bombs are built, so it cannot be accepted. Save the document again from Word, PowerPoint or Excel and upload the new copy.",
    "truncated.docx": DAMAGED,
    "protected.docx": "This Office file is protected by a password (encrypted), so it cannot be checked. Remove the password (File, Info, Protect), save the document and upload it again.",
    "minutes.doc": "This file is a Word document in the legacy binary format (.doc), which is not accepted. Save it as .docx and upload it again.",
    "budget.xls": "This file is an Excel workbook in the legacy binary format (.xls), which is not accepted. Save it as .xlsx and upload it again.",
    "xfa-form.pdf": "This PDF contains an XFA form, which can run scripts and is not accepted. Print or export it to a new PDF and upload that copy.",
    "rich-media.pdf": "This PDF contains rich media (Flash or 3D content that can run code), which is not accepted. Print or export it to a new PDF and upload that copy.",
    "open-uri.pdf": PDF_AUTOMATIC,
    "page-opens-share.pdf": PDF_AUTOMATIC,
    "submit-on-open.pdf": PDF_AUTOMATIC,
    "next-chain.pdf": PDF_AUTOMATIC,
    "programme.pdf": PROGRAM,
    "invoice\u202efdp.exe": PROGRAM,
    "report.docx": PROGRAM,
    "invitation.pdf": NOT_A_DOCUMENT,
    "logo.pdf": NOT_A_DOCUMENT,
    "notes.txt": NOT_A_DOCUMENT,
    "annexes.xlsx": ZIP_ARCHIVE,
    "position-paper.odt": "This file is an OpenDocument file (.odt, .odp or .ods). Save it as a Word (.docx), PowerPoint (.pptx) or Excel (.xlsx) document, or as a PDF, and upload it again.",
    "annual-report.docx": COMPRESSION_BOMB,
    "many-parts.docx": "This Office file is made of too many internal parts (2017; at most 2000 are accepted) to be checked safely. Split the document or contact the secretariat.",
    "minutes.docx": UNSAFE_PART_NAME,
    "absolute-path.docx": UNSAFE_PART_NAME,
    "backslash-path.docx": UNSAFE_PART_NAME,
    "drive-letter.docx": UNSAFE_PART_NAME,
    "duplicate-parts.docx": DUPLICATE_PART,
    "agenda.docx": WORD_MACROS,
    "agenda.docm": WORD_MACROS,
    "hidden-macro.docx": WORD_MACROS,
    "budget.xlsx": EXCEL_MACROS,
    "excel4-macro.xlsx": EXCEL_MACROS,
    "activex.docx": "This document contains ActiveX controls, which are not accepted. Remove them, save the document again and upload it.",
    "embedded-program.docx": EMBEDDED_PROGRAM,
    "packaged-script.docx": EMBEDDED_PROGRAM,
    "remote-template.docx": "This document fetches a template or an object from the network when it is opened, which is not accepted. Remove the link, save the document again and upload it.",
    "open-action.pdf": PDF_JAVASCRIPT,
    "escaped-names.pdf": PDF_JAVASCRIPT,
    "launch.pdf": "This PDF contains an action that starts another program, which is not accepted. Print or export it to a new PDF and upload that copy.",
    "attachment.pdf": "This PDF has other files attached inside it, which is not accepted. Remove the attachments and upload it again; upload any attached document on its own.",
    "unlisted-object.pdf": PDF_JAVASCRIPT,
    "compressed-object.pdf": PDF_JAVASCRIPT,
    "encrypted.pdf": ENCRYPTED_PDF,
    "aes-encrypted.pdf": ENCRYPTED_PDF,
    "statement.docx": "This file is encrypted or in a legacy Office format (.doc, .ppt, .xls). Remove any password, save it as .docx, .pptx or .xlsx and upload it again.",
    "large-annex.pdf": "This file is larger than 1\xa0MB, the largest size accepted. Make it smaller (for example by compressing its pictures) and upload it again.",
    "empty.pdf": "This file is empty. Check that you chose the right file and upload it again.",
    "contribution.docx": "This file is a PDF document, but its name ends in .docx. Rename it so that it ends in .pdf and upload it again.",
    "contribution.pdf": "This file is a Word document, but its name ends in .pdf. Rename it so that it ends in .docx and upload it again.",
    "truncated.pdf": "This file is damaged or incomplete and cannot be opened as a PDF document. Save or export the document again and upload the new copy.",
    "broken.docx": "This file is damaged or incomplete and cannot be opened as a Word document. Save or export the document again and upload the new copy.",
}


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, whatever language the settings default to."""
    with translation.override("en"):
        yield


def _names(files: list[tuple[str, bytes, str]]) -> list[str]:
    return [name for name, _content, _detail in files]


@pytest.mark.parametrize(
    ("name", "content", "content_type"), BENIGN_FILES, ids=_names(BENIGN_FILES)
)
def test_inspect_upload_accepts_benign_file(name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")

    inspected = inspect_upload(upload)

    assert inspected == InspectedFile(
        original_name=name,
        extension=name[name.rindex(".") :],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


@pytest.mark.parametrize(("name", "content", "code"), HOSTILE_FILES, ids=_names(HOSTILE_FILES))
def test_inspect_upload_refuses_hostile_file(settings, name, content, code):
    settings.DOCUMENT_FILE_MAX_BYTES = corpus.CORPUS_FILE_MAX_BYTES
    upload = io.BytesIO(content)

    with pytest.raises(FileRejected) as refusal:
        inspect_upload(upload, name=name)

    assert (refusal.value.code, refusal.value.messages) == (code, [EXPECTED_MESSAGES[name]])


def test_hostile_corpus_covers_every_refusal_code():
    codes = {code for _name, _content, code in HOSTILE_FILES}

    assert (len(HOSTILE_FILES), codes) == (
        81,
        {
            "dde",
            "unsafe-xml",
            "hidden-data",
            "unsupported-type",
            "archive-bomb",
            "unsafe-archive-path",
            "macro",
            "active-content",
            "pdf-active-content",
            "encrypted",
            "too-large",
            "empty",
            "type-mismatch",
            "corrupt",
        },
    )


def test_inspect_upload_path_traversal_name_is_accepted_with_sanitised_name():
    content = corpus.pdf_bytes()

    inspected = inspect_upload(io.BytesIO(content), name="../../etc/passwd.pdf")

    assert (inspected.original_name, inspected.content_type) == ("passwd.pdf", "application/pdf")


def test_inspect_upload_nameless_file_gets_fallback_name_with_detected_extension():
    upload = io.BytesIO(corpus.docx_bytes())

    inspected = inspect_upload(upload)

    assert inspected.original_name == "document.docx"


def test_inspect_upload_name_without_extension_gets_detected_extension():
    upload = io.BytesIO(corpus.pdf_bytes())

    inspected = inspect_upload(upload, name="Minutes of the fourth meeting")

    assert inspected.original_name == "Minutes of the fourth meeting.pdf"


def test_inspect_upload_upper_case_extension_is_kept_for_display():
    upload = io.BytesIO(corpus.pdf_bytes())

    inspected = inspect_upload(upload, name="REPORT.PDF")

    assert (inspected.original_name, inspected.extension) == ("REPORT.PDF", ".pdf")


def test_inspect_upload_accepted_file_is_rewound():
    upload = io.BytesIO(corpus.pdf_bytes())
    upload.seek(100)

    inspect_upload(upload, name="report.pdf")

    assert upload.tell() == 0


def test_inspect_upload_refused_file_is_rewound():
    upload = io.BytesIO(corpus.pdf_bytes())

    with pytest.raises(FileRejected):
        inspect_upload(upload, name="report.docx")

    assert upload.tell() == 0


def test_inspect_upload_reads_temporary_uploaded_file():
    content = corpus.xlsx_bytes()
    upload = TemporaryUploadedFile("Reports.xlsx", "application/octet-stream", len(content), None)
    upload.write(content)

    with upload:
        inspected = inspect_upload(upload)

    assert (inspected.size, inspected.sha256) == (len(content), hashlib.sha256(content).hexdigest())


def test_inspect_upload_file_at_size_limit_is_accepted(settings):
    content = corpus.pdf_bytes()
    settings.DOCUMENT_FILE_MAX_BYTES = len(content)

    inspected = inspect_upload(io.BytesIO(content), name="report.pdf")

    assert inspected.size == len(content)


def test_inspect_upload_file_one_byte_over_size_limit_is_refused(settings):
    content = corpus.pdf_bytes()
    settings.DOCUMENT_FILE_MAX_BYTES = len(content) - 1

    with pytest.raises(FileRejected) as refusal:
        inspect_upload(io.BytesIO(content), name="report.pdf")

    assert refusal.value.code == "too-large"


def test_inspect_upload_archive_expanding_past_setting_is_refused(settings):
    settings.DOCUMENT_ARCHIVE_MAX_EXPANDED_BYTES = 10_000

    with pytest.raises(FileRejected) as refusal:
        inspect_upload(io.BytesIO(corpus.docx_bytes()), name="report.docx")

    assert (refusal.value.code, refusal.value.messages) == (
        "archive-bomb",
        [
            "This Office file would expand to more than 10\xa0kB when opened, more than can "
            "be checked safely. Make it smaller (for example by compressing its pictures) "
            "and upload it again."
        ],
    )


def test_inspect_upload_archive_with_more_parts_than_setting_is_refused(settings):
    settings.DOCUMENT_ARCHIVE_MAX_ENTRIES = 5

    with pytest.raises(FileRejected) as refusal:
        inspect_upload(io.BytesIO(corpus.docx_bytes()), name="report.docx")

    assert (refusal.value.code, refusal.value.params) == ("archive-bomb", {"count": 17, "limit": 5})


def test_inspect_upload_part_names_differing_only_in_case_are_refused():
    content = corpus.repackage(corpus.docx_bytes(), add=[("word/Document.xml", b"<w:document/>")])

    with pytest.raises(FileRejected) as refusal:
        inspect_upload(io.BytesIO(content), name="report.docx")

    assert refusal.value.messages == [DUPLICATE_PART]


def test_inspect_upload_template_on_authors_disk_is_accepted():
    settings_relationships = corpus.relationships_part(
        f'<Relationship Id="rId1" Type="{corpus.RELATIONSHIPS}/attachedTemplate" '
        'Target="file:///C:\\Users\\delegate\\AppData\\Roaming\\Microsoft\\Templates\\CWG.dotm" '
        'TargetMode="External"/>'
    )
    content = corpus.repackage(
        corpus.docx_bytes(), add=[("word/_rels/settings.xml.rels", settings_relationships)]
    )

    inspected = inspect_upload(io.BytesIO(content), name="report.docx")

    assert inspected.content_type == corpus.DOCX_CONTENT_TYPE


def test_file_rejected_is_a_validation_error_for_forms():
    with pytest.raises(ValidationError) as refusal:
        inspect_upload(io.BytesIO(b""), name="empty.pdf")

    assert refusal.value.messages == [EXPECTED_MESSAGES["empty.pdf"]]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\System32\\report.docx", "report.docx"),
        ("C:\\Users\\delegate\\Desktop\\Contribution.docx", "Contribution.docx"),
        ("report\x00.pdf", "report.pdf"),
        ("bell\x07 and\x1b escape.pdf", "bell and escape.pdf"),
        ("line\nbreak\tand   tab.pdf", "line break and tab.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("zero\u200bwidth\ufeff.pdf", "zerowidth.pdf"),
        ("CON.pdf", "CON_.pdf"),
        ("con.docx", "con_.docx"),
        ("LPT1.backup.pdf", "LPT1_.backup.pdf"),
        ("NUL", "NUL_"),
        ("Console.pdf", "Console.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        (".pdf", "document.pdf"),
        ("...", "document"),
        ("   ", "document"),
        ("", "document"),
        ("report.pdf. . ", "report.pdf"),
        ('what?<>:"|*.pdf', "what_______.pdf"),
        ("Report v2.1", "Report v2.1"),
        ("تقرير الاجتماع الرابع.pdf", "تقرير الاجتماع الرابع.pdf"),
        ("儿童在线保护指南.docx", "儿童在线保护指南.docx"),
        ("Защита детей в интернете.pptx", "Защита детей в интернете.pptx"),
        # Persian, whose zero-width non-joiner must survive; the letters are meant.
        ("نامه\u200cها.xlsx", "نامه\u200cها.xlsx"),  # noqa: RUF001
        ("e\u0301cole.pdf", "\u00e9cole.pdf"),
    ],
)
def test_safe_filename_cleans_name(name, expected):
    cleaned = safe_filename(name)

    assert cleaned == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a" * 200 + ".pdf", "a" * 146 + ".pdf"),
        ("儿童在线保护" * 40 + ".docx", ("儿童在线保护" * 40)[:145] + ".docx"),
        ("x" + "q\u0301" * 100 + ".pdf", "x" + "q\u0301" * 72 + ".pdf"),
        ("b" * 300, "b" * 150),
    ],
)
def test_safe_filename_long_name_is_cut_to_150_characters_keeping_extension(name, expected):
    cleaned = safe_filename(name)

    assert cleaned == expected


@pytest.fixture
def fixed_uuid(monkeypatch):
    token = uuid.UUID("abcdef01-2345-4678-9abc-def012345678")
    monkeypatch.setattr(uuid, "uuid4", lambda: token)
    return token


@pytest.mark.parametrize(
    ("content_type", "filename", "extension"),
    [
        ("application/pdf", "shell.php", ".pdf"),
        (corpus.DOCX_CONTENT_TYPE, "report.pdf", ".docx"),
        ("", "Report.XLSX", ".xlsx"),
        ("", "shell.php", ""),
        ("text/html", "page.html", ""),
    ],
)
def test_stored_file_name_is_random_with_whitelisted_extension(
    fixed_uuid, content_type, filename, extension
):
    instance = SimpleNamespace(content_type=content_type)

    stored = stored_file_name(instance, filename)

    assert stored == f"documents/ab/abcdef01234546789abcdef012345678{extension}"


def test_stored_file_name_differs_for_the_same_upload():
    instance = SimpleNamespace(content_type="application/pdf")

    first, second = stored_file_name(instance, "a.pdf"), stored_file_name(instance, "a.pdf")

    assert first != second


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (corpus.pdf_bytes(), corpus.PDF_CONTENT_TYPE, corpus.PDF_TEXT),
        (
            corpus.docx_bytes(),
            corpus.DOCX_CONTENT_TYPE,
            "\n".join([corpus.DOCX_PARAGRAPH, *corpus.DOCX_TABLE[0], *corpus.DOCX_TABLE[1]]),
        ),
        (corpus.pptx_bytes(), corpus.PPTX_CONTENT_TYPE, f"{corpus.PPTX_TITLE}\n{corpus.PPTX_BODY}"),
        (corpus.xlsx_bytes(), corpus.XLSX_CONTENT_TYPE, "Member State\tReports\nBrazil\t42"),
    ],
    ids=["pdf", "docx", "pptx", "xlsx"],
)
def test_extract_text_returns_written_words(content, content_type, expected):
    text = extract_text(io.BytesIO(content), content_type=content_type)

    assert text == expected


def test_extract_text_reads_a_path(tmp_path):
    path = tmp_path / "stored.pptx"
    path.write_bytes(corpus.pptx_bytes())

    text = extract_text(path, content_type=corpus.PPTX_CONTENT_TYPE)

    assert text == f"{corpus.PPTX_TITLE}\n{corpus.PPTX_BODY}"


def test_extract_text_is_cut_at_one_million_characters():
    workbook = corpus.xlsx_bytes([["x" * 1000] for _ in range(1100)])

    text = extract_text(io.BytesIO(workbook), content_type=corpus.XLSX_CONTENT_TYPE)

    assert len(text) == 1_000_000


def test_extract_text_unknown_content_type_is_an_error():
    with pytest.raises(ValueError, match="text/html"):
        extract_text(io.BytesIO(b"<p>Hello</p>"), content_type="text/html")
