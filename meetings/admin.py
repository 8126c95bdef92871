from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from contributions.models import Document
from contributions.rules import is_chair, is_secretariat
from contributions.visibility import is_signed_in, working_groups_of
from cwgcop.admin_site import InlineWordsMixin
from cwgcop.change_log import ChangeHistoryAdminMixin, person_name
from cwgcop.meeting_time import MeetingTimeFieldsMixin
from workinggroups.addresses import group_reverse, slug_of_group
from workinggroups.models import WorkingGroup

from .changes import meeting_changes
from .document_names import NamesReadableDocuments
from .forms import ActionStatusForm, MeetingDocumentForm
from .links import MeetingLink
from .models import (
    AgendaItem,
    Meeting,
    Officer,
    Outcome,
    OutcomeEvent,
    Presentation,
    ReportListItem,
    ReportParagraph,
)
from .outline import ReportSection, numbered_choices
from .presenter_upload_admin import UploadLinkAdminMixin
from .rules import can_publish_report, can_read_record_changes, can_update_action, is_held
from .services import publish_meeting_report, save_meeting, set_outcome_status


def name_split_inputs(formfield: forms.SplitDateTimeField) -> None:
    """The date and the time of a deadline are two inputs under one label, each preceded
    by the bare words "Date:" and "Time:": each is named by the field and its part, so a
    screen reader says "Contribution deadline, date"."""
    label = capfirst(formfield.label)
    date_input, time_input = formfield.widget.widgets
    date_input.attrs["aria-label"] = _("%(field)s, date") % {"field": label}
    time_input.attrs["aria-label"] = _("%(field)s, time") % {"field": label}


def groups_of(user, *roles: str) -> frozenset[int] | None:
    """The working groups in which this person holds one of these roles; None for a
    superuser, who works in every group."""
    if is_signed_in(user) and user.is_superuser:
        return None
    groups: frozenset[int] = frozenset()
    for role in roles:
        groups |= working_groups_of(user, role)
    return groups


# How each kind of record offered in a form reaches its working group.
GROUP_PATHS = {
    WorkingGroup: "pk",
    Meeting: "group",
    AgendaItem: "meeting__group",
    Document: "meeting__group",
}


class GroupChoicesMixin:
    """A form of the admin (a page's or an inline's) offers the meetings, agenda items,
    documents and groups of the groups in which this person is secretariat: a record is
    attached only to its own group's records."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = GROUP_PATHS.get(db_field.related_model)
        groups = groups_of(request.user, "secretariat")
        if path is not None and groups is not None and "queryset" not in kwargs:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **{f"{path}__in": sorted(groups)}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class GroupScopedMixin(GroupChoicesMixin):
    """An admin of a group's records: the secretariat sees and edits, the chair reads, only
    those of their own groups; another group's record does not exist for them (404)."""

    # From the admin's rows to their working group.
    group_path = "meeting__group"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        groups = groups_of(request.user, "secretariat", "chair")
        if groups is None:
            return rows
        return rows.filter(**{f"{self.group_path}__in": sorted(groups)})

    def has_add_permission(self, request, *args):
        return (
            super().has_add_permission(request, *args)
            and groups_of(request.user, "secretariat") != frozenset()
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or is_secretariat.test(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or is_secretariat.test(request.user, obj)
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None
            or is_secretariat.test(request.user, obj)
            or is_chair.test(request.user, obj)
        )

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another group's record does not exist for this person: 404, as for a document,
        # not a redirect that would tell a guessed id apart from a real one. Who may not
        # open these pages at all is refused as before.
        if not self.has_view_permission(request):
            raise PermissionDenied
        raise Http404

    def get_list_filter(self, request):
        # A filter by meeting offers the meetings of the rows shown, not every group's.
        return [
            (name, admin.RelatedOnlyFieldListFilter) if name == "meeting" else name
            for name in super().get_list_filter(request)
        ]


class NumberedSectionsMixin:
    """Offers the report's sections with their numbers ('5 Presentations'), from the outline."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name in {"section", "report_section"}:
            kwargs["choices"] = numbered_choices()
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class OfficerFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        chairing = [
            form
            for form in self.forms
            if form.cleaned_data.get("chaired") and not form.cleaned_data.get("DELETE")
        ]
        if len(chairing) > 1:
            raise ValidationError(
                _("Tick “chaired the meeting” for one officer only: the report names one.")
            )


class OfficerInline(GroupChoicesMixin, admin.TabularInline):
    model = Officer
    formset = OfficerFormSet
    fields = ["role", "chaired", "honorific", "name", "affiliation", "order"]
    extra = 0


class AgendaItemInline(GroupChoicesMixin, admin.TabularInline):
    model = AgendaItem
    fields = ["order", "title", "added_at_meeting"]
    extra = 1


class MeetingLinkInline(GroupChoicesMixin, MeetingTimeFieldsMixin, admin.StackedInline):
    """The meeting's webcasts, recordings and captions, each for a session and a language."""

    model = MeetingLink
    fields = [("session", "order"), ("starts_at", "ends_at"), ("kind", "language", "access"), "url"]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.SplitDateTimeField):
            name_split_inputs(formfield)
        return formfield


class ReportParagraphInline(GroupChoicesMixin, NumberedSectionsMixin, admin.StackedInline):
    model = ReportParagraph
    extra = 0


class ReportListItemInline(NamesReadableDocuments, GroupChoicesMixin, admin.TabularInline):
    model = ReportListItem
    form = MeetingDocumentForm
    extra = 0
    autocomplete_fields = ["document"]
    verbose_name = format_lazy(
        _("line of the list of documents presented (report section {number})"),
        number=ReportSection.DOCUMENTS.number,
    )
    verbose_name_plural = format_lazy(
        _("list of documents presented (report section {number})"),
        number=ReportSection.DOCUMENTS.number,
    )

    def document_read_only(self, request, obj) -> bool:
        # A meeting's rows are read-only to whoever may not change the meeting or them.
        meetings = self.admin_site.get_model_admin(Meeting)
        return obj is not None and not (
            meetings.has_change_permission(request, obj)
            and self.has_change_permission(request, obj)
        )

    @admin.display(description=_("document"))
    def named_document(self, line: ReportListItem) -> str:
        return self._named(line)


@admin.register(Meeting)
class MeetingAdmin(
    GroupScopedMixin,
    InlineWordsMixin,
    ChangeHistoryAdminMixin,
    MeetingTimeFieldsMixin,
    admin.ModelAdmin,
):
    list_display = [
        "__str__",
        "start_date",
        "end_date",
        "format",
        "status",
        "contribution_deadline",
        "report_link",
    ]
    list_filter = ["status", "format"]
    list_select_related = ["group"]
    search_fields = ["number", "venue"]
    group_path = "group"
    inlines = [
        OfficerInline,
        AgendaItemInline,
        MeetingLinkInline,
        ReportParagraphInline,
        ReportListItemInline,
    ]
    actions = ["publish_report"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "group",
                    "number",
                    ("start_date", "end_date"),
                    "venue",
                    "format",
                    "status",
                    "contribution_deadline",
                    "document_prefix",
                    "default_access",
                ]
            },
        ),
        (
            _("Who attended"),
            {"fields": [("participants", "participants_approximate"), "participants_represented"]},
        ),
        (
            _("The report's fixed sentences"),
            {
                "description": _(
                    "As the meeting's record states them. Leave a field empty for the "
                    "usual sentence; the officer who chaired is ticked among the officers."
                ),
                "fields": ["mandate", "purpose", "action_required", "who_could_attend"],
            },
        ),
    ]

    def changes_of(self, request, obj):
        if not can_read_record_changes.test(request.user, obj):
            return None
        return meeting_changes(obj, request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only, the group is named, not linked: its page is the superuser's.
        (name, options), *rest = fieldsets
        fields = ["group_name" if field == "group" else field for field in options["fields"]]
        return [(name, {**options, "fields": fields}), *rest]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "group_name"]

    @admin.display(description=_("group"))
    def group_name(self, meeting: Meeting) -> str:
        return str(meeting.group)

    def _works_in_several_groups(self, request) -> bool:
        groups = groups_of(request.user, "secretariat", "chair")
        return groups is None or len(groups) > 1

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self._works_in_several_groups(request):
            columns.insert(1, "group")
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self._works_in_several_groups(request):
            # The groups of the meetings shown: those the person works in.
            filters.insert(0, ("group", admin.RelatedOnlyFieldListFilter))
        return filters

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        groups = groups_of(request.user, "secretariat")
        if groups is not None:
            # Their one group, chosen; of several, the person chooses.
            initial.setdefault("group", next(iter(groups)) if len(groups) == 1 else None)
        return initial

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {"mandate", "participants_represented"}:
            # Sentences of the report: wide enough to read them whole.
            kwargs["widget"] = forms.TextInput(attrs={"class": "vLargeTextField"})
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.SplitDateTimeField):
            name_split_inputs(formfield)
        return formfield

    def save_model(self, request, obj, form, change):
        save_meeting(meeting=obj)

    @admin.display(description=_("report"))
    def report_link(self, meeting: Meeting) -> str:
        # Only the secretariat and the chair reach this list, and they read every held
        # meeting's report, draft or published; other meetings have none.
        if not is_held(None, meeting):
            return "-"
        address = group_reverse(
            slug_of_group(meeting.group_id), "meetings:report", args=[meeting.number]
        )
        return format_html('<a href="{}">{}</a>', address, _("view"))

    def has_publish_report_permission(self, request: HttpRequest) -> bool:
        return can_publish_report(request.user)

    @admin.action(
        description=_("Publish the generated report of the selected meetings"),
        permissions=["publish_report"],
    )
    def publish_report(self, request: HttpRequest, queryset) -> None:
        for meeting in queryset.order_by("number"):
            if not can_publish_report(request.user, meeting):
                # Chair of this meeting's group, secretariat of another's.
                self.message_user(
                    request,
                    _("%(meeting)s is not of a group whose secretariat you are.")
                    % {"meeting": meeting},
                    messages.ERROR,
                )
                continue
            try:
                document = publish_meeting_report(meeting=meeting, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                _("The report of %(meeting)s is published as %(number)s.")
                % {"meeting": meeting, "number": document.number},
                messages.SUCCESS,
            )


@admin.register(AgendaItem)
class AgendaItemAdmin(GroupScopedMixin, admin.ModelAdmin):
    list_display = ["title", "meeting", "order"]
    list_filter = ["meeting"]
    search_fields = ["title"]


@admin.register(Presentation)
class PresentationAdmin(
    NamesReadableDocuments,
    GroupScopedMixin,
    UploadLinkAdminMixin,
    NumberedSectionsMixin,
    admin.ModelAdmin,
):
    form = MeetingDocumentForm
    list_display = ["order", "__str__", "meeting", "status", "report_section"]
    list_display_links = ["__str__"]
    list_filter = ["meeting", "status", "report_section"]
    list_select_related = ["meeting", "document"]
    # The document's title and number as the person may read them (NamesReadableDocuments).
    search_fields = ["title", "summary", "readable_document_title", "readable_document_number"]
    autocomplete_fields = ["document", "presenters", "agenda_item"]

    def document_read_only(self, request, obj) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    @admin.display(description=_("document"))
    def named_document(self, presentation: Presentation) -> str:
        return self._named(presentation)


class OutcomeEventInline(admin.TabularInline):
    """The history of an action's status, written only by the status service."""

    model = OutcomeEvent
    extra = 0
    fields = ["at", "by", "from_status", "to_status", "note"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("history")

    @admin.display(description=_("by"))
    def by(self, event: OutcomeEvent) -> str:
        return person_name(event.actor)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# The status and what fulfilled an action change only through set_outcome_status, so
# that every change leaves a history row: read-only on the change form.
STATUS_FIELDS = ["status", "fulfilled_by_document", "fulfilled_by_meeting"]


@admin.register(Outcome)
class OutcomeAdmin(NamesReadableDocuments, GroupScopedMixin, admin.ModelAdmin):
    list_display = ["order", "meeting", "kind", "short_text", "status", "due_meeting"]
    list_display_links = ["short_text"]
    list_filter = ["meeting", "kind", "status"]
    list_select_related = ["meeting", "due_meeting"]
    search_fields = ["text"]
    autocomplete_fields = ["responsible", "fulfilled_by_document"]
    inlines = [OutcomeEventInline]
    actions = ["change_status"]
    document_field = "fulfilled_by_document"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "fulfilled_by_document":
            # A new action is fulfilled by what the status form offers: a published
            # document of the person's groups, which every reader of the action may read.
            status_form = self._status_form(request, None)
            kwargs["queryset"] = status_form.fields["fulfilled_by_document"].queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("text"))
    def short_text(self, outcome: Outcome) -> str:
        return outcome.text[:100]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(STATUS_FIELDS if obj else [])]

    def document_read_only(self, request, obj) -> bool:
        return obj is not None

    @admin.display(description=_("fulfilled by document"))
    def named_document(self, outcome: Outcome) -> str:
        return self._named(outcome)

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="meetings_outcome_status",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        outcome = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "status_url": reverse("admin:meetings_outcome_status", args=[object_id])
            if outcome is not None and can_update_action(request.user, outcome)
            else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def status_view(self, request: HttpRequest, pk: int):
        """The status form of one action, from its change page."""
        if not can_update_action(request.user):
            raise PermissionDenied
        outcome = get_object_or_404(self.get_queryset(request), pk=pk)
        if not can_update_action(request.user, outcome):
            raise PermissionDenied
        form = self._status_form(request, request.POST or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and self._apply_status(request, [outcome], form)
        ):
            return HttpResponseRedirect(reverse("admin:meetings_outcome_change", args=[outcome.pk]))
        return self._status_page(request, [outcome], form, single=True)

    def has_update_action_permission(self, request: HttpRequest) -> bool:
        return can_update_action(request.user)

    @admin.action(
        description=_("Change the status of the selected actions"),
        permissions=["update_action"],
    )
    def change_status(self, request: HttpRequest, queryset):
        # Those of the groups whose secretariat the person is; a chair's are left as they are.
        outcomes = [
            outcome
            for outcome in queryset.select_related("meeting").order_by("meeting__number", "order")
            if can_update_action(request.user, outcome)
        ]
        form = self._status_form(request, request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply_status(request, outcomes, form)
            return None
        return self._status_page(request, outcomes, form, single=False)

    def _status_form(self, request: HttpRequest, data) -> ActionStatusForm:
        # An action is fulfilled by its own group's records, as a record is attached only
        # to them (GroupChoicesMixin): the groups whose secretariat the person is.
        return ActionStatusForm(data, groups=groups_of(request.user, "secretariat"))

    def _apply_status(self, request: HttpRequest, outcomes: list[Outcome], form) -> bool:
        changed = 0
        for outcome in outcomes:
            try:
                set_outcome_status(outcome=outcome, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                self.message_user(request, f"{outcome}: {' '.join(error.messages)}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                _("Status changed for %(count)d action(s).") % {"count": changed},
                messages.SUCCESS,
            )
        return changed == len(outcomes)

    def _status_page(self, request: HttpRequest, outcomes: list[Outcome], form, *, single: bool):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change the status of actions"),
            "opts": self.model._meta,
            "outcomes": outcomes,
            "form": form,
            "single": single,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/outcome/change_status.html", context)
