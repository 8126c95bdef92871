"""Background work on meetings: each task loads its objects by id and calls the module that
does the work."""

from django_tasks import task

from cwgcop.prepared import build_ended

from .meeting_pdf import build_meeting_pdf, meeting_pdf_plan
from .models import Meeting


@task()
def build_meeting_documents_pdf(meeting_id: int, edition: str, storage_name: str) -> str:
    """Store an edition of the meeting's documents as one PDF, as the meeting is now;
    returns its storage name ("" for a meeting deleted before the task ran)."""
    try:
        meeting = Meeting.objects.filter(pk=meeting_id).first()
        if meeting is None:
            return ""
        return build_meeting_pdf(meeting_pdf_plan(meeting, edition), meeting)
    finally:
        # The build asked for is done (or failed): a request may ask for it again.
        build_ended(storage_name)
