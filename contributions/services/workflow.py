"""The submission workflow.

The workflow is the ACTIONS table, keyed by the names people use (submit, accept,
unpublish ...): for each action, the statuses it applies to, the status it leads to, the
predicate (contributions/rules.py) that says who may take it, whether it asks a reason,
who is told, the service that takes it, and the words of its button. Services, the admin,
mails and tests read it. `transition` is the one function that changes a status: it
checks the table, writes the change and its history row in one transaction, and sends the
mail (and, for a publication, the e-mail alerts) after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules import Predicate, predicate

from cwgcop.change_log import records_changes
from meetings.models import Meeting
from related.services import refresh_after_commit

from .. import rules
from ..models import Document, DocumentEvent
from ..search import refresh_search_index
from .drafting import create_revision
from .history import record_change
from .mail import DELEGATES, SECRETARIAT, Tell
from .numbering import acceptance_number, revised_document

Status = Document.Status
User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


class TransitionNotAllowed(ValidationError):
    """The document's status does not allow this change."""


class Reason(StrEnum):
    """Whether an action asks why it is taken."""

    REQUIRED = "required"  # the delegates read it, or the public page disappears
    OPTIONAL = "optional"
    NONE = ""


@dataclass(frozen=True, kw_only=True)
class Action:
    """One workflow action, as people name it: where it applies, where it leads, who may
    take it, what it asks, who is told, and what its button and confirmation say.

    `to` is None for an action that starts a new document instead of moving this one
    (revise). An action that is not `offered` happens only as a consequence of another
    (a revision's publication supersedes the original): no button, no admin page.
    """

    from_: frozenset[str]
    to: str | None
    allowed: Predicate
    service: Callable[..., Document]
    label: Any
    confirm: Any
    done: Any  # the message after it is taken; %(number)s is the document's number
    reason: Reason = Reason.NONE
    tell: Tell | None = None
    # Besides who acts next, the people who get a receipt of the action in writing.
    receipt: Tell | None = None
    # The action makes the document news: those who follow it by e-mail alert are mailed
    # after commit (alerts/), whatever `tell` says about the workflow's own mail.
    announce: bool = False
    offered: bool = True


def may_take_action(*, document: Document, action: str, by: User) -> bool:
    """Whether the document's status allows the action and this person may take it."""
    spec = ACTIONS[action]
    return document.status in spec.from_ and spec.allowed.test(by, document)


def available_actions(*, document: Document, by: User) -> list[str]:
    """What this person may do with the document now, in the order of the buttons."""
    return [name for name in BUTTON_ORDER if may_take_action(document=document, action=name, by=by)]


def take_action(*, action: str, document: Document, by: User, reason: str = "") -> Document:
    """Take an action by its name through its service (the admin's buttons call this).

    Returns the document the action leaves the person on: for revise, the new draft.
    """
    spec = ACTIONS[action]
    if spec.reason == Reason.NONE:
        return spec.service(document=document, by=by)
    return spec.service(document=document, by=by, reason=reason)


def is_late(*, meeting: Meeting, at: datetime.datetime) -> bool:
    """A submission after the meeting's contribution deadline is late."""
    deadline = meeting.contribution_deadline
    return bool(deadline and at > deadline)


def _not_allowed(from_status: str, spec: Action) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("A document that is %(from)s cannot become %(to)s."),
        code="transition",
        params={
            "from": Status(from_status).label,
            "to": Status(spec.to).label if spec.to else spec.label,
        },
    )


@records_changes
@transaction.atomic
def record_past_actions(
    *,
    document: Document,
    created: tuple[datetime.datetime, User],
    steps: Iterable[tuple[str, datetime.datetime, User, str]],
) -> list[DocumentEvent]:
    """Write the history of a document that went through the workflow before it was
    recorded here (the demo): its creation, then each (action, at, by, reason) step.

    Each step must be allowed by ACTIONS from the status the previous one left, and the
    last must leave the document in its status, so that the history cannot tell another
    story than the workflow would have.
    """
    at, by = created
    events = [
        record_change(document=document, by=by, at=at, from_status="", to_status=Status.DRAFT)
    ]
    status = Status.DRAFT
    for name, at, by, reason in steps:
        spec = ACTIONS[name]
        if spec.to is None or status not in spec.from_:
            raise _not_allowed(status, spec)
        events.append(
            record_change(
                document=document,
                by=by,
                at=at,
                from_status=status,
                to_status=spec.to,
                reason=reason,
            )
        )
        status = spec.to
    if status != document.status:
        raise ValidationError(
            "The history of %(number)s ends in %(ends)s, not in its status %(status)s.",
            params={
                "number": document.number or document.pk,
                "ends": status,
                "status": document.status,
            },
        )
    return events


def _check_action(spec: Action, *, from_status: str, by: User, document: Document, reason: str):
    if spec.to is None or from_status not in spec.from_:
        raise _not_allowed(from_status, spec)
    if not spec.allowed.test(by, document):
        raise PermissionDenied
    if spec.reason == Reason.REQUIRED and not reason:
        raise ValidationError(_("Give a reason: the delegates will read it."), code="reason")


@records_changes
@transaction.atomic
def transition(
    *,
    document: Document,
    action: str,
    by: User,
    reason: str = "",
    prepare: Callable[[Document], Mapping[str, Any]] | None = None,
    tell: bool = True,
) -> Document:
    """Take a workflow action: guard, change the status, history row, mail after commit.

    The document row is locked for the change, so that two people acting at once are
    served one after the other and the second sees the first one's status. `prepare`
    returns further fields to write (dates, the number); it runs after the guard.
    `tell=False` sends no mail (the secretariat publishing its own report).
    """
    spec = ACTIONS[action]
    locked = Document.objects.select_for_update().get(pk=document.pk)
    from_status = locked.status
    reason = reason.strip()
    _check_action(spec, from_status=from_status, by=by, document=locked, reason=reason)
    changes = dict(prepare(locked)) if prepare else {}
    changes["status"] = spec.to
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*changes, "updated_at"])
    event = record_change(
        document=locked,
        by=by,
        at=timezone.now(),
        from_status=from_status,
        to_status=spec.to,
        reason=reason,
    )
    for notice in (spec.tell, spec.receipt) if tell else ():
        if notice is None:
            continue
        # Robust: the change is committed by then; a mail server that fails is logged and
        # must not turn the delegate's successful submission into an error page.
        # In production the worker sends it (tasks.send_workflow_mail), outside the request.
        transaction.on_commit(lambda notice=notice: _enqueue_mail(event.pk, notice), robust=True)
    if spec.announce:
        transaction.on_commit(lambda: _enqueue_alerts(locked.pk), robust=True)
    for name in changes:
        setattr(document, name, getattr(locked, name))
    document.updated_at = locked.updated_at
    return locked


def submission_blockers(document: Document) -> list[str]:
    """What must be done before the document can be submitted; empty when nothing."""
    blockers = []
    if not document.document_sources.exists():
        blockers.append(str(_("Name at least one source before submitting.")))
    if not document.files.exists():
        blockers.append(
            str(_("Add the document's file before submitting: the secretariat reviews the file."))
        )
    return blockers


def submit_document(*, document: Document, by: User, tell: bool = True) -> Document:
    """Move a draft or returned document to submitted; stamp the date, flag it late.

    Mails the secretariat after commit.
    """
    blockers = submission_blockers(document)
    if blockers:
        raise ValidationError(blockers, code="incomplete")

    def stamp(locked: Document) -> dict[str, Any]:
        now = timezone.now()
        return {
            "submitted_at": now,
            "submitted_by": by,
            "is_late": is_late(meeting=locked.meeting, at=now),
        }

    return transition(document=document, action="submit", by=by, prepare=stamp, tell=tell)


def return_document(*, document: Document, by: User, reason: str) -> Document:
    """Send a submitted document back to its delegates with a reason; mails them."""
    return transition(document=document, action="return", by=by, reason=reason)


def reject_document(*, document: Document, by: User, reason: str) -> Document:
    """Refuse a submitted document for good, with a reason; mails its delegates."""
    return transition(document=document, action="reject", by=by, reason=reason)


def withdraw_document(*, document: Document, by: User, reason: str = "") -> Document:
    """Withdraw a document that is not published yet."""
    return transition(document=document, action="withdraw", by=by, reason=reason)


@records_changes
@transaction.atomic
def accept_document(*, document: Document, by: User, tell: bool = True) -> Document:
    """Accept a submitted document and give it the next number of its series; mails delegates.

    The meeting row is locked first, so that numbers are taken one at a time: two
    secretariat members accepting at once get consecutive numbers, never the same one.
    A revision keeps the number of the document it revises and adds (Rev.n).
    """
    if not may_take_action(document=document, action="accept", by=by):
        # Refused before the meeting is locked, so a refusal never waits for the lock;
        # `transition` raises the right error.
        return transition(document=document, action="accept", by=by)
    meeting = Meeting.objects.select_for_update().get(pk=document.meeting_id)

    def number(locked: Document) -> dict[str, Any]:
        return acceptance_number(locked, meeting=meeting)

    return transition(document=document, action="accept", by=by, prepare=number, tell=tell)


def _publication_dates(locked: Document) -> dict[str, Any]:
    """Published now; dated today (in Geneva) unless the document carries its own date."""
    now = timezone.now()
    dates: dict[str, Any] = {"published_at": now}
    if locked.document_date is None:
        dates["document_date"] = timezone.localdate(now, ZoneInfo(settings.MEETING_TIME_ZONE))
    return dates


@records_changes
@transaction.atomic
def publish_documents(
    *, documents: Iterable[Document], by: User, tell: bool = True
) -> list[Document]:
    """Publish accepted documents, one or many; a revision supersedes what it revises.

    Mails each document's delegates after commit and refreshes the search index.
    """
    published = []
    for document in documents:
        published.append(
            transition(
                document=document,
                action="publish",
                by=by,
                prepare=_publication_dates,
                tell=tell,
            )
        )
        revised = revised_document(document)
        if revised is not None and revised.status in ACTIONS["supersede"].from_:
            supersede_document(
                document=revised,
                by=by,
                reason=str(_("Superseded by %(number)s.") % {"number": document.number}),
            )
    refresh_search_index(document_ids=[document.pk for document in published])
    refresh_after_commit(document_ids=[document.pk for document in published])
    return published


def publish_document(*, document: Document, by: User, tell: bool = True) -> Document:
    return publish_documents(documents=[document], by=by, tell=tell)[0]


def supersede_document(*, document: Document, by: User, reason: str = "") -> Document:
    """Mark a published document as replaced by its revision; it stays readable."""
    return transition(document=document, action="supersede", by=by, reason=reason)


ENTERED_REASON = _("Entered from the archive.")


def enter_from_archive(
    *,
    document: Document,
    by: User,
    reason: str,
    at: datetime.datetime | None = None,
) -> Document:
    """Record a document of an older meeting as published, as it was: its number as printed
    or none (never one of a series), no file needed, published on `at` (now by default),
    not news (no mail, no alert), with `reason` and who entered it in its history."""
    return transition(
        document=document,
        action="enter",
        by=by,
        reason=reason,
        prepare=lambda _locked: {"published_at": at or timezone.now(), "from_archive": True},
        tell=False,
    )


def enter_by_hand(*, document: Document, by: User, reason: str = "") -> Document:
    """The secretariat's "Enter as published" button: the history says "Entered from the
    archive.", then the note typed, if any."""
    return enter_from_archive(
        document=document, by=by, reason=f"{ENTERED_REASON} {reason.strip()}".strip()
    )


@predicate
def _is_from_archive(_user: User, document: Document | None) -> bool:
    """A document the secretariat marked as entered from the archive (or the import did)."""
    return document is not None and document.from_archive


def unpublish_document(*, document: Document, by: User, reason: str) -> Document:
    """Take a document off the public pages (back to accepted, number kept), with a reason."""
    return transition(
        document=document,
        action="unpublish",
        by=by,
        reason=reason,
        prepare=lambda _locked: {"published_at": None},
    )


# The workflow, keyed by the names people use. Adding an action: one entry here, the
# service it names, and its place among the buttons (BUTTON_ORDER, below).
ACTIONS: dict[str, Action] = {
    "submit": Action(
        from_=frozenset({Status.DRAFT, Status.RETURNED}),
        to=Status.SUBMITTED,
        allowed=rules.can_submit,
        service=submit_document,
        tell=Tell(SECRETARIAT, "submitted"),
        # A submission by one focal point is known to the others, and to the sender.
        receipt=Tell(DELEGATES, "receipt"),
        label=_("Submit"),
        confirm=_(
            "Submit this document to the secretariat? You cannot change it while it is reviewed."
        ),
        done=_("Submitted. The secretariat has been told and will review it."),
    ),
    "withdraw": Action(
        from_=Status.IN_WORKFLOW,
        to=Status.WITHDRAWN,
        allowed=rules.can_withdraw,
        service=withdraw_document,
        reason=Reason.OPTIONAL,
        label=_("Withdraw"),
        confirm=_("Withdraw this document? It will not be considered at the meeting."),
        done=_("Withdrawn."),
    ),
    "accept": Action(
        from_=frozenset({Status.SUBMITTED}),
        to=Status.ACCEPTED,
        allowed=rules.can_accept,
        service=accept_document,
        tell=Tell(DELEGATES, "accepted"),
        label=_("Accept"),
        confirm=_("Accept this document? It gets the next number of its series."),
        done=_("Accepted as %(number)s. The delegates have been told."),
    ),
    "return": Action(
        from_=frozenset({Status.SUBMITTED}),
        to=Status.RETURNED,
        allowed=rules.can_return,
        service=return_document,
        reason=Reason.REQUIRED,
        tell=Tell(DELEGATES, "returned"),
        label=_("Return to the delegates"),
        confirm=_("Return this document to its delegates? Tell them what to correct."),
        done=_("Returned to the delegates with your reason."),
    ),
    "reject": Action(
        from_=frozenset({Status.SUBMITTED}),
        to=Status.REJECTED,
        allowed=rules.can_reject,
        service=reject_document,
        reason=Reason.REQUIRED,
        tell=Tell(DELEGATES, "rejected"),
        label=_("Reject"),
        confirm=_("Reject this document for good? Tell the delegates why."),
        done=_("Rejected. The delegates have been told why."),
    ),
    "publish": Action(
        from_=frozenset({Status.ACCEPTED}),
        to=Status.PUBLISHED,
        allowed=rules.can_publish,
        service=publish_document,
        tell=Tell(DELEGATES, "published"),
        announce=True,
        label=_("Publish"),
        confirm=_("Publish this document? Anyone can then read it."),
        done=_("Published as %(number)s."),
    ),
    "unpublish": Action(
        from_=frozenset({Status.PUBLISHED}),
        to=Status.ACCEPTED,  # it keeps its number
        allowed=rules.can_unpublish,
        service=unpublish_document,
        reason=Reason.REQUIRED,
        tell=Tell(DELEGATES, "unpublished"),
        label=_("Unpublish"),
        confirm=_("Take this document off the public pages? It keeps its number."),
        done=_("Taken off the public pages. The delegates have been told why."),
    ),
    "supersede": Action(
        from_=frozenset({Status.PUBLISHED}),
        to=Status.SUPERSEDED,
        allowed=rules.can_publish,
        service=supersede_document,
        reason=Reason.OPTIONAL,
        label=_("Supersede"),
        confirm=_("Mark this document as superseded by its revision?"),
        done=_("Superseded."),
        offered=False,  # only as a consequence of publishing a revision of it
    ),
    "enter": Action(
        from_=frozenset({Status.DRAFT}),
        to=Status.PUBLISHED,
        # A draft marked "entered from the archive": by the import, or by the secretariat.
        allowed=rules.can_publish & _is_from_archive,
        service=enter_by_hand,
        reason=Reason.OPTIONAL,
        label=_("Enter as published, as it was"),
        confirm=_(
            "Record this document of an older meeting as published, as it was? It keeps its "
            "number as printed, or none; nobody is mailed and it is not news."
        ),
        done=_("Entered from the archive as published."),
    ),
    "revise": Action(
        from_=frozenset({Status.PUBLISHED}),
        to=None,  # a new draft revises the document, which stays as it is
        allowed=rules.can_revise,
        service=create_revision,
        label=_("Upload a revision"),
        confirm=_(
            "Start a revision of this document? It gets the same number with (Rev.n) once "
            "accepted; this version stays readable."
        ),
        done=_("A revision has been started. Upload its files, then submit it."),
    ),
}

# The order of the buttons of every action offered (`offered`): what the person most
# likely does next comes first, the step forward; then sending the document back; then
# what takes it off its way (reject, withdraw, unpublish), which is rarer and harder to
# undo. The secretariat reviewing a submission sees Accept, Return, Reject, Withdraw.
BUTTON_ORDER = (
    "enter",
    "submit",
    "accept",
    "publish",
    "revise",
    "return",
    "reject",
    "withdraw",
    "unpublish",
)


def _enqueue_mail(event_id: int, tell: Tell) -> None:
    from ..tasks import send_workflow_mail

    send_workflow_mail.enqueue(event_id, tell.audience, tell.template)


def _enqueue_alerts(document_id: int) -> None:
    from alerts.tasks import send_publication_alerts

    send_publication_alerts.enqueue(document_id)
