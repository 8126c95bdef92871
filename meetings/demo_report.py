"""The demo's held meeting's report, published as it was issued.

It is published through the service the secretariat uses (publish_meeting_report), then
dated as the meeting's TOML records it, so that every load writes the same report and a
second load, finding it published, changes nothing.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from contributions.models import Document, DocumentEvent, DocumentFile

from .models import Meeting, PublishedReport
from .services import publish_meeting_report


def publish_demo_report(data: dict[str, Any], *, secretariat: Any, report: Any) -> None:
    """Publish the report of the meeting `data` describes, if its [published_report]
    says it was issued and it is not published yet."""
    issued = data.get("published_report")
    if issued is None:
        return
    meeting = Meeting.objects.get(number=data["meeting"]["number"])
    if meeting.published_reports.exists():
        return
    at: datetime.datetime = issued["published_at"]
    issued_on = timezone.localdate(at, ZoneInfo(settings.MEETING_TIME_ZONE))
    document = publish_meeting_report(
        meeting=meeting, by=secretariat, issued_on=issued_on, tell=False
    )
    if document.number != issued["number"]:
        raise ValueError(
            f"The report of meeting {meeting.number} was numbered {document.number}, "
            f"not {issued['number']} as the demo data records it."
        )
    # Every step of its history and its file are of the day it was issued: updates, which
    # tell the counts of its year and the pages that show it as saves would.
    steps = dict.fromkeys(("created_at", "submitted_at", "accepted_at", "published_at"), at)
    dated = [
        (Document.objects.filter(pk=document.pk), {**steps, "document_date": issued_on}),
        (DocumentFile.objects.filter(document=document), {"uploaded_at": at}),
        (PublishedReport.objects.filter(document=document), {"stored_at": at}),
    ]
    for rows, fields in dated:
        rows.update(**fields)
    DocumentEvent.objects.filter(document=document).update(at=at)
    report.count(Document, created=True, changed=True)
    report.count(PublishedReport, created=True, changed=True)
