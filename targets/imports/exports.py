"""The exports of the targets lists, declared once (ntm_portal/lib/dataio/export.py).

Certifications and commune statuses are written in the columns their import reads
(targets/imports/columns.py), so an exported file imports back unchanged; the appraisal requests
are export-only.
"""

from django.utils import timezone

from ntm_portal.lib.dataio.export import Column, Export, from_columns
from targets.imports.columns import CERTIFICATION_COLUMNS, status_columns


def _last_event(appraisal):
    events = list(appraisal.events.all())
    return events[-1] if events else None


CERTIFICATIONS = Export(
    "Công nhận",
    "cong-nhan",
    from_columns(CERTIFICATION_COLUMNS),
    prepare=lambda certifications: certifications.select_related("unit__parent", "decision"),
)

STATUSES = Export(
    "Kết quả tiêu chí",
    "ket-qua-tieu-chi-xa",
    lambda context: from_columns(status_columns()),
    prepare=lambda statuses: statuses.select_related("commune__parent").prefetch_related(
        "results__criterion"
    ),
)

APPRAISALS = Export(
    "Hồ sơ thẩm định",
    "ho-so-tham-dinh",
    [
        Column("Mã xã", lambda a: a.commune.code),
        Column("Tên xã", lambda a: a.commune.name),
        Column("Đơn vị cấp huyện", lambda a: a.commune.parent.full_name),
        Column("Chuẩn đề nghị", lambda a: a.get_standard_display()),
        Column("Năm đạt chuẩn đề nghị", lambda a: a.standard_year),
        Column("Số tờ trình", lambda a: a.submission_number),
        Column("Tiêu chí đạt khi trình", lambda a: f"{a.met_count}/{len(a.criteria_snapshot)}"),
        Column("Trạng thái", lambda a: a.get_state_display()),
        Column("Bước gần nhất", lambda a: (e := _last_event(a)) and e.get_action_display()),
        Column(
            "Ngày bước gần nhất",
            lambda a: (e := _last_event(a)) and timezone.localtime(e.at).date(),
        ),
        Column(
            "Quyết định công nhận",
            lambda a: str(a.certification.decision) if a.certification_id else "",
        ),
    ],
    prepare=lambda appraisals: appraisals.select_related(
        "commune__parent", "certification__decision"
    ).prefetch_related("events"),
)
