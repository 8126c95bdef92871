from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("CWG-COP Documents")
admin.site.site_title = _("CWG-COP Documents")
admin.site.index_title = _("Secretariat and delegates")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("contributions.urls")),
    path("", include("meetings.urls")),
]

handler403 = "cwgcop.errors.permission_denied"
handler404 = "cwgcop.errors.page_not_found"
