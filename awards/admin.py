from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.models import AwardKind


@admin.register(AwardKind)
class AwardKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "level", "decided_by"]
    list_filter = ["category", "level"]
