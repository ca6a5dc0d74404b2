"""The spreadsheet columns of certifications and commune statuses, and their Excel exports.

One list of columns per kind serves the import (targets/importing.py), the downloadable template
and the export, so that an exported file imports back unchanged. Units are identified by their
official GSO codes, decisions by number, issuer and year: never by database ids.
"""

from dataclasses import dataclass

from django.utils import timezone
from import_export import resources
from import_export.fields import Field
from import_export.widgets import IntegerWidget

from targets.models import Criterion, Issuer, Standard
from units.models import Unit

MET_WORDS = ("đạt", "x", "1")
UNMET_WORDS = ("chưa đạt", "0", "")


@dataclass(frozen=True)
class Column:
    """A column of an import file: its key, its header, whether a value is required, and help."""

    key: str
    header: str
    required: bool
    help: str
    example: object = ""


def _choices_text(choices):
    return "; ".join(f"“{label}” (hoặc “{value}”)" for value, label in choices)


CERTIFICATION_COLUMNS = [
    Column(
        "unit_code",
        "Mã đơn vị",
        False,
        "Mã của xã hoặc đơn vị cấp huyện theo danh mục của Tổng cục Thống kê, ví dụ 30947. "
        "Có thể để trống nếu ghi “Tên đơn vị” và “Mã huyện” (chỉ áp dụng cho xã).",
        "910",
    ),
    Column(
        "unit_name",
        "Tên đơn vị",
        False,
        "Tên xã hoặc đơn vị cấp huyện, không kèm chữ “Xã”/“Huyện”. Nếu có mã đơn vị thì tên phải "
        "khớp mã; nếu không có mã thì tên phải chỉ đúng một xã của huyện ghi ở cột “Mã huyện”. "
        "Không phân biệt “Hòa”/“Hoà”, chữ hoa hay chữ thường.",
        "Vĩnh Thuận",
    ),
    Column(
        "district_code",
        "Mã huyện",
        False,
        "Mã đơn vị cấp huyện chứa xã (với đơn vị cấp huyện: chính mã của nó), ví dụ 906. "
        "Bắt buộc khi không ghi “Mã đơn vị”.",
        "910",
    ),
    Column(
        "standard",
        "Chuẩn",
        True,
        "Chuẩn được công nhận: " + _choices_text(Standard.choices) + ". "
        "Chuẩn nâng cao cần có chuẩn NTM trước (có thể trong cùng quyết định), kiểu mẫu cần "
        "nâng cao; thành phố thuộc tỉnh thì ghi “Hoàn thành nhiệm vụ xây dựng NTM”.",
        Standard.NTM.label,
    ),
    Column(
        "standard_year",
        "Năm đạt chuẩn",
        True,
        "Năm đạt chuẩn ghi trong quyết định (“đạt chuẩn NTM năm 2020”), 4 chữ số.",
        2020,
    ),
    Column(
        "decision_number",
        "Số quyết định",
        True,
        "Số quyết định công nhận theo mẫu số/QĐ-cơ quan, ví dụ 669/QĐ-TTg, 1007/QĐ-UBND. "
        "Các dòng cùng số, cùng cấp quyết định và cùng năm là một quyết định: ngày và người ký "
        "phải giống nhau.",
        "669/QĐ-TTg",
    ),
    Column(
        "decision_date",
        "Ngày quyết định",
        True,
        "Ngày ký quyết định, dạng dd/mm/yyyy, không ở tương lai.",
        "02/06/2022",
    ),
    Column(
        "issuer",
        "Cấp quyết định",
        True,
        "Cơ quan ra quyết định: " + _choices_text(Issuer.choices) + ".",
        Issuer.PRIME_MINISTER.label,
    ),
    Column("signer", "Người ký", False, "Họ tên người ký quyết định.", ""),
    Column("notes", "Ghi chú", False, "Ghi chú về việc công nhận.", ""),
    Column(
        "revoked_on",
        "Ngày thu hồi",
        False,
        "Chỉ ghi khi công nhận đã bị thu hồi: ngày thu hồi, dạng dd/mm/yyyy. Phải ghi cùng "
        "“Số QĐ thu hồi”. Nhập tệp không hủy được việc thu hồi đã ghi nhận.",
        "",
    ),
    Column(
        "revocation_number",
        "Số QĐ thu hồi",
        False,
        "Số quyết định thu hồi, ví dụ 1520/QĐ-UBND; ghi cùng “Ngày thu hồi”.",
        "",
    ),
    Column("revocation_reason", "Lý do thu hồi", False, "Lý do thu hồi công nhận.", ""),
]

STATUS_FIXED_COLUMNS = [
    Column(
        "commune_code",
        "Mã xã",
        False,
        "Mã xã theo danh mục của Tổng cục Thống kê, ví dụ 30947. Có thể để trống nếu ghi "
        "“Tên xã” và “Mã huyện”.",
        "31060",
    ),
    Column(
        "commune_name",
        "Tên xã",
        False,
        "Tên xã, không kèm chữ “Xã”. Nếu có mã xã thì tên phải khớp mã; nếu không có mã thì tên "
        "phải chỉ đúng một xã của huyện ghi ở cột “Mã huyện”.",
        "Vĩnh Bình Bắc",
    ),
    Column(
        "district_code",
        "Mã huyện",
        False,
        "Mã đơn vị cấp huyện chứa xã, ví dụ 910. Bắt buộc khi không ghi “Mã xã”.",
        "910",
    ),
    Column(
        "year",
        "Năm",
        True,
        "Năm đánh giá, 4 chữ số, không ở tương lai. Mỗi xã chỉ một dòng cho mỗi năm.",
        2024,
    ),
]

STATUS_TAIL_COLUMNS = [
    Column(
        "next_standard",
        "Chuẩn phấn đấu tiếp theo",
        False,
        "Chuẩn xã phấn đấu đạt tiếp theo: "
        + _choices_text(Standard.choices)
        + "; để trống nếu chưa xác định.",
        Standard.ADVANCED.label,
    ),
    Column(
        "planned_year",
        "Năm dự kiến đạt",
        False,
        "Năm dự kiến đạt chuẩn tiếp theo, không trước năm đánh giá.",
        2025,
    ),
    Column("notes", "Ghi chú", False, "Ghi chú về kết quả của xã trong năm.", ""),
]


def criterion_key(number):
    return f"tc{number}"


def status_criteria():
    """The criteria whose columns a status file has: those of the newest commune NTM set."""
    latest = (
        Criterion.objects.filter(
            criteria_set__level=Unit.Level.COMMUNE, criteria_set__standard=Standard.NTM
        )
        .order_by("-criteria_set__valid_from")
        .values_list("criteria_set", flat=True)
        .first()
    )
    return list(Criterion.objects.filter(criteria_set=latest).order_by("number"))


def status_columns(criteria=None):
    criteria = status_criteria() if criteria is None else criteria
    met = "; ".join(f"“{word}”" for word in MET_WORDS)
    unmet = "; ".join(f"“{word}”" for word in UNMET_WORDS if word)
    criterion_columns = [
        Column(
            criterion_key(criterion.number),
            f"TC{criterion.number}",
            False,
            f"Tiêu chí {criterion.number}: {criterion.name}. Đạt: ghi {met}. "
            f"Chưa đạt: ghi {unmet} hoặc để trống.",
            MET_WORDS[0],
        )
        for criterion in criteria
    ]
    return STATUS_FIXED_COLUMNS + criterion_columns + STATUS_TAIL_COLUMNS


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


class CertificationResource(resources.Resource):
    """Certifications in the columns of the import file, one row per recognised unit."""

    unit_code = Field(attribute="unit__code")
    unit_name = Field(attribute="unit__name")
    district_code = Field()
    standard = Field()
    standard_year = Field(attribute="standard_year", widget=IntegerWidget(coerce_to_string=False))
    decision_number = Field(attribute="decision__number")
    decision_date = Field()
    issuer = Field()
    signer = Field(attribute="decision__signer")
    notes = Field(attribute="notes")
    revoked_on = Field()
    revocation_number = Field(attribute="revocation_number")
    revocation_reason = Field(attribute="revocation_reason")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for column in CERTIFICATION_COLUMNS:
            self.fields[column.key].column_name = column.header

    def get_export_order(self):
        return tuple(column.key for column in CERTIFICATION_COLUMNS)

    @staticmethod
    def queryset(queryset):
        return queryset.select_related("unit__parent", "decision").order_by(
            "decision__issued_on", "decision__number", "unit__sort_key", "standard"
        )

    def dehydrate_district_code(self, certification):
        return certification.unit.district().code

    def dehydrate_standard(self, certification):
        return certification.get_standard_display()

    def dehydrate_decision_date(self, certification):
        return _date(certification.decision.issued_on)

    def dehydrate_issuer(self, certification):
        return certification.decision.get_issuer_display()

    def dehydrate_revoked_on(self, certification):
        return _date(certification.revoked_on)


class CommuneStatusResource(resources.Resource):
    """Commune statuses in the columns of the import file, one row per commune and year."""

    commune_code = Field(attribute="commune__code")
    commune_name = Field(attribute="commune__name")
    district_code = Field(attribute="commune__parent__code")
    year = Field(attribute="year", widget=IntegerWidget(coerce_to_string=False))
    next_standard = Field()
    planned_year = Field()
    notes = Field(attribute="notes")

    def __init__(self, criteria=None, **kwargs):
        super().__init__(**kwargs)
        self.columns = status_columns(criteria)
        for column in self.columns:
            if column.key not in self.fields:
                number = int(column.key.removeprefix("tc"))
                self.fields[column.key] = Field(
                    dehydrate_method=lambda status, number=number: self.met_word(status, number)
                )
            self.fields[column.key].column_name = column.header

    def get_export_order(self):
        return tuple(column.key for column in self.columns)

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

    @staticmethod
    def met_word(status, number):
        if not hasattr(status, "_met_by_number"):
            status._met_by_number = {
                result.criterion.number: result.met for result in status.results.all()
            }
        return "đạt" if status._met_by_number.get(number) else "chưa đạt"

    def dehydrate_next_standard(self, status):
        return status.get_next_standard_display() if status.next_standard else ""

    def dehydrate_planned_year(self, status):
        return status.planned_year if status.planned_year is not None else ""


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
        return _date(timezone.localtime(event.at).date()) if event else ""

    def dehydrate_decision(self, appraisal):
        return str(appraisal.certification.decision) if appraisal.certification_id else ""


def export_dataset(resource, queryset):
    """The tablib Dataset of a queryset, in the resource's columns."""
    return resource.export(queryset=resource.queryset(queryset))
