"""The back office: Django's admin, its apps in the order of the work, headed for the
person's role, signing in with the site's own form and words (cwgcop/signin.py)."""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.admin import helpers
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .signin import SignInForm

# Documents, then meetings, then alerts and accounts; the technical apps (sign-in
# attempts, two-factor devices, the audit log, the task queue) after them, as Django
# sorts them.
APP_ORDER = ["contributions", "meetings", "alerts", "auth"]


def _rank(app: dict) -> tuple[int, str]:
    label = app["app_label"]
    if label in APP_ORDER:
        return (APP_ORDER.index(label), "")
    return (len(APP_ORDER), str(app["name"]).lower())


class SiteAdmin(admin.AdminSite):
    # Its header, title and default index title are set in cwgcop/urls.py.
    login_form = SignInForm

    def get_app_list(self, request, app_label=None):
        apps = sorted(super().get_app_list(request, app_label), key=_rank)
        for app in apps:
            # A column of "Add" links only where the person may add something.
            app["can_add"] = any(model.get("add_url") for model in app["models"])
        return apps

    def index(self, request, extra_context=None):
        # The role decides what the index holds (contributions/templatetags/workflow_admin.py
        # gives delegates their desk): the heading names it. Imported here, when the apps
        # are ready, as the admin's faces import the domain and not the other way round.
        from contributions.rules import is_chair, is_delegate, is_secretariat

        if is_secretariat.test(request.user):
            title = _("Secretariat: documents and meetings")
        elif is_chair.test(request.user):
            title = _("Chair: documents and meetings")
        elif is_delegate.test(request.user):
            title = _("Your documents and deadlines")
        else:
            title = self.index_title
        return super().index(request, {"title": title, **(extra_context or {})})

    def get_urls(self):
        # Django's "View on site" shortcut, /admin/r/<content type>/<id>/, sends any staff
        # account (every delegate) to any object's address, and an address can name what
        # the person may not read: an accepted document's number, a draft file's name.
        # Here it answers only for what the person may open in the object's own admin.
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            )
            if getattr(pattern, "name", None) == "view_on_site"
            else pattern
            for pattern in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut to an object's address, for an object its model's admin shows
        this person; anything else does not exist for them (404), as on that admin's pages.
        A model without an admin here has no "View on site" link, and no address."""
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        model_admin = self._registry.get(model)
        shown = model_admin.get_object(request, object_id) if model_admin is not None else None
        if shown is None or not model_admin.has_view_or_change_permission(request, shown):
            raise Http404
        return shortcut(request, content_type_id, object_id)


class _AddAnotherInWords(helpers.InlineAdminFormSet):
    """Django writes "Add another File", capitalising the name inside the sentence."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = gettext("Add another %(verbose_name)s") % {
            "verbose_name": self.opts.verbose_name
        }
        return json.dumps(data)


class InlineWordsMixin:
    """A ModelAdmin mixin: its inlines' "Add another …" buttons name the row as the
    inline's verbose_name writes it, in lower case inside the sentence."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_admin_formsets = super().get_inline_formsets(
            request, formsets, inline_instances, obj
        )
        for inline_admin_formset in inline_admin_formsets:
            inline_admin_formset.__class__ = _AddAnotherInWords
        return inline_admin_formsets
