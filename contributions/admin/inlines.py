"""The rows shown on a document's page: files, history, notes (relations: relations.py)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cwgcop.change_log import person_name

from .. import rules
from ..files import human_size
from ..forms import NewDocumentFileForm, NewDocumentFilesFormSet
from ..models import DocumentEvent, DocumentFile, InternalNote, Language
from .display import meeting_time, person


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
    # Folded: the page opens on the document, its files and the next step.
    classes = ["workflow-inline", "workflow-stacked-on-phones", "collapse"]
    fields = ["when", "by", "change", "reason"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("when (Geneva time)"))
    def when(self, event: DocumentEvent) -> str:
        return meeting_time(event.at)

    @admin.display(description=_("by"))
    def by(self, event: DocumentEvent) -> str:
        return person_name(event.actor)

    @admin.display(description=_("change"))
    def change(self, event: DocumentEvent) -> str:
        if event.from_status == event.to_status:
            # A change of the document's files, told in the reason.
            return _("Files changed")
        return str(event)


class DocumentFileInline(ReadOnlyDocumentInline):
    """The files already stored: what a delegate recognises their file by, and for the
    secretariat whether its text could be read for search. Deleted while the document
    is being edited; replaced by choosing a new file for the language below; never once
    published."""

    model = DocumentFile
    verbose_name_plural = _("Files")
    readonly_fields = ["language", "download", "size_label", "uploaded", "duplicate"]
    saves_with = "files"

    def get_fields(self, request, obj=None):
        fields = ["language", "download", "size_label", "uploaded", "duplicate"]
        # Why a text could not be read is for the document's own group's secretariat.
        if rules.is_secretariat.test(request.user, obj):
            fields.append("text_extraction")
        return [*fields, "access"]

    def get_readonly_fields(self, request, obj=None):
        fields = self.get_fields(request, obj)
        if obj is not None and rules.can_set_access.test(request.user, obj):
            # The secretariat sets each file's access here (saved by set_file_access).
            fields.remove("access")
        return fields

    def has_change_permission(self, request, obj=None):
        return obj is not None and rules.can_set_access.test(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # A published document's files stay as published (services.remove_file).
        return (
            obj is not None
            and not obj.is_public
            and rules.can_edit_document.test(request.user, obj)
        )

    def get_queryset(self, request):
        # Each file's address names its document's number (DocumentFile.download_name): the
        # document comes in the same query, without its search vectors.
        return (
            super()
            .get_queryset(request)
            .select_related("document")
            .defer("document__search_vector", "document__members_search_vector")
        )

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made per request: the secretariat of the document's group
        # reads which document holds an identical file; a delegate, though another group's
        # secretariat, is told only that the file is already in the system.
        self.for_secretariat = rules.is_secretariat.test(request.user, obj)
        self.for_user = request.user
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("file"))
    def download(self, document_file: DocumentFile) -> str:
        return format_html(
            '<a href="{}">{}</a>', document_file.get_absolute_url(), document_file.original_name
        )

    @admin.display(description=_("size"))
    def size_label(self, document_file: DocumentFile) -> str:
        return human_size(document_file.size)

    @admin.display(description=_("uploaded (Geneva time)"))
    def uploaded(self, document_file: DocumentFile) -> str:
        return meeting_time(document_file.uploaded_at)

    @admin.display(description=_("identical file"))
    def duplicate(self, document_file: DocumentFile) -> str:
        original = document_file.duplicate_of
        if original is None:
            return "-"
        if not getattr(self, "for_secretariat", False) or not rules.can_view_document.test(
            getattr(self, "for_user", None), original.document
        ):
            # Another source's or another group's document may not be published yet: its
            # title is not theirs.
            return _("The same file is already in the system.")
        return _("a file of %(document)s") % {"document": original.document}

    @admin.display(description=_("text for search"))
    def text_extraction(self, document_file: DocumentFile) -> str:
        status = document_file.extraction_status
        if status not in {DocumentFile.Extraction.FAILED, DocumentFile.Extraction.LIMIT}:
            return document_file.get_extraction_status_display()
        return format_html(
            '<span class="workflow-flag">{}</span> {}',
            _("Failed:") if status == DocumentFile.Extraction.FAILED else _("Not read:"),
            document_file.extraction_error,
        )


class NewDocumentFileInline(admin.TabularInline):
    """Choose files, one per language, on the Add form and on the document's page; each is
    checked by its content before it is stored, and replaces the language's file if any."""

    model = DocumentFile
    form = NewDocumentFileForm
    formset = NewDocumentFilesFormSet
    verbose_name = _("file")
    verbose_name_plural = _("Choose files (one per language)")
    classes = ["workflow-stacked-on-phones"]
    fields = ["language", "file"]
    extra = 1
    can_delete = False
    saves_with = "new_files"

    def get_queryset(self, request):
        return DocumentFile.objects.none()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        posted = request.POST.get("original_language", "") if request.method == "POST" else ""
        original = posted if posted in Language.values else None
        formset.original_language = original or (
            obj.original_language if obj is not None else Language.ENGLISH
        )
        return formset

    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is None:
            # The Add form: whoever may draft a document chooses its first file with it.
            return rules.is_secretariat.test(request.user) or rules.is_delegate.test(request.user)
        return rules.can_edit_document.test(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InternalNoteInline(admin.TabularInline):
    model = InternalNote
    verbose_name_plural = _("Internal notes (never shown to delegates)")
    classes = ["collapse"]
    fields = ["text", "written_by", "written"]
    readonly_fields = ["written_by", "written"]
    extra = 1
    can_delete = False
    saves_with = "notes"

    def has_view_permission(self, request, obj=None):
        return rules.can_read_internal_notes.test(request.user, obj)

    @admin.display(description=_("author"))
    def written_by(self, note: InternalNote) -> str:
        return person(note.author)

    @admin.display(description=_("written (Geneva time)"))
    def written(self, note: InternalNote) -> str:
        return meeting_time(note.at) if note.pk else ""

    def has_add_permission(self, request, obj=None):
        return obj is not None and rules.can_add_internal_note.test(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
