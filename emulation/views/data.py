"""Excel exports of every list of the movement, and the import templates.

Every export is declared once in emulation/exports.py and written by the one export path
(ntm_portal/lib/dataio/export.py). A list's export is the list view itself (`?format=xlsx`, or
the older URLs below, `export_view`): the same filter and the same scope as its page. The upload
→ preview → confirm of the imports is ntm_portal/lib/dataio/views.py.
"""

from django.http import Http404

from emulation import exports
from emulation.completeness import completeness
from emulation.imports import PARTICIPANT_COLUMNS, REGISTRATION_COLUMNS
from emulation.models import Phase
from emulation.ranking import standings
from emulation.views.exemplars import ExemplarListView
from emulation.views.movement import ClusterListView, ParticipantListView
from emulation.views.registrations import RegistrationListView
from emulation.views.reports import ReportListView
from emulation.views.reviews import ReviewListView
from ntm_portal.lib.dataio import export
from ntm_portal.lib.spreadsheet import Sheet, xlsx_response
from units.access import Capability, get_scoped_or_403, require_capability

participant_export = export.export_view(ParticipantListView)
cluster_export = export.export_view(ClusterListView)
registration_export = export.export_view(RegistrationListView)
review_export = export.export_view(ReviewListView)
exemplar_export = export.export_view(ExemplarListView)
report_export = export.export_view(ReportListView)


def ranking_export(request, pk):
    phase = get_scoped_or_403(Phase.objects.labelled(), request.user, Capability.VIEW, pk=pk)
    return exports.RANKING.response(
        standings(phase),
        user=request.user,
        filename=f"xep-hang-{phase.kind}-{phase.year}",
        areas=list(phase.movement.content_areas.all()),
    )


def completeness_export(request, pk):
    phase = get_scoped_or_403(Phase.objects.labelled(), request.user, Capability.VIEW, pk=pk)
    result = completeness(phase)
    return export.response(
        [
            (exports.COMPLETENESS_BY_CLUSTER, result.clusters),
            (exports.COMPLETENESS_BY_DISTRICT, result.districts),
        ],
        f"tinh-hinh-dang-ky-{phase.kind}-{phase.year}",
        user=request.user,
    )


# --- import templates (the upload → preview → confirm: ntm_portal/lib/dataio/views.py) -----------

KINDS = {
    "participants": ("Nhập đơn vị tham gia thi đua", PARTICIPANT_COLUMNS),
    "registrations": ("Nhập đăng ký thi đua", REGISTRATION_COLUMNS),
}


def _kind(kind):
    if kind not in KINDS:
        raise Http404("Không có loại dữ liệu nhập này.")
    return KINDS[kind]


def import_template(request, kind):
    title, columns = _kind(kind)
    require_capability(request.user, Capability.REGISTER_EMULATION)
    example = (
        [["SNN", "Sở Nông nghiệp và Phát triển nông thôn", "Sở, ban, ngành tỉnh", "", "có", ""]]
        if kind == "participants"
        else [
            ["Sơ kết năm", 2025, "910", 1, "Phát triển 2 hợp tác xã liên kết sản xuất lúa", 1, 1, 0]
        ]
    )
    return xlsx_response([Sheet(title[:30], columns, example)], f"mau-{kind}", dated=True)
