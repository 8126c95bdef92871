"""Who documents come from, and the topics they are tagged with."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from .. import records, services
from ..models import Source, Topic


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
