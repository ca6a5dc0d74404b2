"""Scored reviews: self-assessment, verification by the cluster leader and the province, and the
ranking of each cluster."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView

from emulation import exports
from emulation.filters import ReviewFilter
from emulation.forms import SelfAssessmentForm, VerificationForm
from emulation.models import (
    Participant,
    Phase,
    ReopenRequest,
    Review,
    ReviewEvent,
    Score,
    format_points,
)
from emulation.ntm import ntm_result
from emulation.ranking import TIE_RULE, standings
from emulation.services import save_self_assessment, verify_review
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

STAGES = {"cluster": "cụm/khối", "province": "tỉnh"}


def visible_reviews(user):
    """Sent reviews of everyone; reviews still being self-scored only within the user's scope."""
    own = Review.objects.for_user(user, Capability.REGISTER_EMULATION).values("pk")
    return Review.objects.for_user(user).filter(~Q(state=Review.State.DRAFT) | Q(pk__in=own))


class ReviewListView(CapabilityRequiredMixin, MovementListMixin, ListView):
    model = Review
    paginate_by = 50
    template_name = "emulation/review_list.html"
    filterset_class = ReviewFilter
    export = exports.REVIEWS

    def rows(self):
        return (
            visible_reviews(self.request.user)
            .filter(phase__movement=get_movement(self.request))
            .select_related("phase__movement__plan", "participant__unit__parent")
            .prefetch_related("scores")
            .order_by(*LIST_ORDER)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = Review.objects.for_user(self.request.user, Capability.VERIFY_REVIEW).filter(
            state__in=[Review.State.SELF_ASSESSED, Review.State.CLUSTER_VERIFIED]
        )
        if not access_of(self.request.user).can(Capability.MANAGE_MOVEMENT):
            waiting = waiting.filter(state=Review.State.SELF_ASSESSED)
        context["waiting"] = waiting.select_related("phase__movement__plan", "participant__unit")[
            :50
        ]
        return context


def review_edit(request, pk, code):
    """Self-assessment: points and evidence per criterion, saved as a draft or sent."""
    phase, participant = phase_and_participant(request.user, pk, code)
    review = Review.objects.filter(phase=phase, participant=participant).first()
    if review is not None and review.state != Review.State.DRAFT:
        messages.info(request, "Bảng tự chấm đã gửi; chỉ xem được, không sửa được nữa.")
        return redirect("emulation:review_detail", pk=review.pk)
    criteria = phase.criteria.select_related("content_area")
    scores = {score.criterion_id: score for score in review.scores.all()} if review else {}
    form = SelfAssessmentForm(request.POST or None, criteria=criteria, scores=scores, review=review)
    deadline_error, late = deadline_state(phase, "assessment", request.user, participant)
    if request.method == "POST":
        if deadline_error:
            messages.error(request, f"Chưa lưu: {deadline_error}")
        elif form.is_valid():
            try:
                review = save_self_assessment(
                    phase=phase,
                    participant=participant,
                    user=request.user,
                    values=form.values(),
                    summary=form.cleaned_data["summary"],
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                messages.error(request, f"Chưa lưu: {error.messages[0]}")
            else:
                if review.state == Review.State.DRAFT:
                    messages.success(request, "Đã lưu bản nháp tự chấm điểm.")
                    return redirect("emulation:review_edit", pk=phase.pk, code=participant.code)
                text = f"Đã gửi bảng tự chấm của {participant}: {format_points(review.total)} điểm."
                if review.late:
                    text += " Bảng tự chấm được ghi là sau hạn."
                messages.success(request, text)
                return redirect("emulation:review_detail", pk=review.pk)
        else:
            messages.error(request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
    return render(
        request,
        "emulation/review_form.html",
        {
            "phase": phase,
            "participant": participant,
            "review": review,
            "form": form,
            "groups": _grouped(form.rows()),
            "deadline_error": deadline_error,
            "late": late,
            "reopen_what": ReopenRequest.What.ASSESSMENT,
            "reopened_until": phase.reopened_until("assessment", participant) if late else None,
            **(
                closed_state(phase, participant, "assessment", request.user)
                if deadline_error
                else {}
            ),
            "ntm": ntm_result(participant, phase.year),
        },
    )


def _grouped(rows):
    groups = []
    for row in rows:
        area = row[0].content_area
        if not groups or groups[-1][0] != area:
            groups.append((area, []))
        groups[-1][1].append(row)
    return groups


def review_detail(request, pk):
    require_capability(request.user, Capability.VIEW)
    review = get_object_or_404(
        Review.objects.select_related("phase__movement__plan", "participant__unit", "late_by"),
        pk=pk,
    )
    if not visible_reviews(request.user).filter(pk=pk).exists():
        raise PermissionDenied(
            "Bảng tự chấm đang soạn này nằm ngoài phạm vi được phân công của bạn."
        )
    scores = list(review.scores.select_related("criterion__content_area"))
    verifiable = Review.objects.for_user(request.user, Capability.VERIFY_REVIEW).filter(pk=pk)
    access = access_of(request.user)
    can_cluster = review.state == Review.State.SELF_ASSESSED and verifiable.exists()
    can_province = (
        access.can(Capability.MANAGE_MOVEMENT)
        and review.state in (Review.State.CLUSTER_VERIFIED, Review.State.VERIFIED)
        and verifiable.exists()
    )
    can_edit = (
        review.state == Review.State.DRAFT
        and Participant.objects.for_user(request.user, Capability.REGISTER_EMULATION)
        .filter(pk=review.participant_id)
        .exists()
    )
    placing = next(
        (
            (standing.cluster, row)
            for standing in standings(review.phase)
            for row in standing.rows
            if row.review is not None and row.review.pk == review.pk
        ),
        None,
    )
    return render(
        request,
        "emulation/review_detail.html",
        {
            "review": review,
            "placing": placing,
            "phase": review.phase,
            "groups": _grouped([(score.criterion, score) for score in scores]),
            "total": sum((s.points or 0 for s in scores), 0),
            "self_total": sum((s.self_points or 0 for s in scores), 0),
            "events": review.events.select_related("actor"),
            "ntm": ntm_result(review.participant, review.phase.year),
            "can_cluster": can_cluster,
            "can_province": can_province,
            "can_edit": can_edit,
            # The step expected next (Review.NEXT_STEP): the page's one primary button.
            "next_step": review.next_step(),
            "history": history_rows(
                Review.history.filter(id=review.pk), Score.history.filter(review_id=review.pk)
            ),
        },
    )


def review_verify(request, pk, stage):
    """Verification by the cluster leader (stage "cluster") or the province ("province")."""
    if stage not in STAGES:
        raise PermissionDenied("Không có bước thẩm định này.")
    review = get_scoped_or_403(Review, request.user, Capability.VERIFY_REVIEW, pk=pk)
    if stage == "province":
        require_capability(request.user, Capability.MANAGE_MOVEMENT)
    elif review.state != Review.State.SELF_ASSESSED:
        messages.error(request, "Bảng điểm không ở bước chờ cụm/khối thẩm định.")
        return redirect("emulation:review_detail", pk=review.pk)
    if stage == "province" and not review.can_move(ReviewEvent.Action.PROVINCE_VERIFY):
        messages.error(
            request,
            "Tỉnh thẩm định sau cụm/khối: bảng điểm này chưa được cụm/khối thẩm định.",
        )
        return redirect("emulation:review_detail", pk=review.pk)
    criteria = review.phase.criteria.select_related("content_area")
    scores = {score.criterion_id: score for score in review.scores.all()}
    form = VerificationForm(
        request.POST or None,
        criteria=criteria,
        scores=scores,
        stage=stage,
        version_records=[review],
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                verify_review(
                    review=review,
                    stage=stage,
                    user=request.user,
                    values=form.values(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                messages.error(request, f"Chưa lưu: {error.messages[0]}")
            else:
                messages.success(
                    request, f"Đã thẩm định cấp {STAGES[stage]} bảng điểm của {review.participant}."
                )
                return redirect("emulation:phase_ranking", pk=review.phase_id)
        else:
            messages.error(
                request,
                "Chưa lưu: mỗi điểm được điều chỉnh phải có lý do; xem các ô được đánh dấu.",
            )
    return render(
        request,
        "emulation/review_verify.html",
        {
            "review": review,
            "stage": stage,
            "stage_label": STAGES[stage],
            "form": form,
            "groups": _grouped(form.rows()),
        },
    )


def phase_ranking(request, pk):
    phase = get_scoped_or_403(Phase.objects.labelled(), request.user, Capability.VIEW, pk=pk)
    return render(
        request,
        "emulation/ranking.html",
        {
            "phase": phase,
            # Computed only when the cached fragment of the template is rendered (issue #22:
            # the ranking under load): once per data version, not on every request.
            "standings": SimpleLazyObject(lambda: standings(phase)),
            "areas": SimpleLazyObject(lambda: list(phase.movement.content_areas.all())),
            "tie_rule": TIE_RULE,
        },
    )
