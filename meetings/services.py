"""Writes to meetings: the status of actions, and the publication of the meeting report."""

import io

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contributions.files import extract_text, inspect_upload
from contributions.models import Document, DocumentFile, Language
from contributions.search import refresh_search_index

from .models import Meeting, Outcome, OutcomeEvent
from .report import build_meeting_report, meeting_report_docx, meeting_report_filename
from .rules import can_publish_report, can_update_action

Status = Outcome.Status

# The status an action may take next. An outcome that asked for nothing may become an
# action; a closed action may be reopened.
ACTION_TRANSITIONS = {
    Status.NONE: {Status.OPEN},
    Status.OPEN: {Status.DONE, Status.DROPPED},
    Status.DONE: {Status.OPEN},
    Status.DROPPED: {Status.OPEN},
}


@transaction.atomic
def set_outcome_status(
    *,
    outcome: Outcome,
    status: str,
    by: AbstractBaseUser,
    note: str = "",
    fulfilled_by_document: Document | None = None,
    fulfilled_by_meeting: Meeting | None = None,
) -> Outcome:
    """Move an action to a new status and write who, when, from, to and why.

    Only an action marked done names what fulfilled it (a document, a meeting); any other
    status clears that link. Raises PermissionDenied for anyone but the secretariat and
    ValidationError for a move the transitions do not allow.
    """
    if not can_update_action(by):
        raise PermissionDenied(_("Only the secretariat may update actions."))
    # Locked, so that two secretariat members cannot both move it from the same status.
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    status = Status(status)
    if status not in ACTION_TRANSITIONS[Status(outcome.status)]:
        raise ValidationError(
            _("An action that is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": outcome.get_status_display(), "wanted": status.label},
            code="transition",
        )
    if status != Status.DONE and (fulfilled_by_document or fulfilled_by_meeting):
        raise ValidationError(
            _("Only an action marked done can name what fulfilled it."), code="fulfilled"
        )
    previous = outcome.status
    outcome.status = status
    outcome.fulfilled_by_document = fulfilled_by_document
    outcome.fulfilled_by_meeting = fulfilled_by_meeting
    outcome.save(update_fields=["status", "fulfilled_by_document", "fulfilled_by_meeting"])
    OutcomeEvent.objects.create(
        outcome=outcome, actor=by, from_status=previous, to_status=status, note=note
    )
    return outcome


def meeting_report_number(meeting: Meeting) -> str:
    return f"{meeting.code}/REP/1"


@transaction.atomic
def publish_meeting_report(*, meeting: Meeting, by: AbstractBaseUser) -> Document:
    """Publish the generated report as the meeting's report document, CWG-COP-21/REP/1.

    Creates the document the first time and brings it up to date afterwards: its title,
    and its English file replaced by the DOCX generated now. The file is the public
    report, so paragraphs about unpublished documents stay withheld in it.

    The workflow services (contributions/services.py) number and publish the other
    documents. Until the report goes through them, this function does both here, in one
    place: the fixed number REP/1 and the published status. Switch it to those services
    when they exist, keeping the file handling.
    """
    if not can_publish_report(by):
        raise PermissionDenied(_("Only the secretariat may publish the meeting report."))
    report = build_meeting_report(meeting)
    content = meeting_report_docx(report)
    number = meeting_report_number(meeting)
    now = timezone.now()
    document = (
        Document.objects.select_for_update()
        .filter(meeting=meeting, kind=Document.Kind.REPORT, number=number)
        .first()
    )
    if document is None:
        document = Document(meeting=meeting, kind=Document.Kind.REPORT, number=number)
    document.sequence = 1
    document.title = report.title
    # The purpose paragraph says what the report is, which is what a summary is for.
    document.summary = report.sections[0].blocks[0].text
    document.original_language = Language.ENGLISH
    document.status = Document.Status.PUBLISHED
    document.submitted_by = document.submitted_by or by
    document.accepted_at = document.accepted_at or now
    document.published_at = now
    document.save()
    _replace_english_file(
        document=document, content=content, name=meeting_report_filename(meeting), by=by
    )
    refresh_search_index(document_ids=[document.pk])
    return document


def _replace_english_file(
    *, document: Document, content: bytes, name: str, by: AbstractBaseUser
) -> DocumentFile:
    inspected = inspect_upload(io.BytesIO(content), name=name)
    previous = DocumentFile.objects.filter(document=document, language=Language.ENGLISH).first()
    if previous is not None:
        stored_name, storage = previous.file.name, previous.file.storage
        previous.delete()
        # The old file leaves the disk only once the new one is committed.
        transaction.on_commit(lambda: storage.delete(stored_name))
    return DocumentFile.objects.create(
        document=document,
        language=Language.ENGLISH,
        file=ContentFile(content, name=inspected.original_name),
        original_name=inspected.original_name,
        size=inspected.size,
        sha256=inspected.sha256,
        content_type=inspected.content_type,
        uploaded_by=by,
        text=extract_text(io.BytesIO(content), content_type=inspected.content_type),
        extraction_status=DocumentFile.Extraction.DONE,
    )
