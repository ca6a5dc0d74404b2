from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from units.models import Assignment, Unit


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
