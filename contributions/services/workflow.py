"""The submission workflow.

The workflow is the TRANSITIONS table: for each status, the statuses a document may move
to and the predicate (contributions/rules.py) that says who may move it. `transition`
is the one function that changes a status: it checks the table and the predicate, writes
the change and its history row in one transaction, and sends the mail after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules import Predicate

from meetings.models import Meeting

from .. import rules
from ..models import Document, DocumentEvent
from ..search import refresh_search_index
from .mail import notification_for, send_notification
from .numbering import _revision_number, revised_document, series_number

Status = Document.Status
User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


TRANSITIONS: dict[str, dict[str, Predicate]] = {
    Status.DRAFT: {
        Status.SUBMITTED: rules.can_submit,
        Status.WITHDRAWN: rules.can_withdraw,
    },
    Status.RETURNED: {
        Status.SUBMITTED: rules.can_submit,
        Status.WITHDRAWN: rules.can_withdraw,
    },
    Status.SUBMITTED: {
        Status.ACCEPTED: rules.can_accept,
        Status.RETURNED: rules.can_return,
        Status.REJECTED: rules.can_reject,
        Status.WITHDRAWN: rules.can_withdraw,
    },
    Status.ACCEPTED: {
        Status.PUBLISHED: rules.can_publish,
        Status.WITHDRAWN: rules.can_withdraw,
    },
    Status.PUBLISHED: {
        # Unpublishing takes a document back to accepted: it keeps its number.
        Status.ACCEPTED: rules.can_unpublish,
        # Only as a consequence of publishing a revision of it.
        Status.SUPERSEDED: rules.can_publish,
    },
    Status.REJECTED: {},
    Status.WITHDRAWN: {},
    Status.SUPERSEDED: {},
}

# Changes that must say why: the delegate reads the reason, the public page disappears.
REASON_REQUIRED = frozenset(
    {
        (Status.SUBMITTED, Status.RETURNED),
        (Status.SUBMITTED, Status.REJECTED),
        (Status.PUBLISHED, Status.ACCEPTED),
    }
)


class TransitionNotAllowed(ValidationError):
    """The document's status does not allow this change."""


# Actions are the names people know the changes by. Accepting and unpublishing both lead
# to accepted; which one a change is depends on where the document comes from.
ACTION_TARGETS = {
    "submit": Status.SUBMITTED,
    "withdraw": Status.WITHDRAWN,
    "accept": Status.ACCEPTED,
    "return": Status.RETURNED,
    "reject": Status.REJECTED,
    "publish": Status.PUBLISHED,
    "unpublish": Status.ACCEPTED,
    "supersede": Status.SUPERSEDED,
}


def action_name(from_status: str, to_status: str) -> str:
    """The name of the action that makes this change: "accept", "unpublish" ..."""
    if (from_status, to_status) == (Status.PUBLISHED, Status.ACCEPTED):
        return "unpublish"
    return next(
        action
        for action, target in ACTION_TARGETS.items()
        if target == to_status and action != "unpublish"
    )


def allowed_transitions(*, document: Document, by: User) -> list[str]:
    """The statuses this person may move the document to now (superseding excluded)."""
    return [
        to_status
        for to_status, predicate in TRANSITIONS.get(document.status, {}).items()
        if to_status != Status.SUPERSEDED and predicate.test(by, document)
    ]


def available_actions(*, document: Document, by: User) -> list[str]:
    """What this person may do with the document now, as action names; "revise" included."""
    actions = [
        action_name(document.status, to_status)
        for to_status in allowed_transitions(document=document, by=by)
    ]
    if rules.can_revise.test(by, document):
        actions.append("revise")
    return actions


def _transition_predicate(from_status: str, action: str) -> Predicate | None:
    to_status = ACTION_TARGETS[action]
    predicate = TRANSITIONS.get(from_status, {}).get(to_status)
    if predicate is None or action_name(from_status, to_status) != action:
        return None
    return predicate


def may_take_action(*, document: Document, action: str, by: User) -> bool:
    predicate = _transition_predicate(document.status, action)
    return predicate is not None and predicate.test(by, document)


@transaction.atomic
def transition(
    *,
    document: Document,
    action: str,
    by: User,
    reason: str = "",
    prepare: Callable[[Document], Mapping[str, Any]] | None = None,
) -> Document:
    """Take a workflow action: guard, change the status, history row, mail after commit.

    The document row is locked for the change, so that two people acting at once are
    served one after the other and the second sees the first one's status. `prepare`
    returns further fields to write (dates, the number); it runs after the guard.
    """
    locked = Document.objects.select_for_update().get(pk=document.pk)
    from_status = locked.status
    to_status = ACTION_TARGETS[action]
    predicate = _transition_predicate(from_status, action)
    if predicate is None:
        raise TransitionNotAllowed(
            _("A document that is %(from)s cannot become %(to)s."),
            code="transition",
            params={"from": Status(from_status).label, "to": Status(to_status).label},
        )
    if not predicate.test(by, locked):
        raise PermissionDenied
    reason = reason.strip()
    if (from_status, to_status) in REASON_REQUIRED and not reason:
        raise ValidationError(_("Give a reason: the delegates will read it."), code="reason")
    changes = dict(prepare(locked)) if prepare else {}
    changes["status"] = to_status
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*changes, "updated_at"])
    event = DocumentEvent.objects.create(
        document=locked,
        actor=by if getattr(by, "is_authenticated", False) else None,
        at=timezone.now(),
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )
    if notification_for(from_status, to_status):
        # Robust: the change is committed by then; a mail server that fails is logged and
        # must not turn the delegate's successful submission into an error page.
        transaction.on_commit(lambda: send_notification(event_id=event.pk), robust=True)
    for name in changes:
        setattr(document, name, getattr(locked, name))
    document.updated_at = locked.updated_at
    return locked


def submit_document(*, document: Document, by: User) -> Document:
    """Move a draft or returned document to submitted; stamp the date, flag it late.

    Mails the secretariat after commit.
    """
    if not document.document_sources.exists():
        raise ValidationError(_("Name at least one source before submitting."), code="sources")
    if not document.files.exists():
        raise ValidationError(_("Upload at least one file before submitting."), code="files")

    def stamp(locked: Document) -> dict[str, Any]:
        now = timezone.now()
        deadline = locked.meeting.contribution_deadline
        return {
            "submitted_at": now,
            "submitted_by": by,
            "is_late": bool(deadline and now > deadline),
        }

    return transition(document=document, action="submit", by=by, prepare=stamp)


def return_document(*, document: Document, by: User, reason: str) -> Document:
    """Send a submitted document back to its delegates with a reason; mails them."""
    return transition(document=document, action="return", by=by, reason=reason)


def reject_document(*, document: Document, by: User, reason: str) -> Document:
    """Refuse a submitted document for good, with a reason; mails its delegates."""
    return transition(document=document, action="reject", by=by, reason=reason)


def withdraw_document(*, document: Document, by: User, reason: str = "") -> Document:
    """Withdraw a document that is not published yet."""
    return transition(document=document, action="withdraw", by=by, reason=reason)


@transaction.atomic
def accept_document(*, document: Document, by: User) -> Document:
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
        if locked.number:
            # Given by the secretariat as printed on the document (an addendum, an older
            # document): kept as written.
            return {"accepted_at": timezone.now()}
        revised = revised_document(locked)
        if revised is not None:
            return _revision_number(locked, revised=revised, meeting=meeting)
        series = Document.objects.filter(meeting=meeting, kind=locked.kind)
        sequence = (series.aggregate(last=Max("sequence"))["last"] or 0) + 1
        return {
            "sequence": sequence,
            "revision": 0,
            "number": series_number(meeting=meeting, kind=locked.kind, sequence=sequence),
            "accepted_at": timezone.now(),
        }

    return transition(document=document, action="accept", by=by, prepare=number)


def _publication_dates(locked: Document) -> dict[str, Any]:
    """Published now; dated today (in Geneva) unless the document carries its own date."""
    now = timezone.now()
    dates: dict[str, Any] = {"published_at": now}
    if locked.document_date is None:
        dates["document_date"] = timezone.localdate(now, ZoneInfo(settings.MEETING_TIME_ZONE))
    return dates


@transaction.atomic
def publish_documents(*, documents: Iterable[Document], by: User) -> list[Document]:
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
            )
        )
        revised = revised_document(document)
        if revised is not None and revised.status == Status.PUBLISHED:
            transition(
                document=revised,
                action="supersede",
                by=by,
                reason=str(_("Superseded by %(number)s.") % {"number": document.number}),
            )
    refresh_search_index(document_ids=[document.pk for document in published])
    return published


def publish_document(*, document: Document, by: User) -> Document:
    return publish_documents(documents=[document], by=by)[0]


def unpublish_document(*, document: Document, by: User, reason: str) -> Document:
    """Take a document off the public pages (back to accepted, number kept), with a reason."""
    return transition(
        document=document,
        action="unpublish",
        by=by,
        reason=reason,
        prepare=lambda _locked: {"published_at": None},
    )
