"""Reads of meetings and their programme that pages share."""

from django.db.models import Count, Q, QuerySet

from contributions.models import Document
from contributions.selectors import published_documents

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


def meeting_programme(meeting: Meeting) -> dict:
    """Everything a meeting page shows: agenda, published documents, presentations, outcomes."""
    presentations = (
        Presentation.objects.filter(meeting=meeting)
        .select_related("document", "agenda_item")
        .prefetch_related("presenters")
        .order_by("order")
    )
    # A presentation of a document that is not published still shows, without its link.
    return {
        "agenda_items": AgendaItem.objects.filter(meeting=meeting).order_by("order"),
        "documents": published_documents()
        .filter(meeting=meeting)
        .order_by("kind", "sequence", "number"),
        "presentations": presentations,
        "outcomes": Outcome.objects.filter(meeting=meeting)
        .select_related("due_meeting")
        .prefetch_related("responsible")
        .order_by("order"),
        "officers": meeting.officers.all(),
    }
