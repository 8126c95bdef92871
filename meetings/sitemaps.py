"""Meeting pages and the published reports of held meetings, for sitemap.xml."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef

from contributions.models import Document
from contributions.sitemaps import LocalizedSitemap
from contributions.visibility import document_text_readable_by
from workinggroups.addresses import group_reverse, slug_of_group

from .models import Meeting


class MeetingSitemap(LocalizedSitemap):
    def items(self):
        return Meeting.objects.only("pk", "group_id", "number").order_by("number")


class MeetingReportSitemap(LocalizedSitemap):
    """The report pages anyone may read (meetings.rules.can_view_meeting_report for a
    visitor): a held meeting's, once its report is published and not for members only. A
    draft's page answers 404 to the public, and listing it would give its address away."""

    def items(self):
        reports = document_text_readable_by(
            AnonymousUser(),
            Document.objects.listed().filter(meeting=OuterRef("pk"), kind=Document.Kind.REPORT),
        )
        return (
            Meeting.objects.filter(status=Meeting.Status.HELD)
            .filter(Exists(reports))
            .only("pk", "group_id", "number")
            .order_by("number")
        )

    def location(self, meeting: Meeting) -> str:
        slug = slug_of_group(meeting.group_id)
        return group_reverse(slug, "meetings:report", args=[meeting.number])
