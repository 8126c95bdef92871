from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem, Meeting, Officer, Outcome, Presentation, ReportParagraph


class OfficerInline(admin.TabularInline):
    model = Officer
    extra = 0


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1


class ReportParagraphInline(admin.StackedInline):
    model = ReportParagraph
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "start_date",
        "end_date",
        "format",
        "status",
        "contribution_deadline",
    ]
    list_filter = ["status", "format"]
    search_fields = ["number", "venue"]
    inlines = [OfficerInline, AgendaItemInline, ReportParagraphInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "order"]
    list_filter = ["meeting"]
    search_fields = ["title"]


@admin.register(Presentation)
class PresentationAdmin(admin.ModelAdmin):
    list_display = ["order", "__str__", "meeting", "status"]
    list_display_links = ["__str__"]
    list_filter = ["meeting", "status"]
    list_select_related = ["meeting", "document"]
    search_fields = ["title", "summary", "document__title", "document__number"]
    autocomplete_fields = ["document", "presenters", "agenda_item"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["order", "meeting", "kind", "short_text", "status", "due_meeting"]
    list_display_links = ["short_text"]
    list_filter = ["meeting", "kind", "status"]
    list_select_related = ["meeting", "due_meeting"]
    search_fields = ["text"]
    autocomplete_fields = ["responsible", "fulfilled_by_document"]

    @admin.display(description=_("text"))
    def short_text(self, outcome: Outcome) -> str:
        return outcome.text[:100]
