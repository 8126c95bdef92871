"""Drafts and their description: creating, changing, revising."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwgcop.change_log import record_created, records_changes
from meetings.models import AgendaItem, Meeting
from related.services import public_text_changed

from .. import rules
from ..models import AccessLevel, Document, DocumentRelation, DocumentSource, Source, Topic
from ..search import refresh_search_index
from . import rights
from .history import record_change
from .numbering import other_series_of

Status = Document.Status
User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


def access_of_new_document(*, meeting: Meeting, kind: str) -> str:
    """The access a new document starts with: the meeting's default, and members only for a
    list of participants whatever the meeting's default (people's names and e-mails)."""
    if kind == Document.Kind.PARTICIPANTS:
        return AccessLevel.MEMBERS
    return meeting.default_access


def _set_sources(document: Document, sources: list[Source]) -> None:
    document.document_sources.all().delete()
    # bulk_create sends no signal: its rows are recorded in the history explicitly (the
    # public pages are told by the queryset, cwgcop.public_rows).
    links = DocumentSource.objects.bulk_create(
        DocumentSource(document=document, source=source, order=order)
        for order, source in enumerate(sources)
    )
    record_created(links)


@records_changes
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
    """A new draft for sources the author represents (any source for the secretariat), for
    a meeting open for contributions (any meeting for the secretariat)."""
    sources = list(sources)
    topics = list(topics)
    rights.check_sources(chosen=sources, by=by, meeting=meeting)
    rights.check_kind(kind=kind, by=by, meeting=meeting)
    if (topics or agenda_item) and not rules.is_secretariat.test(by, meeting):
        raise PermissionDenied
    rights.check_meeting(meeting=meeting, by=by)
    rights.check_taking_part(meeting=meeting, sources=sources, by=by)
    rights.check_agenda_item(agenda_item=agenda_item, meeting=meeting)
    document = Document.objects.create(
        meeting=meeting,
        kind=kind,
        title=title.strip(),
        original_language=original_language,
        summary=summary,
        agenda_item=agenda_item,
        access=access_of_new_document(meeting=meeting, kind=kind),
        status=Status.DRAFT,
        created_by=by,
    )
    _set_sources(document, sources)
    document.topics.set(topics)
    record_change(
        document=document, by=by, at=timezone.now(), from_status="", to_status=Status.DRAFT
    )
    return document


@records_changes
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
    the document and its status (rights.editable_fields). Status, number and dates are
    never among them.
    """
    if not rules.can_edit_document.test(by, document):
        raise PermissionDenied
    changed = {name: value for name, value in changes.items() if getattr(document, name) != value}
    if set(changed) - rights.editable_fields(document=document, by=by):
        raise PermissionDenied
    if "meeting" in changed:
        rights.check_meeting(meeting=changed["meeting"], by=by)
    current, new_sources = [], False
    if sources is not None:
        sources = list(sources)
        current = list(document.document_sources.values_list("source_id", flat=True))
        new_sources = [source.pk for source in sources] != current
    if "meeting" in changed or new_sources:
        rights.check_taking_part(
            meeting=changed.get("meeting", document.meeting),
            sources=document.sources.all() if sources is None else sources,
            by=by,
        )
    if "kind" in changed:
        rights.check_kind(
            kind=changed["kind"], by=by, meeting=changed.get("meeting", document.meeting)
        )
    if topics is not None and not rules.can_classify_document.test(by, document):
        if {topic.pk for topic in topics} != set(document.topics.values_list("pk", flat=True)):
            raise PermissionDenied
        topics = None
    for name, value in changed.items():
        setattr(document, name, value)
    series = other_series_of(document)
    if series:
        # "CL-24/67" typed on an invitation letter is a number of the Circular Letter series.
        document.numbered_by = changed["numbered_by"] = series
    # The same rules as the database's constraints, as messages (a number taken, an
    # addressee on a document that is not a liaison statement).
    document.validate_constraints()
    rights.check_agenda_item(agenda_item=document.agenda_item, meeting=document.meeting)
    if changed:
        document.save(update_fields=[*changed, "updated_at"])
    if new_sources:
        rights.check_sources(chosen=sources, by=by, current=current, meeting=document.meeting)
        _set_sources(document, sources)
    if topics is not None:
        document.topics.set(list(topics))
    if document.is_public or "access" in changed:
        # Members-only text moves out of the search vector anyone matches, or back in.
        refresh_search_index(document_ids=[document.pk])
    if "access" in changed:
        # And out of the words in common that the lists of similar documents show, or back.
        public_text_changed(document=document, removal=document.access != AccessLevel.PUBLIC)
    return document


@records_changes
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
        status__in=Status.IN_WORKFLOW,
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
        # As its original: a revised list of participants stays for members.
        access=document.access,
        status=Status.DRAFT,
        created_by=by,
    )
    _set_sources(revision, [link.source for link in document.document_sources.all()])
    revision.topics.set(document.topics.all())
    DocumentRelation.objects.create(
        document=revision, target=document, kind=DocumentRelation.Kind.REVISES
    )
    record_change(
        document=revision,
        by=by,
        at=timezone.now(),
        from_status="",
        to_status=Status.DRAFT,
        reason=str(_("Revision of %(number)s.") % {"number": document.number}),
    )
    return revision


@records_changes
@transaction.atomic
def delete_draft(*, document: Document, by: User) -> None:
    """Delete a draft that was never submitted, with its files (from storage after commit)."""
    if not rules.can_delete_draft.test(by, document):
        raise PermissionDenied
    stored_names = list(document.files.values_list("file", flat=True))
    document.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored_names])
