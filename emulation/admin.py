from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from emulation.models import ContentArea, Movement


class ContentAreaInline(admin.StackedInline):
    model = ContentArea
    extra = 0


@admin.register(Movement)
class MovementAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan"]
    inlines = [ContentAreaInline]
