"""Files built against the walks over a file's structure: cycles, fan-outs, depth and size.

Each is made in memory, the same bytes on every run, in about a second at most (the largest,
100,000 objects, is about 12 MB). A walk that keeps a visited set and a node budget goes
through each in time linear in its objects; one that follows references without them
loops, recurses past the stack or visits the same nodes again and again.
"""

import functools

from tests.contributions.corpus import (
    add_relationship,
    docx_bytes,
    pdf_from_objects,
    repackage,
    zip_archive,
)

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"
GO_TO_FIRST_PAGE = b"/S /GoTo /D [3 0 R /Fit]"
WEB_ADDRESS = b"/S /URI /URI (https://example.invalid/tracker)"
RELATIONSHIP_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _catalog(entries: bytes) -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R %s >>" % entries


def _one_page(catalog: bytes = CATALOG, *more: bytes, page: bytes = PAGE) -> bytes:
    """A one-page PDF: 1 the catalogue, 2 the page tree, 3 the page, then `more` from 4."""
    return pdf_from_objects([catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, *more])


# ---- Cycles through /Parent and /Kids


def page_tree_parent_cycle() -> bytes:
    """The root of the page tree names its own page as its /Parent: up leads down again."""
    return pdf_from_objects(
        [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>", PAGE]
    )


def page_parent_cycle() -> bytes:
    """Two pages whose /Parent entries name each other, neither the page tree."""
    return pdf_from_objects(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def page_tree_kids_cycle() -> bytes:
    """An intermediate node of the page tree lists the root among its /Kids."""
    return pdf_from_objects(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            PAGE,
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )


# ---- Cycles through action /Next chains


def open_action_next_to_itself() -> bytes:
    """/OpenAction 4 0 R, whose /Next is 4 0 R: a dictionary that follows itself."""
    return _one_page(_catalog(b"/OpenAction 4 0 R"), b"<< %s /Next 4 0 R >>" % GO_TO_FIRST_PAGE)


def open_action_next_array_loop() -> bytes:
    """Two actions whose /Next arrays name each other and themselves."""
    return _one_page(
        _catalog(b"/OpenAction 4 0 R"),
        b"<< %s /Next [5 0 R 4 0 R] >>" % GO_TO_FIRST_PAGE,
        b"<< %s /Next [4 0 R 5 0 R] >>" % GO_TO_FIRST_PAGE,
    )


def page_open_action_next_to_itself() -> bytes:
    """A page's /AA /O (run when the page opens) whose /Next is itself."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> "
        b"/AA << /O 4 0 R /C 4 0 R >> >>"
    )
    return _one_page(CATALOG, b"<< %s /Next 4 0 R >>" % GO_TO_FIRST_PAGE, page=page)


def looping_chain_to_a_web_address() -> bytes:
    """An open action whose looping /Next chain passes through a web address."""
    return _one_page(
        _catalog(b"/OpenAction 4 0 R"),
        b"<< %s /Next [5 0 R] >>" % GO_TO_FIRST_PAGE,
        b"<< %s /Next 4 0 R >>" % WEB_ADDRESS,
    )


def long_next_chain(length: int) -> bytes:
    """An open action followed by `length` actions, each the /Next of the one before."""
    actions = [
        b"<< %s /Next %d 0 R >>" % (GO_TO_FIRST_PAGE, number + 1) for number in range(4, length + 3)
    ]
    return _one_page(_catalog(b"/OpenAction 4 0 R"), *actions, b"<< %s >>" % GO_TO_FIRST_PAGE)


# ---- Cycles through the outline (bookmarks)


def outline_loops() -> bytes:
    """Bookmarks whose /Next chain loops, and whose child's /First is its own ancestor."""
    return _one_page(
        _catalog(b"/Outlines 4 0 R /PageMode /UseOutlines"),
        b"<< /Type /Outlines /First 5 0 R /Last 6 0 R /Count 2 >>",
        b"<< /Title (Opening) /Parent 4 0 R /Next 6 0 R /First 7 0 R /Last 7 0 R /Count 1 "
        b"/Dest [3 0 R /Fit] >>",
        b"<< /Title (Outcomes) /Parent 4 0 R /Prev 5 0 R /Next 5 0 R /Dest [3 0 R /Fit] >>",
        b"<< /Title (Agenda) /Parent 5 0 R /Next 7 0 R /First 4 0 R /Dest [3 0 R /Fit] >>",
    )


# ---- Size: a page tree of 100,000 kids, a file of 100,000 objects


def kids_of_one_page(count: int) -> bytes:
    """A page tree whose /Kids array names the same page `count` times."""
    kids = b" ".join([b"3 0 R"] * count)
    return pdf_from_objects(
        [CATALOG, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count), PAGE]
    )


def many_objects(count: int) -> bytes:
    """A one-page PDF of `count` objects: the page's annotations, 4 0 R onwards, are
    small text notes, all listed in the cross-reference table."""
    notes = range(4, count + 1)
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Annots [%s] >>"
        % b" ".join(b"%d 0 R" % number for number in notes)
    )
    return _one_page(
        CATALOG,
        *(
            b"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (Note %d) >>" % number
            for number in notes
        ),
        page=page,
    )


# ---- The exponential case: a blank PDF that opens at a page


@functools.cache
def blank_pdf_opening_at_a_page(pages: int) -> bytes:
    """`pages` blank pages, opening at the last, fitted: /OpenAction [page /Fit], as
    LibreOffice, fpdf2, pdfTeX and pypdf write it."""
    last = pages + 2
    kids = b" ".join(b"%d 0 R" % number for number in range(3, last + 1))
    return pdf_from_objects(
        [
            _catalog(b"/OpenAction [%d 0 R /Fit]" % last),
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            *([PAGE] * pages),
        ]
    )


# ---- Office packages: 10,000 relationships, a package nested 20 deep


def word_with_relationships(count: int, *, external: bool = True) -> bytes:
    """A Word document whose main part has `count` relationships: hyperlinks to `count`
    web addresses, or (external=False) `count` relationships to its one styles part."""
    if external:
        relationships = (
            f'<Relationship Id="rLink{number}" Type="{RELATIONSHIP_TYPES}/hyperlink" '
            f'Target="https://www.itu.int/cop/{number}" TargetMode="External"/>'
            for number in range(count)
        )
    else:
        relationships = (
            f'<Relationship Id="rStyles{number}" Type="{RELATIONSHIP_TYPES}/styles" '
            'Target="styles.xml"/>'
            for number in range(count)
        )
    return add_relationship(
        docx_bytes(), part="word/_rels/document.xml.rels", relationship="".join(relationships)
    )


def nested_word_documents(depth: int) -> bytes:
    """A Word document embedding a Word document embedding ... `depth` levels down, each
    as word/embeddings/Microsoft_Word_Document.docx, as Word stores a pasted document."""
    document = docx_bytes()
    inner = document
    for _level in range(depth):
        inner = _embedding(document, inner, name="word/embeddings/Microsoft_Word_Document.docx")
    return inner


def nested_zip_archives(depth: int) -> bytes:
    """A Word document embedding a zip archive holding a zip archive ... `depth` deep."""
    inner = zip_archive([("minutes.txt", b"Minutes of the meeting.")])
    for level in range(depth - 1):
        inner = zip_archive([(f"level-{level}.zip", inner)])
    return _embedding(docx_bytes(), inner, name="word/embeddings/oleObject1.bin")


def _embedding(document: bytes, content: bytes, *, name: str) -> bytes:
    extension = name.rsplit(".", 1)[1]
    content_type = PACKAGE_CONTENT_TYPE if extension == "docx" else "application/octet-stream"
    return repackage(
        document,
        add=[(name, content)],
        content_types=[f'<Default Extension="{extension}" ContentType="{content_type}"/>'],
    )
