"""The back office: Django's admin, its apps in the order of the work, headed for the
person's role, signing in with the site's own form and words (cwgcop/signin.py)."""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.admin import helpers
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
