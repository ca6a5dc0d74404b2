from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from targets.models import CriteriaSet, Criterion, Indicator, NamedTarget, Plan, YearlyTarget


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "standard", "version", "valid_from", "valid_to"]
    inlines = [CriterionInline]


for model in (Plan, Indicator, YearlyTarget, NamedTarget):
    admin.site.register(model, SimpleHistoryAdmin)
