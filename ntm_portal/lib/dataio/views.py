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

A file of more than `jobs.foreground_rows()` data rows is previewed, and confirmed, by a job in
the background (`jobs`): the request answers at once with the job's page, which shows its
progress and reloads itself until the preview or the result is there. The job keeps its slot.
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
from ntm_portal.lib.dataio import jobs, pipeline, registry
from ntm_portal.lib.importing import (
    ImportConfirmForm,
    ImportReport,
    ImportUploadForm,
    RowOutcome,
    read_file,
)
from ntm_portal.lib.numbers import decimal
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


def take_slot(user, seconds=SLOT_SECONDS):
    """The cache key of one of the user's import slots, now taken for `seconds` at most;
    `Busy` when all are taken."""
    for index in range(MAX_CONCURRENT_IMPORTS):
        key = _slot_key(user, index)
        if cache.add(key, 1, timeout=seconds):
            return key
    raise Busy


@contextlib.contextmanager
def import_slot(user):
    """Hold one of the user's import slots while the block runs; `Busy` when all are taken.
    Inside, `background(key)` hands the slot to a background job, which frees it at its end."""
    key = take_slot(user)
    handed = []

    def background():
        handed.append(key)
        cache.touch(key, jobs.BACKGROUND_SECONDS)  # held until the job ends, at most its bound
        return key

    try:
        yield background
    finally:
        if not handed:
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
        with import_slot(request.user) as background:
            read = ImportReport(kind=kind, filename=upload_file.name)
            table = read_file(read, upload_file.read())
            if table is not None and len(table.rows) > jobs.foreground_rows():
                pending_imports.discard(request, kind)
                pending = pending_imports.keep(request, kind, upload_file.name, table)
                token = jobs.start(
                    user=request.user,
                    kind=kind,
                    action="preview",
                    filename=upload_file.name,
                    table=table,
                    slot=background(),
                    pending=pending,
                )
                return redirect("dataio:import_job", kind=kind, token=token)
            report = (
                read
                if table is None
                else pipeline.run(
                    kind, None, upload_file.name, user=request.user, partial=True, table=table
                )
            )
    except Busy:
        form.add_error("file", BUSY_MESSAGE)
        return _page(request, spec, form=form)
    return _preview(request, spec, form, report)


def _preview(request, spec, form, report, *, pending=None):
    """The preview of a report (the upload's, or a background job's): the file's errors on the
    form, or every row with the choices; the waiting table kept for the confirm (`pending`: kept
    already) when there is something to write."""
    kind = spec.name
    if report.file_errors:
        pending_imports.discard(request, kind)
        if not form.is_bound:
            form.cleaned_data = {}  # a job's report: the errors go on a fresh upload form
        for error in report.file_errors:
            form.add_error("file", error)
        return _page(request, spec, form=form)
    valid = len(report.rows) - len(report.refused)
    changes = report.count(RowOutcome.NEW) + report.count(RowOutcome.CHANGED)
    if not (valid and changes):
        pending_imports.discard(request, kind)
        token = None
    elif pending is not None:
        token = pending
    else:
        pending_imports.discard(request, kind)
        token = pending_imports.keep(request, kind, report.filename, report.table)
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
        with import_slot(request.user) as background:
            if len(table.rows) > jobs.foreground_rows():
                token = jobs.start(
                    user=request.user,
                    kind=kind,
                    action="confirm",
                    filename=filename,
                    table=table,
                    partial=partial,
                    slot=background(),
                )
                return redirect("dataio:import_job", kind=kind, token=token)
            report = pipeline.run(
                kind, None, filename, user=request.user, commit=True, partial=partial, table=table
            )
    except Busy:
        messages.error(request, BUSY_MESSAGE)
        return redirect(spec.upload_url)
    return _result(request, spec, report, filename)


def _keep_refused(request, spec, filename, data):
    """The token of the refused rows' xlsx, kept for the user to download."""
    stem = filename.rsplit(".", 1)[0]
    return pending_imports.keep_refused(request, spec.name, f"{stem}-dong-loi.xlsx", data)


def _result(request, spec, report, filename, *, refused_token=None):
    """What a confirm did (the request's, or a background job's): the list with a message, or
    the rows with the refused ones to download."""
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
    if refused_token is None:
        refused_token = _keep_refused(request, spec, filename, pipeline.refused_rows_xlsx(report))
    written = len(report.rows) - len(report.refused)
    messages.success(
        request,
        f"Đã nhập {written} dòng hợp lệ của tệp “{filename}”; {len(report.refused)} dòng lỗi "
        "chưa ghi: tải tệp các dòng lỗi bên dưới, sửa rồi nhập lại.",
    )
    return _page(request, spec, report=report, refused_token=refused_token)


def job(request, kind, token):
    """The page of a background import: its progress, reloading itself, until it is over; then
    the preview, or the result, as the request itself would have shown them."""
    spec = _kind(request, kind)
    values = jobs.state(token)
    if values is None or values["user"] != request.user.pk or values["kind"] != kind:
        raise Http404("Không có lần nhập này (của người khác, hoặc đã quá một ngày).")
    if values["state"] == jobs.RUNNING and not jobs.failed_for_good(values):
        response = render(
            request,
            "dataio/import.html",
            {"spec": spec, "job": _progress(values), "kinds": registry.for_user(request.user)},
            status=202,
        )
        response["Refresh"] = str(JOB_REFRESH_SECONDS)
        response["Retry-After"] = str(JOB_REFRESH_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    if values.get("slot"):
        cache.delete(values["slot"])  # the job frees it too; a second delete is harmless
    if values["state"] != jobs.DONE:
        message = values["message"] or (
            f"Lần nhập tệp “{values['filename']}” đã dừng (quá "
            f"{jobs.BACKGROUND_SECONDS // 60} phút, hoặc máy chủ khởi động lại); chưa ghi gì. "
            "Hãy tải tệp lên lần nữa."
        )
        messages.error(request, message)
        return redirect(spec.upload_url)
    report, refused_xlsx = jobs.result(token)
    if values["action"] == "preview":
        return _preview(request, spec, ImportUploadForm(), report, pending=values["pending"])
    if values.get("shown"):
        # The result was shown once (its refused rows kept); reloading shows the rows again.
        return _page(request, spec, report=report, refused_token=values.get("refused_token"))
    values["shown"] = True
    if report.committed and report.refused:
        values["refused_token"] = _keep_refused(request, spec, values["filename"], refused_xlsx)
    jobs.save_state(token, values)
    return _result(
        request, spec, report, values["filename"], refused_token=values.get("refused_token")
    )


JOB_REFRESH_SECONDS = 2


def _progress(values):
    """What the job's page says of its progress."""
    total, checked = values["total"], min(values["checked"], values["total"])
    confirm = values["action"] == "confirm"
    again = f" (lượt {values['round']}: các dòng hợp lệ)" if values["round"] > 1 else ""
    return {
        "filename": values["filename"],
        "title": "Đang ghi dữ liệu" if confirm else "Đang kiểm tra tệp",
        "percent": int(100 * checked / total) if total else 100,
        "text": f"Đã {'ghi' if confirm else 'kiểm tra'} {decimal(checked, 0, grouped=True)}/"
        f"{decimal(total, 0, grouped=True)} dòng{again}.",
        "why": f"Tệp có {decimal(total, 0, grouped=True)} dòng, nhiều hơn "
        f"{decimal(jobs.foreground_rows(), 0, grouped=True)} dòng, nên được xử lý trong nền. "
        f"Trang tự tải lại sau {JOB_REFRESH_SECONDS} giây"
        + (" và hiện kết quả khi xong." if confirm else " và hiện bản xem trước khi xong.")
        + " Có thể rời trang này rồi mở lại: lần nhập vẫn chạy.",
    }


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
