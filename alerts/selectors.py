"""Reads of alerts: who follows a document, an address's alerts."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from contributions.models import COUNTRY_KINDS, Document
from meetings.models import Meeting

from .models import Alert, AlertKind, Subscriber

WITH_TARGETS = ("subscriber", "source", "topic", "meeting", "group")


def alerts_for_document(document: Document, *, frequency: str) -> QuerySet[Alert]:
    """The alerts sent at this frequency that a document concerns: every publication, the
    country of one of its sources (a Member State or a ministry inside it), one of its
    sources, one of its topics, in its group or in every group (an alert with no group);
    one of its meetings."""
    sources = [link.source for link in document.document_sources.select_related("source")]
    countries = {source.country.code for source in sources if source.kind in COUNTRY_KINDS}
    meetings = [document.meeting_id, *document.other_meetings.values_list("pk", flat=True)]
    group_id = Meeting.objects.filter(pk=document.meeting_id).values("group_id")
    in_group = Q(group__isnull=True) | Q(group_id__in=group_id)
    # A meeting is its own group's: an alert of it needs no other condition.
    concerned = (
        in_group
        & (
            Q(kind=AlertKind.EVERYTHING)
            | Q(kind=AlertKind.COUNTRY, country__in=countries)
            | Q(kind=AlertKind.SOURCE, source__in=sources)
            | Q(kind=AlertKind.TOPIC, topic__in=document.topics.values("pk"))
        )
    ) | Q(kind=AlertKind.MEETING, meeting__in=meetings)
    return (
        Alert.objects.filter(concerned, frequency=frequency)
        .select_related(*WITH_TARGETS)
        .order_by("subscriber_id", "pk")
    )


def alerts_of(subscriber: Subscriber) -> QuerySet[Alert]:
    return subscriber.alerts.select_related(*WITH_TARGETS).order_by("created_at", "pk")
