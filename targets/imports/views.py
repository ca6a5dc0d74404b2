"""Import from spreadsheets (upload → preview of every row → confirm) and Excel exports.

Between preview and confirm what the preview read waits in file storage under a random token kept
in the user's session (ntm_portal/lib/pending_imports.py): any app server can confirm it, only
the user who uploaded it can, and the file is not parsed again; cancelling deletes it. Confirming
applies the rows again against the database as it is then; nothing is written unless every row
is valid.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ntm_portal.lib import pending_imports
from ntm_portal.lib.importing import ImportConfirmForm, ImportUploadForm
from ntm_portal.lib.lists import own_district_query
from ntm_portal.lib.spreadsheet import Sheet, xlsx_response
from targets.filters import AppraisalFilter, CertificationFilter, CommuneStatusFilter
from targets.imports.columns import CERTIFICATION_COLUMNS, status_columns, template_sheets
from targets.imports.engine import RowOutcome, run_import
from targets.imports.resources import (
    AppraisalResource,
    CertificationResource,
    CommuneStatusResource,
    export_dataset,
)
from targets.models import AppraisalRequest, Certification, CommuneStatus
from units.access import Capability, access_of, require_capability


@dataclass(frozen=True)
class ImportKind:
    kind: str
    title: str
    what: str
    capability: str
    url_name: str
    template_name: str  # without .xlsx

    def columns(self):
        return CERTIFICATION_COLUMNS if self.kind == "certifications" else status_columns()


KINDS = {
    "certifications": ImportKind(
        kind="certifications",
        title="Nhập quyết định công nhận",
        what="quyết định công nhận",
        capability=Capability.RECORD_CERTIFICATION,
        url_name="targets:import_certifications",
        template_name="mau-nhap-cong-nhan",
    ),
    "statuses": ImportKind(
        kind="statuses",
        title="Nhập kết quả tiêu chí của xã",
        what="kết quả tiêu chí của xã",
        capability=Capability.EDIT_COMMUNE_STATUS,
        url_name="targets:import_statuses",
        template_name="mau-nhap-tieu-chi-xa",
    ),
}


def _kind_for(request, kind):
    """The import kind, after checking that the user may import it (403 otherwise)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("Không có loại dữ liệu nhập này.")
    require_capability(request.user, Capability.IMPORT_DATA)
    require_capability(request.user, spec.capability)
    return spec


def _kinds_for(user):
    """The import kinds this user may use: the tabs of the import pages."""
    access = access_of(user)
    return [spec for spec in KINDS.values() if access.can(spec.capability)]


def _preview(request, spec, report, token=None):
    return render(
        request,
        "targets/import_preview.html",
        {
            "spec": spec,
            "report": report,
            "outcomes": RowOutcome,
            "confirm_form": ImportConfirmForm(initial={"token": token}) if token else None,
            # Fixing a file and trying again starts from the preview, without a round trip.
            "form": ImportUploadForm(),
        },
    )


def _import_page(request, kind):
    spec = _kind_for(request, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = run_import(kind, data, upload.name, user=request.user, commit=False)
        if not report.file_errors:
            pending_imports.discard(request, kind)
            # Nothing to confirm when the file has errors or would change nothing.
            changes = report.count(RowOutcome.NEW) + report.count(RowOutcome.CHANGED)
            confirmable = not report.has_errors and changes
            token = (
                pending_imports.keep(request, kind, upload.name, report.table)
                if confirmable
                else None
            )
            return _preview(request, spec, report, token)
        for error in report.file_errors:
            form.add_error("file", error)
    return render(
        request,
        "targets/import_upload.html",
        {"spec": spec, "form": form, "columns": spec.columns(), "kinds": _kinds_for(request.user)},
    )


def import_certifications(request):
    return _import_page(request, "certifications")


def import_statuses(request):
    return _import_page(request, "statuses")


@require_POST
def import_confirm(request, kind):
    spec = _kind_for(request, kind)
    if "cancel" in request.POST:
        pending_imports.discard(request, kind)
        messages.info(request, "Đã hủy bản xem trước; chưa ghi gì.")
        return redirect(spec.url_name)
    form = ImportConfirmForm(request.POST)
    waiting = (
        pending_imports.take(request, kind, form.cleaned_data["token"]) if form.is_valid() else None
    )
    if waiting is None:
        messages.error(
            request,
            "Bản xem trước này không còn hiệu lực (đã xác nhận, hoặc đã tải lên tệp khác); "
            "hãy tải tệp lên lần nữa.",
        )
        return redirect(spec.url_name)
    filename, table = waiting
    report = run_import(kind, None, filename, user=request.user, commit=True, table=table)
    if not report.committed:
        messages.error(
            request,
            "Chưa ghi gì: dữ liệu đã thay đổi từ lúc xem trước và tệp nay có lỗi; "
            "hãy sửa tệp theo các lỗi bên dưới rồi tải lên lần nữa.",
        )
        return _preview(request, spec, report)
    messages.success(request, f"Đã nhập tệp “{filename}”: {report.summary}.")
    return redirect(spec.url_name)


def import_template(request, kind):
    """The xlsx template of a kind: headers and an example row, and a sheet explaining columns."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("Không có mẫu nhập cho loại dữ liệu này.")
    require_capability(request.user, Capability.VIEW)
    return xlsx_response(template_sheets(spec.columns()), spec.template_name)


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
