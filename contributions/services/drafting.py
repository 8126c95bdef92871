"""Drafts and their description: creating, changing, revising."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting

from .. import rules
from ..models import Document, DocumentEvent, DocumentRelation, DocumentSource, Source, Topic
from ..records import RECORD_FIELDS
from ..search import refresh_search_index

Status = Document.Status
User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


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
