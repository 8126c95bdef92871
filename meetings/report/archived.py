"""A meeting's report as it was issued: a report document of its own, imported from the
archive or entered by the secretariat, rather than published from the records.

Such a document is the meeting's report. The report address leads to it, and the report
generated from the records is never published under its number: the secretariat can
still read that draft (`?draft=1`). A report of several meetings (the Council's C20/57 on
the fifteenth and sixteenth meetings) is the report of each of them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from contributions.models import Document
from contributions.visibility import can_read_document_text, can_view_document

from ..models import Meeting
from .words import ordinal_in_words


def archived_report(meeting: Meeting) -> Document | None:
    """The report issued as a document of its own for this meeting, alone or with others:
    listed, of kind report, and not a report published from the records (those have their
    stored version). The latest revision first. None when there is none."""
    return (
        Document.objects.listed()
        .for_meeting(meeting)
        .filter(kind=Document.Kind.REPORT, published_report__isnull=True)
        .prefetch_related("other_meetings", "files")
        .select_related("meeting")
        .order_by("-revision", "-document_date", "-pk")
        .first()
    )


def archived_report_for(user, meeting: Meeting) -> Document | None:
    """The issued report of a held meeting, when this person may read it: a members-only
    report is the members'."""
    if meeting.status != Meeting.Status.HELD:
        return None
    document = archived_report(meeting)
    if document is None:
        return None
    if can_view_document.test(user, document) and can_read_document_text.test(user, document):
        return document
    return None


def report_meetings(document: Document) -> list[Meeting]:
    """The meetings a report document reports on, in their order."""
    meetings = {document.meeting.pk: document.meeting}
    meetings.update((meeting.pk, meeting) for meeting in document.other_meetings.all())
    return sorted(meetings.values(), key=lambda meeting: meeting.number)


def report_name(document: Document) -> str:
    """What the meeting page calls the report: “Report of the meeting”, or, for a report
    of several meetings, “Report of the fifteenth and sixteenth meetings”."""
    meetings = report_meetings(document)
    if len(meetings) == 1:
        return _("Report of the meeting")
    ordinals = [ordinal_in_words(meeting.number) for meeting in meetings]
    listed = _("%(first)s and %(last)s") % {
        "first": ", ".join(ordinals[:-1]),
        "last": ordinals[-1],
    }
    return _("Report of the %(ordinals)s meetings") % {"ordinals": listed}
