"""Workflows across several models that must be atomic.

Recording a recognition is one path, whoever asks: the recording form and the appraisal's decide
step call `decision_for` (find the decision by number, issuer and year, or create it) and
`record_recognition` (the unit's certification under Certification's rules: the ladder, the
issuer, validity, duplicates; and the district rule of QĐ 320/QĐ-TTg). An import of thousands of
rows uses the same rules through their parts, `new_decision`/`agreeing` and `recognition`, which
check without saving and read the other recognitions from a register it loaded at once
(targets/models/certifications.py: Register); it saves everything in bulk at the end. Their
errors are keyed by field ("number", "issued_on", "signer", "unit", "standard", "standard_year",
"issuer", "confirmed"), so a form shows each beside its field and an import names the column.

The appraisal of a commune (QĐ 18/2022/QĐ-TTg) begins with a dossier that carries the commune's
criteria as they stood when submitted, and ends with a recognition decision; both span models.
The steps in between change one request and are its methods (`AppraisalRequest.receive` …).
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ntm_portal.lib.text import nfc
from targets.models import (
    AppraisalEvent,
    AppraisalRequest,
    Certification,
    CommuneStatus,
    CriterionResult,
    Decision,
    Issuer,
    Reconciliation,
    Standard,
)
from targets.models.certifications import (
    DATABASE,
    NEITHER_NUMBER_NOR_DATE,
    LoadedRegister,
    Register,
)
from units.models import Unit

OPEN_REQUEST_MESSAGE = next(
    constraint.violation_error_message
    for constraint in AppraisalRequest._meta.constraints
    if constraint.name == "appraisal_one_open_per_commune_standard"
)


class SubmissionFacts:
    """What `check_submission` reads about communes, loaded for all of them at once: their
    recognitions (the register), the year's criteria status with the criteria met, and the open
    requests. A form listing every commune of a province-wide account asks for hundreds of
    (commune, standard) answers; read one by one, that was several queries each."""

    def __init__(self, communes, standard_year: int):
        ids = [commune.pk for commune in communes]
        self.register = LoadedRegister(ids)
        self.statuses = {
            status.commune_id: status
            for status in CommuneStatus.objects.filter(commune_id__in=ids, year=standard_year)
            .select_related("commune", "criteria_set")
            .prefetch_related("criteria_set__criteria")
        }
        met = defaultdict(set)
        for status_id, criterion_id in CriterionResult.objects.filter(
            status__in=self.statuses.values(), met=True
        ).values_list("status_id", "criterion_id"):
            met[status_id].add(criterion_id)
        for status in self.statuses.values():
            status.met_criterion_ids = met[status.pk]
        self.held = {}
        for held in (
            Certification.objects.active()
            .filter(unit_id__in=ids)
            .select_related("decision")
            .order_by("pk")
        ):
            self.held.setdefault((held.unit_id, held.standard), held)
        self.open_requests = {}
        for request in (
            AppraisalRequest.objects.open()
            .filter(commune_id__in=ids)
            .select_related("commune")
            .order_by("pk")
        ):
            self.open_requests.setdefault((request.commune_id, request.standard), request)


def check_submission(
    *, commune: Unit, standard: str, standard_year: int, facts: SubmissionFacts | None = None
):
    """Whether the district may submit `commune` for `standard` with the criteria of
    `standard_year`: raises the ValidationError that names why not, or returns the year's
    CommuneStatus and the register's notices. The one rule of the submit step
    (`submit_appraisal`) and of the submit form's eligibility list (`submission_options`, which
    passes the facts of all its communes, read at once).
    """
    if facts is None:
        facts = SubmissionFacts([commune], standard_year)
    allowed = Standard.of_kind(commune.kind)
    if commune.level != Unit.Level.COMMUNE or standard not in allowed:
        raise ValidationError(
            {
                "standard": f"{commune} không thể được đề nghị công nhận “{Standard(standard).label}”."
            }
        )
    # The ladder by the register's one rule (Certification.check_rules / incompleteness): a
    # lower standard shown revoked, and not recognised again, is refused; one merely missing from
    # the register is true but incomplete, so the submission goes on with its warning.
    candidate = Certification(unit=commune, standard=standard, standard_year=standard_year)
    try:
        candidate.check_rules(facts.register)
    except ValidationError as error:
        if "standard" in error.message_dict:
            raise ValidationError({"standard": error.message_dict["standard"]}) from error
    notices = candidate.incompleteness(facts.register)
    if standard_year > timezone.localdate().year:
        raise ValidationError(
            {"standard_year": f"Năm đạt chuẩn {standard_year} chưa tới; không thể trình trước."}
        )
    status = facts.statuses.get(commune.pk)
    if status is None:
        raise ValidationError(
            {
                "standard_year": f"{commune} chưa có kết quả tiêu chí năm {standard_year}; "
                "hãy cập nhật kết quả tiêu chí của năm đó trước khi trình."
            }
        )
    status.ensure_all_met()
    held = facts.held.get((commune.pk, standard))
    if held is not None:
        raise ValidationError(
            {
                "standard": f"{commune} đã được công nhận “{held.get_standard_display()}” "
                f"(quyết định {held.decision}); không cần trình lại."
            }
        )
    open_request = facts.open_requests.get((commune.pk, standard))
    if open_request is not None:
        raise ValidationError(
            f"{OPEN_REQUEST_MESSAGE} ({open_request}: trình ngày "
            f"{timezone.localtime(open_request.created_at):%d/%m/%Y}, trạng thái "
            f"“{open_request.get_state_display()}”.)"
        )
    return status, notices


def submission_options(communes, standard_year: int):
    """For each commune, each standard of its kind with None (may be submitted) or the reasons
    it may not, by `check_submission`: [(commune, [(Standard, None | [reason, …]), …]), …]."""
    communes = list(communes)
    facts = SubmissionFacts(communes, standard_year)
    answer = []
    for commune in communes:
        options = []
        for standard in Standard.of_kind(commune.kind):
            try:
                check_submission(
                    commune=commune, standard=standard, standard_year=standard_year, facts=facts
                )
            except ValidationError as error:
                options.append((Standard(standard), error.messages))
            else:
                options.append((Standard(standard), None))
        answer.append((commune, options))
    return answer


def submit_appraisal(
    *,
    commune: Unit,
    standard: str,
    standard_year: int,
    submission_number: str,
    by,
    note: str = "",
    submitted_on: datetime.date | None = None,
) -> AppraisalRequest:
    """The district submits a commune for a standard, with that year's criteria status."""
    status, notices = check_submission(
        commune=commune, standard=standard, standard_year=standard_year
    )
    request = AppraisalRequest(
        commune=commune,
        standard=standard,
        standard_year=standard_year,
        commune_status=status,
        criteria_snapshot=status.snapshot(),
        submission_number=submission_number,
        submitted_on=submitted_on or timezone.localdate(),
    )
    request.full_clean()
    try:
        request.start(AppraisalEvent.Action.SUBMIT, by=by, reason=note)
    except IntegrityError as error:
        # Two submissions at once: the partial unique constraint lets only one through.
        raise ValidationError(OPEN_REQUEST_MESSAGE) from error
    request.notices = notices
    return request


DECISION_DETAIL_NAMES = {"issued_on": "ngày", "signer": "người ký"}


def _shown(value):
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return f"“{value}”" if value else "(trống)"


def decision_for(
    *,
    number: str,
    issued_on: datetime.date | None,
    issuer: str,
    signer: str = "",
    notes: str = "",
    document=None,
    by,
) -> Decision:
    """The decision with this number, issuer and year, or a new one under Decision's rules.

    One decision often recognises several units, so it is found again by number, issuer and year;
    the date, and the signer when one is stated, must then agree with what was recorded. A
    decision known by its number only is found again by number and issuer among those without a
    date; one known by its date only, by issuer and date among those without a number.
    """
    number = nfc(number or "")
    decision = Decision.objects.filter(**decision_key(number, issuer, issued_on)).first()
    if decision is None:
        decision = new_decision(
            number=number,
            issued_on=issued_on,
            issuer=issuer,
            signer=signer,
            notes=notes,
            document=document,
        )
        decision.full_clean()
        decision._history_user = by
        decision.save()
        return decision
    return agreeing(decision, issued_on=issued_on, signer=signer)


def decision_key(number, issuer, issued_on):
    """How a stated decision is found again (see `decision_for`), as filter arguments."""
    if number and issued_on:
        return {"number": number, "issuer": issuer, "year": issued_on.year}
    if number:
        return {"number": number, "issuer": issuer, "issued_on__isnull": True}
    if issued_on:
        return {"number": "", "issuer": issuer, "issued_on": issued_on}
    raise ValidationError({"number": NEITHER_NUMBER_NOR_DATE})


def new_decision(*, number, issued_on, issuer, signer="", notes="", document=None) -> Decision:
    """A decision as stated, not yet checked nor saved."""
    return Decision(
        number=nfc(number or ""),
        issued_on=issued_on,
        year=issued_on.year if issued_on else None,
        issuer=issuer,
        signer=nfc(signer),
        notes=notes,
        document=document or "",
    )


def agreeing(decision, *, issued_on, signer=""):
    """The decision found by number, issuer and year, when the date and the signer stated
    agree with it (a signer left blank agrees with any)."""
    stated = {"issued_on": issued_on, "signer": nfc(signer)}
    errors = {
        name: (
            f"Quyết định {decision.number} đã được ghi với {DECISION_DETAIL_NAMES[name]} "
            f"{_shown(getattr(decision, name))}, khác {DECISION_DETAIL_NAMES[name]} "
            f"{_shown(value)} vừa nhập; hãy sửa cho khớp, hoặc sửa quyết định trên trang của nó."
        )
        for name, value in stated.items()
        if value and getattr(decision, name) != value
    }
    if errors:
        raise ValidationError(errors)
    return decision


def record_recognition(**stated) -> Certification:
    """Recognise the unit for the standard by the decision (see `recognition`), and save it.

    A recognition counted in a year staff reconciled is accepted, with a warning, and undoes
    that reconciliation from its year (`unreconcile_for`)."""
    certification = recognition(**stated)
    certification._history_user = stated["by"]
    certification.save()
    certification.notices += unreconcile_for([certification], by=stated["by"])
    return certification


def reconcile(*, scope: Unit, up_to_year: int, note: str = "", by) -> Reconciliation:
    """Staff declare the scope's register complete up to the year (“đã đối chiếu đủ đến năm”)."""
    if scope.level not in (Unit.Level.PROVINCE, Unit.Level.DISTRICT):
        raise ValidationError(
            {
                "scope": f"{scope} không phải tỉnh hay đơn vị cấp huyện: chỉ đối chiếu sổ theo địa bàn."
            }
        )
    if up_to_year > timezone.localdate().year:
        raise ValidationError({"up_to_year": f"Năm {up_to_year} chưa hết: chưa thể đối chiếu."})
    reconciliation = Reconciliation.objects.filter(scope=scope).first() or Reconciliation(
        scope=scope
    )
    reconciliation.up_to_year = up_to_year
    reconciliation.note = note
    reconciliation.reconciled_by = by
    reconciliation.reconciled_at = timezone.now()
    reconciliation._history_user = by
    reconciliation.save()
    return reconciliation


def unreconciled_warning(reconciliation, year):
    return (
        f"Sổ công nhận của {reconciliation.scope} đã được đối chiếu đủ đến năm "
        f"{reconciliation.up_to_year}; công nhận này tính từ năm {year} nên việc đối chiếu được "
        f"hủy từ năm {year} (nay chỉ còn đủ đến năm {year - 1}): hãy đối chiếu lại."
    )


def reconciliations_touched(unit, year, reconciliations, province_of):
    """The reconciliations that a recognition of the unit counted from the year contradicts:
    its district's (its own, for a district) and its province's. `reconciliations`: by scope
    id; `province_of`: {district id: province id}."""
    district_id = unit.pk if unit.level == Unit.Level.DISTRICT else unit.parent_id
    return [
        reconciliations[scope_id]
        for scope_id in (district_id, province_of.get(district_id))
        if scope_id in reconciliations and reconciliations[scope_id].up_to_year >= year
    ]


def unreconcile_for(certifications, *, by) -> list[str]:
    """Undo the reconciliations that new recognitions contradict: a scope (the unit's district,
    or the district itself, and its province) reconciled up to a year at or after the year a
    recognition counts from is reconciled only up to the year before. One query when nothing
    is reconciled; the warnings say what was undone."""
    reconciliations = {r.scope_id: r for r in Reconciliation.objects.select_related("scope")}
    if not reconciliations:
        return []
    province_of = dict(
        Unit.objects.filter(level=Unit.Level.DISTRICT).values_list("pk", "parent_id")
    )
    first_year = {}
    for certification in certifications:
        year = certification.counted_year
        for reconciliation in reconciliations_touched(
            certification.unit, year, reconciliations, province_of
        ):
            scope_id = reconciliation.scope_id
            first_year[scope_id] = min(year, first_year.get(scope_id, year))
    warnings = []
    for scope_id, year in first_year.items():
        reconciliation = reconciliations[scope_id]
        warnings.append(unreconciled_warning(reconciliation, year))
        reconciliation.up_to_year = year - 1
        reconciliation._history_user = by
        reconciliation._change_reason = f"Có công nhận mới tính từ năm {year}"
        reconciliation.save()
    return warnings


def recognition(
    *,
    decision: Decision | None,
    unit: Unit,
    standard: str,
    standard_year: int | None,
    notes: str = "",
    source: str = "",
    confirmed: bool = False,
    revoked_on: datetime.date | None = None,
    revocation_number: str = "",
    revocation_reason: str = "",
    by,
    register: Register = DATABASE,
) -> Certification:
    """The unit's recognition for the standard by the decision, checked and not yet saved.

    Under Certification's rules, read from the register: the database, or the recognitions an
    import read beforehand (its decision and unit are then in hand, not checked again).
    A district-level unit is NTM (or "completed") only when all of its communes are (QĐ
    320/QĐ-TTg); when the register shows some that are not, the recognition is allowed only when
    `confirmed`, and carries the warning. A recognition already revoked when it is recorded (an
    import of the register's past) states its revocation.
    """
    certification = Certification(
        decision=decision,
        unit=unit,
        standard=standard,
        standard_year=standard_year,
        notes=notes,
        source=nfc(source) or "",
        revoked_on=revoked_on,
        revocation_number=revocation_number,
        revocation_reason=revocation_reason,
        created_by=by,
    )
    if register is DATABASE:
        certification.full_clean()
    else:
        certification.validate_in(register)
    # True but incomplete: recorded, with the warnings the caller shows (Certification.flags).
    certification.notices = certification.incompleteness(register)
    if unit.level == Unit.Level.DISTRICT and Standard(standard).rank == Standard.NTM.rank:
        if decision is not None and decision.issued_on is not None:
            day = decision.issued_on
        else:
            day = datetime.date(certification.counted_year, 12, 31)
        short = register.communes_short_of_ntm(unit, day)
        if short:
            names = ", ".join(commune.name for commune in short[:10])
            more = f" và {len(short) - 10} xã khác" if len(short) > 10 else ""
            certification.warning = (
                f"Khi ghi nhận, sổ công nhận còn {len(short)} xã của {unit} chưa đạt chuẩn NTM "
                f"({names}{more}); QĐ 320/QĐ-TTg yêu cầu tất cả các xã đạt chuẩn."
            )
            if not confirmed:
                raise ValidationError(
                    {
                        "confirmed": f"{certification.warning} Nếu quyết định đúng như vậy, hãy "
                        "xác nhận để ghi."
                    }
                )
    return certification


@transaction.atomic
def decide_appraisal(
    *,
    request: AppraisalRequest,
    number: str,
    issued_on: datetime.date | None,
    issuer: str = Issuer.PROVINCE_CHAIRMAN,
    signer: str = "",
    notes: str = "",
    document=None,
    by,
) -> Certification:
    """Record the Chairman's decision on an appraised request: Decision, Certification, event."""
    # Locked before anything is written: two people recording the same decision at once must
    # not both create a certification.
    request.lock_for_step(AppraisalEvent.Action.DECIDE)
    decision = decision_for(
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        signer=signer,
        notes=notes,
        document=document,
        by=by,
    )
    certification = record_recognition(
        decision=decision,
        unit=request.commune,
        standard=request.standard,
        standard_year=request.standard_year,
        notes="Theo hồ sơ đề nghị thẩm định"
        + (f", tờ trình {request.submission_number}" if request.submission_number else "")
        + ".",
        by=by,
    )
    request.move(
        AppraisalEvent.Action.DECIDE,
        by=by,
        reason=f"Quyết định {decision}",
        certification=certification,
    )
    return certification
