"""The rows shown on a document's page: files, history, notes, relations."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..forms import NewDocumentFileForm
from ..models import DocumentEvent, DocumentFile, DocumentRelation, InternalNote
from .display import person


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
        return person(event.actor)

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
        return person(note.author)

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
