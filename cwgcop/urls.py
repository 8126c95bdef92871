from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from alerts import urls as alerts_urls
from api.main import urls as api_urls
from contributions import sitemaps as document_sitemaps
from contributions import urls as contributions_urls
from contributions.forms import DelegatePasswordResetForm
from meetings import sitemaps as meeting_sitemaps
from meetings import urls as meetings_urls
from workinggroups import views as group_views

from . import site_files, two_factor_views
from .head_requests import answer_head_as_get

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
# Password reset for everyone, and the page where an invited delegate chooses a password:
# Django's views, with the site's templates. The reset page says the same whether or not
# an account has the address given, so it tells no one who has an account.
password_urls = [
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=DelegatePasswordResetForm,
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_email_context={"site_url": settings.SITE_URL},
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "admin/password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "admin/password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]


def site_patterns(group: str) -> list:
    """The site's addresses, with the pages of the group `group` under /<language>/<group>/
    (workinggroups.addresses: one configuration per group)."""
    patterns = [
        path("account/two-factor/", two_factor_views.verify, name="two-factor"),
        path("account/two-factor/setup/", two_factor_views.setup, name="two-factor-setup"),
        path("account/", include("accounts.urls")),
        *password_urls,
        path("admin/", admin.site.urls),
        # The API has one address in every language: its data are codes, its messages English.
        path("api/v1/", api_urls()),
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
    # Every public page has one address per language (/fr/cwg-cop/documents/); an address
    # without a language redirects to the visitor's language (cookie, then the browser's).
    # A group's pages are under its slug; countries, sources and files are every group's.
    patterns += i18n_patterns(
        path(
            "",
            include(
                (
                    [
                        path(f"{group}/", include(contributions_urls.urlpatterns)),
                        *contributions_urls.shared_urlpatterns,
                    ],
                    "contributions",
                )
            ),
        ),
        path(
            "",
            include(
                (
                    [
                        path(f"{group}/", include(meetings_urls.urlpatterns)),
                        *meetings_urls.shared_urlpatterns,
                    ],
                    "meetings",
                )
            ),
        ),
        path(f"{group}/", include("alerts.urls")),
        path("groups/", group_views.group_list, name="groups"),
        # The addresses from before the site served several groups: the first group's.
        *group_views.earlier_addresses(
            contributions_urls.urlpatterns, meetings_urls.urlpatterns, alerts_urls.urlpatterns
        ),
        prefix_default_language=True,
    )
    # Every page outside the admin and the API (which answers HEAD itself) answers HEAD as
    # GET, whatever methods its view lists (cwgcop/head_requests.py).
    answer_head_as_get(
        [pattern for pattern in patterns if str(pattern.pattern) not in {"admin/", "api/v1/"}]
    )
    return patterns


urlpatterns = site_patterns(settings.DEFAULT_WORKING_GROUP["slug"])

# A database outage anywhere in a request answers the site's 503 page (cwgcop/outage.py).
# Under /api/ each of these answers JSON in the API's error shape.
handler500 = "cwgcop.outage.server_error"
handler400 = "cwgcop.errors.bad_request"
handler403 = "cwgcop.errors.permission_denied"
handler404 = "cwgcop.errors.page_not_found"
