from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.models import (
    AwardAmount,
    AwardDecision,
    AwardKind,
    AwardRecord,
    BaseSalary,
    CouncilSession,
    Nomination,
    Nominee,
    Prerequisite,
    PrinterCalibration,
)
from ntm_portal.lib.admin_export import ReferenceExportMixin


class PrerequisiteInline(admin.TabularInline):
    model = Prerequisite
    fk_name = "kind"
    extra = 0


class AwardAmountInline(admin.TabularInline):
    model = AwardAmount
    extra = 0


@admin.register(AwardKind)
class AwardKindAdmin(ReferenceExportMixin, SimpleHistoryAdmin):
    list_display = ["name", "category", "level", "decided_by", "proposed_by"]
    list_filter = ["category", "level"]
    inlines = [PrerequisiteInline, AwardAmountInline]


@admin.register(BaseSalary)
class BaseSalaryAdmin(ReferenceExportMixin, SimpleHistoryAdmin):
    list_display = ["amount", "valid_from", "legal_basis"]


@admin.register(Nominee)
class NomineeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nominee_type", "birth_year", "district", "merged_into"]
    list_filter = ["nominee_type"]
    search_fields = ["name", "search_key"]


@admin.register(AwardRecord)
class AwardRecordAdmin(SimpleHistoryAdmin):
    list_display = ["nominee", "kind", "year", "decision_number", "issuer"]
    list_filter = ["kind"]


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ["nominee", "kind", "phase", "state"]
    list_filter = ["state", "kind"]
    readonly_fields = ["state"]


@admin.register(CouncilSession)
class CouncilSessionAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "phase", "chair"]


@admin.register(AwardDecision)
class AwardDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "issued_on", "signer"]


@admin.register(PrinterCalibration)
class PrinterCalibrationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "offset_x_mm", "offset_y_mm"]
