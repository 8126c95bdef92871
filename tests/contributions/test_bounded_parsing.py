"""The ceiling on parsing: no file can hold a thread, a core or memory past its limits.

Each parse runs in a child process (contributions/files/bounded.py). These tests drive
that runner with functions that never stop, sleep or swell, and the real upload and
extraction paths with limits low enough for real files to pass them.
"""

import functools
import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from contributions import services
from contributions.files import FileRejected, LimitExceeded, extract_text, inspect_upload
from contributions.files.bounded import Ceiling, run_bounded
from contributions.models import DocumentFile
from tests.contributions import parse_children
from tests.contributions.test_services import stored_files

MEBIBYTE = 1024 * 1024


def blank_pdf(pages: int, *, open_destination: bool = True) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if open_destination:
        # As LibreOffice, fpdf2 and pypdf write it: /OpenAction [page /Fit].
        writer.open_destination = writer.pages[min(2, pages - 1)]
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def pdf_with_open_action(actions: list[DictionaryObject], links: list[tuple[int, object]]) -> bytes:
    """A one-page PDF that runs actions[0] on opening; links are (action, /Next) pairs, the
    /Next naming other actions by their index, or a list of indexes."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    references = [writer._add_object(action) for action in actions]
    for index, following in links:
        if isinstance(following, list):
            value = ArrayObject(references[number] for number in following)
        else:
            value = references[following]
        actions[index][NameObject("/Next")] = value
    writer._root_object[NameObject("/OpenAction")] = references[0]
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@functools.cache
def long_blank_pdf() -> bytes:
    return blank_pdf(2000)


def upload(content: bytes, name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# ---- The runner


def test_a_parse_that_never_stops_is_stopped_at_the_limit(tmp_path):
    path = tmp_path / "any.bin"
    path.write_bytes(b"x")

    with pytest.raises(LimitExceeded) as stopped:
        run_bounded(parse_children.spin, str(path), ceiling=Ceiling("check", 1, 256 * MEBIBYTE))

    assert stopped.value.ceiling.seconds == 1


def test_a_parse_that_waits_on_nothing_is_stopped_by_the_clock(tmp_path):
    path = tmp_path / "any.bin"
    path.write_bytes(b"x")

    with pytest.raises(LimitExceeded) as stopped:
        run_bounded(parse_children.sleep, str(path), ceiling=Ceiling("check", 1, 256 * MEBIBYTE))

    assert stopped.value.why == "time"


def test_a_parse_that_swells_past_the_memory_limit_is_stopped(tmp_path):
    path = tmp_path / "any.bin"
    path.write_bytes(b"x")

    with pytest.raises(LimitExceeded) as stopped:
        run_bounded(
            parse_children.swell, str(path), 512, ceiling=Ceiling("check", 30, 64 * MEBIBYTE)
        )

    assert stopped.value.why == "memory"


def test_a_parse_within_its_limits_returns_its_value(tmp_path):
    path = tmp_path / "any.bin"
    path.write_bytes(b"%PDF-1.7 and more")

    first = run_bounded(
        parse_children.first_bytes, str(path), 8, ceiling=Ceiling("check", 30, 256 * MEBIBYTE)
    )
    swollen = run_bounded(
        parse_children.swell, str(path), 16, ceiling=Ceiling("check", 30, 256 * MEBIBYTE)
    )

    assert (first, swollen) == (b"%PDF-1.7", 16)


# ---- Uploads and extraction at the limit


@pytest.mark.django_db
def test_an_upload_over_the_checking_limit_is_refused_in_words_and_nothing_stored(
    people, document_in, settings
):
    settings.DOCUMENT_CHECK_MEMORY_BYTES = 1 * MEBIBYTE
    document = document_in("draft")
    before = stored_files(settings), DocumentFile.objects.count()

    with pytest.raises(FileRejected) as refused:
        services.add_file(
            document=document,
            language="fr",
            upload=upload(long_blank_pdf()),
            by=people["delegate"],
        )

    assert refused.value.code == "check-limit"
    assert refused.value.messages == [
        "This file took too long to check. Save it again as PDF, or send it to the secretariat."
    ]
    assert (stored_files(settings), DocumentFile.objects.count()) == before


@pytest.mark.django_db
def test_a_text_over_the_reading_limit_marks_the_file_and_keeps_the_document(
    people, document_in, settings, django_capture_on_commit_callbacks
):
    document = document_in("draft")
    settings.DOCUMENT_TEXT_MEMORY_BYTES = 1 * MEBIBYTE
    settings.DOCUMENT_TEXT_SECONDS = 7

    with django_capture_on_commit_callbacks(execute=True):
        document_file = services.add_file(
            document=document,
            language="fr",
            upload=upload(long_blank_pdf()),
            by=people["delegate"],
        )

    document_file.refresh_from_db()
    assert (document_file.extraction_status, document_file.text) == ("limit", "")
    assert document_file.extraction_error == (
        "The text took longer than 7 seconds, or more than 1\xa0MB of memory, to read, so it "
        "was not read. The file is kept and the document goes through the workflow as "
        "usual, but its text cannot be searched."
    )
    assert document.files.count() == 2


def test_extract_text_past_its_limit_raises_limit_exceeded(settings):
    settings.DOCUMENT_TEXT_MEMORY_BYTES = 1 * MEBIBYTE

    with pytest.raises(LimitExceeded):
        extract_text(io.BytesIO(long_blank_pdf()), content_type="application/pdf")


# ---- Linear walks and the node budget


@pytest.mark.parametrize("pages", [4, 6, 20, 300])
def test_a_pdf_that_opens_at_a_page_is_checked_in_a_walk_linear_in_its_objects(pages, settings):
    # Four nodes an object are more than enough for a blank page; the walk that followed
    # each destination's page through /Parent and /Kids needed pages**32.
    settings.DOCUMENT_WALK_MAX_NODES = 60 * pages + 200

    inspected = inspect_upload(upload(blank_pdf(pages)))

    assert inspected.extension == ".pdf"


def test_a_walk_past_its_node_budget_is_refused_with_its_own_code(settings):
    settings.DOCUMENT_WALK_MAX_NODES = 1000

    with pytest.raises(FileRejected) as refused:
        inspect_upload(upload(blank_pdf(300)))

    assert refused.value.code == "too-complex"
    assert refused.value.messages == [
        "This file is made of more parts than can be checked safely (more than 1,000). "
        "Save it again as PDF, or send it to the secretariat."
    ]


def looping_action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind), **entries})
    return action


def test_an_open_action_whose_chain_loops_inward_is_accepted():
    action = looping_action("/GoTo", **{NameObject("/D"): ArrayObject([NameObject("/top")])})

    inspected = inspect_upload(upload(pdf_with_open_action([action], [(0, [0, 0])])))

    assert inspected.extension == ".pdf"


def test_an_open_action_whose_looping_chain_reaches_a_web_address_is_refused():
    first = looping_action("/GoTo", **{NameObject("/D"): ArrayObject([NameObject("/top")])})
    second = looping_action("/URI", **{NameObject("/URI"): TextStringObject("https://x.test/")})

    with pytest.raises(FileRejected) as refused:
        inspect_upload(upload(pdf_with_open_action([first, second], [(0, 1), (1, [0])])))

    assert refused.value.code == "pdf-active-content"


def test_an_open_action_whose_type_is_a_reference_to_a_web_address_action_is_refused():
    # /S written as a reference to the name: viewers resolve it.
    action = looping_action("/GoTo", **{NameObject("/URI"): TextStringObject("https://x.test/")})
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    action[NameObject("/S")] = writer._add_object(NameObject("/URI"))
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    stream = io.BytesIO()
    writer.write(stream)

    with pytest.raises(FileRejected) as refused:
        inspect_upload(upload(stream.getvalue()))

    assert refused.value.code == "pdf-active-content"


def pdf_with_references_to_missing_objects(count: int, *, padding: int) -> bytes:
    """A valid one-page PDF whose catalogue holds `count` references to objects that no
    cross-reference table names, and `padding` bytes of stream data to search through."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Extra 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        b"[" + b" ".join(b"%d 0 R" % (100_000 + index) for index in range(count)) + b"]",
        b"<< /Length %d >>\nstream\n" % padding + b"A" * padding + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Root 1 0 R /Size %d >>\nstartxref\n%d\n%%%%EOF\n" % (6, xref))
    return out.getvalue()


def test_references_to_missing_objects_are_null_and_never_searched_for(settings):
    # Asking the parser for each of them searched the whole file: 2,000 of them in 4 MB
    # took 42 s of CPU. As nulls (PDF 32000-1, 7.3.10) they cost a node each.
    settings.DOCUMENT_CHECK_SECONDS = 5

    inspected = inspect_upload(
        upload(pdf_with_references_to_missing_objects(2000, padding=4_000_000))
    )

    assert inspected.extension == ".pdf"


def test_an_office_file_a_parser_cannot_read_is_refused_as_damaged():
    data = bytearray(word_document_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        entry = archive.getinfo("word/document.xml")
    name_length, extra_length = struct.unpack(
        "<HH", data[entry.header_offset + 26 : entry.header_offset + 30]
    )
    start = entry.header_offset + 30 + name_length + extra_length
    # The deflate stream broken in its middle: the zip's directory is sound.
    data[start + 10 : start + entry.compress_size - 10] = b"\xff" * (entry.compress_size - 20)

    with pytest.raises(FileRejected) as refused:
        inspect_upload(SimpleUploadedFile("report.docx", bytes(data)))

    assert refused.value.code == "corrupt"


def word_document_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Child online protection " * 400)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
