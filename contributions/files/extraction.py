"""The plain text of accepted documents, for search.

`extract_text` reads it in a bounded child process (bounded.py): a file whose text takes
longer than DOCUMENT_TEXT_SECONDS, or more memory than DOCUMENT_TEXT_MEMORY_BYTES, to read
raises LimitExceeded, and the service marks the file instead of holding the worker.
"""

import os
from collections.abc import Callable, Generator, Iterator
from typing import IO, Any

import docx
import openpyxl
import pptx
from docx.table import Table
from pptx.shapes.group import GroupShape
from pypdf import PdfReader

from .bounded import file_on_disk, run_bounded, text_ceiling
from .formats import DOCX, PDF, PPTX, TEXT_MAX_CHARACTERS, XLSX


def extract_text(path_or_file: str | os.PathLike[str] | IO[bytes], *, content_type: str) -> str:
    """The plain text of an accepted document, cut at 1,000,000 characters.

    PDF pages; Word paragraphs and tables in reading order; PowerPoint text frames,
    tables and speaker notes; Excel cell values, one row to a line. Read in a bounded
    child process: raises LimitExceeded past the ceiling, ParseFailed if a parser fails.
    """
    if content_type not in TEXT_EXTRACTORS:
        raise ValueError(f"No text extraction for content type {content_type!r}.")
    with file_on_disk(path_or_file) as path:
        return run_bounded(read_text, path, content_type, ceiling=text_ceiling())


def read_text(path: str, content_type: str) -> str:
    """The text of the file at `path`, read in this process (the bounded child's part)."""
    with open(path, "rb") as stream:
        return _collect_text(TEXT_EXTRACTORS[content_type](stream))


def _collect_text(pieces: Generator[str, None, None]) -> str:
    collected: list[str] = []
    length = 0
    try:
        for piece in pieces:
            if not piece:
                continue
            collected.append(piece)
            length += len(piece) + 1
            if length >= TEXT_MAX_CHARACTERS:
                break
    finally:
        # Closing the generator when the text is cut short lets it release what it
        # opened: openpyxl keeps its archive open in read-only mode.
        pieces.close()
    return "\n".join(collected)[:TEXT_MAX_CHARACTERS]


def _pdf_text(stream: IO[bytes]) -> Generator[str, None, None]:
    for page in PdfReader(stream).pages:
        yield page.extract_text()


def _docx_text(stream: IO[bytes]) -> Generator[str, None, None]:
    yield from _docx_blocks_text(docx.Document(stream).iter_inner_content())


def _docx_blocks_text(blocks: Iterator[Any]) -> Generator[str, None, None]:
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from _docx_blocks_text(cell.iter_inner_content())
        else:
            yield block.text


def _pptx_text(stream: IO[bytes]) -> Generator[str, None, None]:
    for slide in pptx.Presentation(stream).slides:
        yield from _pptx_shapes_text(slide.shapes)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            yield slide.notes_slide.notes_text_frame.text


def _pptx_shapes_text(shapes: Any) -> Generator[str, None, None]:
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _pptx_shapes_text(shape.shapes)
        elif shape.has_text_frame:
            yield shape.text_frame.text
        elif getattr(shape, "has_table", False):
            for row in shape.table.rows:
                for cell in row.cells:
                    yield cell.text


def _xlsx_text(stream: IO[bytes]) -> Generator[str, None, None]:
    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    try:
        for worksheet in workbook.worksheets:
            # The dimensions some programs record are wrong; without them every row is read.
            worksheet.reset_dimensions()
            for row in worksheet.iter_rows(values_only=True):
                yield "\t".join(str(value) for value in row if value is not None)
    finally:
        workbook.close()


TEXT_EXTRACTORS: dict[str, Callable[[IO[bytes]], Generator[str, None, None]]] = {
    PDF.content_type: _pdf_text,
    DOCX.content_type: _docx_text,
    PPTX.content_type: _pptx_text,
    XLSX.content_type: _xlsx_text,
}
