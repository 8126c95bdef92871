"""The groups in the admin, for the secretariat: names, periods, participation, officers
and who holds which role. Only a superuser adds a group or gives roles in it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import GroupOfficer, GroupPeriod, GroupRole, Participation, WorkingGroup


class PeriodInline(admin.TabularInline):
    model = GroupPeriod
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


class OfficerInline(admin.TabularInline):
    model = GroupOfficer
    extra = 0


class RoleInline(admin.TabularInline):
    model = GroupRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "slug", "order"]
    search_fields = ["acronym", "name", "slug"]
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [PeriodInline, ParticipationInline, OfficerInline, RoleInline]
    fieldsets = [
        (None, {"fields": ["acronym", "name", "slug", "order"]}),
        (
            _("Names in the other languages"),
            {
                "fields": [
                    ("acronym_ar", "name_ar"),
                    ("acronym_zh", "name_zh"),
                    ("acronym_fr", "name_fr"),
                    ("acronym_ru", "name_ru"),
                    ("acronym_es", "name_es"),
                ]
            },
        ),
    ]

    @staticmethod
    def _superuser(request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return self._superuser(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request) -> bool:
        return self._superuser(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._superuser(request)
