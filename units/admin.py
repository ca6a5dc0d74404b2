from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ntm_portal.lib.admin_export import ReferenceExportMixin
from units.models import Assignment, IssuingBody, Unit, UnitSuccession


@admin.register(Unit)
class UnitAdmin(ReferenceExportMixin, SimpleHistoryAdmin):
    export_fields = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "search_key"]
    ordering = ["sort_key"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["unit"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(ReferenceExportMixin, SimpleHistoryAdmin):
    list_display = ["authority", "kind", "place", "number_suffix", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "authority"]
    autocomplete_fields = ["unit"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReferenceExportMixin, SimpleHistoryAdmin):
    list_display = ["predecessor", "successor", "relation", "effective_on"]
    list_filter = ["relation", "effective_on"]
    search_fields = ["predecessor__name", "predecessor__code", "successor__name", "successor__code"]
    autocomplete_fields = ["predecessor", "successor"]
