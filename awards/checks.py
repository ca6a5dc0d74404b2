"""The rules a nomination must meet, checked before it is submitted and again before a decision.

Each rule refuses with its name and the facts, so that staff see why and where to look:

1. One award per achievement (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 5: "không khen
   thưởng nhiều lần, nhiều hình thức cho một thành tích đạt được"). An achievement is the
   nominee and the period it covers: a yearly review covers its year, the mid-term review the
   movement's first year to its own, the final review the whole movement; an award recorded
   without a phase (imported or typed history) covers its year. The same person cannot be
   awarded, or be proposed, twice for one period, across phases and decisions, whatever the
   level; the history read is the person's, records merged into it included. A nomination
   escalated to a higher level and the one it came from are one achievement.
2. The kind suits the nominee (collective, individual, household) and the proposer's level
   (national awards are proposed by the province only).
3. The prerequisites stored with the kind (earlier titles in consecutive years, the lower flag,
   intervals), each with its article, read from the person's whole history (imported included).
4. A unit proposed for its NTM results holds the matching recognition in the register.
5. A possible duplicate of the person is resolved (merged or marked as another person) first.
6. Nobody is proposed while under review for discipline, serving a discipline, under
   investigation or while a complaint is verified (Nghị định 98/2023/NĐ-CP, Điều 4): the
   nominee's recorded holds with their dates.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.models import DisciplinaryHold, Nomination, RecipientType
from targets.models import Standard

RULE_ONE_AWARD = "Một thành tích chỉ khen thưởng một lần (Điều 5 Luật Thi đua, khen thưởng 2022)"
RULE_RECIPIENT = "Loại khen thưởng phù hợp với đối tượng"
RULE_LEVEL = "Thẩm quyền đề nghị theo cấp"
RULE_PREREQUISITE = "Điều kiện khen thưởng"
RULE_NTM = "Khen thưởng vì kết quả xây dựng NTM phải có quyết định công nhận"
RULE_DUPLICATE = "Hồ sơ có thể trùng người phải được xử lý trước"
RULE_HOLD = (
    "Không đề nghị khen thưởng người đang bị xem xét kỷ luật, đang chịu kỷ luật, đang bị điều "
    "tra, thanh tra, kiểm tra hoặc đang xác minh đơn thư (Điều 4 Nghị định 98/2023/NĐ-CP)"
)


def _mid(text):
    """A unit's name inside a sentence: "huyện Vĩnh Thuận", not "Huyện Vĩnh Thuận"."""
    return text[:1].lower() + text[1:]


def _refusal(rule, facts):
    return f"{rule}: {facts}"


def phase_period(phase):
    """The years a phase's achievements cover: (first, last)."""
    if phase.kind == phase.Kind.YEARLY:
        return (phase.year, phase.year)
    plan = phase.movement.plan
    if phase.kind == phase.Kind.MIDTERM:
        return (plan.start_year, phase.year)
    return (plan.start_year, plan.end_year)


def record_period(record):
    return phase_period(record.phase) if record.phase_id else (record.year, record.year)


def _period_text(period):
    first, last = period
    return f"năm {first}" if first == last else f"giai đoạn {first}–{last}"


def person_ids(nominee):
    """The nominee and the records merged into it: one person."""
    return {nominee.pk, *nominee.merged_records.values_list("pk", flat=True)}


def check_one_award(nomination, day):
    nominee = nomination.nominee
    period = phase_period(nomination.phase)
    chain = nomination.achievement_chain() if nomination.pk else set()
    # A title the law requires before the proposed kind (Chiến sĩ thi đua cơ sở before the
    # provincial one) is its condition, not a second award for the same achievement.
    required = set(
        nomination.kind.prerequisites.exclude(required_kind=None).values_list(
            "required_kind_id", flat=True
        )
    )
    refusals = []
    records = [
        record
        for record in nominee.person_records()
        .exclude(nomination_id__in=chain)
        .exclude(kind_id__in=required)
        .select_related("phase__movement__plan")
        if record_period(record) == period
    ]
    for record in records:
        refusals.append(
            _refusal(
                RULE_ONE_AWARD,
                f"{nominee.display_name} đã được tặng {record.kind.name} cho "
                f"{record.phase if record.phase_id else 'thành tích ' + _period_text(period)} "
                f"theo Quyết định số {record.decision_number} ({record.issuer}).",
            )
        )
    others = (
        Nomination.objects.filter(
            nominee__in=person_ids(nominee), state__in=Nomination.COUNTING_STATES
        )
        .exclude(pk__in=chain)
        .exclude(kind_id__in=required)
        .exclude(award_record__in=records)
        .select_related("kind", "decision", "phase__movement__plan")
    )
    for other in others:
        if phase_period(other.phase) != period:
            continue
        if other.state == Nomination.State.DECIDED and other.decision_id:
            facts = (
                f"{nominee.display_name} đã được tặng {other.kind.name} cho {other.phase} "
                f"theo Quyết định số {other.decision.number}."
            )
        else:
            facts = (
                f"{nominee.display_name} đang được đề nghị {other.kind.name} cho thành tích "
                f"{_period_text(period)} ({other.phase}, đề nghị số {other.pk}, "
                f"{other.get_state_display().lower()})."
            )
        refusals.append(_refusal(RULE_ONE_AWARD, facts))
    return refusals


def check_disciplinary_hold(nomination, day):
    holds = DisciplinaryHold.objects.filter(nominee__in=person_ids(nomination.nominee)).in_force_on(
        day
    )
    return [_refusal(RULE_HOLD, f"{nomination.nominee.display_name}: {hold}.") for hold in holds]


def check_recipient_and_level(nomination, day):
    refusals = []
    kind, nominee = nomination.kind, nomination.nominee
    if nominee.nominee_type not in kind.recipient_types():
        refusals.append(
            _refusal(
                RULE_RECIPIENT,
                f"{kind.name} ({kind.get_category_display().lower()}) chỉ tặng "
                f"{kind.recipients_display()}; {nominee.display_name} là "
                f"{RecipientType(nominee.nominee_type).label.lower()}.",
            )
        )
    if kind.proposed_by == kind.Proposer.PROVINCE and nomination.district_id:
        refusals.append(
            _refusal(
                RULE_LEVEL,
                f"{kind.name} ({kind.get_level_display().lower()}) do tỉnh đề nghị; "
                f"{_mid(nomination.district.full_name)} không đề nghị trực tiếp được.",
            )
        )
    return refusals


def _longest_run_ending(years, last):
    run = 0
    while last - run in years:
        run += 1
    return run


def check_prerequisites(nomination, day):
    refusals = []
    nominee, year = nomination.nominee, nomination.phase.year
    for prerequisite in nomination.kind.prerequisites.select_related("required_kind"):
        if prerequisite.required_kind_id:
            years = set(
                nominee.person_records()
                .filter(kind=prerequisite.required_kind)
                .values_list("year", flat=True)
            )
            run = max(_longest_run_ending(years, year), _longest_run_ending(years, year - 1))
            if run < prerequisite.consecutive_times:
                held = ", ".join(str(held_year) for held_year in sorted(years)) or "chưa lần nào"
                refusals.append(
                    _refusal(
                        RULE_PREREQUISITE,
                        f"{nomination.kind.name} cần {prerequisite.consecutive_times} lần liên tục "
                        f"{prerequisite.required_kind.name} ({prerequisite.article}); "
                        f"{nominee.display_name} có: {held}.",
                    )
                )
        if prerequisite.min_interval_years:
            last = nominee.person_records().filter(kind=nomination.kind).order_by("-year").first()
            if last and year - last.year < prerequisite.min_interval_years:
                refusals.append(
                    _refusal(
                        RULE_PREREQUISITE,
                        f"{nomination.kind.name} chỉ xét lại sau ít nhất "
                        f"{prerequisite.min_interval_years} năm ({prerequisite.article}); "
                        f"{nominee.display_name} được tặng năm {last.year} theo Quyết định số "
                        f"{last.decision_number}.",
                    )
                )
    return refusals


def check_ntm_recognition(nomination, day):
    """The unit holds the standard (or a higher one) in the phase's year, as the progress module
    counts (`targets.progress`: revocations, higher standards, the unit's existence)."""
    if not nomination.ntm_standard:
        return []
    from targets.progress import Basis, ProgressCounter

    nominee = nomination.nominee
    standard = Standard(nomination.ntm_standard)
    if not nominee.unit_id:
        return [
            _refusal(
                RULE_NTM,
                f"{nominee.display_name} không phải là một đơn vị hành chính nên không có "
                f"quyết định công nhận {standard.label.lower()}.",
            )
        ]
    year = nomination.phase.year
    counter = ProgressCounter(nomination.phase.movement.plan)
    if counter.rank_of(nominee.unit, year, Basis.STANDARD) < standard.rank:
        return [
            _refusal(
                RULE_NTM,
                f"{nominee.unit.full_name} chưa có quyết định công nhận "
                f"“{standard.label}” còn hiệu lực đến năm {year} trong sổ công nhận.",
            )
        ]
    if counter.rank_of(nominee.unit, year, Basis.STANDARD, in_force_on=day) < standard.rank:
        return [
            _refusal(
                RULE_NTM,
                f"quyết định công nhận “{standard.label}” của {nominee.unit.full_name} đã bị "
                f"thu hồi, không còn hiệu lực vào ngày {day:%d/%m/%Y}.",
            )
        ]
    return []


def check_duplicates(nomination, day):
    nominee = nomination.nominee
    if nominee.merged_into_id:
        return [
            _refusal(
                RULE_DUPLICATE,
                f"hồ sơ {nominee} đã được gộp vào {nominee.merged_into}; đề nghị theo hồ sơ còn lại.",
            )
        ]
    duplicates = list(nominee.possible_duplicates())
    if not duplicates:
        return []
    names = "; ".join(f"{other} — hồ sơ số {other.pk}" for other in duplicates)
    return [
        _refusal(
            RULE_DUPLICATE,
            f"{nominee.display_name} (sinh năm {nominee.birth_year}) có thể trùng với: {names}. "
            "Cán bộ tỉnh cần gộp hồ sơ hoặc xác nhận là hai người khác nhau.",
        )
    ]


CHECKS = [
    check_duplicates,
    check_disciplinary_hold,
    check_recipient_and_level,
    check_one_award,
    check_prerequisites,
    check_ntm_recognition,
]


def refusals_for(nomination, *, on=None):
    """Every rule the nomination breaks on the day (today unless given: a decision's date)."""
    day = on or timezone.localdate()
    refusals = []
    for check in CHECKS:
        refusals.extend(check(nomination, day))
    return refusals


def ensure_eligible(nomination, *, stage, on=None):
    """Raise a ValidationError listing every rule the nomination breaks (stage: submit/decide;
    on: the day it is taken, a decision's date)."""
    refusals = refusals_for(nomination, on=on)
    if refusals:
        prefix = "Chưa trình được" if stage == "submit" else "Chưa quyết định được"
        raise ValidationError([f"{prefix} — {refusal}" for refusal in refusals])
