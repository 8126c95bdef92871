"""Filters of the public documents list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting

from .models import Document, Source


def _country_choices() -> list[tuple[str, str]]:
    states = Source.objects.member_states().filter(documents__status=Document.Status.PUBLISHED)
    return [(source.country.code, source.name) for source in states.distinct().order_by("name")]


class DocumentFilter(django_filters.FilterSet):
    meeting = django_filters.ModelMultipleChoiceFilter(
        label=_("Meeting"),
        field_name="meeting",
        to_field_name="number",
        queryset=Meeting.objects.order_by("-number"),
    )
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Document.Kind.choices)
    country = django_filters.MultipleChoiceFilter(
        label=_("Country"), choices=_country_choices, method="filter_country"
    )

    class Meta:
        model = Document
        fields = ["meeting", "kind", "country"]

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            sources__kind=Source.Kind.MEMBER_STATE, sources__country__in=value
        ).distinct()
