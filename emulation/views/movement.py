"""The movement's home page, its phases and scoring tables, participants, clusters and blocks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView

from emulation import exports
from emulation.completeness import expected_participants, unregistered
from emulation.filters import ClusterFilter, ParticipantFilter
from emulation.forms import (
    ClusterForm,
    ContentAreaForm,
    ParticipantForm,
    PhaseForm,
    ScoringCriterionFormSet,
)
from emulation.models import (
    Cluster,
    ContentArea,
    Movement,
    Participant,
    Phase,
    Registration,
    ReopenRequest,
    Review,
    ScoringCriterion,
)
from emulation.ranking import TIE_RULE
from ntm_portal.lib.history import history_rows
from ntm_portal.lib.lists import FilteredListMixin, OwnDistrictListMixin
from targets.progress.query import default_plan
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)


def get_movement(request=None):
    """The movement a page shows: the one of the plan named by `?plan=NUMBER`, else the one of
    the plan a person expects today (`targets.progress.query.default_plan`: the plan in force by
    its years, else the latest started). 404 with the reason when there is none."""
    movements = Movement.objects.select_related("plan", "plan__scope")
    number = request.GET.get("plan", "").strip() if request is not None else ""
    if number:
        movement = movements.filter(plan__number=number).first()
        if movement is None:
            raise Http404(f"Kế hoạch số “{number}” chưa phát động phong trào thi đua.")
        return movement
    movements = list(movements)
    plan = default_plan([movement.plan for movement in movements])
    if plan is None:
        raise Http404("Chưa có phong trào thi đua: hãy nạp dữ liệu danh mục.")
    return next(movement for movement in movements if movement.plan_id == plan.pk)


# Registrations and reviews: the latest phase first, then participants in the province's order.
LIST_ORDER = (
    "-phase__year",
    "-phase__kind_order",
    "participant__kind_order",
    "participant__sort_key",
)


def phase_and_participant(user, pk, code):
    """A phase the user may see, and the participant of its movement the user registers for."""
    phase = get_scoped_or_403(Phase.objects.labelled(), user, Capability.VIEW, pk=pk)
    participant = get_scoped_or_403(
        Participant, user, Capability.REGISTER_EMULATION, movement_id=phase.movement_id, code=code
    )
    return phase, participant


def deadline_state(phase, stage, user, participant=None):
    """(the message when the stage's deadline refuses the user, whether the entry is late)."""
    try:
        return None, phase.check_deadline(stage, user, participant=participant)
    except ValidationError as error:
        return error.messages[0], False


def movement_home(request):
    require_capability(request.user, Capability.VIEW)
    movement = get_movement(request)
    phases = list(
        movement.phases.in_order().annotate(
            registered=Count(
                "registrations",
                filter=Q(registrations__state=Registration.State.SUBMITTED),
                distinct=True,
            ),
            reviewed=Count("reviews", filter=~Q(reviews__state=Review.State.DRAFT), distinct=True),
        )
    )
    access = access_of(request.user)
    return render(
        request,
        "emulation/movement_home.html",
        {
            "movement": movement,
            "phases": phases,
            "participant_count": movement.participants.filter(active=True).count(),
            "content_areas": movement.content_areas.all(),
            "can_manage": access.can(Capability.MANAGE_MOVEMENT),
            "can_register": access.can(Capability.REGISTER_EMULATION),
        },
    )


def content_area_form(request, pk=None):
    """Staff add content areas (section III of the plan goes on after the stored text) or edit."""
    require_capability(request.user, Capability.MANAGE_MOVEMENT)
    area = get_object_or_404(ContentArea, pk=pk) if pk else None
    movement = area.movement if area else get_movement(request)
    form = ContentAreaForm(request.POST or None, instance=area, movement=movement)
    if request.method == "POST":
        if form.is_valid():
            area = form.save()
            messages.success(request, f"Đã lưu nội dung thi đua {area}.")
            return redirect("emulation:movement_home")
        messages.error(request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
    return render(request, "emulation/content_area_form.html", {"form": form, "area": area})


# --- phases ------------------------------------------------------------------------------------


def _closed_for(phase, user, participants, today=None):
    """{"registration": ids, "assessment": ids}: the participants whose form the deadline has
    closed for the user (none for provincial staff), a granted reopen taken into account. One
    query, whatever the number of participants."""
    today = today or timezone.localdate()
    passed = [what for what in ("registration", "assessment") if phase.deadline_of(what) < today]
    if not passed or access_of(user).can(Capability.MANAGE_MOVEMENT):
        return {"registration": set(), "assessment": set()}
    reopened = set(
        ReopenRequest.objects.filter(
            phase=phase,
            participant__in=participants,
            state=ReopenRequest.State.GRANTED,
            new_deadline__gte=today,
        ).values_list("what", "participant_id")
    )
    ids = [participant.pk for participant in participants]
    return {
        what: {pk for pk in ids if what in passed and (what, pk) not in reopened}
        for what in ("registration", "assessment")
    }


def phase_detail(request, pk):
    phase = get_scoped_or_403(Phase.objects.labelled(), request.user, Capability.VIEW, pk=pk)
    criteria = phase.criteria.select_related("content_area")
    areas = []
    for criterion in criteria:
        if not areas or areas[-1]["area"] != criterion.content_area:
            areas.append({"area": criterion.content_area, "criteria": [], "max": 0})
        areas[-1]["criteria"].append(criterion)
        areas[-1]["max"] += criterion.max_points
    access = access_of(request.user)
    # The participants expected to register (not the province unless staff put it in a cluster).
    own = expected_participants(phase).filter(
        pk__in=Participant.objects.for_user(request.user, Capability.REGISTER_EMULATION).values(
            "pk"
        )
    )
    registrations = {
        r.participant_id: r for r in Registration.objects.filter(phase=phase, participant__in=own)
    }
    reviews = {r.participant_id: r for r in Review.objects.filter(phase=phase, participant__in=own)}
    own_rows = [
        (participant, registrations.get(participant.pk), reviews.get(participant.pk))
        for participant in own.select_related("unit").in_order()[:200]
    ]
    closed = _closed_for(phase, request.user, [row[0] for row in own_rows])
    return render(
        request,
        "emulation/phase_detail.html",
        {
            "phase": phase,
            "areas": areas,
            "total_max": sum(area["max"] for area in areas),
            "clusters": Cluster.objects.filter(movement_id=phase.movement_id, year=phase.year)
            .select_related("leader__unit", "deputy__unit")
            .annotate(member_count=Count("members")),
            "can_manage": access.can(Capability.MANAGE_MOVEMENT),
            "can_register": access.can(Capability.REGISTER_EMULATION),
            "own_rows": own_rows if access.can(Capability.REGISTER_EMULATION) else [],
            "closed": closed,
            "expected_count": expected_participants(phase).count(),
            "not_registered_count": unregistered(phase).count(),
            "history": history_rows(
                Phase.history.filter(id=phase.pk),
                ScoringCriterion.history.filter(phase_id=phase.pk),
            ),
            "tie_rule": TIE_RULE,
        },
    )


def phase_form(request, pk=None):
    require_capability(request.user, Capability.MANAGE_MOVEMENT)
    phase = get_object_or_404(Phase, pk=pk) if pk else None
    movement = phase.movement if phase else get_movement(request)
    form = PhaseForm(request.POST or None, instance=phase, movement=movement)
    if request.method == "POST":
        if form.is_valid():
            phase = form.save()
            messages.success(request, f"Đã lưu đợt {phase.label}.")
            return redirect("emulation:phase_detail", pk=phase.pk)
        messages.error(request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
    return render(request, "emulation/phase_form.html", {"form": form, "phase": phase})


def phase_criteria(request, pk):
    """The phase's scoring table (giao ước thi đua), edited by provincial staff."""
    phase = get_scoped_or_403(
        Phase.objects.labelled(), request.user, Capability.MANAGE_MOVEMENT, pk=pk
    )
    formset = ScoringCriterionFormSet(
        request.POST or None, queryset=phase.criteria.select_related("content_area")
    )
    for form in formset.forms:
        form.fields["content_area"].queryset = phase.movement.content_areas.all()
    if request.method == "POST":
        if formset.is_valid():
            try:
                with transaction.atomic():
                    for criterion in formset.save(commit=False):
                        criterion.phase = phase
                        criterion.save()
                    for criterion in formset.deleted_objects:
                        criterion.delete()
            except ProtectedError:
                messages.error(
                    request,
                    "Chưa lưu: không xóa được tiêu chí đã có điểm chấm; hãy sửa điểm tối đa thay vì xóa.",
                )
            except IntegrityError:
                messages.error(request, "Chưa lưu: số hiệu tiêu chí bị trùng trong bảng điểm.")
            else:
                messages.success(request, f"Đã lưu bảng điểm của đợt {phase.label}.")
                return redirect("emulation:phase_detail", pk=phase.pk)
        else:
            messages.error(request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
    return render(request, "emulation/phase_criteria.html", {"phase": phase, "formset": formset})


# --- participants ------------------------------------------------------------------------------


class MovementListMixin(OwnDistrictListMixin):
    """A movement list: a district officer's own district is the one they register for."""

    own_district_capability = Capability.REGISTER_EMULATION


class ParticipantListView(CapabilityRequiredMixin, MovementListMixin, ListView):
    model = Participant
    paginate_by = 50
    template_name = "emulation/participant_list.html"
    filterset_class = ParticipantFilter
    export = exports.PARTICIPANTS

    def rows(self):
        return (
            Participant.objects.for_user(self.request.user)
            .filter(movement=get_movement(self.request))
            .select_related("unit__parent")
            .in_order()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_register"] = access_of(self.request.user).can(Capability.REGISTER_EMULATION)
        return context


def participant_detail(request, pk):
    participant = get_scoped_or_403(Participant, request.user, Capability.VIEW, pk=pk)
    can_edit = (
        Participant.objects.for_user(request.user, Capability.REGISTER_EMULATION)
        .filter(pk=participant.pk)
        .exists()
    )
    return render(
        request,
        "emulation/participant_detail.html",
        {
            "participant": participant,
            "can_edit": can_edit,
            "memberships": participant.memberships.select_related("cluster").order_by("-year"),
            "registrations": Registration.objects.visible_to(request.user)
            .filter(participant=participant)
            .select_related("phase"),
            "reviews": participant.reviews.select_related("phase"),
            "exemplars": participant.exemplars.all(),
            "history": history_rows(Participant.history.filter(id=participant.pk)),
        },
    )


def participant_form(request, pk=None):
    """Provincial staff add any participant; a district officer its district and communes."""
    require_capability(request.user, Capability.REGISTER_EMULATION)
    participant = None
    if pk:
        participant = get_scoped_or_403(
            Participant, request.user, Capability.REGISTER_EMULATION, pk=pk
        )
    movement = participant.movement if participant else get_movement(request)
    form = ParticipantForm(
        request.POST or None, instance=participant, user=request.user, movement=movement
    )
    if request.method == "POST":
        if form.is_valid():
            participant = form.save()
            messages.success(request, f"Đã lưu đơn vị tham gia {participant}.")
            return redirect("emulation:participant_detail", pk=participant.pk)
        messages.error(request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
    return render(
        request, "emulation/participant_form.html", {"form": form, "participant": participant}
    )


# --- clusters ----------------------------------------------------------------------------------


class ClusterListView(CapabilityRequiredMixin, FilteredListMixin, ListView):
    model = Cluster
    paginate_by = 50
    template_name = "emulation/cluster_list.html"
    filterset_class = ClusterFilter
    export = exports.CLUSTERS

    def rows(self):
        return (
            Cluster.objects.for_user(self.request.user)
            .filter(movement=get_movement(self.request))
            .select_related("leader__unit", "deputy__unit")
            .annotate(member_count=Count("members"))
            .order_by("-year", "kind", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = access_of(self.request.user).can(Capability.MANAGE_MOVEMENT)
        return context


def cluster_detail(request, pk):
    cluster = get_scoped_or_403(Cluster, request.user, Capability.VIEW, pk=pk)
    from emulation.models import ClusterMember

    return render(
        request,
        "emulation/cluster_detail.html",
        {
            "cluster": cluster,
            "members": cluster.members.select_related("participant__unit"),
            "phases": cluster.movement.phases.filter(year=cluster.year).in_order(),
            "can_manage": access_of(request.user).can(Capability.MANAGE_MOVEMENT),
            "history": history_rows(
                Cluster.history.filter(id=cluster.pk),
                ClusterMember.history.filter(cluster_id=cluster.pk),
            ),
        },
    )


def cluster_form(request, pk=None):
    require_capability(request.user, Capability.MANAGE_MOVEMENT)
    cluster = get_object_or_404(Cluster, pk=pk) if pk else None
    form = ClusterForm(
        request.POST or None,
        instance=cluster,
        movement=cluster.movement if cluster else get_movement(request),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    cluster = form.save()
            except IntegrityError:
                form.add_error(
                    None, "Dữ liệu vừa được người khác thay đổi; hãy kiểm tra rồi lưu lại."
                )
            else:
                messages.success(request, f"Đã lưu {cluster.name} năm {cluster.year}.")
                return redirect("emulation:cluster_detail", pk=cluster.pk)
        messages.error(request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
    return render(request, "emulation/cluster_form.html", {"form": form, "cluster": cluster})


def reverse_phase(phase):
    return reverse("emulation:phase_detail", args=[phase.pk])
