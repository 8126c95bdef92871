"""Every write to documents: drafting, files, the submission workflow, numbering, notes.

The workflow is the TRANSITIONS table: for each status, the statuses a document may move
to and the predicate (contributions/rules.py) that says who may move it. `transition`
is the one function that changes a status: it checks the table and the predicate, writes
the change and its history row in one transaction, and sends the mail after commit.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules import Predicate

from meetings.models import AgendaItem, Meeting

from . import rules
from .files import extract_text, inspect_upload, stored_file_name
from .models import (
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentRelation,
    DocumentSource,
    InternalNote,
    Source,
    Topic,
)
from .records import RECORD_FIELDS
from .search import refresh_search_index

logger = logging.getLogger(__name__)

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

# Who hears about a change, and the template under templates/contributions/email/.
SECRETARIAT = "secretariat"
DELEGATES = "delegates"
NOTIFICATIONS: dict[str, tuple[str, str]] = {
    Status.SUBMITTED: (SECRETARIAT, "submitted"),
    Status.RETURNED: (DELEGATES, "returned"),
    Status.REJECTED: (DELEGATES, "rejected"),
    Status.ACCEPTED: (DELEGATES, "accepted"),
    Status.PUBLISHED: (DELEGATES, "published"),
}
# Unpublishing also arrives at accepted, but is news of another kind.
UNPUBLISHED_NOTIFICATION = (DELEGATES, "unpublished")


def notification_for(from_status: str, to_status: str) -> tuple[str, str] | None:
    """Who is mailed about a change and with which template, or None."""
    if (from_status, to_status) == (Status.PUBLISHED, Status.ACCEPTED):
        return UNPUBLISHED_NOTIFICATION
    return NOTIFICATIONS.get(to_status)


# The series of each kind in document numbers: CWG-COP-22/1, CWG-COP-22/INF/1 ...
SERIES = {
    Document.Kind.CONTRIBUTION: "",
    Document.Kind.INFORMATION: "INF",
    Document.Kind.LIAISON: "LS",
    Document.Kind.PRESENTATION: "PRES",
    Document.Kind.REPORT: "REP",
    Document.Kind.AGENDA: "ADM",
}
REVISION_SUFFIX = re.compile(r"\(Rev\.\d+\)$")


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


# ---- Drafting


def _check_sources(sources: list[Source], *, by: User) -> None:
    if not sources:
        raise ValidationError(_("Choose at least one source."), code="sources")
    for source in sources:
        if not rules.can_create_draft_for.test(by, source):
            raise PermissionDenied


def _set_sources(document: Document, sources: list[Source]) -> None:
    document.document_sources.all().delete()
    DocumentSource.objects.bulk_create(
        DocumentSource(document=document, source=source, order=order)
        for order, source in enumerate(sources)
    )


@transaction.atomic
def create_draft(
    *,
    by: User,
    meeting: Meeting,
    kind: str,
    title: str,
    sources: Iterable[Source],
    original_language: str = "en",
    summary: str = "",
    agenda_item: AgendaItem | None = None,
    topics: Iterable[Topic] = (),
) -> Document:
    """A new draft for sources the author represents (any source for the secretariat)."""
    sources = list(sources)
    topics = list(topics)
    _check_sources(sources, by=by)
    if (topics or agenda_item) and not rules.is_secretariat.test(by):
        raise PermissionDenied
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("The agenda item belongs to another meeting."), code="agenda")
    document = Document.objects.create(
        meeting=meeting,
        kind=kind,
        title=title.strip(),
        original_language=original_language,
        summary=summary,
        agenda_item=agenda_item,
        status=Status.DRAFT,
        created_by=by,
    )
    _set_sources(document, sources)
    document.topics.set(topics)
    DocumentEvent.objects.create(
        document=document, actor=by, at=timezone.now(), from_status="", to_status=Status.DRAFT
    )
    return document


DELEGATE_FIELDS = frozenset({"meeting", "kind", "title", "original_language", "summary"})
SECRETARIAT_FIELDS = DELEGATE_FIELDS | {"agenda_item"} | RECORD_FIELDS
# Once numbered, the meeting and the kind are part of the number.
NUMBERED_FIXED = frozenset({"meeting", "kind"})


@transaction.atomic
def update_document(
    *,
    document: Document,
    by: User,
    changes: Mapping[str, Any],
    sources: Iterable[Source] | None = None,
    topics: Iterable[Topic] | None = None,
) -> Document:
    """Change a document's description, its sources and (secretariat) its classification.

    `changes` maps field names to new values; the fields allowed depend on who changes
    the document. Status, number and dates are never among them.
    """
    if not rules.can_edit_document.test(by, document):
        raise PermissionDenied
    allowed = SECRETARIAT_FIELDS if rules.is_secretariat.test(by) else DELEGATE_FIELDS
    if document.number:
        allowed = allowed - NUMBERED_FIXED
    changed = {name: value for name, value in changes.items() if getattr(document, name) != value}
    refused = set(changed) - allowed
    if refused:
        raise PermissionDenied
    if topics is not None and not rules.can_classify_document.test(by, document):
        if {topic.pk for topic in topics} != set(document.topics.values_list("pk", flat=True)):
            raise PermissionDenied
        topics = None
    for name, value in changed.items():
        setattr(document, name, value)
    # The same rules as the database's constraints, as messages (a number taken, an
    # addressee on a document that is not a liaison statement).
    document.validate_constraints()
    if document.agenda_item_id and document.agenda_item.meeting_id != document.meeting_id:
        raise ValidationError(_("The agenda item belongs to another meeting."), code="agenda")
    if changed:
        document.save(update_fields=[*changed, "updated_at"])
    if sources is not None:
        sources = list(sources)
        current = list(document.document_sources.values_list("source_id", flat=True))
        if [source.pk for source in sources] != current:
            if not sources:
                raise ValidationError(_("Choose at least one source."), code="sources")
            if not rules.is_secretariat.test(by):
                # A delegate adds or removes only sources they represent, and keeps one.
                changed = {source.pk for source in sources} ^ set(current)
                represented = set(by.represented_sources.values_list("pk", flat=True))
                if not changed <= represented or not represented & {s.pk for s in sources}:
                    raise PermissionDenied
            _set_sources(document, sources)
    if topics is not None:
        document.topics.set(list(topics))
    if document.is_public:
        refresh_search_index(document_ids=[document.pk])
    return document


# ---- Files


@transaction.atomic
def add_file(*, document: Document, language: str, upload: IO[bytes], by: User) -> DocumentFile:
    """Check an upload by its content and store it under a random name as the document's file.

    Refuses (FileRejected) a file that fails the checks and a second file in a language.
    Flags a file identical to one already stored. After commit, the text is extracted.
    If anything fails once the file is written, the written file is deleted again.
    """
    if not rules.can_edit_document.test(by, document):
        raise PermissionDenied
    if document.files.filter(language=language).exists():
        raise ValidationError(
            _("This document already has a file in this language. Delete it first."),
            code="language",
        )
    inspected = inspect_upload(upload)
    document_file = DocumentFile(
        document=document,
        language=language,
        original_name=inspected.original_name,
        size=inspected.size,
        sha256=inspected.sha256,
        content_type=inspected.content_type,
        uploaded_by=by,
        duplicate_of=DocumentFile.objects.filter(sha256=inspected.sha256).order_by("pk").first(),
    )
    upload.seek(0)
    stored_name = default_storage.save(
        stored_file_name(document_file, inspected.original_name), upload
    )
    try:
        with transaction.atomic():
            document_file.file.name = stored_name
            _save_file_row(document_file)
    except BaseException:
        default_storage.delete(stored_name)
        raise
    file_id = document_file.pk
    transaction.on_commit(lambda: _enqueue_text_extraction(file_id), robust=True)
    return document_file


# Stored files live under this folder of the storage, named by stored_file_name.
STORED_FILES_FOLDER = "documents"


def remove_orphan_files(*, older_than: datetime.timedelta) -> list[str]:
    """Delete stored files that no row refers to, written longer ago than `older_than`.

    add_file deletes what it wrote when its own transaction fails; a rollback of an outer
    transaction, or a process killed between the write and the commit, can still leave a
    file behind. The age limit keeps files of uploads still being committed.
    """
    cutoff = timezone.now() - older_than
    referenced = set(DocumentFile.objects.values_list("file", flat=True))
    removed = []
    if not default_storage.exists(STORED_FILES_FOLDER):
        return removed
    folders, _files = default_storage.listdir(STORED_FILES_FOLDER)
    for folder in folders:
        _subfolders, names = default_storage.listdir(f"{STORED_FILES_FOLDER}/{folder}")
        for name in names:
            path = f"{STORED_FILES_FOLDER}/{folder}/{name}"
            if path in referenced or default_storage.get_modified_time(path) > cutoff:
                continue
            default_storage.delete(path)
            removed.append(path)
    return removed


def _save_file_row(document_file: DocumentFile) -> None:
    # A step of its own so that tests can make it fail after the file is written.
    document_file.save()


def _enqueue_text_extraction(file_id: int) -> None:
    from .tasks import extract_text_of_file

    extract_text_of_file.enqueue(file_id)


@transaction.atomic
def remove_file(*, document_file: DocumentFile, by: User) -> None:
    """Delete a file of a document still being edited; the stored file goes after commit."""
    if not rules.can_edit_document.test(by, document_file.document):
        raise PermissionDenied
    stored_name = document_file.file.name
    document_file.delete()
    transaction.on_commit(lambda: default_storage.delete(stored_name))


def extract_file_text(*, document_file: DocumentFile) -> DocumentFile:
    """Store the text of a file for search, or record why it could not be read.

    A failure is recorded on the file (and shown to the secretariat); the file stays.
    """
    try:
        with document_file.file.open("rb") as stream:
            text = extract_text(stream, content_type=document_file.content_type)
    except Exception as error:
        logger.warning("Text extraction failed for file %s: %s", document_file.pk, error)
        document_file.text = ""
        document_file.extraction_status = DocumentFile.Extraction.FAILED
        document_file.extraction_error = f"{type(error).__name__}: {error}"[:2000]
    else:
        # PostgreSQL text cannot hold NUL characters, which some PDFs produce.
        document_file.text = text.replace("\x00", "")
        document_file.extraction_status = DocumentFile.Extraction.DONE
        document_file.extraction_error = ""
    with transaction.atomic():
        document_file.save(update_fields=["text", "extraction_status", "extraction_error"])
        refresh_search_index(document_ids=[document_file.document_id])
    return document_file


# ---- The workflow


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


def series_number(*, meeting: Meeting, kind: str, sequence: int, revision: int = 0) -> str:
    """The number of a document: CWG-COP-22/1, CWG-COP-22/INF/3, CWG-COP-22/INF/3(Rev.1)."""
    series = SERIES[kind]
    number = f"{meeting.code}/{series}/{sequence}" if series else f"{meeting.code}/{sequence}"
    return f"{number}(Rev.{revision})" if revision else number


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


def _revision_number(locked: Document, *, revised: Document, meeting: Meeting) -> dict[str, Any]:
    if revised.sequence is not None:
        siblings = Document.objects.filter(
            meeting=revised.meeting_id, kind=revised.kind, sequence=revised.sequence
        )
        revision = (siblings.aggregate(last=Max("revision"))["last"] or 0) + 1
        number = series_number(
            meeting=revised.meeting,
            kind=revised.kind,
            sequence=revised.sequence,
            revision=revision,
        )
    else:
        # A document numbered by hand in the past: its number is kept as it was written.
        revision = revised.revision + 1
        number = f"{REVISION_SUFFIX.sub('', revised.number)}(Rev.{revision})"
    return {
        "sequence": revised.sequence,
        "revision": revision,
        "number": number,
        "accepted_at": timezone.now(),
    }


def revised_document(document: Document) -> Document | None:
    """The document this one is a revision of, if any."""
    relation = (
        DocumentRelation.objects.filter(document=document, kind=DocumentRelation.Kind.REVISES)
        .select_related("target__meeting")
        .first()
    )
    return relation.target if relation else None


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


@transaction.atomic
def create_revision(*, document: Document, by: User) -> Document:
    """A new draft that revises a published document: same sources, meeting and kind.

    It gets its number, the original's with (Rev.n), when it is accepted; the original
    is superseded when the revision is published.
    """
    if not rules.can_revise.test(by, document):
        raise PermissionDenied
    pending = Document.objects.filter(
        relations__target=document,
        relations__kind=DocumentRelation.Kind.REVISES,
        status__in=[Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.ACCEPTED],
    )
    if pending.exists():
        raise ValidationError(
            _("A revision of this document is already in the workflow."), code="revision"
        )
    revision = Document.objects.create(
        meeting=document.meeting,
        kind=document.kind,
        title=document.title,
        agenda_item=document.agenda_item,
        summary=document.summary,
        original_language=document.original_language,
        status=Status.DRAFT,
        created_by=by,
    )
    _set_sources(revision, [link.source for link in document.document_sources.all()])
    revision.topics.set(document.topics.all())
    DocumentRelation.objects.create(
        document=revision, target=document, kind=DocumentRelation.Kind.REVISES
    )
    DocumentEvent.objects.create(
        document=revision,
        actor=by,
        at=timezone.now(),
        from_status="",
        to_status=Status.DRAFT,
        reason=str(_("Revision of %(number)s.") % {"number": document.number}),
    )
    return revision


@transaction.atomic
def set_source_delegates(*, source: Source, delegates: Iterable[User], by: User) -> Source:
    """Name the focal points of a source. Each joins the Delegate role and may sign in to
    the admin, where the rules show them their sources' documents and nothing else."""
    if not rules.is_secretariat.test(by):
        raise PermissionDenied
    delegates = list(delegates)
    source.delegates.set(delegates)
    group = Group.objects.get(name=rules.DELEGATE_GROUP)
    for user in delegates:
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return source


@transaction.atomic
def add_internal_note(*, document: Document, by: User, text: str) -> InternalNote:
    """A secretariat note on a document; delegates never see it."""
    if not rules.can_add_internal_note.test(by, document):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the note."), code="empty")
    return InternalNote.objects.create(document=document, author=by, at=timezone.now(), text=text)


# ---- Mail


def secretariat_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted(
        set(users.filter(groups__name=rules.SECRETARIAT_GROUP).values_list("email", flat=True))
    )


def delegate_addresses(document: Document) -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, represented_sources__document_sources__document=document
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def send_notification(*, event_id: int) -> int:
    """Mail the people a workflow change concerns; one message each. Returns how many."""
    event = DocumentEvent.objects.select_related("document__meeting", "actor").get(pk=event_id)
    notification = notification_for(event.from_status, event.to_status)
    if notification is None:
        return 0
    audience, template = notification
    document = event.document
    recipients = (
        secretariat_addresses() if audience == SECRETARIAT else delegate_addresses(document)
    )
    if not recipients:
        return 0
    context = {"document": document, "event": event, "site_url": settings.SITE_URL}
    subject = " ".join(
        render_to_string(f"contributions/email/{template}_subject.txt", context).split()
    )
    body = render_to_string(f"contributions/email/{template}.txt", context)
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    return get_connection().send_messages(messages)
