"""Where accepted files are stored and under which names: light enough for the models.

The stored name never comes from the delegate: it is random, spread over 256 folders, with
an extension taken from the content type the inspection found. Nothing here parses a
document, so importing the models does not load the document parsers.
"""

import os
import uuid
from typing import Any

STORED_FILES_FOLDER = "documents"

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS_BY_CONTENT_TYPE = {
    PDF_CONTENT_TYPE: ".pdf",
    DOCX_CONTENT_TYPE: ".docx",
    PPTX_CONTENT_TYPE: ".pptx",
    XLSX_CONTENT_TYPE: ".xlsx",
}
ACCEPTED_EXTENSIONS = tuple(EXTENSIONS_BY_CONTENT_TYPE.values())


def stored_file_name(instance: Any, filename: str) -> str:
    """A FileField `upload_to`: a random name under documents/, spread over 256 folders.

    The extension comes from the instance's detected content type when it has one, and
    otherwise from `filename` only if it is one of the accepted extensions.
    """
    extension = EXTENSIONS_BY_CONTENT_TYPE.get(getattr(instance, "content_type", None) or "", "")
    if not extension:
        claimed = os.path.splitext(filename)[1].lower()
        extension = claimed if claimed in ACCEPTED_EXTENSIONS else ""
    token = uuid.uuid4().hex
    return f"{STORED_FILES_FOLDER}/{token[:2]}/{token}{extension}"
