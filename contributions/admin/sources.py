"""Who documents come from, and the topics they are tagged with."""

from __future__ import annotations

from django.contrib import admin

from .. import services
from ..models import Source, Topic


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
