"""The rules a nomination must meet, checked before it is submitted and again before a decision.

Each rule refuses with its name and the facts, so that staff see why and where to look:

1. One award per achievement (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 5: "không khen
   thưởng nhiều lần, nhiều hình thức cho một thành tích đạt được"): the same nominee cannot be
   awarded, or be proposed, twice for the same phase of the movement, whatever the level. A
   nomination escalated to a higher level and the one it came from are one achievement.
2. The kind suits the nominee (collective, individual, household) and the proposer's level
   (national awards are proposed by the province only).
3. The prerequisites stored with the kind (earlier titles in consecutive years, intervals).
4. A unit proposed for its NTM results holds the matching recognition in the register.
5. A possible duplicate of the person is resolved (merged or marked as another person) first.
"""

from django.core.exceptions import ValidationError

from awards.models import AwardRecord, Nomination, RecipientType
from targets.models import Certification, Standard

RULE_ONE_AWARD = "Một thành tích chỉ khen thưởng một lần (Điều 5 Luật Thi đua, khen thưởng 2022)"
RULE_RECIPIENT = "Loại khen thưởng phù hợp với đối tượng"
RULE_LEVEL = "Thẩm quyền đề nghị theo cấp"
RULE_PREREQUISITE = "Điều kiện khen thưởng"
RULE_NTM = "Khen thưởng vì kết quả xây dựng NTM phải có quyết định công nhận"
RULE_DUPLICATE = "Hồ sơ có thể trùng người phải được xử lý trước"


def _mid(text):
    """A unit's name inside a sentence: "huyện Vĩnh Thuận", not "Huyện Vĩnh Thuận"."""
    return text[:1].lower() + text[1:]


def _refusal(rule, facts):
    return f"{rule}: {facts}"


def check_one_award(nomination):
    nominee = nomination.nominee
    chain = nomination.achievement_chain() if nomination.pk else set()
    refusals = []
    records = (
        AwardRecord.objects.filter(nominee=nominee, phase=nomination.phase)
        .exclude(nomination_id__in=chain)
        .select_related("kind")
    )
    for record in records:
        refusals.append(
            _refusal(
                RULE_ONE_AWARD,
                f"{nominee.display_name} đã được tặng {record.kind.name} cho {nomination.phase} "
                f"theo Quyết định số {record.decision_number} ({record.issuer}).",
            )
        )
    others = (
        Nomination.objects.filter(
            nominee=nominee, phase=nomination.phase, state__in=Nomination.COUNTING_STATES
        )
        .exclude(pk__in=chain)
        .exclude(award_record__in=records)
        .select_related("kind", "decision")
    )
    for other in others:
        if other.state == Nomination.State.DECIDED and other.decision_id:
            facts = (
                f"{nominee.display_name} đã được tặng {other.kind.name} cho {nomination.phase} "
                f"theo Quyết định số {other.decision.number}."
            )
        else:
            facts = (
                f"{nominee.display_name} đang được đề nghị {other.kind.name} cho "
                f"{nomination.phase} (đề nghị số {other.pk}, {other.get_state_display().lower()})."
            )
        refusals.append(_refusal(RULE_ONE_AWARD, facts))
    return refusals


def check_recipient_and_level(nomination):
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


def check_prerequisites(nomination):
    refusals = []
    nominee, year = nomination.nominee, nomination.phase.year
    for prerequisite in nomination.kind.prerequisites.select_related("required_kind"):
        if prerequisite.required_kind_id:
            years = set(
                nominee.award_records.filter(kind=prerequisite.required_kind).values_list(
                    "year", flat=True
                )
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
            last = nominee.award_records.filter(kind=nomination.kind).order_by("-year").first()
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


def check_ntm_recognition(nomination):
    if not nomination.ntm_standard:
        return []
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
    held = Certification.objects.filter(
        unit=nominee.unit, standard=standard, revoked_on__isnull=True
    ).select_related("decision")
    if not held.exists():
        return [
            _refusal(
                RULE_NTM,
                f"{nominee.unit.full_name} chưa có quyết định công nhận "
                f"“{standard.label}” còn hiệu lực trong sổ công nhận.",
            )
        ]
    return []


def check_duplicates(nomination):
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
    check_recipient_and_level,
    check_one_award,
    check_prerequisites,
    check_ntm_recognition,
]


def refusals_for(nomination):
    refusals = []
    for check in CHECKS:
        refusals.extend(check(nomination))
    return refusals


def ensure_eligible(nomination, *, stage):
    """Raise a ValidationError listing every rule the nomination breaks (stage: submit/decide)."""
    refusals = refusals_for(nomination)
    if refusals:
        prefix = "Chưa trình được" if stage == "submit" else "Chưa quyết định được"
        raise ValidationError([f"{prefix} — {refusal}" for refusal in refusals])
