"""The history of every change of a meeting's record, with old and new values
(django-auditlog): the meeting's facts, officers, agenda, presentations, outcomes, the
report's paragraphs and its list of documents presented. New fields are tracked without
a change here: only what is excluded is named.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contributions.models import Document
from contributions.visibility import documents_readable_by
from cwgcop.change_log import ChangeRow, change_rows, child_lines, not_tracked, record_lines

from .models import (
    AgendaItem,
    Meeting,
    Officer,
    Outcome,
    Presentation,
    ReportListItem,
    ReportParagraph,
)

# A presentation named by a document the reader may not read (Presentation.display_title).
WITHHELD_PRESENTATION = _("Presentation of a document not yet published")

# The parts of a meeting's record: their log entries carry the meeting's id in their
# serialized data, so that the meeting's history finds them, deleted ones included.
PARTS = (Officer, AgendaItem, Presentation, Outcome, ReportParagraph, ReportListItem)
M2M_FIELDS = {Presentation: {"presenters"}, Outcome: {"responsible"}}


def track_meeting_changes() -> None:
    """Register the meeting and the parts of its record with django-auditlog."""
    # The calendar's sequence and time of change follow the facts they are derived from.
    auditlog.register(
        Meeting, exclude_fields=not_tracked(Meeting, "calendar_sequence", "calendar_modified_at")
    )
    for model in PARTS:
        auditlog.register(
            model,
            exclude_fields=not_tracked(model, "meeting"),
            m2m_fields=M2M_FIELDS.get(model, set()),
            serialize_data=True,
            serialize_kwargs={"fields": ["meeting"]},
        )


def meeting_change_entries(meeting: Meeting):
    """The log entries of a meeting and of the parts of its record, oldest first."""
    types = ContentType.objects.get_for_models(Meeting, *PARTS)
    filed = Q(content_type=types[Meeting], object_id=meeting.pk) | Q(
        content_type__in=[types[model] for model in PARTS],
        serialized_data__fields__meeting=meeting.pk,
    )
    # django-auditlog serializes no data with a change of a many-to-many field (the
    # presenters): those are found by the part's id.
    for model in M2M_FIELDS:
        filed |= Q(
            content_type=types[model],
            object_id__in=model.objects.filter(meeting=meeting).values("pk"),
        )
    return (
        LogEntry.objects.filter(filed)
        .select_related("actor", "content_type")
        .order_by("timestamp", "pk")
    )


def meeting_changes(meeting: Meeting, user: Any) -> list[ChangeRow]:
    """The meeting's changes as the admin lists them to this person, newest first. A
    presentation without a title of its own was recorded under its document's title: one
    named by a document the person may not read is named as the presentation's page names
    it (Presentation.display_title)."""
    entries = list(meeting_change_entries(meeting))
    withheld = _withheld_titles(meeting, entries, user)
    return change_rows(entries, partial(_meeting_lines, withheld=withheld))


def _withheld_titles(meeting: Meeting, entries: list[LogEntry], user: Any) -> frozenset[str]:
    """The titles of the documents the meeting's presentations name, or named, that this
    person may not read."""
    named = set(meeting.presentations.exclude(document=None).values_list("document", flat=True))
    for entry in entries:
        if entry.content_type.model_class() is Presentation:
            named.update(
                int(value)
                for value in entry.changes_dict.get("document", [])
                if str(value).isdigit()
            )
    documents = Document.objects.filter(pk__in=named)
    readable = documents_readable_by(user, documents).values("pk")
    return frozenset(documents.exclude(pk__in=readable).values_list("title", flat=True))


def _meeting_lines(group: list[LogEntry], *, withheld: frozenset[str]) -> list[str]:
    lines: list[str] = []
    for entry in group:
        model = entry.content_type.model_class()
        if model is Meeting:
            lines += record_lines(Meeting, entry)
        elif model is Presentation and entry.object_repr in withheld:
            entry.object_repr = str(WITHHELD_PRESENTATION)
            lines += child_lines(entry, model)
        elif model is not None:
            lines += child_lines(entry, model)
    return lines
