"""Workflows across several models that must be atomic.

The appraisal of a commune (QĐ 18/2022/QĐ-TTg) begins with a dossier that carries the commune's
criteria as they stood when submitted, and ends with a recognition decision; both span models.
The steps in between change one request and are its methods (`AppraisalRequest.receive` …).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from targets.models import (
    AppraisalEvent,
    AppraisalRequest,
    Certification,
    CommuneStatus,
    Decision,
    Issuer,
    Standard,
)
from units.models import Unit

OPEN_REQUEST_MESSAGE = next(
    constraint.violation_error_message
    for constraint in AppraisalRequest._meta.constraints
    if constraint.name == "appraisal_one_open_per_commune_standard"
)


def submit_appraisal(
    *,
    commune: Unit,
    standard: str,
    standard_year: int,
    submission_number: str,
    by,
    note: str = "",
) -> AppraisalRequest:
    """The district submits a commune for a standard, with that year's criteria status."""
    allowed = Standard.of_kind(commune.kind)
    if commune.level != Unit.Level.COMMUNE or standard not in allowed:
        raise ValidationError(
            {
                "standard": f"{commune} không thể được đề nghị công nhận “{Standard(standard).label}”."
            }
        )
    if standard_year > timezone.localdate().year:
        raise ValidationError(
            {"standard_year": f"Năm đạt chuẩn {standard_year} chưa tới; không thể trình trước."}
        )
    status = CommuneStatus.objects.filter(commune=commune, year=standard_year).first()
    if status is None:
        raise ValidationError(
            {
                "standard_year": f"{commune} chưa có kết quả tiêu chí năm {standard_year}; "
                "hãy cập nhật kết quả tiêu chí của năm đó trước khi trình."
            }
        )
    status.ensure_all_met()
    held = Certification.objects.active().filter(unit=commune, standard=standard).first()
    if held is not None:
        raise ValidationError(
            {
                "standard": f"{commune} đã được công nhận “{held.get_standard_display()}” "
                f"(quyết định {held.decision}); không cần trình lại."
            }
        )
    open_request = (
        AppraisalRequest.objects.open().filter(commune=commune, standard=standard).first()
    )
    if open_request is not None:
        raise ValidationError(
            f"{OPEN_REQUEST_MESSAGE} ({open_request}: trình ngày "
            f"{timezone.localtime(open_request.created_at):%d/%m/%Y}, trạng thái "
            f"“{open_request.get_state_display()}”.)"
        )
    request = AppraisalRequest(
        commune=commune,
        standard=standard,
        standard_year=standard_year,
        commune_status=status,
        criteria_snapshot=status.snapshot(),
        submission_number=submission_number,
    )
    request.full_clean()
    try:
        request.start(AppraisalEvent.Action.SUBMIT, by=by, reason=note)
    except IntegrityError as error:
        # Two submissions at once: the partial unique constraint lets only one through.
        raise ValidationError(OPEN_REQUEST_MESSAGE) from error
    return request


@transaction.atomic
def decide_appraisal(
    *,
    request: AppraisalRequest,
    number: str,
    issued_on: datetime.date,
    issuer: str = Issuer.PROVINCE_CHAIRMAN,
    signer: str = "",
    notes: str = "",
    document=None,
    by,
) -> Certification:
    """Record the Chairman's decision on an appraised request: Decision, Certification, event.

    One decision often recognises several communes, so a decision already recorded with the same
    number, issuer and year is reused, provided its date agrees.
    """
    # Locked before anything is written: two people recording the same decision at once must
    # not both create a certification.
    request.lock_for_step(AppraisalEvent.Action.DECIDE)
    decision = Decision.objects.filter(number=number, issuer=issuer, year=issued_on.year).first()
    if decision is None:
        decision = Decision(
            number=number,
            issued_on=issued_on,
            issuer=issuer,
            signer=signer,
            notes=notes,
            document=document or "",
        )
        decision.full_clean()
        decision._history_user = by
        decision.save()
    elif decision.issued_on != issued_on:
        raise ValidationError(
            {
                "issued_on": f"Quyết định {decision.number} đã được ghi với ngày "
                f"{decision.issued_on:%d/%m/%Y}, khác ngày {issued_on:%d/%m/%Y} vừa nhập."
            }
        )
    certification = Certification(
        decision=decision,
        unit=request.commune,
        standard=request.standard,
        standard_year=request.standard_year,
        created_by=by,
        notes="Theo hồ sơ đề nghị thẩm định"
        + (f", tờ trình {request.submission_number}" if request.submission_number else "")
        + ".",
    )
    certification.full_clean()
    certification._history_user = by
    certification.save()
    request.move(
        AppraisalEvent.Action.DECIDE,
        by=by,
        reason=f"Quyết định {decision.number} ngày {decision.issued_on:%d/%m/%Y}",
        certification=certification,
    )
    return certification
