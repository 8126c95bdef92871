"""Who documents come from, and the topics they are tagged with."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.selectors import accounts_reached_by

from .. import records, rules, services
from ..forms import InviteDelegateForm
from ..models import Document, Source, Topic
from ..visibility import documents_readable_by
from .history import without_lines
from .second_factor import second_factor_view


class SourceForm(forms.ModelForm):
    """A source; a wrong kind, country or parent is said in words, never by a constraint."""

    class Meta:
        model = Source
        fields = [
            "kind",
            "name",
            "short_name",
            "slug",
            "country",
            "itu_region",
            "parent",
            "delegates",
        ]

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        kind = cleaned.get("kind")
        if kind == Source.Kind.STATE_UNIT and parent is not None and not cleaned.get("country"):
            # A ministry is in its Member State's country and region.
            cleaned["country"] = parent.country
            cleaned["itu_region"] = cleaned.get("itu_region") or parent.itu_region
        problems = records.source_problems(
            kind=kind, country=cleaned.get("country") or "", parent=parent
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ["name", "short_name", "kind", "country", "itu_region", "parent"]
    list_filter = ["kind", "itu_region"]
    search_fields = ["name", "short_name", "slug", "country"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    filter_horizontal = ["delegates"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # The delegates offered are the accounts this person reaches: not a superuser, nor
        # another group's officer. The source's own delegates are delegates, so among them.
        if db_field.name == "delegates":
            reached = accounts_reached_by(request.user)
            if reached is not None:
                kwargs["queryset"] = reached.order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        """The link to the delegates' second factor, for the secretariat."""
        shown = list(super().get_readonly_fields(request, obj))
        if obj is not None and rules.is_secretariat.test(request.user):
            shown.append("second_factor")
        return shown

    @admin.display(description=_("Second factor"))
    def second_factor(self, source: Source) -> str:
        """A link to require a second factor of the source's delegates (the secretariat's)."""
        if source.pk is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:contributions_source_second_factor", args=[source.pk]),
            _("Require a second factor of its delegates"),
        )

    def save_related(self, request, form, formsets, change):
        # The delegates go through the service, which also lets them sign in.
        services.set_source_delegates(
            source=form.instance, delegates=form.cleaned_data["delegates"], by=request.user
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    change_list_template = "admin/contributions/source/change_list.html"

    def get_urls(self):
        return [
            path(
                "invite/",
                self.admin_site.admin_view(self.invite_view),
                name="contributions_source_invite",
            ),
            path(
                "<path:object_id>/second-factor/",
                self.admin_site.admin_view(
                    lambda request, object_id: second_factor_view(self, request, object_id)
                ),
                name="contributions_source_second_factor",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        may_invite = rules.is_secretariat.test(request.user)
        extra_context = {**(extra_context or {}), "may_invite": may_invite}
        return super().changelist_view(request, extra_context)

    def invite_view(self, request: HttpRequest) -> HttpResponse:
        """Invite a delegate by e-mail: they choose their own password through a link."""
        if not rules.is_secretariat.test(request.user):
            raise PermissionDenied(_("Only the secretariat invites delegates."))
        form = InviteDelegateForm(
            request.POST or None, initial={"sources": request.GET.getlist("source")}
        )
        if request.method == "POST" and form.is_valid():
            try:
                user = services.invite_delegate(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    # The address is not first: the admin capitalises a message's first letter.
                    _("The invitation has been sent to %(email)s, now a delegate of %(sources)s.")
                    % {
                        "email": user.email,
                        "sources": ", ".join(s.name for s in form.cleaned_data["sources"]),
                    },
                )
                return HttpResponseRedirect(reverse("admin:contributions_source_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Invite a delegate"),
            "form": form,
        }
        return TemplateResponse(request, "admin/contributions/source/invite.html", context)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "name_ar", "name_zh", "name_fr", "name_ru", "name_es", "description"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description"]}),
        (
            _("Name in the other languages"),
            {
                "fields": ["name_ar", "name_zh", "name_fr", "name_ru", "name_es"],
                "description": _(
                    "Shown on the pages in that language; left empty, the English name is."
                ),
            },
        ),
    ]
    prepopulated_fields = {"slug": ["name"]}

    def get_deleted_objects(self, objs, request):
        """What deleting removes, as Django lists it, without the documents' links to the
        topic one by one: they count every document, another group's drafts among them.
        The documents counted are those this person may read."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = Document.topics.through
        counts.pop(links._meta.verbose_name_plural, None)
        tagged = Document.objects.filter(topics__in=list(objs)).distinct()
        readable = documents_readable_by(request.user, tagged).count()
        if readable:
            counts[Document._meta.verbose_name_plural] = readable
        return without_lines(deleted, links), counts, perms_needed, protected
