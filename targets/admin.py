from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ntm_portal.lib.admin_export import ReferenceExportMixin
from targets.models import (
    CommuneGroup,
    CriteriaSet,
    Criterion,
    Indicator,
    NamedTarget,
    Plan,
    YearlyTarget,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReferenceExportMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "standard", "version", "valid_from", "valid_to"]
    inlines = [CriterionInline]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["number", "scope", "start_year", "end_year"]

    def has_delete_permission(self, request, obj=None):
        # A plan in use (a movement, a report assessment) is never deleted (Plan.delete).
        if obj is not None and obj.uses():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(CommuneGroup)
class CommuneGroupAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "group", "criteria_set"]
    list_filter = ["year", "group", "criteria_set"]


for model in (Indicator, YearlyTarget, NamedTarget):
    admin.site.register(model, SimpleHistoryAdmin)
