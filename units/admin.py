from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from units.models import Assignment, IssuingBody, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "search_key"]
    ordering = ["sort_key"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["unit"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "kind", "place", "number_suffix", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "authority"]
    autocomplete_fields = ["unit"]
