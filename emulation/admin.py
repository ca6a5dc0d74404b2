from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from emulation.models import (
    Cluster,
    ClusterMember,
    ContentArea,
    Exemplar,
    ExemplarFile,
    Movement,
    MovementReport,
    Participant,
    Phase,
    Registration,
    RegistrationItem,
    ReopenRequest,
    Review,
    Score,
    ScoringCriterion,
)


class ContentAreaInline(admin.StackedInline):
    model = ContentArea
    extra = 0


@admin.register(Movement)
class MovementAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan"]
    inlines = [ContentAreaInline]


class ScoringCriterionInline(admin.TabularInline):
    model = ScoringCriterion
    extra = 0


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "registration_deadline", "assessment_deadline"]
    list_filter = ["kind", "year"]
    inlines = [ScoringCriterionInline]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["code", "__str__", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name", "unit__name"]
    raw_id_fields = ["unit"]


class ClusterMemberInline(admin.TabularInline):
    model = ClusterMember
    extra = 0
    raw_id_fields = ["participant"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "kind", "leader", "deputy"]
    list_filter = ["year", "kind"]
    inlines = [ClusterMemberInline]


class RegistrationItemInline(admin.StackedInline):
    model = RegistrationItem
    extra = 0


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "phase", "state", "late"]
    list_filter = ["phase", "state", "late"]
    inlines = [RegistrationItemInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "phase", "state", "late"]
    list_filter = ["phase", "state", "late"]
    inlines = [ScoreInline]


class ExemplarFileInline(admin.TabularInline):
    model = ExemplarFile
    extra = 0


@admin.register(Exemplar)
class ExemplarAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "year", "spread"]
    list_filter = ["kind", "year", "spread"]
    search_fields = ["title"]
    inlines = [ExemplarFileInline]


@admin.register(MovementReport)
class MovementReportAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "number", "report_date"]


@admin.register(ReopenRequest)
class ReopenRequestAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "phase", "what", "state", "requested_at", "new_deadline"]
    list_filter = ["state", "what", "phase"]
    raw_id_fields = ["participant", "requested_by", "decided_by"]
