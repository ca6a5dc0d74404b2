"""The demo history: five years of Kiên Giang's NTM movement, shaped like the reported outcomes.

Press-reported figures (DOMAIN.md "Real outcomes") fix the shape: communes NTM 79 at the end of
2020, then 90, 101, 111 and 116 by standard year; by 06/2025 40 advanced and 5 model communes;
9 of the 15 district-level units NTM or "completed", none advanced; Vĩnh Thuận (669/QĐ-TTg) and
Hà Tiên (671/QĐ-TTg), both of 02/06/2022, for standard year 2020. Everything else (which commune,
which other district, decision numbers and dates, criteria results, dossiers) is invented with a
seeded random generator, so every load gives the same history, and every record says so in its
notes: it must never be mistaken for official data.
"""

import datetime
import io
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from targets.models import (
    AppraisalEvent,
    AppraisalRequest,
    Certification,
    CommuneStatus,
    CriteriaSet,
    CriterionResult,
    Decision,
    DemoHistoryLoad,
    Issuer,
    Standard,
)
from units.models import Unit

DEMO_MARK = "[Dữ liệu minh họa]"
DEMO_NOTE = f"{DEMO_MARK} Do hệ thống tạo để trình diễn, không phải số liệu chính thức."
SEED = 168
STATUS_YEARS = range(2021, 2026)
CRITERIA_SET_CODE = "QD318-2022-XA-NTM"
PROVINCE_SIGNER = "Chủ tịch UBND tỉnh"
PRIME_MINISTER_SIGNER = "Phó Thủ tướng Chính phủ"
# Decisions are dated before the district level ended (30/06/2025): units are valid until then.
LAST_DECISION_DAY = datetime.date(2025, 6, 20)

# New NTM communes per standard year; the years up to 2020 add up to the 79 of the baseline.
NTM_COHORTS = [
    (2013, 4), (2014, 6), (2015, 9), (2016, 10), (2017, 11), (2018, 12), (2019, 13), (2020, 14),
    (2021, 11), (2022, 12), (2023, 9), (2024, 5),
]  # fmt: skip
# Cumulative advanced and model communes by standard year (40 and 5 by 06/2025).
ADVANCED_BY_YEAR = {2021: 2, 2022: 8, 2023: 18, 2024: 31, 2025: 40}
MODEL_BY_YEAR = {2023: 1, 2024: 3, 2025: 5}

# District-level units: (code, standard, standard year, decision number, decision date, real?).
# Only Vĩnh Thuận and Hà Tiên are press-reported; the other seven are a plausible choice that
# follows the plan's own counts (3 at the end of 2020, 5, 7, then 9) and leaves out the six units
# the plan still names as targets or that the press did not report (Kiên Lương, An Biên, An Minh,
# Kiên Hải, U Minh Thượng, Giang Thành).
DISTRICTS = [
    ("904", Standard.NTM, 2019, "1599/QĐ-TTg", datetime.date(2020, 9, 24), False),
    ("910", Standard.NTM, 2020, "669/QĐ-TTg", datetime.date(2022, 6, 2), True),
    ("900", Standard.COMPLETED, 2020, "671/QĐ-TTg", datetime.date(2022, 6, 2), True),
    ("899", Standard.COMPLETED, 2021, "1032/QĐ-TTg", datetime.date(2022, 8, 30), False),
    ("906", Standard.NTM, 2021, "1125/QĐ-TTg", datetime.date(2022, 9, 27), False),
    ("905", Standard.NTM, 2022, "1086/QĐ-TTg", datetime.date(2023, 9, 19), False),
    ("911", Standard.COMPLETED, 2022, "1402/QĐ-TTg", datetime.date(2023, 11, 22), False),
    ("907", Standard.NTM, 2023, "884/QĐ-TTg", datetime.date(2024, 8, 26), False),
    ("903", Standard.NTM, 2023, "1157/QĐ-TTg", datetime.date(2024, 10, 8), False),
]
REAL_DISTRICT_NOTE = (
    f"Số và ngày quyết định, năm đạt chuẩn theo báo chí đã đưa tin. {DEMO_MARK} "
    "Các thông tin khác do hệ thống tạo để trình diễn."
)

# Criteria communes most often miss (income, production, environment, infrastructure) come first.
HARD_CRITERIA = [10, 13, 17, 2, 3, 11, 6, 5, 12, 14, 7, 16, 9, 15, 8, 18, 4, 1, 19]

REVOCATION = {
    "on": datetime.date(2022, 9, 15),
    "reason": (
        "Kiểm tra sau công nhận: xã không còn đạt tiêu chí 10 (Thu nhập) và tiêu chí 17 "
        "(Môi trường và an toàn thực phẩm)."
    ),
    "lost": {10: "Thu nhập bình quân giảm dưới mức chuẩn.", 17: "Chưa thu gom, xử lý rác đạt."},
}
LOST_NOTE = "Không còn đạt so với năm trước; xã đang khắc phục."
LOST_CASES = 6
DEMO_USERNAMES = ["tinh", "huyen.vinhthuan", "huyen.anbien"]


@dataclass
class PlannedDecision:
    number: str
    issuer: str
    issued_on: datetime.date
    notes: str
    certifications: list = field(default_factory=list)  # (unit code, standard, standard year)


@dataclass
class PlannedStatus:
    code: str
    year: int
    unmet: dict  # criterion number → note
    next_standard: str
    planned_year: int | None


@dataclass
class PlannedRequest:
    code: str
    standard: str
    standard_year: int
    submission_number: str
    # (action, username, date, reason); the state follows the actions.
    steps: list


@dataclass
class DemoHistory:
    decisions: list
    revocation: dict  # unit code, standard, decision number, revocation number, date, reason
    statuses: list
    requests: list


@dataclass
class LoadResult:
    created: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)

    def add(self, what, count=1):
        self.created[what] = self.created.get(what, 0) + count

    @property
    def changed(self):
        return any(self.created.values())


def _date_in(rng, year, first_month, last_month, last_day=None):
    day = datetime.date(year, first_month, 1) + datetime.timedelta(
        days=rng.randrange(
            (datetime.date(year, last_month, 28) - datetime.date(year, first_month, 1)).days
        )
    )
    return min(day, last_day) if last_day else day


def _assign_ntm_years(rng, communes, deadline, fixed):
    """Standard year of each commune's first NTM recognition, cohort by cohort.

    A commune whose district became NTM in year D must be NTM by D (QĐ 320: a district needs all
    of its communes); among the others, communes of districts that finished earlier go earlier.
    """
    years = dict(fixed)
    remaining = [code for code in communes if code not in fixed]
    for year, size in NTM_COHORTS:
        chosen = [code for code, fixed_year in fixed.items() if fixed_year == year]
        must = [code for code in remaining if deadline[code] <= year]
        if len(chosen) + len(must) > size:
            raise RuntimeError(f"Nhóm năm {year} không đủ chỗ cho các xã bắt buộc.")
        keyed = [
            (deadline[code] + rng.uniform(0, 4), code) for code in remaining if code not in must
        ]
        others = [code for _key, code in sorted(keyed)][: size - len(chosen) - len(must)]
        for code in must + others:
            years[code] = year
        remaining = [code for code in remaining if code not in years]
    if remaining:
        raise RuntimeError(f"Còn {len(remaining)} xã chưa được xếp năm đạt chuẩn.")
    return years


def _pick_higher(rng, targets, eligible, fixed, excluded):
    """Standard year of a higher standard for some communes, reaching cumulative `targets`."""
    years = dict(fixed)
    previous = 0
    for year, cumulative in sorted(targets.items()):
        wanted = cumulative - previous - sum(1 for y in fixed.values() if y == year)
        candidates = [code for code in eligible(year) if code not in years and code not in excluded]
        for code in rng.sample(sorted(candidates), wanted):
            years[code] = year
        previous = cumulative
    return years


def _group_into_decisions(rng, items, issue_day):
    """Split recognitions of one standard and standard year into decisions of several units."""
    items = sorted(items)
    rng.shuffle(items)
    groups = []
    while items:
        size = rng.randint(3, 7)
        if len(items) - size in (1, 2):
            size = len(items)
        groups.append((issue_day(), items[:size]))
        items = items[size:]
    return groups


def build_history(seed=SEED):
    """The whole demo history as plain data, from the units in the database and a seed."""
    rng = random.Random(seed)
    communes = list(
        Unit.objects.communes()
        .filter(kind=Unit.Kind.XA, parent__parent__code="91")
        .order_by("code")
        .values_list("code", "parent__code")
    )
    district_of = dict(communes)
    codes = [code for code, _district in communes]
    by_district = {}
    for code, district in communes:
        by_district.setdefault(district, []).append(code)
    district_year = {code: year for code, _s, year, *_rest in DISTRICTS}
    deadline = {code: district_year.get(district_of[code], 2024) for code in codes}

    an_bien, vinh_thuan = by_district["908"], by_district["910"]
    revoked = by_district["913"][0]
    # Communes whose dossiers are shown at each step of the appraisal workflow.
    a1, a2, a3, a4 = an_bien[:4]
    v1, v2, v3 = vinh_thuan[:3]
    ntm_year = _assign_ntm_years(
        rng, codes, deadline, {revoked: 2017, a1: 2024, a2: 2019, a3: 2020, a4: 2022}
    )
    advanced_year = _pick_higher(
        rng,
        ADVANCED_BY_YEAR,
        lambda year: [c for c in codes if ntm_year[c] <= year - 2],
        {v1: 2024, v3: 2022},
        {revoked, a2, a3, a4, v2},
    )
    model_year = _pick_higher(
        rng,
        MODEL_BY_YEAR,
        lambda year: [c for c, y in advanced_year.items() if y <= year - 2],
        {},
        {v3},
    )

    def issue_day_for(standard_year):
        def issue_day():
            if standard_year >= 2025:
                return _date_in(rng, 2025, 3, 6, LAST_DECISION_DAY)
            if standard_year >= 2013 and rng.random() < 0.15:
                return _date_in(rng, standard_year, 12, 12)
            return _date_in(rng, standard_year + 1, 1, 6, LAST_DECISION_DAY)

        return issue_day

    groups = []  # (issued on, [(code, standard, standard year)])
    for standard, years in (
        (Standard.NTM, ntm_year),
        (Standard.ADVANCED, advanced_year),
        (Standard.MODEL, model_year),
    ):
        by_year = {}
        for code, year in years.items():
            by_year.setdefault(year, []).append(code)
        # The revoked commune is recognised again, with the communes of standard year 2023.
        if standard == Standard.NTM:
            by_year[2023].append(revoked)
        for year, members in sorted(by_year.items()):
            for issued_on, chunk in _group_into_decisions(rng, members, issue_day_for(year)):
                groups.append((issued_on, [(code, standard, year) for code in chunk]))

    # Provincial decisions of a year are numbered in date order, as a records office does.
    revocation_day = REVOCATION["on"]
    numbered = sorted(
        [(day, index) for index, (day, _c) in enumerate(groups)] + [(revocation_day, -1)]
    )
    numbers, counters = {}, {}
    for day, index in numbered:
        counters[day.year] = counters.get(day.year, rng.randint(150, 600)) + rng.randint(40, 420)
        numbers[index] = f"{counters[day.year]}/QĐ-UBND"
    decisions = [
        PlannedDecision(numbers[index], Issuer.PROVINCE_CHAIRMAN, day, DEMO_NOTE, certifications)
        for index, (day, certifications) in enumerate(groups)
    ]
    for code, standard, year, number, day, real in DISTRICTS:
        decisions.append(
            PlannedDecision(
                number,
                Issuer.PRIME_MINISTER,
                day,
                REAL_DISTRICT_NOTE if real else DEMO_NOTE,
                [(code, standard, year)],
            )
        )
    decisions.sort(key=lambda d: (d.issued_on, d.issuer != Issuer.PRIME_MINISTER, d.number))
    first_recognition = next(
        d for d in decisions if (revoked, Standard.NTM, 2017) in d.certifications
    )
    revocation = {
        "code": revoked,
        "standard": Standard.NTM,
        "decision_number": first_recognition.number,
        "decision_year": first_recognition.issued_on.year,
        "number": numbers[-1],
        "on": revocation_day,
        "reason": REVOCATION["reason"],
    }

    request_communes = {a1, a2, a3, a4, v1, v2, v3}
    # A few NTM communes slip on one criterion in one year (held it the year before).
    slipping = [
        code
        for code in codes
        if ntm_year[code] <= 2020 and code not in request_communes | {revoked}
    ]
    lost = {code: rng.choice([2022, 2023, 2024, 2025]) for code in rng.sample(slipping, LOST_CASES)}
    statuses = []
    for code in codes:
        order = rng.sample(HARD_CRITERIA[:9], 9) + rng.sample(HARD_CRITERIA[9:], 10)
        still_unmet = 7
        for year in STATUS_YEARS:
            held = ntm_year[code] <= year and not (code == revoked and year == 2022)
            if code == revoked and year == 2022:
                unmet = dict(REVOCATION["lost"])
            elif held:
                unmet = {order[rng.randrange(9)]: LOST_NOTE} if lost.get(code) == year else {}
            else:
                gap = ntm_year[code] - year
                still_unmet = min(
                    still_unmet, max(1, min(7, gap * rng.choice([1, 2]) + rng.randint(0, 1)))
                )
                unmet = {number: "" for number in order[:still_unmet]}
            if not held:
                next_standard, planned = Standard.NTM, max(ntm_year[code], year + 1)
            elif model_year.get(code, 9999) <= year:
                next_standard, planned = "", None
            elif advanced_year.get(code, 9999) <= year:
                next_standard, planned = Standard.MODEL, model_year.get(code)
            else:
                next_standard, planned = Standard.ADVANCED, advanced_year.get(code)
            statuses.append(PlannedStatus(code, year, unmet, next_standard, planned))

    submission = {a1: "215/TTr-UBND", a2: "96/TTr-UBND", a3: "71/TTr-UBND", a4: "48/TTr-UBND"}
    submission |= {v1: "188/TTr-UBND", v2: "83/TTr-UBND", v3: "52/TTr-UBND"}
    decided_on = {
        (code, standard): d.issued_on
        for d in decisions
        for code, standard, _year in d.certifications
    }

    def before(day, days):
        return day - datetime.timedelta(days=days)

    ab, vt, tinh = "huyen.anbien", "huyen.vinhthuan", "tinh"
    d1, d2 = decided_on[(a1, Standard.NTM)], decided_on[(v1, Standard.ADVANCED)]
    requests = [
        PlannedRequest(a1, Standard.NTM, 2024, submission[a1], [
            ("submit", ab, before(d1, 50), ""),
            ("receive", tinh, before(d1, 45), ""),
            ("appraise", tinh, before(d1, 20), "Hội đồng thẩm định tỉnh thống nhất đề nghị công nhận."),
            ("decide", tinh, d1, ""),
        ]),
        PlannedRequest(v1, Standard.ADVANCED, 2024, submission[v1], [
            ("submit", vt, before(d2, 75), ""),
            ("receive", tinh, before(d2, 70), ""),
            ("return", tinh, before(d2, 60), "Thiếu biên bản lấy ý kiến nhân dân về kết quả tự đánh giá các tiêu chí; đề nghị bổ sung."),
            ("resubmit", vt, before(d2, 45), "Đã bổ sung biên bản lấy ý kiến nhân dân."),
            ("receive", tinh, before(d2, 42), ""),
            ("appraise", tinh, before(d2, 20), "Hội đồng thẩm định tỉnh thống nhất đề nghị công nhận."),
            ("decide", tinh, d2, ""),
        ]),
        PlannedRequest(a2, Standard.ADVANCED, 2025, submission[a2], [
            ("submit", ab, datetime.date(2025, 6, 10), ""),
        ]),
        PlannedRequest(v2, Standard.ADVANCED, 2025, submission[v2], [
            ("submit", vt, datetime.date(2025, 5, 20), ""),
            ("receive", tinh, datetime.date(2025, 5, 28), ""),
        ]),
        PlannedRequest(a3, Standard.ADVANCED, 2025, submission[a3], [
            ("submit", ab, datetime.date(2025, 4, 15), ""),
            ("receive", tinh, datetime.date(2025, 4, 22), ""),
            ("return", tinh, datetime.date(2025, 5, 8), "Tiêu chí 17 (Môi trường và an toàn thực phẩm) chưa có minh chứng kết quả thu gom, xử lý chất thải rắn; đề nghị bổ sung."),
        ]),
        PlannedRequest(v3, Standard.MODEL, 2025, submission[v3], [
            ("submit", vt, datetime.date(2025, 3, 10), ""),
            ("receive", tinh, datetime.date(2025, 3, 17), ""),
            ("appraise", tinh, datetime.date(2025, 6, 5), "Hội đồng thẩm định tỉnh thống nhất; chờ quyết định của Chủ tịch UBND tỉnh."),
        ]),
        PlannedRequest(a4, Standard.ADVANCED, 2025, submission[a4], [
            ("submit", ab, datetime.date(2025, 3, 3), ""),
            ("withdraw", ab, datetime.date(2025, 3, 20), "Rà soát lại: tiêu chí 10 (Thu nhập) chưa đạt mức của xã nâng cao; huyện rút hồ sơ để hoàn thiện."),
        ]),
    ]  # fmt: skip
    return DemoHistory(decisions, revocation, statuses, requests)


ACTION_STATE = {
    "submit": AppraisalRequest.State.SUBMITTED,
    "resubmit": AppraisalRequest.State.SUBMITTED,
    "receive": AppraisalRequest.State.RECEIVED,
    "return": AppraisalRequest.State.RETURNED,
    "appraise": AppraisalRequest.State.APPRAISED,
    "decide": AppraisalRequest.State.DECIDED,
    "withdraw": AppraisalRequest.State.WITHDRAWN,
}


def _moment(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def non_demo_certifications():
    return Certification.objects.exclude(notes__contains=DEMO_MARK)


def demo_users():
    """The demo accounts that act in the history, created by load_demo_accounts when missing."""
    users = get_user_model().objects.in_bulk(DEMO_USERNAMES, field_name="username")
    if len(users) < len(DEMO_USERNAMES):
        call_command("load_demo_accounts", stdout=io.StringIO())
        users = get_user_model().objects.in_bulk(DEMO_USERNAMES, field_name="username")
    return users


class DemoConflict(Exception):
    """The database holds recognitions that are not demo data; loading needs --force."""


@transaction.atomic
def load_demo_history(*, force=False, seed=SEED):
    """Write the demo history; records already there are left alone, so a second run changes
    nothing. With `force`, records that clash with real data are skipped and listed."""
    if not force and non_demo_certifications().exists():
        raise DemoConflict(
            f"Cơ sở dữ liệu đã có {non_demo_certifications().count()} công nhận không phải dữ liệu "
            "minh họa; không nạp lịch sử minh họa vào số liệu thật (dùng --force nếu thật sự muốn)."
        )
    history = build_history(seed)
    users = demo_users()
    result = LoadResult()
    units = {unit.code: unit for unit in Unit.objects.filter(valid_from__isnull=True)}
    _write_decisions(history, units, users["tinh"], result, force)
    _write_statuses(history, units, users, result)
    _write_requests(history, units, users, result)
    DemoHistoryLoad.objects.get_or_create(defaults={"seed": seed})
    return result


def _write_decisions(history, units, recorder, result, force):
    revocation = history.revocation
    pending_revocation = True
    for planned in history.decisions:
        if pending_revocation and planned.issued_on > revocation["on"]:
            _revoke(revocation, units, recorder, result, force)
            pending_revocation = False
        decision = Decision.objects.filter(
            number=planned.number, issuer=planned.issuer, year=planned.issued_on.year
        ).first()
        if decision is not None and DEMO_MARK not in decision.notes:
            result.skipped.append(f"Quyết định {decision}: đã có trong số liệu thật.")
            continue
        if decision is None:
            decision = Decision(
                number=planned.number,
                issued_on=planned.issued_on,
                issuer=planned.issuer,
                signer=PRIME_MINISTER_SIGNER
                if planned.issuer == Issuer.PRIME_MINISTER
                else PROVINCE_SIGNER,
                notes=planned.notes,
            )
            decision.full_clean()
            decision._history_date = _moment(planned.issued_on, 15)
            decision._history_user = recorder
            decision.save()
            result.add("quyết định")
        for code, standard, year in planned.certifications:
            if Certification.objects.filter(
                decision=decision, unit=units[code], standard=standard
            ).exists():
                continue
            certification = Certification(
                decision=decision,
                unit=units[code],
                standard=standard,
                standard_year=year,
                notes=DEMO_NOTE,
                created_by=recorder,
            )
            try:
                certification.full_clean()
            except ValidationError as error:
                if not force:
                    raise
                result.skipped.append(f"{certification}: {'; '.join(error.messages)}")
                continue
            certification._history_date = _moment(planned.issued_on, 16)
            certification._history_user = recorder
            certification.save()
            result.add("công nhận")
    if pending_revocation:
        _revoke(revocation, units, recorder, result, force)


def _revoke(revocation, units, recorder, result, force):
    certification = Certification.objects.filter(
        unit=units[revocation["code"]],
        standard=revocation["standard"],
        decision__number=revocation["decision_number"],
        decision__year=revocation["decision_year"],
        notes__contains=DEMO_MARK,
    ).first()
    if certification is None or certification.is_revoked:
        return
    certification._history_date = _moment(revocation["on"], 15)
    try:
        certification.revoke(
            number=revocation["number"],
            on=revocation["on"],
            reason=revocation["reason"],
            by=recorder,
        )
    except ValidationError as error:
        if not force:
            raise
        result.skipped.append(f"Thu hồi {certification}: {'; '.join(error.messages)}")
        return
    result.add("thu hồi")


def _write_statuses(history, units, users, result):
    criteria_set = CriteriaSet.objects.get(code=CRITERIA_SET_CODE)
    criteria = list(criteria_set.criteria.order_by("number"))
    existing = set(
        CommuneStatus.objects.filter(year__in=STATUS_YEARS).values_list("commune__code", "year")
    )
    officer_of = {"910": users["huyen.vinhthuan"], "908": users["huyen.anbien"]}
    # One bulk write per (year, editor), so each history row names who entered it and when.
    batches = {}
    for planned in history.statuses:
        if (planned.code, planned.year) in existing:
            continue
        unit = units[planned.code]
        editor = officer_of.get(unit.parent.code, users["tinh"]) if unit.parent else users["tinh"]
        batches.setdefault((planned.year, editor.pk), (editor, []))[1].append(planned)
    for (year, _pk), (editor, planned_list) in sorted(batches.items()):
        entered = _moment(datetime.date(year, 11, 30), 10)
        statuses = bulk_create_with_history(
            [
                CommuneStatus(
                    commune=units[p.code],
                    year=p.year,
                    criteria_set=criteria_set,
                    next_standard=p.next_standard,
                    planned_year=p.planned_year,
                    notes=DEMO_NOTE,
                )
                for p in planned_list
            ],
            CommuneStatus,
            default_user=editor,
            default_date=entered,
        )
        CommuneStatus.objects.filter(pk__in=[s.pk for s in statuses]).update(updated_at=entered)
        results = [
            CriterionResult(
                status=status,
                criterion=criterion,
                met=criterion.number not in p.unmet,
                note=p.unmet.get(criterion.number, ""),
            )
            for status, p in zip(statuses, planned_list, strict=True)
            for criterion in criteria
        ]
        bulk_create_with_history(
            results, CriterionResult, batch_size=2000, default_user=editor, default_date=entered
        )
        result.add("kết quả tiêu chí của xã", len(statuses))


def _write_requests(history, units, users, result):
    for planned in history.requests:
        commune = units[planned.code]
        if AppraisalRequest.objects.filter(
            commune=commune,
            standard=planned.standard,
            standard_year=planned.standard_year,
            submission_number=planned.submission_number,
        ).exists():
            continue
        status = CommuneStatus.objects.filter(commune=commune, year=planned.standard_year).first()
        if status is None:
            result.skipped.append(
                f"Hồ sơ {commune}: chưa có kết quả tiêu chí năm {planned.standard_year}."
            )
            continue
        snapshot = {
            str(number): met
            for number, met in status.results.values_list("criterion__number", "met")
        }
        final_state = ACTION_STATE[planned.steps[-1][0]]
        certification = None
        if final_state == AppraisalRequest.State.DECIDED:
            certification = Certification.objects.filter(
                unit=commune,
                standard=planned.standard,
                standard_year=planned.standard_year,
                notes__contains=DEMO_MARK,
            ).first()
            if certification is None:
                result.skipped.append(f"Hồ sơ {commune}: không có công nhận minh họa để gắn.")
                continue
        request = AppraisalRequest(
            commune=commune,
            standard=planned.standard,
            standard_year=planned.standard_year,
            state=final_state,
            commune_status=status,
            criteria_snapshot=snapshot,
            submission_number=planned.submission_number,
            certification=certification,
        )
        request.full_clean()
        request._history_date = _moment(planned.steps[0][2])
        request._history_user = users[planned.steps[0][1]]
        request.save()
        AppraisalRequest.objects.filter(pk=request.pk).update(
            created_at=_moment(planned.steps[0][2])
        )
        state = ""
        for action, username, day, reason in planned.steps:
            event = AppraisalEvent.objects.create(
                request=request,
                action=action,
                from_state=state,
                to_state=ACTION_STATE[action],
                actor=users[username],
                reason=reason,
            )
            AppraisalEvent.objects.filter(pk=event.pk).update(at=_moment(day, 14))
            state = ACTION_STATE[action]
        result.add("hồ sơ đề nghị thẩm định")
