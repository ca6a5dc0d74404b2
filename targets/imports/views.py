"""The import templates and the Excel exports of targets. The upload → preview → confirm of
its imports is the one of every kind: ntm_portal/lib/dataio/views.py. The exports are the lists'
own (`?format=xlsx`, ntm_portal/lib/dataio/export.py); the URLs below are the same views."""

from django.http import Http404

from ntm_portal.lib.dataio.export import export_view
from ntm_portal.lib.spreadsheet import xlsx_response
from targets.imports.columns import CERTIFICATION_COLUMNS, status_columns, template_sheets
from targets.views.appraisals import AppraisalListView
from targets.views.certifications import CertificationListView
from targets.views.commune_status import StatusListView
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


# The lists' exports at their older URLs: the list views themselves, same filter and scope.
certification_export = export_view(CertificationListView)
status_export = export_view(StatusListView)
appraisal_export = export_view(AppraisalListView)
