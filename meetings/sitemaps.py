"""Meeting pages and the reports of held meetings, for sitemap.xml."""

from django.urls import reverse

from contributions.sitemaps import LocalizedSitemap

from .models import Meeting


class MeetingSitemap(LocalizedSitemap):
    def items(self):
        return Meeting.objects.only("pk", "number").order_by("number")


class MeetingReportSitemap(LocalizedSitemap):
    def items(self):
        return (
            Meeting.objects.filter(status=Meeting.Status.HELD)
            .only("pk", "number")
            .order_by("number")
        )

    def location(self, meeting: Meeting) -> str:
        return reverse("meetings:report", args=[meeting.number])
