"""The back office: delegates draft and submit, the secretariat reviews, numbers, publishes.

Every write goes through contributions.services and every question of who may do what
through contributions.rules; this module only parses forms and shows results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import rules, selectors, services
from .admin_titles import DocumentTitleInline, save_titles
from .forms import DocumentForm, NewDocumentFileForm, ReasonForm
from .models import (
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentRelation,
    InternalNote,
    Source,
    Topic,
)

Status = Document.Status


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "itu_region", "parent"]
    list_filter = ["kind", "itu_region"]
    search_fields = ["name", "short_name", "slug", "country"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    filter_horizontal = ["delegates"]

    def save_related(self, request, form, formsets, change):
        # The delegates go through the service, which also lets them sign in.
        services.set_source_delegates(
            source=form.instance, delegates=form.cleaned_data["delegates"], by=request.user
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@dataclass(frozen=True)
class WorkflowAction:
    """A button on a document's page: which service it calls and what it asks first."""

    label: Any
    confirm: Any
    reason: str  # "required", "optional" or "" (no reason asked)
    css_class: str = ""


WORKFLOW_ACTIONS = {
    "submit": WorkflowAction(
        _("Submit"),
        _("Submit this document to the secretariat? You cannot change it while it is reviewed."),
        "",
        "default",
    ),
    "withdraw": WorkflowAction(
        _("Withdraw"),
        _("Withdraw this document? It will not be considered at the meeting."),
        "optional",
    ),
    "accept": WorkflowAction(
        _("Accept"),
        _("Accept this document? It gets the next number of its series."),
        "",
        "default",
    ),
    "return": WorkflowAction(
        _("Return to the delegates"),
        _("Return this document to its delegates? Tell them what to correct."),
        "required",
    ),
    "reject": WorkflowAction(
        _("Reject"), _("Reject this document for good? Tell the delegates why."), "required"
    ),
    "publish": WorkflowAction(
        _("Publish"), _("Publish this document? Anyone can then read it."), "", "default"
    ),
    "unpublish": WorkflowAction(
        _("Unpublish"),
        _("Take this document off the public pages? It keeps its number."),
        "required",
    ),
    "revise": WorkflowAction(
        _("Upload a revision"),
        _(
            "Start a revision of this document? It gets the same number with (Rev.n) once "
            "accepted; this version stays readable."
        ),
        "",
    ),
}


def _run_action(action: str, *, document: Document, by: Any, reason: str) -> Document:
    if action == "submit":
        return services.submit_document(document=document, by=by)
    if action == "withdraw":
        return services.withdraw_document(document=document, by=by, reason=reason)
    if action == "accept":
        return services.accept_document(document=document, by=by)
    if action == "return":
        return services.return_document(document=document, by=by, reason=reason)
    if action == "reject":
        return services.reject_document(document=document, by=by, reason=reason)
    if action == "publish":
        return services.publish_document(document=document, by=by)
    if action == "unpublish":
        return services.unpublish_document(document=document, by=by, reason=reason)
    if action == "revise":
        return services.create_revision(document=document, by=by)
    raise Http404


DONE_MESSAGES = {
    "submit": _("Submitted. The secretariat has been told and will review it."),
    "withdraw": _("Withdrawn."),
    "accept": _("Accepted as %(number)s. The delegates have been told."),
    "return": _("Returned to the delegates with your reason."),
    "reject": _("Rejected. The delegates have been told why."),
    "publish": _("Published as %(number)s."),
    "unpublish": _("Taken off the public pages. The delegates have been told why."),
    "revise": _("A revision has been started. Upload its files, then submit it."),
}


def _person(user) -> str:
    """A name to show, never a link to the user admin that most roles may not open."""
    if user is None:
        return "-"
    return user.get_full_name() or user.get_username()


class ReadOnlyDocumentInline(admin.TabularInline):
    """Rows shown on a document's page that nobody edits there: seen by whoever sees the
    document, deleted by nobody unless a subclass says otherwise."""

    extra = 0
    view_on_site = False
    classes = ["workflow-inline"]

    def has_view_permission(self, request, obj=None):
        # Asked without a document when the inline builds its queryset; the document's
        # own page has been permission-checked by then.
        return obj is None or rules.can_view_document.test(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentEventInline(ReadOnlyDocumentInline):
    model = DocumentEvent
    verbose_name_plural = _("History")
    fields = ["at", "by", "from_status", "to_status", "reason"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("by"))
    def by(self, event: DocumentEvent) -> str:
        return _person(event.actor)

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentFileInline(ReadOnlyDocumentInline):
    """The files already stored: read-only; deleted while the document is being edited."""

    model = DocumentFile
    verbose_name_plural = _("Files")
    fields = ["language", "download", "size", "content_type", "duplicate", "text_extraction"]
    readonly_fields = fields
    saves_with = "files"

    def has_delete_permission(self, request, obj=None):
        return obj is not None and rules.can_edit_document.test(request.user, obj)

    @admin.display(description=_("file"))
    def download(self, document_file: DocumentFile) -> str:
        return format_html(
            '<a href="{}">{}</a>', document_file.get_absolute_url(), document_file.original_name
        )

    @admin.display(description=_("identical to"))
    def duplicate(self, document_file: DocumentFile) -> str:
        original = document_file.duplicate_of
        if original is None:
            return "-"
        return _("a file of %(document)s") % {"document": original.document}

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made per request: the secretariat reads why a text
        # extraction failed; for delegates the parser's message would only be noise.
        self.show_extraction_errors = rules.is_secretariat.test(request.user)
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("text for search"))
    def text_extraction(self, document_file: DocumentFile) -> str:
        if document_file.extraction_status != DocumentFile.Extraction.FAILED:
            return document_file.get_extraction_status_display()
        if not getattr(self, "show_extraction_errors", False):
            return document_file.get_extraction_status_display()
        return format_html(
            '<span class="workflow-flag">{}</span> {}',
            _("Failed:"),
            document_file.extraction_error,
        )


class NewDocumentFileInline(admin.TabularInline):
    """Upload one file per language; each is checked by its content before it is stored."""

    model = DocumentFile
    form = NewDocumentFileForm
    verbose_name = _("file")
    verbose_name_plural = _("Upload files (one per language)")
    fields = ["language", "file"]
    extra = 1
    can_delete = False
    saves_with = "new_files"

    def get_queryset(self, request):
        return DocumentFile.objects.none()

    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and rules.can_edit_document.test(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InternalNoteInline(admin.TabularInline):
    model = InternalNote
    verbose_name_plural = _("Internal notes (never shown to delegates)")
    fields = ["text", "written_by", "at"]
    readonly_fields = ["written_by", "at"]
    extra = 1
    can_delete = False
    saves_with = "notes"

    def has_view_permission(self, request, obj=None):
        return rules.can_read_internal_notes.test(request.user, obj)

    @admin.display(description=_("author"))
    def written_by(self, note: InternalNote) -> str:
        return _person(note.author)

    def has_add_permission(self, request, obj=None):
        return obj is not None and rules.can_add_internal_note.test(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentRelationInline(ReadOnlyDocumentInline):
    model = DocumentRelation
    fk_name = "document"
    verbose_name_plural = _("Related documents")
    fields = ["kind", "target"]
    readonly_fields = fields


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
class DocumentAdmin(admin.ModelAdmin):
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
        "submitted_at",
    ]
    list_display_links = ["number_or_draft", "title"]
    list_filter = ["status", "kind", "meeting", LateFilter]
    list_select_related = ["meeting"]
    search_fields = ["number", "title", "summary", "sources__name"]
    actions = ["publish_selected"]

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
        # Documents are withdrawn or rejected, never deleted: their history stays.
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A document someone may not see does not exist for them: answer 404, not a
        # redirect that would tell a guessed id apart from a real one.
        raise Http404

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    # ---- The form

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class RequestDocumentForm(form_class):
            user = request.user

        return RequestDocumentForm

    def get_fieldsets(self, request, obj=None):
        description = ["meeting", "kind", "title", "sources", "original_language", "summary"]
        if rules.is_secretariat.test(request.user):
            description.insert(4, "agenda_item")
            description.append("topics")
        fieldsets = [(None, {"fields": description})]
        if obj is not None:
            fieldsets.append(
                (
                    _("Number and status"),
                    {
                        "fields": [
                            "number_or_draft",
                            "status_label",
                            "late_label",
                            "submitter",
                            "submitted_at",
                            "accepted_at",
                            "published_at",
                            "creator",
                        ]
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "number_or_draft",
            "status_label",
            "late_label",
            "submitter",
            "submitted_at",
            "accepted_at",
            "published_at",
            "creator",
        ]
        if obj is not None and obj.number:
            readonly += ["meeting", "kind"]
        return readonly

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        inlines = [DocumentTitleInline, DocumentFileInline, NewDocumentFileInline]
        inlines.append(DocumentEventInline)
        if obj.relations.exists():
            inlines.append(DocumentRelationInline)
        return [*inlines, InternalNoteInline]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        sources = selectors.sources_represented_by(request.user)
        if not rules.is_secretariat.test(request.user) and sources.count() == 1:
            initial.setdefault("sources", [sources.get().pk])
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
            # The admin goes on with the instance it built (for its log and redirect).
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        fields = [name for name in form.changed_data if name in services.SECRETARIAT_FIELDS]
        services.update_document(
            document=Document.objects.get(pk=obj.pk),
            by=request.user,
            changes={name: data[name] for name in fields},
            sources=data["sources"] if "sources" in form.changed_data else None,
            topics=data["topics"] if "topics" in form.changed_data else None,
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
        elif kind == "new_files":
            for file_form in formset.forms:
                if file_form.has_changed() and file_form.cleaned_data.get("file"):
                    formset.new_objects.append(
                        services.add_file(
                            document=document,
                            language=file_form.cleaned_data["language"],
                            upload=file_form.cleaned_data["file"],
                            by=request.user,
                        )
                    )
        elif kind == "titles":
            save_titles(formset=formset, document=document, by=request.user)
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

    def response_add(self, request, obj, post_url_continue=None):
        # A new draft needs its files next: go to its page, not back to the list.
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST or "_popup" in request.POST:
            return response
        messages.info(request, _("Now upload the document's files, then submit it."))
        return HttpResponseRedirect(reverse("admin:contributions_document_change", args=[obj.pk]))

    # ---- Columns

    @admin.display(description=_("number"), ordering="number")
    def number_or_draft(self, document: Document) -> str:
        if document.number:
            return document.number
        return format_html('<span class="workflow-muted">{}</span>', _("(no number yet)"))

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, document: Document) -> str:
        return format_html(
            '<span class="workflow-status workflow-status-{}">{}</span>',
            document.status,
            document.get_status_display(),
        )

    @admin.display(description=_("submitted by"))
    def submitter(self, document: Document) -> str:
        return _person(document.submitted_by)

    @admin.display(description=_("created by"))
    def creator(self, document: Document) -> str:
        return _person(document.created_by)

    @admin.display(description=_("late"), ordering="is_late")
    def late_label(self, document: Document) -> str:
        if document.is_late:
            return format_html('<span class="workflow-flag">{}</span>', _("Late"))
        return ""

    # ---- Workflow buttons

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

    def available_actions(self, request: HttpRequest, document: Document) -> list[str]:
        actions = services.available_actions(document=document, by=request.user)
        return [action for action in WORKFLOW_ACTIONS if action in actions]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if document is not None:
            extra_context["workflow_actions"] = [
                (
                    action,
                    WORKFLOW_ACTIONS[action],
                    reverse("admin:contributions_document_workflow", args=[document.pk, action]),
                )
                for action in self.available_actions(request, document)
            ]
            extra_context["last_return"] = (
                document.events.filter(to_status=Status.RETURNED).last()
                if document.status == Status.RETURNED
                else None
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        if action not in WORKFLOW_ACTIONS:
            raise Http404
        document = self.get_object(request, unquote(object_id))
        if document is None or not self.has_view_permission(request, document):
            raise Http404
        if action not in self.available_actions(request, document):
            raise PermissionDenied
        spec = WORKFLOW_ACTIONS[action]
        change_url = reverse("admin:contributions_document_change", args=[document.pk])
        form = ReasonForm(
            request.POST if request.method == "POST" else None,
            required=spec.reason == "required",
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    result = _run_action(
                        action,
                        document=document,
                        by=request.user,
                        reason=form.cleaned_data.get("reason", ""),
                    )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(change_url)
            messages.success(request, DONE_MESSAGES[action] % {"number": result.number})
            return HttpResponseRedirect(
                reverse("admin:contributions_document_change", args=[result.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": spec.label,
            "subtitle": str(document),
            "document": document,
            "original": document,
            "action": spec,
            "form": form,
            "show_reason": bool(spec.reason),
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/contributions/document/workflow_confirm.html", context
        )

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        if not rules.can_view_review_queue.test(request.user):
            raise PermissionDenied
        documents = selectors.review_queue().prefetch_related("document_sources__source")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review queue"),
            "documents": documents,
            "counts": selectors.review_queue_counts(),
            "can_act": rules.is_secretariat.test(request.user),
        }
        return TemplateResponse(request, "admin/contributions/document/review_queue.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["show_queue_link"] = rules.can_view_review_queue.test(request.user)
        return super().changelist_view(request, extra_context)

    # ---- Bulk publication

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_publish_permission(self, request):
        return rules.is_secretariat.test(request.user)

    @admin.action(description=_("Publish the selected accepted documents"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        documents = list(queryset.filter(status=Status.ACCEPTED).order_by("sequence", "pk"))
        skipped = queryset.exclude(status=Status.ACCEPTED).count()
        if documents:
            services.publish_documents(documents=documents, by=request.user)
            self.message_user(
                request,
                _("Published %(count)d documents.") % {"count": len(documents)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("%(count)d selected documents were not accepted and were left as they are.")
                % {"count": skipped},
                messages.WARNING,
            )
