from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import two_factor_views

admin.site.site_header = _("CWG-COP Documents")
admin.site.site_title = _("CWG-COP Documents")
admin.site.index_title = _("Secretariat and delegates")

urlpatterns = [
    path("account/two-factor/", two_factor_views.verify, name="two-factor"),
    path("account/two-factor/setup/", two_factor_views.setup, name="two-factor-setup"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("contributions.urls")),
    path("", include("meetings.urls")),
]

# A database outage anywhere in a request answers the site's 503 page (cwgcop/outage.py).
handler500 = "cwgcop.outage.server_error"
