"""The admin's app config, named in settings.INSTALLED_APPS instead of django.contrib.admin
so that `admin.site` is the project's site (cwgcop/admin_site.py). Apart from the site, as
an app config is imported before the models are ready."""

from django.contrib.admin.apps import AdminConfig


class SiteAdminConfig(AdminConfig):
    default_site = "cwgcop.admin_site.SiteAdmin"
