"""Unit criteria status per year: the list, the edit page of a unit and year, and the "criteria"
section of a unit's page — for communes (QĐ 318, 319) and district-level units (QĐ 320)."""

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import ListView

from ntm_portal.lib.concurrency import lock_for_update, removing_new_files_on_error
from ntm_portal.lib.history import history_rows
from ntm_portal.lib.lists import OwnDistrictListMixin
from ntm_portal.lib.uploads import serve_upload
from targets.filters import CommuneStatusFilter
from targets.forms.commune_status import (
    CommuneStatusEditor,
    StatusStartForm,
    last_status_year,
    status_years,
)
from targets.imports.exports import STATUSES
from targets.models import CommuneStatus, CriterionResult, Standard
from targets.models.commune_status import criteria_summary
from targets.progress.at_risk import commune_at_risk
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)
from units.models import Unit

# The units judged by a criteria set: communes (xã, not wards or townships) and district-level units.
JUDGED_UNITS = Q(level=Unit.Level.COMMUNE, kind=Unit.Kind.XA) | Q(level=Unit.Level.DISTRICT)


def status_units_for(user):
    """The units whose criteria a user may update: the district-level units in scope first, then
    the communes (xã), each in Vietnamese order."""
    return (
        Unit.objects.for_user(user, Capability.EDIT_COMMUNE_STATUS)
        .filter(JUDGED_UNITS)
        .of_year(last_status_year())  # one unit per code: the choices are keyed by code
        .select_related("parent")
        .order_by("-level", "sort_key", "code")
    )


class StatusListView(CapabilityRequiredMixin, OwnDistrictListMixin, ListView):
    """Every commune's criteria status per year, filtered; "x/19" on each row.

    A district officer's list opens on their own communes (the district whose criteria they
    update), with the whole province one click away; the export follows the same query.
    """

    model = CommuneStatus
    paginate_by = 50
    template_name = "targets/status_list.html"
    filterset_class = CommuneStatusFilter
    own_district_capability = Capability.EDIT_COMMUNE_STATUS
    export = STATUSES

    def rows(self):
        return (
            CommuneStatus.objects.for_user(self.request.user)
            .with_met_count()
            .select_related("commune__parent")
            .order_by("commune__sort_key", "commune__code", "-year")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["export_url"] = f"{reverse('targets:status_export')}?{context['query_string']}"
        if access_of(user).can(Capability.EDIT_COMMUNE_STATUS):
            units = status_units_for(user)
            context["start_form"] = StatusStartForm(communes=units)
            context["editable_ids"] = set(units.values_list("pk", flat=True))
        return context


def status_start(request):
    """The list's "open a unit and year" form leads here, then to the edit page."""
    require_capability(request.user, Capability.EDIT_COMMUNE_STATUS)
    form = StatusStartForm(request.GET, communes=status_units_for(request.user))
    if form.is_valid():
        return redirect(
            "targets:status_edit",
            code=form.cleaned_data["commune"].code,
            year=form.cleaned_data["year"],
        )
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("targets:status_list")


def unit_of_year(code, year):
    """The commune (xã) or district-level unit with this code in that year: codes are reused by
    units of later periods."""
    # The unit the year began with when two of the code exist in it (2025: the old one).
    commune = Unit.objects.filter(JUDGED_UNITS).select_related("parent").by_code(code, year=year)
    if commune is not None and not commune.exists_in(year):
        commune = None
    if commune is None:
        known = Unit.objects.filter(JUDGED_UNITS, code=code).order_by("-valid_to").first()
        if known is not None and known.valid_to and known.valid_to.year < year:
            raise Http404(
                f"Năm {year} không có {known.full_name}: các đơn vị trong danh mục của giai đoạn "
                f"này có hiệu lực đến {known.valid_to:%d/%m/%Y}, nên kết quả tiêu chí chỉ nhập "
                f"được đến năm {known.valid_to.year}."
            )
        raise Http404(f"Không có xã hay đơn vị cấp huyện mã {code} trong năm {year}.")
    return commune


def new_status_set(chosen, unit, year, choices):
    """The set a new status is judged by: the one chosen on the page (`?chuan=advanced`), else
    the standard of the unit's latest earlier status, else the first standard its kind can reach.
    """
    by_standard = dict(choices)
    if chosen:
        if chosen not in by_standard:
            name = Standard(chosen).label if chosen in Standard.values else chosen
            offered = "; ".join(criteria_set.label for _, criteria_set in choices) or "không có"
            raise Http404(
                f"Không có bộ tiêu chí “{name}” cho {unit.full_name} năm {year}. Các bộ tiêu chí "
                f"dùng được: {offered}."
            )
        return by_standard[chosen]
    earlier = (
        CommuneStatus.objects.filter(commune=unit, year__lt=year)
        .select_related("criteria_set")
        .order_by("-year")
        .first()
    )
    if earlier is not None and earlier.criteria_set.standard in by_standard:
        return by_standard[earlier.criteria_set.standard]
    criteria_set = CommuneStatus.criteria_set_for(year, unit=unit)
    if criteria_set is None:
        raise Http404(
            f"Chưa có bộ tiêu chí nào áp dụng cho {unit.full_name} năm {year} "
            f"({unit.get_kind_display().lower()}): cán bộ quản trị thêm bộ tiêu chí trong "
            "mục “bộ tiêu chí”."
        )
    if not criteria_set.criteria.exists():
        raise Http404(
            f"{criteria_set.label} áp dụng cho {unit.full_name} năm {year} chưa có tiêu "
            f"chí nào, nên chưa nhập được kết quả. {criteria_set.note}"
        )
    return criteria_set


def status_edit(request, code, year):
    """One page per unit and year: each criterion of the unit's set met or not (a commune's 19,
    a huyện's 9), and what comes next.

    The status is created on the first save; opening the page writes nothing.
    """
    require_capability(request.user, Capability.EDIT_COMMUNE_STATUS)
    if year not in status_years():
        raise Http404(
            f"Không nhập được kết quả tiêu chí năm {year}: năm đánh giá phải từ "
            f"{status_years().start} đến {status_years().stop - 1} (không nhập năm tương lai, "
            "cũng không nhập năm mà các xã của giai đoạn đã hết hiệu lực)."
        )
    commune = unit_of_year(code, year)
    get_scoped_or_403(Unit, request.user, Capability.EDIT_COMMUNE_STATUS, pk=commune.pk)
    status = (
        CommuneStatus.objects.filter(commune=commune, year=year)
        .select_related("criteria_set", "commune__parent")
        .first()
    )
    set_choices = []
    if status is None:
        set_choices = CommuneStatus.criteria_set_choices(year, commune)
        criteria_set = new_status_set(request.GET.get("chuan"), commune, year, set_choices)
        status = CommuneStatus(commune=commune, year=year, criteria_set=criteria_set)
    if request.method == "POST":
        with transaction.atomic():
            # Optimistic locking (ntm_portal/lib/concurrency.py): read the status again under a
            # lock on its row; a save by someone else since the page was opened is shown, not
            # overwritten.
            lock_for_update(status)
            if status.pk is not None:
                status = CommuneStatus.objects.select_related(
                    "criteria_set", "commune__parent"
                ).get(pk=status.pk)
            editor = CommuneStatusEditor(status, request.POST, request.FILES)
            if editor.is_valid() and editor.form.check_version():
                instances = [row.instance for row in editor.rows]
                try:
                    with removing_new_files_on_error(*instances), transaction.atomic():
                        status = editor.save()
                except IntegrityError:
                    # Someone created the same commune-year at the same moment.
                    editor.form.add_error(
                        None,
                        f"Chưa lưu: người khác vừa tạo kết quả tiêu chí năm {year} của {commune} "
                        "cùng lúc với bạn. Nội dung bạn vừa nhập vẫn còn bên dưới: hãy tải lại "
                        "trang để xem bản đã lưu, rồi nhập lại phần cần sửa.",
                    )
                else:
                    met = status.results.filter(met=True).count()
                    messages.success(
                        request,
                        f"Đã lưu kết quả tiêu chí năm {year} của {commune}: "
                        f"đạt {met}/{len(editor.criteria)}.",
                    )
                    return redirect(commune.get_absolute_url())
    else:
        editor = CommuneStatusEditor(status)
    if request.method == "POST":
        problems = []
        if editor.form.errors:
            problems.append("thông tin chung")
        if editor.rows_with_errors():
            problems.append("tiêu chí " + ", ".join(map(str, editor.rows_with_errors())))
        message = f"Chưa lưu: có lỗi ở {'; '.join(problems)} — xem các ô được đánh dấu bên dưới."
        if editor.has_files():
            message += " Trình duyệt không giữ được tệp đã chọn: hãy chọn lại tệp minh chứng."
        messages.error(request, message)
    years = list(
        CommuneStatus.objects.filter(commune=commune)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    return render(
        request,
        "targets/status_form.html",
        {
            "commune": commune,
            "year": year,
            "status": status,
            # A known amendment in force in the year but not loaded as a newer version.
            "amended": status.criteria_set.amended_in(year),
            "editor": editor,
            "years": years,
            "set_choices": set_choices,
            "current_year": last_status_year(commune),
            "max_upload_mb": settings.NTM_MAX_UPLOAD_MB,
            "history": history_rows(
                CommuneStatus.history.filter(id=status.pk),
                CriterionResult.history.filter(status_id=status.pk),
            )
            if status.pk
            else [],
        },
    )


def status_evidence(request, pk):
    """A criterion's evidence file, for signed-in users who may read the commune's status.

    Served through a view rather than the media URL, so that it stays behind the login and works
    without a separate file server.
    """
    result = get_scoped_or_403(CriterionResult, request.user, Capability.VIEW, pk=pk)
    if not result.evidence:
        raise Http404("Tiêu chí này chưa có tệp minh chứng.")
    extension = result.evidence.name.rsplit(".", 1)[-1].lower()
    status = result.status
    return serve_upload(
        result.evidence,
        f"minh-chung-TC{result.criterion.number}-{status.commune.code}-{status.year}.{extension}",
    )


def criteria_section(request, unit):
    """The "criteria" section of a commune's or district-level unit's page: x/19 (x/9) per year,
    the latest year in detail, and the set it is judged by."""
    statuses = list(unit.statuses.with_met_count().select_related("criteria_set").order_by("-year"))
    latest = statuses[0] if statuses else None
    results = []
    if latest is not None:
        results = list(latest.results.select_related("criterion").order_by("criterion__number"))
    can_edit = (
        Unit.objects.for_user(request.user, Capability.EDIT_COMMUNE_STATUS)
        .filter(JUDGED_UNITS, pk=unit.pk)
        .exists()
    )
    current_year = last_status_year(unit)
    current_set = None
    if can_edit:
        current_set = CommuneStatus.criteria_set_for(current_year, unit=unit)
    return render_to_string(
        "targets/_unit_criteria.html",
        {
            "unit": unit,
            "statuses": statuses,
            "latest": latest,
            "results": results,
            "can_edit": can_edit,
            "current_year": current_year,
            "current_set": current_set,
            # A set without criteria yet (a city's rules, until staff enter them) opens no page.
            "can_start": current_set is not None and current_set.criteria.exists(),
            "at_risk": commune_at_risk(unit),
        },
        request=request,
    )


def criteria_list_note(units):
    """ "Tiêu chí x/19 (năm)" for the communes of a list of units, from their latest status."""
    communes = [unit.pk for unit in units if unit.level == Unit.Level.COMMUNE]
    return {
        pk: f"Tiêu chí {met}/{total} ({year})"
        for pk, (met, total, year) in criteria_summary(communes).items()
    }
