"""The formats accepted, the limits an upload is held to, and the signatures of programs."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..storage import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, PPTX_CONTENT_TYPE, XLSX_CONTENT_TYPE

MEBIBYTE = 1024 * 1024
# The limits people are told are in the units their sizes are shown in (files/sizes.py):
# "50 MB" is 50,000,000 bytes.
MEGABYTE = 1000 * 1000

DEFAULT_FILE_MAX_BYTES = 50 * MEGABYTE

DEFAULT_ARCHIVE_MAX_ENTRIES = 2000

DEFAULT_ARCHIVE_MAX_EXPANDED_BYTES = 200 * MEGABYTE

DEFAULT_ARCHIVE_MAX_RATIO = 100

# The nodes (objects, dictionary entries, array elements) a walk over one PDF's structure
# may visit. A 300-page report from a word processor has about 23,000; at 10-60 µs a node
# the budget is spent in a few seconds, within the checking ceiling.
DEFAULT_WALK_MAX_NODES = 250_000


# Small parts such as styles or an empty sheet can legitimately compress very well; a
# ratio only signals a bomb once the part is large enough to matter. Many small parts
# that together expand too far are caught by the limit on the total expanded size.
ARCHIVE_RATIO_MIN_ENTRY_BYTES = MEBIBYTE


# The content types and relationships of real documents take a few kilobytes; a larger
# one is not worth parsing.
OFFICE_METADATA_MAX_BYTES = 16 * MEBIBYTE

TEXT_MAX_CHARACTERS = 1_000_000

FILENAME_MAX_CHARACTERS = 150

CHUNK_BYTES = MEBIBYTE

HEAD_BYTES = 1024

OLE_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

PROGRAM_HEADERS = (
    b"MZ",  # Windows and DOS
    b"\x7fELF",  # Linux and most other Unix systems
    b"\xfe\xed\xfa\xce",  # macOS (Mach-O, 32 and 64 bit, both byte orders, universal)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)

SCRIPT_HEADER = b"#!"


@dataclass(frozen=True)
class DocumentFormat:
    extension: str
    content_type: str
    # The format's name with its article, as sentences use it: "an Excel workbook".
    label: Promise


PDF = DocumentFormat(".pdf", PDF_CONTENT_TYPE, _("a PDF document"))
DOCX = DocumentFormat(".docx", DOCX_CONTENT_TYPE, _("a Word document"))
PPTX = DocumentFormat(".pptx", PPTX_CONTENT_TYPE, _("a PowerPoint presentation"))
XLSX = DocumentFormat(".xlsx", XLSX_CONTENT_TYPE, _("an Excel workbook"))
ACCEPTED_FORMATS = (PDF, DOCX, PPTX, XLSX)
