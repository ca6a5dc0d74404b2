"""The import templates and the Excel exports of targets. The upload → preview → confirm of
its imports is the one of every kind: ntm_portal/lib/dataio/views.py."""

from django.http import Http404

from ntm_portal.lib.lists import own_district_query
from ntm_portal.lib.spreadsheet import Sheet, xlsx_response
from targets.filters import AppraisalFilter, CertificationFilter, CommuneStatusFilter
from targets.imports.columns import CERTIFICATION_COLUMNS, status_columns, template_sheets
from targets.imports.resources import (
    AppraisalResource,
    CertificationResource,
    CommuneStatusResource,
    export_dataset,
)
from targets.models import AppraisalRequest, Certification, CommuneStatus
from units.access import Capability, require_capability

# The xlsx template of each kind: its columns and the file name (without .xlsx).
TEMPLATES = {
    "certifications": (lambda: CERTIFICATION_COLUMNS, "mau-nhap-cong-nhan"),
    "statuses": (status_columns, "mau-nhap-tieu-chi-xa"),
}


def import_template(request, kind):
    """The xlsx template of a kind: headers and an example row, and a sheet explaining columns."""
    if kind not in TEMPLATES:
        raise Http404("Không có mẫu nhập cho loại dữ liệu này.")
    require_capability(request.user, Capability.VIEW)
    columns, name = TEMPLATES[kind]
    return xlsx_response(template_sheets(columns()), name)


def _export(title, dataset, stem):
    return xlsx_response([Sheet(title, list(dataset.headers), list(dataset))], stem, dated=True)


def certification_export(request):
    """The certification list as xlsx, filtered by the same query string as the list page."""
    require_capability(request.user, Capability.VIEW)
    certifications = Certification.objects.for_user(request.user)
    certifications = CertificationFilter(request.GET, queryset=certifications).qs
    dataset = export_dataset(CertificationResource(), certifications)
    return _export("Công nhận", dataset, "cong-nhan")


def status_export(request):
    """The commune status list as xlsx, filtered by the same query string as the list page
    (a district officer's opens on their own district, as the page does)."""
    require_capability(request.user, Capability.VIEW)
    statuses = CommuneStatus.objects.for_user(request.user)
    query = own_district_query(request, Capability.EDIT_COMMUNE_STATUS)
    statuses = CommuneStatusFilter(query, queryset=statuses.with_met_count()).qs
    dataset = export_dataset(CommuneStatusResource(), statuses)
    return _export("Kết quả tiêu chí", dataset, "ket-qua-tieu-chi-xa")


def appraisal_export(request):
    """The appraisal request list as xlsx, filtered by the same query string as the list page."""
    require_capability(request.user, Capability.VIEW)
    appraisals = AppraisalRequest.objects.for_user(request.user)
    appraisals = AppraisalFilter(request.GET, queryset=appraisals).qs
    dataset = export_dataset(AppraisalResource(), appraisals)
    return _export("Hồ sơ thẩm định", dataset, "ho-so-tham-dinh")
