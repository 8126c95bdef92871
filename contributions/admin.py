from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import DocumentFileForm
from .models import Document, DocumentFile, DocumentRelation, DocumentSource, Source, Topic


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "itu_region", "parent"]
    list_filter = ["kind", "itu_region"]
    search_fields = ["name", "short_name", "slug", "country"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    filter_horizontal = ["delegates"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class DocumentSourceInline(admin.TabularInline):
    model = DocumentSource
    extra = 1
    autocomplete_fields = ["source"]
    verbose_name_plural = _("sources, in the order the document names them")


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    form = DocumentFileForm
    extra = 1
    fields = ["language", "file", "original_name", "size", "content_type", "extraction_status"]
    readonly_fields = ["original_name", "size", "content_type", "extraction_status"]


class DocumentRelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "document"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "meeting", "kind", "status", "is_late", "published_at"]
    list_filter = ["status", "kind", "meeting", "is_late", "topics"]
    list_select_related = ["meeting"]
    search_fields = ["number", "title", "summary", "sources__name"]
    autocomplete_fields = ["submitted_by"]
    filter_horizontal = ["topics"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [DocumentSourceInline, DocumentFileInline, DocumentRelationInline]
    fieldsets = [
        (None, {"fields": ["meeting", "kind", "title", "agenda_item", "original_language"]}),
        (
            _("Number and status"),
            {"fields": ["number", "sequence", "revision", "status", "is_late"]},
        ),
        (_("Content"), {"fields": ["summary", "topics"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "submitted_by",
                    "submitted_at",
                    "accepted_at",
                    "published_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
