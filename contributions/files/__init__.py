"""Uploaded documents: what is accepted, under which names it is shown, and its text.

A file is recognised by its content. Only PDF, Word (.docx), PowerPoint (.pptx) and Excel
(.xlsx) documents are accepted; the name a delegate gives a file only has to agree with
what the content turned out to be. Office documents are zip archives, so their directory
is checked for compression bombs and unsafe part names before anything expands them.

Accepted files are stored under random names (`stored_file_name`, in contributions.storage);
the sanitised original name (`safe_filename`) is only ever shown and offered as the
download name.
"""

from ..storage import ACCEPTED_EXTENSIONS, EXTENSIONS_BY_CONTENT_TYPE, stored_file_name
from .extraction import extract_text
from .formats import ACCEPTED_FORMATS, DOCX, PDF, PPTX, XLSX, DocumentFormat
from .inspect import InspectedFile, inspect_upload
from .messages import MESSAGES, FileRejected
from .names import safe_filename
from .sizes import human_size

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "ACCEPTED_FORMATS",
    "DOCX",
    "EXTENSIONS_BY_CONTENT_TYPE",
    "MESSAGES",
    "PDF",
    "PPTX",
    "XLSX",
    "DocumentFormat",
    "FileRejected",
    "InspectedFile",
    "extract_text",
    "human_size",
    "inspect_upload",
    "safe_filename",
    "stored_file_name",
]
