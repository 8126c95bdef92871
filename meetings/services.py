"""Writes to meetings: the meeting itself, the status of actions, and the publication of the
meeting report."""

import datetime
import io

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contributions import services as workflow
from contributions.models import Document, Language, Source
from cwgcop.change_log import records_changes

from .models import Meeting, Outcome, OutcomeEvent
from .notices import enqueue_report_notices
from .report import Issue, build_meeting_report, meeting_report_docx, meeting_report_filename
from .report.stored import store_published_report
from .rules import can_publish_report, can_update_action, is_held, not_held_message

Status = Outcome.Status

# The status an action may take next. An outcome that asked for nothing may become an
# action; a closed action may be reopened.
ACTION_TRANSITIONS = {
    Status.NONE: {Status.OPEN},
    Status.OPEN: {Status.DONE, Status.DROPPED},
    Status.DONE: {Status.OPEN},
    Status.DROPPED: {Status.OPEN},
}

# What a meeting's calendar entries show, and, of those, the changes that make a calendar
# replace the event it holds (RFC 5545: a new SEQUENCE for a new time, place or status).
CALENDAR_FIELDS = (
    "number",
    "document_prefix",
    "start_date",
    "end_date",
    "venue",
    "format",
    "status",
    "contribution_deadline",
    "mandate",
)
RESCHEDULING_FIELDS = ("start_date", "end_date", "venue", "status", "contribution_deadline")


@transaction.atomic
def save_meeting(*, meeting: Meeting) -> Meeting:
    """Save a new or edited meeting.

    When an edit changes what the meeting's calendar entries show, their time of change is
    stamped; when it changes the dates, the place, the status or the deadline, their
    sequence grows too, so that calendars which hold the meeting replace its entries.
    """
    if meeting.pk is None:
        meeting.save()
        return meeting
    # Locked, so that two edits at once cannot both start from the same sequence.
    stored = (
        Meeting.objects.select_for_update()
        .filter(pk=meeting.pk)
        .values("calendar_sequence", *CALENDAR_FIELDS)
        .first()
    )
    if stored is None:
        meeting.save()
        return meeting
    changed = {name for name in CALENDAR_FIELDS if getattr(meeting, name) != stored[name]}
    meeting.calendar_sequence = stored["calendar_sequence"]
    if changed:
        meeting.calendar_modified_at = timezone.now()
    if changed & set(RESCHEDULING_FIELDS):
        meeting.calendar_sequence += 1
    meeting.save()
    return meeting


@records_changes
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


def meeting_report_source() -> Source:
    """The secretariat, which issues the chair's report: the ITU secretariat source that is
    not part of another (the BDT, not one of its regional offices)."""
    source = (
        Source.objects.filter(kind=Source.Kind.ITU_SECRETARIAT, parent__isnull=True)
        .order_by("pk")
        .first()
    )
    if source is None:
        raise ValidationError(
            _("Add the ITU secretariat as a source before publishing a report."),
            code="report-source",
        )
    return source


@records_changes
@transaction.atomic
def publish_meeting_report(
    *,
    meeting: Meeting,
    by: AbstractBaseUser,
    issued_on: datetime.date | None = None,
    tell: bool = True,
) -> Document:
    """Publish the generated report as the meeting's report document through the workflow.

    The first publication drafts a document of kind report for the secretariat, attaches
    the generated DOCX as its English file, submits, accepts (numbering it REP/1) and
    publishes it; each step writes its history row. Publishing again issues a revision
    (REP/1(Rev.1), ...) that supersedes the previous one. The file is the public report,
    so paragraphs about unpublished documents stay withheld in it. Nobody is mailed of
    its steps; once it is published, the delegates of the meeting's sources and those who
    follow the meeting are told, and the owners of open actions sent theirs
    (meetings/notices.py), unless `tell` is false (a report entered as it was issued).
    The report is dated today unless `issued_on` gives the date it was issued (the demo's
    report, issued in 2024).
    """
    if not can_publish_report(by):
        raise PermissionDenied(_("Only the secretariat may publish the meeting report."))
    if not is_held(by, meeting):
        raise ValidationError(not_held_message(meeting), code="not-held")
    # The report is issued in English, whatever the language of the page it is published from.
    with translation.override(Language.ENGLISH):
        document = _publish_report(meeting, by=by, issued_on=issued_on or timezone.localdate())
    if tell:
        stored_id = document.published_report.pk
        transaction.on_commit(lambda: enqueue_report_notices(stored_id), robust=True)
    return document


def _publish_report(
    meeting: Meeting, *, by: AbstractBaseUser, issued_on: datetime.date
) -> Document:
    report = build_meeting_report(meeting)
    current = (
        Document.objects.listed()
        .filter(meeting=meeting, kind=Document.Kind.REPORT)
        .order_by("-revision")
        .first()
    )
    if current is not None and not hasattr(current, "published_report"):
        # The report was issued as a document of its own (the archive): the generated
        # report is never published under its number.
        raise ValidationError(
            _(
                "%(number)s is this meeting's report as issued; the generated report is not published."
            )
            % {"number": current.number or current.title},
            code="report-issued",
        )
    if current is None:
        document = workflow.create_draft(
            by=by,
            meeting=meeting,
            kind=Document.Kind.REPORT,
            title=report.title,
            sources=[meeting_report_source()],
        )
    else:
        document = workflow.create_revision(document=current, by=by)
    # The purpose paragraph says what the report is, which is what a summary is for.
    document.title = report.title
    document.summary = report.sections[0].blocks[0].text
    document.save(update_fields=["title", "summary"])
    _attach_report_file(document, report, by=by)
    # The secretariat publishes its own report: the steps are recorded, but nobody is
    # mailed that it was submitted, accepted or published.
    workflow.submit_document(document=document, by=by, tell=False)
    document = workflow.accept_document(document=document, by=by, tell=False)
    # The file is headed by the number acceptance has just given: it replaces the draft's.
    workflow.remove_file(document_file=document.files.get(), by=by)
    issue = Issue(number=document.number, date=issued_on)
    report = build_meeting_report(meeting, issue=issue)
    _attach_report_file(document, report, by=by)
    document = workflow.publish_document(document=document, by=by, tell=False)
    # Served as published from now on, whatever changes in the records afterwards.
    store_published_report(document=document, report=report, language=Language.ENGLISH)
    return document


def _attach_report_file(document: Document, report, *, by: AbstractBaseUser) -> None:
    upload = io.BytesIO(meeting_report_docx(report))
    upload.name = meeting_report_filename(report.meeting)
    workflow.add_file(document=document, language=Language.ENGLISH, upload=upload, by=by)
