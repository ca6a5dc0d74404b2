"""Nominees and their award history: list, hand entry, history import, duplicates and merging."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from awards.exports import AWARD_HISTORY, NOMINEES
from awards.filters import AwardRecordFilter, NomineeFilter
from awards.forms import (
    AwardRecordForm,
    DisciplinaryHoldForm,
    MergeForm,
    NomineeForm,
)
from awards.importing import COLUMNS
from awards.models import AwardRecord, Nominee, RecipientType
from awards.services import mark_distinct, merge_nominees, save_nominee
from ntm_portal.lib import data_version
from ntm_portal.lib.concurrency import stale_action
from ntm_portal.lib.dataio.export import export_view
from ntm_portal.lib.forms import add_errors
from ntm_portal.lib.history import history_rows
from ntm_portal.lib.lists import FilteredListMixin
from ntm_portal.lib.spreadsheet import Sheet, xlsx_response
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    Scope,
    access_of,
    get_scoped_or_403,
    require_capability,
)
from units.models import Unit


def proposable_districts(user):
    """District-level units in which the user may create nominees and nominations."""
    access = access_of(user)
    if access.scope(Capability.PROPOSE_AWARD) == Scope.DISTRICT:
        return Unit.objects.filter(pk=access.unit.pk)
    return Unit.objects.districts().in_vietnamese_order()


class NomineeListView(CapabilityRequiredMixin, FilteredListMixin, ListView):
    model = Nominee
    paginate_by = 50
    template_name = "awards/nominee_list.html"
    filterset_class = NomineeFilter
    export = NOMINEES

    def rows(self):
        return (
            Nominee.objects.for_user(self.request.user)
            .with_particulars_for(self.request.user)
            .select_related("district", "unit", "merged_into")
            .annotate(award_count=Count("award_records"))
            .order_by("search_key", "birth_year", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = access_of(self.request.user)
        context.update(
            can_propose=access.can(Capability.PROPOSE_AWARD),
            can_decide=access.can(Capability.DECIDE_AWARD),
            # Once per data version and person (issue #22: the list under load).
            duplicate_count=data_version.cached(
                ("nominee-duplicate-count", self.request.user.pk),
                lambda: len(Nominee.objects.for_user(self.request.user).duplicate_groups()),
            ),
        )
        return context


def nominee_create(request):
    require_capability(request.user, Capability.PROPOSE_AWARD)
    districts = proposable_districts(request.user)
    if request.method == "POST":
        form = NomineeForm(request.POST, districts=districts)
        if form.is_valid():
            try:
                nominee = save_nominee(form.instance, by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                duplicates = nominee.possible_duplicates()
                if duplicates.exists():
                    messages.warning(
                        request,
                        f"Đã lưu {nominee}. Có {duplicates.count()} hồ sơ cùng họ tên và năm sinh: "
                        "xem mục “Có thể trùng người” bên dưới.",
                    )
                else:
                    messages.success(request, f"Đã lưu {nominee}.")
                return redirect("awards:nominee_detail", pk=nominee.pk)
    else:
        initial = {"nominee_type": request.GET.get("type", RecipientType.INDIVIDUAL)}
        if districts.count() == 1:
            initial["district"] = districts.first()
        form = NomineeForm(initial=initial, districts=districts)
    return render(request, "awards/nominee_form.html", {"form": form})


def nominee_update(request, pk):
    nominee = get_scoped_or_403(Nominee, request.user, Capability.PROPOSE_AWARD, pk=pk)
    districts = proposable_districts(request.user)
    form = NomineeForm(request.POST or None, instance=nominee, districts=districts)
    if request.method == "POST" and form.is_valid():
        try:
            save_nominee(form.instance, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Đã cập nhật {nominee}.")
            return redirect("awards:nominee_detail", pk=nominee.pk)
    return render(request, "awards/nominee_form.html", {"form": form, "nominee": nominee})


def nominee_detail(request, pk, *, record_form=None, hold_form=None):
    nominee = get_scoped_or_403(Nominee, request.user, Capability.VIEW, pk=pk)
    access = access_of(request.user)
    show_particulars = nominee.particulars_visible_to(request.user)
    can_edit = (
        access.can(Capability.PROPOSE_AWARD)
        and Nominee.objects.for_user(request.user, Capability.PROPOSE_AWARD).filter(pk=pk).exists()
    )
    duplicates = list(
        nominee.possible_duplicates()
        .with_particulars_for(request.user)
        .select_related("district")
        .prefetch_related(Prefetch("award_records", AwardRecord.objects.select_related("kind")))
    )
    context = {
        "nominee": nominee,
        "show_particulars": show_particulars,
        "records": nominee.awards_received(),
        "duplicates": duplicates,
        "merged_records": nominee.merged_records.all(),
        "nominations": nominee.nominations.select_related("kind", "phase__movement")
        if hasattr(nominee, "nominations")
        else [],
        "can_edit": can_edit,
        "can_decide": access.can(Capability.DECIDE_AWARD),
        "record_form": record_form or (AwardRecordForm(nominee=nominee) if can_edit else None),
        # Discipline is personal data: shown to those who see the particulars.
        "holds": nominee.disciplinary_holds.all() if show_particulars else [],
        "hold_form": hold_form
        or (
            DisciplinaryHoldForm(nominee=nominee, by=request.user)
            if can_edit and show_particulars
            else None
        ),
        "history": _history(nominee, show_particulars=show_particulars),
    }
    return render(request, "awards/nominee_detail.html", context)


def _history(nominee, *, show_particulars):
    """The edit history of a nominee and its award records; without the right to see the
    particulars, the changes to them and the year of birth in the record's name are left out."""
    own = history_rows(nominee.history.all())
    if not show_particulars:
        hidden = {str(Nominee._meta.get_field(name).verbose_name) for name in Nominee.PARTICULARS}
        for row in own:
            row.record = nominee.display_name
            row.changes = [
                change
                for change in (getattr(row, "changes", None) or [])
                if str(change["field"]) not in hidden
            ]
    records = history_rows(AwardRecord.history.filter(nominee_id=nominee.pk))
    return sorted([*own, *records], key=lambda row: row.when, reverse=True)[:100]


@require_POST
def award_record_create(request, pk):
    nominee = get_scoped_or_403(Nominee, request.user, Capability.PROPOSE_AWARD, pk=pk)
    form = AwardRecordForm(request.POST, nominee=nominee)
    if form.is_valid():
        record = form.save(commit=False)
        record._history_user = request.user
        record.save()
        messages.success(request, f"Đã ghi khen thưởng: {record}.")
        return redirect("awards:nominee_detail", pk=nominee.pk)
    messages.error(request, "Chưa ghi được khen thưởng: xem lỗi trong biểu mẫu.")
    return nominee_detail(request, pk, record_form=form)


@require_POST
def disciplinary_hold_create(request, pk):
    """Record a period in which the nominee may not be proposed (Decree 98/2023, art. 4)."""
    nominee = get_scoped_or_403(Nominee, request.user, Capability.PROPOSE_AWARD, pk=pk)
    if not nominee.particulars_visible_to(request.user):
        raise PermissionDenied("Đối tượng này nằm ngoài phạm vi được phân công của bạn.")
    form = DisciplinaryHoldForm(request.POST, nominee=nominee, by=request.user)
    if form.is_valid():
        hold = form.save(commit=False)
        hold._history_user = request.user
        hold.save()
        messages.success(
            request, f"Đã ghi: {hold}. Trong thời gian này không trình được đề nghị khen thưởng."
        )
        return redirect("awards:nominee_detail", pk=nominee.pk)
    messages.error(
        request, "Chưa ghi được thời gian không xét khen thưởng: xem lỗi trong biểu mẫu."
    )
    return nominee_detail(request, pk, hold_form=form)


@require_POST
def award_record_delete(request, pk):
    record = get_scoped_or_403(AwardRecord, request.user, Capability.PROPOSE_AWARD, pk=pk)
    if getattr(record, "nomination_id", None):
        messages.error(request, "Khen thưởng này ghi từ quyết định của cổng, không xóa tay được.")
        return redirect("awards:nominee_detail", pk=record.nominee_id)
    nominee_id = record.nominee_id
    stale = stale_action(request, record, action="xóa")
    if stale:
        messages.error(request, stale)
        return redirect("awards:nominee_detail", pk=nominee_id)
    record._history_user = request.user
    record.delete()
    messages.success(request, "Đã xóa dòng khen thưởng.")
    return redirect("awards:nominee_detail", pk=nominee_id)


# --- duplicates ---------------------------------------------------------------------------------


def duplicate_list(request):
    """Groups of individuals who may be one person (same name key and district, years of birth
    at most one apart), with their histories, for staff to merge or mark as two people."""
    require_capability(request.user, Capability.VIEW)
    groups = Nominee.objects.for_user(request.user).duplicate_groups()[:200]
    members = [member for group in groups for member in group]
    visible = set(
        Nominee.objects.for_user(request.user, Capability.VIEW_PARTICULARS)
        .filter(pk__in=[member.pk for member in members])
        .values_list("pk", flat=True)
    )
    for member in members:
        member.particulars_visible = member.pk in visible
    records = AwardRecord.objects.filter(nominee__in=members).select_related("kind")
    by_nominee = {}
    for record in records.order_by("-year", "pk"):
        by_nominee.setdefault(record.nominee_id, []).append(record)
    for group in groups:
        for member in group:
            member.history_list = by_nominee.get(member.pk, [])
    context = {
        "groups": groups,
        "can_decide": access_of(request.user).can(Capability.DECIDE_AWARD),
    }
    return render(request, "awards/duplicate_list.html", context)


def shown_group(request):
    """The group of possible duplicates the page showed (its `members`, in the page's order):
    the records whose version the merge form carries. None for a form without them (a script)."""
    keys = [key for key in request.POST.getlist("members") if key.isdigit()]
    if not keys:
        return None
    scoped = Nominee.objects.for_user(request.user, Capability.DECIDE_AWARD)
    found = scoped.in_bulk([int(key) for key in keys])
    return [found[int(key)] for key in keys if int(key) in found]


@require_POST
def nominee_merge(request):
    require_capability(request.user, Capability.DECIDE_AWARD)
    candidates = Nominee.objects.for_user(request.user, Capability.DECIDE_AWARD).active()
    form = MergeForm(request.POST, candidates=candidates, version_records=shown_group(request))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("awards:duplicate_list")
    keep, merged = form.cleaned_data["keep"], form.cleaned_data["merged"]
    try:
        merge_nominees(keep=keep, merged=merged, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("awards:duplicate_list")
    messages.success(
        request,
        f"Đã gộp hồ sơ số {merged.pk} vào {keep} (hồ sơ số {keep.pk}); lịch sử khen thưởng được giữ.",
    )
    return redirect("awards:nominee_detail", pk=keep.pk)


@require_POST
def nominee_distinct(request):
    require_capability(request.user, Capability.DECIDE_AWARD)
    candidates = Nominee.objects.for_user(request.user, Capability.DECIDE_AWARD).active()
    form = MergeForm(request.POST, candidates=candidates, version_records=shown_group(request))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("awards:duplicate_list")
    mark_distinct(
        first=form.cleaned_data["keep"], second=form.cleaned_data["merged"], by=request.user
    )
    messages.success(request, "Đã xác nhận đây là hai người khác nhau.")
    return redirect("awards:duplicate_list")


# --- award history: template and export (the import: ntm_portal/lib/dataio/views.py) -----------


def history_template(request):
    require_capability(request.user, Capability.VIEW)
    sheet = Sheet(
        title="Lịch sử khen thưởng",
        headers=COLUMNS,
        rows=[
            [
                "Cá nhân",
                "Nguyễn Văn An",
                "Nam",
                1975,
                "Chủ tịch UBND xã",
                "UBND xã Vĩnh Bình Bắc",
                "",
                "910",
                "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                2022,
                "123/QĐ-UBND",
                "15/03/2023",
                "Chủ tịch UBND tỉnh Kiên Giang",
            ]
        ],
    )
    return xlsx_response([sheet], "mau-lich-su-khen-thuong")


class AwardRecordListView(CapabilityRequiredMixin, FilteredListMixin, ListView):
    """Award history across nominees, per unit or per person, titles and forms kept apart."""

    model = AwardRecord
    paginate_by = 50
    template_name = "awards/record_list.html"
    filterset_class = AwardRecordFilter
    export = AWARD_HISTORY

    def rows(self):
        return (
            AwardRecord.objects.for_user(self.request.user)
            .filter(nominee__merged_into__isnull=True)
            .select_related("kind", "nominee__district")
            .order_by("-year", "nominee__search_key", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = access_of(self.request.user)
        context["can_import"] = access.can(Capability.PROPOSE_AWARD) and access.can(
            Capability.IMPORT_DATA
        )
        return context


# The list's export at its older URL: the list view itself, same filter and scope.
nominee_export = export_view(NomineeListView)
