from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from contributions import sitemaps as document_sitemaps
from meetings import sitemaps as meeting_sitemaps

from . import site_files

SITEMAPS = {
    "pages": document_sitemaps.FixedPagesSitemap,
    "documents": document_sitemaps.DocumentSitemap,
    "meetings": meeting_sitemaps.MeetingSitemap,
    "reports": meeting_sitemaps.MeetingReportSitemap,
    "sources": document_sitemaps.SourceSitemap,
    "topics": document_sitemaps.TopicSitemap,
}

admin.site.site_header = _("CWG-COP Documents")
admin.site.site_title = _("CWG-COP Documents")
admin.site.index_title = _("Secretariat and delegates")

# The admin stays at /admin/ in every language: its links go out in mail and sit in
# bookmarks, and it follows the signed-in person's language (cookie, then browser).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", site_files.robots_txt, name="robots"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

# Every public page has one address per language (/fr/documents/); an address without a
# language redirects to the visitor's language (cookie, then the browser's preference).
urlpatterns += i18n_patterns(
    path("", include("contributions.urls")),
    path("", include("meetings.urls")),
    prefix_default_language=True,
)
