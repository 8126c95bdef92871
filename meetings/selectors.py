"""Reads of meetings and their programme that pages share."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from contributions.models import Document, DocumentFile
from contributions.selectors import NUMBER_ORDER, published_documents

from .models import AgendaItem, Meeting, Outcome, Presentation


def latest_meeting() -> Meeting | None:
    """The meeting with the highest number that is not cancelled."""
    return (
        Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("officers")
        .order_by("-number")
        .first()
    )


def meetings_with_counts() -> QuerySet[Meeting]:
    return Meeting.objects.annotate(
        published_count=Count("documents", filter=Q(documents__status=Document.Status.PUBLISHED))
    ).order_by("-number")


def meeting_by_number(number: int) -> Meeting | None:
    return Meeting.objects.filter(number=number).prefetch_related("officers").first()


@dataclass
class AgendaEntry:
    """One agenda item with the published documents and the presentations filed under it."""

    item: AgendaItem | None
    documents: list[Document] = field(default_factory=list)
    presentations: list[Presentation] = field(default_factory=list)


def meeting_programme(meeting: Meeting) -> dict:
    """Everything a meeting page shows: agenda with its documents and presentations, outcomes.

    Documents and presentations without an agenda item are gathered under a last entry
    whose item is None. A presentation of a document that is not published still shows,
    without its link.
    """
    documents = list(published_documents().filter(meeting=meeting).order_by(*NUMBER_ORDER))
    presentations = list(
        Presentation.objects.filter(meeting=meeting)
        .select_related("document", "agenda_item")
        .prefetch_related("presenters")
        .order_by("order")
    )
    entries = {
        item.pk: AgendaEntry(item)
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("order")
    }
    unfiled = AgendaEntry(None)
    for document in documents:
        entries.get(document.agenda_item_id, unfiled).documents.append(document)
    for presentation in presentations:
        entries.get(presentation.agenda_item_id, unfiled).presentations.append(presentation)
    agenda = list(entries.values())
    if unfiled.documents or unfiled.presentations:
        agenda.append(unfiled)
    return {
        "agenda": agenda,
        "documents": documents,
        "presentations": presentations,
        "outcomes": Outcome.objects.filter(meeting=meeting)
        .select_related("meeting", "due_meeting")
        .prefetch_related("responsible")
        .order_by("order"),
    }


def published_files_of_meeting(meeting: Meeting) -> QuerySet[DocumentFile]:
    """Every file of the meeting's published documents, in document-number order."""
    return (
        DocumentFile.objects.filter(
            document__meeting=meeting, document__status=Document.Status.PUBLISHED
        )
        .select_related("document")
        .defer("text", "document__search_vector", "document__summary")
        .order_by(*[f"document__{key}" for key in NUMBER_ORDER], "language")
    )
