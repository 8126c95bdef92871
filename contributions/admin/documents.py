"""The document's list and page: who sees and edits what, and saving through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cwgcop.admin_site import InlineWordsMixin
from cwgcop.change_log import ChangeHistoryAdminMixin
from meetings.models import Meeting

from .. import records, rules, selectors, services
from ..changes import document_changes
from ..forms import DocumentForm
from ..models import Document, DocumentFile
from ..services.rights import CONTRIBUTION_MEETING_STATUSES
from ..visibility import working_groups_of
from .display import meeting_time, person
from .history import GuardedHistoryMixin
from .inlines import (
    DocumentEventInline,
    DocumentFileInline,
    InternalNoteInline,
    NewDocumentFileInline,
)
from .queue import ReviewQueueMixin
from .records import (
    RECORD_FIELDSET,
    RelationEditInline,
    add_record_fields,
    clean_languages,
    clean_record,
    issue_addendum,
    issue_corrigendum,
    save_relations,
)
from .relations import DocumentRelationInline
from .titles import DocumentTitleInline, save_titles, state_title_limit
from .workflow import WorkflowViewsMixin

RECORD_NAMES = records.RECORD_FIELDS

# Fields shown, where they are read-only, by a method of the admin instead: Django would
# link a read-only meeting to the meeting's admin page, which delegates may not open.
# A read-only yes/no is said in words, not by Django's red cross for "no".
READ_ONLY_AS = {"meeting": "meeting_name", "members_only_requested": "members_only_label"}
ACCESS_NAMES = frozenset({"access", "members_only_requested"})
# Who may read the files: the secretariat decides, a delegate may ask for members only.
ACCESS_FIELDSET = (_("Access"), {"fields": ["access", "members_only_requested"]})
REQUEST_ACCESS_FIELDSET = (_("Access"), {"fields": ["members_only_requested"]})


def meetings_offered(user) -> QuerySet[Meeting] | None:
    """The meetings a document of this person may be attached to, beyond those the form
    offers a delegate: the meetings of the groups whose secretariat they are, and as a
    delegate the meetings open to contributions in every group. None: the form's own
    choice stands (a superuser's every meeting, a delegate's open ones)."""
    if user.is_superuser or not rules.is_secretariat.test(user):
        return None
    groups = sorted(working_groups_of(user, "secretariat"))
    meetings = Meeting.objects.filter(group__in=groups)
    if rules.is_delegate.test(user):
        meetings = meetings | Meeting.objects.filter(status__in=CONTRIBUTION_MEETING_STATUSES)
    return meetings


def keep_to_groups(form, meetings: QuerySet[Meeting] | None) -> None:
    """Offer the meetings, other meetings and agenda items of the person's groups only
    (and the document's own meeting, which stays)."""
    if meetings is None:
        return
    current = form.instance.meeting_id
    meetings = (meetings | Meeting.objects.filter(pk=current or 0)).distinct()
    for name in ("meeting", "other_meetings"):
        if name in form.fields:
            form.fields[name].queryset = meetings
    if "agenda_item" in form.fields:
        field = form.fields["agenda_item"]
        field.queryset = field.queryset.filter(meeting__in=meetings)


def one_meetings_agenda(form) -> None:
    """Offer the agenda items of the document's meeting only: those of several meetings
    read alike ("4. Presentations"). The meeting is the one posted, else the document's,
    else the one the form starts on."""
    field = form.fields.get("agenda_item")
    if field is None:
        return
    posted = form.data.get(form.add_prefix("meeting"), "") if form.is_bound else ""
    meeting = posted if str(posted).isdigit() else form.instance.meeting_id
    if not meeting and "meeting" in form.fields:
        meeting = form.get_initial_for_field(form.fields["meeting"], "meeting")
    if meeting:
        field.queryset = field.queryset.filter(meeting=meeting)


class LateFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("yes", _("Submitted late")), ("no", _("On time"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_late=True)
        if self.value() == "no":
            return queryset.filter(is_late=False)
        return queryset


@admin.register(Document)
class DocumentAdmin(
    InlineWordsMixin,
    ChangeHistoryAdminMixin,
    GuardedHistoryMixin,
    WorkflowViewsMixin,
    ReviewQueueMixin,
    admin.ModelAdmin,
):
    form = DocumentForm
    change_form_template = "admin/contributions/document/change_form.html"
    change_list_template = "admin/contributions/document/change_list.html"
    list_display = [
        "number_or_draft",
        "title",
        "meeting",
        "kind",
        "status_label",
        "late_label",
        "submitted",
    ]
    list_display_links = ["number_or_draft", "title"]
    # The meetings of the documents the person sees, not every group's.
    list_filter = [
        "status",
        "kind",
        ("meeting", admin.RelatedOnlyFieldListFilter),
        "access",
        LateFilter,
    ]
    list_select_related = ["meeting"]
    search_fields = ["number", "title", "summary", "sources__name"]
    actions = ["publish_selected", issue_addendum, issue_corrigendum]

    class Media:
        css = {"all": ["css/admin.css"]}

    # ---- Who sees what

    def get_queryset(self, request):
        return selectors.documents_visible_to(request.user).select_related("meeting")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return rules.can_view_document.test(request.user, obj) and super().has_view_permission(
                request
            )
        return super().has_view_permission(request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            rules.is_secretariat.test(request.user) or rules.is_delegate.test(request.user)
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request):
            return False
        if obj is None:
            return True
        return rules.can_edit_document.test(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Submitted documents are withdrawn or rejected, never deleted: their history
        # stays. A draft never submitted may be deleted by its delegates.
        return obj is not None and rules.can_delete_draft.test(request.user, obj)

    def delete_model(self, request, obj):
        services.delete_draft(document=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            services.delete_draft(document=document, by=request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A document someone may not see does not exist for them: answer 404, not a
        # redirect that would tell a guessed id apart from a real one.
        raise Http404

    def changes_of(self, request, obj):
        if not rules.can_read_changes.test(request.user, obj):
            return None
        return document_changes(obj, reader=request.user)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    # ---- The form

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        meetings = meetings_offered(request.user)

        class RequestDocumentForm(form_class):
            user = request.user

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                add_record_fields(self)
                keep_to_groups(self, meetings)
                one_meetings_agenda(self)
                if "title" in self.fields:
                    state_title_limit(self.fields["title"])

            def clean_languages(self):
                return clean_languages(self.cleaned_data["languages"])

            def clean(self):
                cleaned = super().clean()
                clean_record(self, cleaned)
                return cleaned

        return RequestDocumentForm

    def get_fieldsets(self, request, obj=None):
        # The secretariat's fields are for the secretariat of the document's group: another
        # group's secretariat, a delegate of its source, sees and edits it as a delegate.
        secretariat = rules.is_secretariat.test(request.user, obj)
        description = ["meeting", "kind", "title", "sources", "original_language", "summary"]
        if secretariat:
            description.insert(4, "agenda_item")
            description.append("topics")
        if obj is not None and (
            not self.has_change_permission(request, obj)
            or "meeting" not in services.editable_fields(document=obj, by=request.user)
        ):
            description[0] = READ_ONLY_AS["meeting"]
        fieldsets = [(None, {"fields": description})]
        if obj is not None and (
            not self.has_change_permission(request, obj)
            or "members_only_requested"
            in services.fields_of_role(by=request.user, document=obj)
            - services.editable_fields(document=obj, by=request.user)
        ):
            name, options = ACCESS_FIELDSET if secretariat else REQUEST_ACCESS_FIELDSET
            fields = [
                READ_ONLY_AS.get(field, field) if field == "members_only_requested" else field
                for field in options["fields"]
            ]
            access = (name, {**options, "fields": fields})
        else:
            access = None
        if secretariat:
            fieldsets.append(access or ACCESS_FIELDSET)
            if obj is None:
                fieldsets.append(RECORD_FIELDSET)
            else:
                # Folded on a document's page, which opens on its facts, files and next
                # step; open on the Add form, where an older document is entered by it.
                name, options = RECORD_FIELDSET
                fieldsets.append((name, {**options, "classes": ["collapse"]}))
        else:
            fieldsets.append(access or REQUEST_ACCESS_FIELDSET)
        if obj is not None:
            # Only what has happened to the document; the status is shown above the form.
            record = [
                field
                for field, value in [
                    ("number_or_draft", obj.number),
                    ("late_label", obj.is_late),
                    ("submitter", obj.submitted_by_id),
                    ("submitted", obj.submitted_at),
                    ("accepted", obj.accepted_at),
                    ("published", obj.published_at),
                    ("creator", obj.created_by_id),
                ]
                if value
            ]
            if record:
                fieldsets.append((_("Record"), {"fields": record, "classes": ["collapse"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "members_only_label",
            "number_or_draft",
            "status_label",
            "late_label",
            "submitter",
            "submitted",
            "accepted",
            "published",
            "creator",
        ]
        if obj is not None and self.has_change_permission(request, obj):
            # What the role could write but the document's status or number now fixes.
            role_fields = services.fields_of_role(by=request.user, document=obj)
            fixed = role_fields - services.editable_fields(document=obj, by=request.user)
            readonly += sorted(READ_ONLY_AS.get(name, name) for name in fixed)
        return readonly

    def get_inlines(self, request, obj):
        if obj is None:
            return [NewDocumentFileInline]
        # The files first; then what is folded: titles, history, relations, notes.
        inlines = [DocumentFileInline, NewDocumentFileInline, DocumentTitleInline]
        inlines.append(DocumentEventInline)
        if rules.is_secretariat.test(request.user, obj):
            inlines.append(RelationEditInline)
        elif obj.relations.exists():
            inlines.append(DocumentRelationInline)
        return [*inlines, InternalNoteInline]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One document at a time: "Save and add another" only distracts from its files.
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        if object_id is None:
            # A delegate's new document can be saved and sent on to "Submit" in one step.
            extra_context["may_submit_new"] = rules.is_delegate.test(
                request.user
            ) and not rules.is_secretariat.test(request.user)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        sources = selectors.sources_represented_by(request.user)
        if not rules.is_secretariat.test(request.user) and sources.count() == 1:
            initial.setdefault("sources", [sources.get().pk])
        open_meetings = selectors.meetings_open_for_contributions()
        offered = meetings_offered(request.user)
        if offered is not None:
            open_meetings = open_meetings.filter(pk__in=offered.values("pk"))
        open_meeting = open_meetings.first()
        if open_meeting is not None:
            initial.setdefault("meeting", open_meeting.pk)
        return initial

    # ---- Saving goes through the services

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.create_draft(
                by=request.user,
                meeting=data["meeting"],
                kind=data["kind"],
                title=data["title"],
                sources=data["sources"],
                original_language=data["original_language"],
                summary=data.get("summary", ""),
                agenda_item=data.get("agenda_item"),
                topics=data.get("topics") or [],
            )
            record = {
                name: data[name]
                for name in form.changed_data
                if name in RECORD_NAMES or name in ACCESS_NAMES
            }
            if record:
                services.update_document(document=created, by=request.user, changes=record)
            if data.get("other_meetings"):
                records.set_other_meetings(
                    document=created, meetings=data["other_meetings"], by=request.user
                )
            # The admin goes on with the instance it built (for its log and redirect).
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        role_fields = services.fields_of_role(by=request.user, document=obj)
        fields = [name for name in form.changed_data if name in role_fields]
        services.update_document(
            document=Document.objects.get(pk=obj.pk),
            by=request.user,
            changes={name: data[name] for name in fields},
            sources=data["sources"] if "sources" in form.changed_data else None,
            topics=data["topics"] if "topics" in form.changed_data else None,
        )
        if "other_meetings" in form.changed_data:
            records.set_other_meetings(
                document=obj, meetings=data["other_meetings"], by=request.user
            )
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Sources and topics were saved by the service in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        document = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        kind = getattr(formset, "saves_with", None)
        if kind == "files":
            for file_form in formset.deleted_forms:
                services.remove_file(document_file=file_form.instance, by=request.user)
                formset.deleted_objects.append(file_form.instance)
            for file_form in formset.initial_forms:
                if file_form in formset.deleted_forms or "access" not in file_form.changed_data:
                    continue
                services.set_file_access(
                    document_file=DocumentFile.objects.get(pk=file_form.instance.pk),
                    access=file_form.cleaned_data["access"],
                    by=request.user,
                )
                formset.changed_objects.append((file_form.instance, ["access"]))
        elif kind == "new_files":
            for file_form in formset.forms:
                if not file_form.cleaned_data.get("file"):
                    continue
                new_file, replaced = services.add_or_replace_file(
                    document=document,
                    language=file_form.cleaned_data["language"] or document.original_language,
                    upload=file_form.cleaned_data["file"],
                    by=request.user,
                )
                formset.new_objects.append(new_file)
                self._tell_about_file(request, new_file, replaced)
        elif kind == "titles":
            save_titles(formset=formset, document=document, by=request.user)
        elif kind == "relations":
            save_relations(request, document, formset)
        elif kind == "notes":
            for note_form in formset.forms:
                if note_form.has_changed() and note_form.cleaned_data.get("text"):
                    formset.new_objects.append(
                        services.add_internal_note(
                            document=document, by=request.user, text=note_form.cleaned_data["text"]
                        )
                    )

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.saves_with = getattr(inline, "saves_with", None)
            yield formset, inline

    def _tell_about_file(self, request, new_file, replaced) -> None:
        if replaced is not None:
            messages.info(
                request,
                _("The %(language)s file %(old)s was replaced by %(new)s.")
                % {
                    "language": new_file.get_language_display(),
                    "old": replaced.original_name,
                    "new": new_file.original_name,
                },
            )
        original = new_file.duplicate_of
        if original is None:
            return
        user = request.user
        if rules.is_secretariat.test(user, new_file.document) and rules.can_view_document.test(
            user, original.document
        ):
            text = _("The file %(name)s is identical to a file of %(document)s.") % {
                "name": new_file.original_name,
                "document": original.document,
            }
        else:
            # A delegate, or another group's secretariat, may not know the other document
            # exists: it may be another source's or group's, not yet published.
            text = _(
                "The file %(name)s is already in the system. That is expected for a "
                "document sent by several sources; otherwise check that you chose the "
                "right file."
            ) % {"name": new_file.original_name}
        messages.warning(request, text)

    def response_add(self, request, obj, post_url_continue=None):
        # A new draft goes on to its page (its files, then "Submit"), not back to the list.
        if request.POST.get("_workflow") == "submit":
            # "Save and submit": saved with its files; now its submission is confirmed, or
            # its page says what is missing.
            return self.response_change(request, obj)
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST or "_popup" in request.POST:
            return response
        if not obj.files.exists():
            messages.info(request, _("Now choose the document's file, then submit it."))
        return HttpResponseRedirect(reverse("admin:contributions_document_change", args=[obj.pk]))

    # ---- Columns

    @admin.display(description=_("members only requested"))
    def members_only_label(self, document: Document) -> str:
        return _("Yes") if document.members_only_requested else _("No")

    @admin.display(description=_("meeting"))
    def meeting_name(self, document: Document) -> str:
        return str(document.meeting)

    @admin.display(description=_("number"), ordering="number")
    def number_or_draft(self, document: Document) -> str:
        if document.number:
            return document.number
        return format_html('<span class="workflow-muted">{}</span>', _("(no number yet)"))

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, document: Document) -> str:
        return format_html(
            '<span class="workflow-status {}">{}</span>',
            document.status_facts.badge,
            document.get_status_display(),
        )

    @admin.display(description=_("submitted by"))
    def submitter(self, document: Document) -> str:
        return person(document.submitted_by)

    @admin.display(description=_("created by"))
    def creator(self, document: Document) -> str:
        return person(document.created_by)

    @admin.display(description=_("submitted (Geneva time)"), ordering="submitted_at")
    def submitted(self, document: Document) -> str:
        return meeting_time(document.submitted_at)

    @admin.display(description=_("accepted (Geneva time)"))
    def accepted(self, document: Document) -> str:
        return meeting_time(document.accepted_at)

    @admin.display(description=_("published (Geneva time)"))
    def published(self, document: Document) -> str:
        return meeting_time(document.published_at)

    @admin.display(description=_("late"), ordering="is_late")
    def late_label(self, document: Document) -> str:
        if document.is_late:
            return format_html('<span class="workflow-flag">{}</span>', _("Late"))
        return ""

    # ---- Pages of its own

    def get_urls(self):
        return [
            path(
                "review-queue/",
                self.admin_site.admin_view(self.review_queue_view),
                name="contributions_document_queue",
            ),
            path(
                "<path:object_id>/workflow/<slug:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="contributions_document_workflow",
            ),
            *super().get_urls(),
        ]
