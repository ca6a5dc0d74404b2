"""The one set of import pages, for every kind of `registry.KINDS`: upload → preview → confirm,
in one template (templates/dataio/import.html).

The upload reads the file once (`pipeline.run`, partial, nothing written) and shows every row,
and what each choice would do with their counts: "Nhập tất cả" (only when no row has an error)
and "Nhập các dòng hợp lệ" (when some rows are valid and some are not). What the preview read
waits in file storage (`ntm_portal.lib.pending_imports`), its token in the session; the confirm
applies it again against the database as it is then, in one transaction, without parsing the
file again. After a partial import the refused rows are kept for their user to download as an
xlsx with a "Lỗi" column.

One user runs at most `MAX_CONCURRENT_IMPORTS` uploads or confirms at a time (a slot in the
cache per running import, freed at its end or after `SLOT_SECONDS`): a user who sends many files
at once cannot hold every worker of the portal; the extra ones are refused with the limit named.
"""

import contextlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from ntm_portal.lib import pending_imports
from ntm_portal.lib.dataio import pipeline, registry
from ntm_portal.lib.importing import ImportConfirmForm, ImportUploadForm, RowOutcome
from ntm_portal.lib.spreadsheet import XLSX_MIME

MAX_CONCURRENT_IMPORTS = 2
SLOT_SECONDS = 120


class Busy(Exception):
    pass


BUSY_MESSAGE = (
    f"Bạn đang có {MAX_CONCURRENT_IMPORTS} lần nhập dữ liệu chưa xong, đã đến giới hạn "
    f"{MAX_CONCURRENT_IMPORTS} lần nhập cùng lúc của một người dùng; hãy đợi các lần đó xong "
    "rồi tải lên lần nữa."
)


def _slot_key(user, index):
    return f"dataio:import-slot:{user.pk}:{index}"


@contextlib.contextmanager
def import_slot(user):
    """Hold one of the user's import slots while the block runs; `Busy` when all are taken."""
    for index in range(MAX_CONCURRENT_IMPORTS):
        key = _slot_key(user, index)
        if cache.add(key, 1, timeout=SLOT_SECONDS):
            break
    else:
        raise Busy
    try:
        yield
    finally:
        cache.delete(key)


def _kind(request, kind):
    spec = registry.KINDS.get(kind)
    if spec is None:
        raise Http404("Không có loại dữ liệu nhập này.")
    if not request.user.is_authenticated or not spec.allowed(request.user):
        raise PermissionDenied("Bạn không có quyền nhập loại dữ liệu này.")
    return spec


def _page(request, spec, *, form=None, report=None, token=None, refused_token=None):
    columns = None
    if report is None:
        columns = spec.columns_with_help()
    return render(
        request,
        "dataio/import.html",
        {
            "spec": spec,
            "kinds": registry.for_user(request.user),
            "form": form or ImportUploadForm(),
            "columns": columns,
            "report": report,
            "choices": pipeline.choices(report) if report is not None and report.rows else [],
            "token": token,
            "confirm_form": ImportConfirmForm(initial={"token": token}) if token else None,
            "refused_token": refused_token,
            "valid": len(report.rows) - len(report.refused) if report is not None else 0,
            "outcomes": RowOutcome,
        },
    )


def upload(request, kind):
    spec = _kind(request, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, spec, form=form)
    upload_file = form.cleaned_data["file"]
    try:
        with import_slot(request.user):
            report = pipeline.run(
                kind, upload_file.read(), upload_file.name, user=request.user, partial=True
            )
    except Busy:
        form.add_error("file", BUSY_MESSAGE)
        return _page(request, spec, form=form)
    if report.file_errors:
        for error in report.file_errors:
            form.add_error("file", error)
        return _page(request, spec, form=form)
    pending_imports.discard(request, kind)
    valid = len(report.rows) - len(report.refused)
    changes = report.count(RowOutcome.NEW) + report.count(RowOutcome.CHANGED)
    token = (
        pending_imports.keep(request, kind, upload_file.name, report.table)
        if valid and changes
        else None
    )
    return _page(request, spec, report=report, token=token)


@require_POST
def confirm(request, kind):
    spec = _kind(request, kind)
    if "cancel" in request.POST:
        pending_imports.discard(request, kind)
        messages.info(request, "Đã hủy bản xem trước; chưa ghi gì.")
        return redirect(spec.upload_url)
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
        return redirect(spec.upload_url)
    filename, table = waiting
    partial = request.POST.get("mode") == "partial"
    try:
        with import_slot(request.user):
            report = pipeline.run(
                kind, None, filename, user=request.user, commit=True, partial=partial, table=table
            )
    except Busy:
        messages.error(request, BUSY_MESSAGE)
        return redirect(spec.upload_url)
    if not report.committed:
        messages.error(
            request,
            "Chưa ghi gì: dữ liệu đã thay đổi từ lúc xem trước và tệp nay có lỗi; "
            "hãy sửa tệp theo các lỗi bên dưới rồi tải lên lần nữa.",
        )
        return _page(request, spec, report=report)
    if not report.refused:
        messages.success(request, f"Đã nhập tệp “{filename}”: {report.summary}.")
        return redirect(spec.list_url or spec.upload_url)
    stem = filename.rsplit(".", 1)[0]
    refused_token = pending_imports.keep_refused(
        request, kind, f"{stem}-dong-loi.xlsx", pipeline.refused_rows_xlsx(report)
    )
    written = len(report.rows) - len(report.refused)
    messages.success(
        request,
        f"Đã nhập {written} dòng hợp lệ của tệp “{filename}”; {len(report.refused)} dòng lỗi "
        "chưa ghi: tải tệp các dòng lỗi bên dưới, sửa rồi nhập lại.",
    )
    return _page(request, spec, report=report, refused_token=refused_token)


def refused(request, kind, token):
    """The refused rows of the user's last partial import of this kind, as xlsx."""
    _kind(request, kind)
    found = pending_imports.refused_file(request, kind, token)
    if found is None:
        raise Http404("Tệp các dòng lỗi không còn (quá một ngày, hoặc đã có lần nhập khác).")
    filename, data = found
    response = HttpResponse(data, content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
