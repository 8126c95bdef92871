"""The demo's 21st meeting as it was before the secretariat published its report.

The demo publishes the report as it was issued; a test of a first publication starts from
the meeting without it.
"""

from contributions.models import Document
from meetings.models import Meeting, PublishedReport


def without_its_report() -> Meeting:
    """Remove the demo's published report of the 21st meeting; the meeting."""
    PublishedReport.objects.filter(meeting__number=21).delete()
    Document.objects.filter(meeting__number=21, kind=Document.Kind.REPORT).delete()
    return Meeting.objects.get(number=21)
