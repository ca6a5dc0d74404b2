"""Registrations (đăng ký thi đua) and the completeness page of a phase."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView

from emulation import exports
from emulation.completeness import completeness
from emulation.filters import RegistrationFilter
from emulation.forms import RegistrationForm
from emulation.models import Participant, Phase, Registration, RegistrationItem, ReopenRequest
from emulation.ntm import suggested_measures
from emulation.services import save_registration
from emulation.views.movement import (
    LIST_ORDER,
    MovementListMixin,
    deadline_state,
    get_movement,
    phase_and_participant,
)
from emulation.views.reopening import closed_state
from ntm_portal.lib.history import history_rows
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)


class RegistrationListView(CapabilityRequiredMixin, MovementListMixin, ListView):
    model = Registration
    paginate_by = 50
    template_name = "emulation/registration_list.html"
    filterset_class = RegistrationFilter
    export = exports.REGISTRATIONS

    def rows(self):
        return (
            Registration.objects.visible_to(self.request.user)
            .filter(phase__movement=get_movement(self.request))
            .select_related("phase__movement__plan", "participant__unit__parent", "late_by")
            .order_by(*LIST_ORDER)
        )


def registration_detail(request, pk):
    require_capability(request.user, Capability.VIEW)
    registration = get_object_or_404(
        Registration.objects.select_related("phase", "participant__unit", "late_by"), pk=pk
    )
    if not Registration.objects.visible_to(request.user).filter(pk=pk).exists():
        raise PermissionDenied("Bản nháp này nằm ngoài phạm vi được phân công của bạn.")
    can_edit = (
        Participant.objects.for_user(request.user, Capability.REGISTER_EMULATION)
        .filter(pk=registration.participant_id)
        .exists()
    )
    return render(
        request,
        "emulation/registration_detail.html",
        {
            "registration": registration,
            "items": registration.items.select_related("content_area"),
            "events": registration.events.select_related("actor"),
            "can_edit": can_edit,
            # The step expected next (Registration.NEXT_STEP): the page's one primary button.
            "next_step": registration.next_step(),
            "history": history_rows(
                Registration.history.filter(id=registration.pk),
                RegistrationItem.history.filter(registration_id=registration.pk),
            ),
        },
    )


def registration_edit(request, pk, code):
    """A participant's registration for a phase: commitments per content area, and for a
    district its measurable commitments, prefilled from its named targets and communes' plans."""
    phase, participant = phase_and_participant(request.user, pk, code)
    registration = (
        Registration.objects.filter(phase=phase, participant=participant)
        .prefetch_related("items")
        .first()
    )
    suggested = suggested_measures(participant, phase) if registration is None else None
    form = RegistrationForm(
        request.POST or None,
        areas=phase.movement.content_areas.all(),
        participant=participant,
        registration=registration,
        suggested=suggested,
    )
    deadline_error, late = deadline_state(phase, "registration", request.user, participant)
    if request.method == "POST":
        if deadline_error:
            messages.error(request, f"Chưa lưu: {deadline_error}")
        elif form.is_valid():
            measures = {
                name: form.cleaned_data.get(name)
                for name in ("communes_ntm", "communes_advanced", "communes_model", "unit_standard")
                if name in form.fields
            }
            try:
                registration = save_registration(
                    phase=phase,
                    participant=participant,
                    user=request.user,
                    commitments=form.commitments(),
                    measures=measures,
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                messages.error(request, f"Chưa lưu: {error.messages[0]}")
            else:
                if "submit" in request.POST and registration.state == Registration.State.SUBMITTED:
                    text = (
                        f"Đã gửi bản đăng ký thi đua của {participant} ({phase.label}) "
                        "đến cấp tỉnh."
                    )
                elif registration.state == Registration.State.SUBMITTED:
                    text = f"Đã lưu thay đổi bản đăng ký thi đua của {participant} ({phase.label})."
                else:
                    text = f"Đã lưu bản nháp đăng ký của {participant}; bấm “Gửi đăng ký” khi hoàn tất."
                if registration.late:
                    text += " Bản đăng ký được ghi là sau hạn."
                messages.success(request, text)
                return redirect("emulation:registration_detail", pk=registration.pk)
        else:
            messages.error(request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
    return render(
        request,
        "emulation/registration_form.html",
        {
            "phase": phase,
            "participant": participant,
            "registration": registration,
            "form": form,
            "suggested": suggested,
            "deadline_error": deadline_error,
            "late": late,
            "reopen_what": ReopenRequest.What.REGISTRATION,
            "reopened_until": phase.reopened_until("registration", participant) if late else None,
            **(
                closed_state(phase, participant, "registration", request.user)
                if deadline_error
                else {}
            ),
        },
    )


def phase_completeness(request, pk):
    phase = get_scoped_or_403(Phase.objects.labelled(), request.user, Capability.VIEW, pk=pk)
    return render(
        request,
        "emulation/completeness.html",
        {
            "phase": phase,
            # Computed only when the template's cached fragment is rendered: once per data
            # version (issue #22, the page under load).
            "result": SimpleLazyObject(lambda: completeness(phase)),
            "can_manage": access_of(request.user).can(Capability.MANAGE_MOVEMENT),
        },
    )
