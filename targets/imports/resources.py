"""Excel exports through django-import-export, in the columns of targets/imports/columns.py.

The certification and commune-status resources take their fields from the column lists that the
import reads, so an exported file imports back unchanged; the appraisal list is export-only.
"""

from django.utils import timezone
from import_export import resources
from import_export.fields import Field
from import_export.widgets import IntegerWidget

from targets.imports.columns import CERTIFICATION_COLUMNS, date_text, status_columns


class ColumnResource(resources.Resource):
    """A resource whose fields are a file kind's columns, in their order, under their headers."""

    def __init__(self, columns, **kwargs):
        super().__init__(**kwargs)
        self.columns = columns
        self.fields = {
            column.key: Field(column_name=column.header, dehydrate_method=column.export)
            for column in columns
        }

    def get_export_order(self):
        return tuple(column.key for column in self.columns)


class CertificationResource(ColumnResource):
    """Certifications in the columns of the import file, one row per recognised unit."""

    def __init__(self, **kwargs):
        super().__init__(CERTIFICATION_COLUMNS, **kwargs)

    @staticmethod
    def queryset(queryset):
        return queryset.select_related("unit__parent", "decision").order_by(
            "decision__issued_on", "decision__number", "unit__sort_key", "standard"
        )


class CommuneStatusResource(ColumnResource):
    """Commune statuses in the columns of the import file, one row per commune and year."""

    def __init__(self, criteria=None, **kwargs):
        super().__init__(status_columns(criteria), **kwargs)

    @staticmethod
    def queryset(queryset):
        return (
            queryset.select_related("commune__parent")
            .prefetch_related("results__criterion")
            .order_by("commune__parent__sort_key", "commune__sort_key", "commune__code", "year")
        )

    def export(self, queryset=None, **kwargs):
        # A list, not a queryset: import-export pages through prefetching querysets, which would
        # cost queries per page instead of one per relation.
        return super().export(queryset=list(queryset), **kwargs)


class AppraisalResource(resources.Resource):
    """Appraisal requests for export: one row per request, with its latest step."""

    commune_code = Field(attribute="commune__code", column_name="Mã xã")
    commune_name = Field(attribute="commune__name", column_name="Tên xã")
    district = Field(column_name="Đơn vị cấp huyện")
    standard = Field(column_name="Chuẩn đề nghị")
    standard_year = Field(
        attribute="standard_year",
        column_name="Năm đạt chuẩn đề nghị",
        widget=IntegerWidget(coerce_to_string=False),
    )
    submission_number = Field(attribute="submission_number", column_name="Số tờ trình")
    met_at_submission = Field(column_name="Tiêu chí đạt khi trình")
    state = Field(column_name="Trạng thái")
    last_step = Field(column_name="Bước gần nhất")
    last_step_on = Field(column_name="Ngày bước gần nhất")
    decision = Field(column_name="Quyết định công nhận")

    def get_export_order(self):
        return tuple(self.fields)

    @staticmethod
    def queryset(queryset):
        return (
            queryset.select_related("commune__parent", "certification__decision")
            .prefetch_related("events")
            .order_by("-created_at", "pk")
        )

    def dehydrate_district(self, appraisal):
        return appraisal.commune.parent.full_name

    def dehydrate_standard(self, appraisal):
        return appraisal.get_standard_display()

    def dehydrate_met_at_submission(self, appraisal):
        return f"{appraisal.met_count}/{len(appraisal.criteria_snapshot)}"

    def dehydrate_state(self, appraisal):
        return appraisal.get_state_display()

    def _last_event(self, appraisal):
        events = list(appraisal.events.all())
        return events[-1] if events else None

    def dehydrate_last_step(self, appraisal):
        event = self._last_event(appraisal)
        return event.get_action_display() if event else ""

    def dehydrate_last_step_on(self, appraisal):
        event = self._last_event(appraisal)
        return date_text(timezone.localtime(event.at).date()) if event else ""

    def dehydrate_decision(self, appraisal):
        return str(appraisal.certification.decision) if appraisal.certification_id else ""


def export_dataset(resource, queryset):
    """The tablib Dataset of a queryset, in the resource's columns."""
    return resource.export(queryset=resource.queryset(queryset))
