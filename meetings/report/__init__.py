"""The chair's report of a meeting: built from the records as data, rendered as a web page
(templates/meetings/meeting_report.html) and as a Word document."""

from .build import build_meeting_report
from .structure import Block, Issue, Line, ListEntry, MeetingReport, Section
from .word import header_lines, meeting_report_docx, meeting_report_filename
from .words import dates_in_words, ordinal_in_words

__all__ = [
    "Block",
    "Issue",
    "Line",
    "ListEntry",
    "MeetingReport",
    "Section",
    "build_meeting_report",
    "dates_in_words",
    "header_lines",
    "meeting_report_docx",
    "meeting_report_filename",
    "ordinal_in_words",
]
