"""Synthetic data for load tests: provinces, district-level units and communes with five years of
recognitions and criteria results, at the size of one province or of the whole country.

Rows are written with bulk_create in batches, without validation and without edit history, to be
fast; the generator keeps the rules by construction (each standard rests on the one below, decided
later; a district becomes NTM only when all of its communes are; a city gets "completed"), and a
test checks its records with full_clean(). Unit codes start with a letter ("S" by default), which
official GSO codes never do, so synthetic units cannot clash with real ones.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from ntm_portal.lib.text import fold, sort_key
from targets.models import (
    Certification,
    CommuneStatus,
    CriteriaSet,
    CriterionResult,
    Decision,
    Indicator,
    Issuer,
    NamedTarget,
    Plan,
    Standard,
    YearlyTarget,
)
from units.models import PRE_MERGER_END, Unit

YEARS = range(2021, 2026)
BASELINE_YEAR = 2020
LAST_DECISION_DAY = datetime.date(2025, 6, 20)
CRITERIA_SET_CODE = "QD318-2022-XA-NTM"
SYLLABLES = [
    "An", "Bình", "Tân", "Phú", "Long", "Mỹ", "Vĩnh", "Thạnh", "Hòa", "Đông", "Tây", "Nam",
    "Bắc", "Hưng", "Thới", "Định", "Phước", "Thuận", "Lộc", "Hiệp", "Khánh", "Lợi", "Xuân", "Hải",
]  # fmt: skip
BATCH = 5000
COMMUNES_PER_CHUNK = 1000
SYNTHETIC_NOTE = "Dữ liệu tổng hợp để đo hiệu năng."


@dataclass(frozen=True)
class Size:
    """How many units to create. The plan's province (the first) may be given its own size, like
    a large real province; the other provinces share the rest evenly."""

    provinces: int
    districts: int
    communes: int
    scope_districts: int | None = None
    scope_communes: int | None = None

    @classmethod
    def parse(cls, text):
        """ "provinces,districts,communes", e.g. "1,3,12"."""
        try:
            provinces, districts, communes = (int(part) for part in text.split(","))
        except ValueError as error:
            raise ValueError(
                f"Kích thước “{text}” không đúng dạng số tỉnh,số huyện,số xã (ví dụ 1,3,12)."
            ) from error
        size = cls(provinces, districts, communes)
        if not 1 <= provinces <= districts <= communes:
            raise ValueError(f"Kích thước “{text}”: cần 1 ≤ số tỉnh ≤ số đơn vị cấp huyện ≤ số xã.")
        return size


SCALES = {
    # Kiên Giang: 15 district-level units, 116 communes.
    "province": Size(provinces=1, districts=15, communes=116),
    # About the whole country before 07/2025; the plan's province is a large one (Thanh Hóa had
    # 27 district-level units), so the dashboard counts several times a province's units.
    "national": Size(
        provinces=60, districts=700, communes=8000, scope_districts=27, scope_communes=550
    ),
}


@dataclass
class Summary:
    plan_number: str
    provinces: int = 0
    districts: int = 0
    communes: int = 0
    decisions: int = 0
    certifications: int = 0
    statuses: int = 0
    results: int = 0
    scope_districts: int = 0
    scope_communes: int = 0


def _split(total, parts):
    """`total` in `parts` shares that differ by at most one."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def layout(size):
    """For each province, the number of communes of each of its districts."""
    if size.provinces > size.districts or size.districts > size.communes:
        raise ValueError("Cần số tỉnh ≤ số đơn vị cấp huyện ≤ số xã.")
    if size.scope_districts is None or size.provinces == 1:
        districts = _split(size.districts, size.provinces)
        communes = _split(size.communes, size.provinces)
    else:
        districts = [size.scope_districts] + _split(
            size.districts - size.scope_districts, size.provinces - 1
        )
        communes = [size.scope_communes] + _split(
            size.communes - size.scope_communes, size.provinces - 1
        )
    return [_split(c, d) for d, c in zip(districts, communes, strict=True)]


def _unit(code, name, level, kind, parent_id=None):
    return Unit(
        code=code,
        name=name,
        level=level,
        kind=kind,
        parent_id=parent_id,
        valid_to=PRE_MERGER_END,
        sort_key=sort_key(name),
        search_key=fold(name),
    )


def _name(rng, number):
    first, second = rng.sample(SYLLABLES, 2)
    return f"{first} {second} {number}"


def _commune_years(rng):
    """(NTM, advanced, model) standard years of a commune; None where not reached."""
    draw = rng.random()
    if draw < 0.62:
        ntm = rng.randint(2012, BASELINE_YEAR)
    elif draw < 0.95:
        ntm = rng.randint(2021, 2025)
    else:
        return None, None, None
    advanced = model = None
    if ntm <= 2023 and rng.random() < 0.35:
        advanced = rng.randint(max(2021, ntm + 2), 2025)
    if advanced is not None and advanced <= 2023 and rng.random() < 0.2:
        model = rng.randint(advanced + 2, 2025)
    return ntm, advanced, model


def _issue_day(rng, standard_year, *, district=False):
    """Decisions mostly come in the first half of the year after the standard year; the Prime
    Minister's district decisions later in that year."""
    year = min(standard_year + 1, 2025)
    if district and year < 2025:
        start, days = datetime.date(year, 7, 1), 150
    else:
        start, days = datetime.date(year, 1, 5), 160
    return min(start + datetime.timedelta(days=rng.randrange(days)), LAST_DECISION_DAY)


class _Numbers:
    """Decision numbers, unique per issuer and year, skipping those already in the database."""

    def __init__(self):
        self.used = set(Decision.objects.values_list("number", "issuer", "year"))
        self.next = {}

    def take(self, issuer, year):
        suffix = "QĐ-TTg" if issuer == Issuer.PRIME_MINISTER else "QĐ-UBND"
        number = self.next.get((issuer, year), 1)
        while (f"{number}/{suffix}", issuer, year) in self.used:
            number += 1
        self.next[(issuer, year)] = number + 1
        self.used.add((f"{number}/{suffix}", issuer, year))
        return f"{number}/{suffix}"


@transaction.atomic
def generate(size, *, seed=1, plan_number, code_prefix="S", log=None):
    """Create the units, recognitions, criteria results and a plan on the first province."""
    if Plan.objects.filter(number=plan_number).exists():
        raise ValueError(f"Kế hoạch {plan_number} đã có; dữ liệu tổng hợp chỉ tạo một lần.")
    if Unit.objects.filter(code__startswith=code_prefix, level=Unit.Level.PROVINCE).exists():
        raise ValueError(f"Đã có đơn vị tổng hợp mã bắt đầu bằng “{code_prefix}”.")
    rng = random.Random(seed)
    log = log or (lambda message: None)
    summary = Summary(plan_number=plan_number)
    shape = layout(size)

    provinces = Unit.objects.bulk_create(
        _unit(f"{code_prefix}{p + 1:02d}", f"Tổng Hợp {p + 1:02d}", "province", Unit.Kind.TINH)
        for p in range(len(shape))
    )
    districts, district_province = [], []
    for p, (province, communes_of) in enumerate(zip(provinces, shape, strict=True)):
        for d in range(len(communes_of)):
            kind = Unit.Kind.THANH_PHO if d == 0 else Unit.Kind.HUYEN
            code = f"{code_prefix}{p + 1:02d}{d + 1:02d}"
            districts.append(_unit(code, _name(rng, d + 1), "district", kind, province.pk))
            district_province.append(p)
    districts = Unit.objects.bulk_create(districts, batch_size=BATCH)
    communes = []
    district_of_commune = []
    index = 0
    for communes_of in shape:
        for count in communes_of:
            district = districts[index]
            for c in range(count):
                code = f"{district.code}{c + 1:03d}"
                communes.append(
                    _unit(code, _name(rng, c + 1), "commune", Unit.Kind.XA, district.pk)
                )
                district_of_commune.append(index)
            index += 1
    communes = Unit.objects.bulk_create(communes, batch_size=BATCH)
    summary.provinces, summary.districts, summary.communes = (
        len(provinces),
        len(districts),
        len(communes),
    )
    log(f"Đơn vị: {len(provinces)} tỉnh, {len(districts)} đơn vị cấp huyện, {len(communes)} xã.")

    # Standard years of every commune, then of every district-level unit from its communes.
    years = [_commune_years(rng) for _commune in communes]
    latest_ntm = {}
    for (ntm, _a, _m), d in zip(years, district_of_commune, strict=True):
        latest_ntm.setdefault(d, [])
        latest_ntm[d].append(ntm)
    district_years = []
    for d, district in enumerate(districts):
        ntm_years = latest_ntm.get(d, [None])
        ntm = advanced = None
        if None not in ntm_years and rng.random() < 0.6:
            ntm = min(max(ntm_years) + rng.randint(0, 1), 2025)
            if district.kind == Unit.Kind.HUYEN and ntm <= 2022 and rng.random() < 0.15:
                advanced = rng.randint(ntm + 2, 2025)
        district_years.append((ntm, advanced))

    # Recognitions grouped into decisions: several communes of one province per decision.
    numbers = _Numbers()
    groups = {}
    for commune, d, (ntm, advanced, model) in zip(
        communes, district_of_commune, years, strict=True
    ):
        p = district_province[d]
        for standard, year in (
            (Standard.NTM, ntm),
            (Standard.ADVANCED, advanced),
            (Standard.MODEL, model),
        ):
            if year is not None:
                groups.setdefault((p, standard, year), []).append(commune)
    planned = []  # (decision, [(unit, standard, standard year)])
    for (_p, standard, year), members in sorted(groups.items(), key=lambda item: item[0]):
        for start in range(0, len(members), 8):
            day = _issue_day(rng, year)
            decision = Decision(
                number=numbers.take(Issuer.PROVINCE_CHAIRMAN, day.year),
                issued_on=day,
                year=day.year,
                issuer=Issuer.PROVINCE_CHAIRMAN,
                signer="Chủ tịch UBND tỉnh",
                notes=SYNTHETIC_NOTE,
            )
            planned.append((decision, [(u, standard, year) for u in members[start : start + 8]]))
    for district, (ntm, advanced) in zip(districts, district_years, strict=True):
        lower = Standard.COMPLETED if district.kind == Unit.Kind.THANH_PHO else Standard.NTM
        for standard, year in ((lower, ntm), (Standard.ADVANCED, advanced)):
            if year is None:
                continue
            day = _issue_day(rng, year, district=True)
            decision = Decision(
                number=numbers.take(Issuer.PRIME_MINISTER, day.year),
                issued_on=day,
                year=day.year,
                issuer=Issuer.PRIME_MINISTER,
                signer="Phó Thủ tướng Chính phủ",
                notes=SYNTHETIC_NOTE,
            )
            planned.append((decision, [(district, standard, year)]))
    Decision.objects.bulk_create([decision for decision, _items in planned], batch_size=BATCH)
    certifications = [
        Certification(decision=decision, unit=unit, standard=standard, standard_year=year)
        for decision, items in planned
        for unit, standard, year in items
    ]
    Certification.objects.bulk_create(certifications, batch_size=BATCH)
    summary.decisions, summary.certifications = len(planned), len(certifications)
    log(f"Công nhận: {len(certifications)} trong {len(planned)} quyết định.")

    _write_statuses(rng, communes, years, summary, log)
    plan = _write_plan(
        rng, plan_number, provinces[0], shape[0], districts, communes, years, district_years
    )
    summary.scope_districts = len(shape[0])
    summary.scope_communes = sum(shape[0])
    log(f"Kế hoạch {plan.number} trên địa bàn {plan.scope}.")
    return summary


def _write_statuses(rng, communes, years, summary, log):
    """Five yearly statuses of 19 criteria per commune, in chunks to bound memory."""
    criteria_set = CriteriaSet.objects.get(code=CRITERIA_SET_CODE)
    criteria = list(criteria_set.criteria.order_by("number").values_list("pk", "number"))
    for start in range(0, len(communes), COMMUNES_PER_CHUNK):
        statuses, unmet_of = [], []
        for commune, (ntm, advanced, model) in zip(
            communes[start : start + COMMUNES_PER_CHUNK],
            years[start : start + COMMUNES_PER_CHUNK],
            strict=True,
        ):
            for year in YEARS:
                held = ntm is not None and ntm <= year
                if held:
                    unmet = 1 if rng.random() < 0.03 else 0
                    upper = model if advanced is not None and advanced <= year else advanced
                    next_standard = (
                        Standard.MODEL
                        if advanced is not None and advanced <= year
                        else Standard.ADVANCED
                    )
                    if model is not None and model <= year:
                        next_standard, upper = "", None
                else:
                    unmet = rng.randint(1, 7)
                    next_standard, upper = Standard.NTM, ntm
                statuses.append(
                    CommuneStatus(
                        commune=commune,
                        year=year,
                        criteria_set=criteria_set,
                        next_standard=next_standard,
                        planned_year=upper if upper is not None and upper >= year else None,
                        notes=SYNTHETIC_NOTE,
                    )
                )
                unmet_of.append(set(rng.sample(range(1, 20), unmet)))
        statuses = CommuneStatus.objects.bulk_create(statuses, batch_size=BATCH)
        results = [
            CriterionResult(status_id=status.pk, criterion_id=pk, met=number not in unmet)
            for status, unmet in zip(statuses, unmet_of, strict=True)
            for pk, number in criteria
        ]
        CriterionResult.objects.bulk_create(results, batch_size=BATCH)
        summary.statuses += len(statuses)
        summary.results += len(results)
        log(f"Kết quả tiêu chí: {summary.statuses} năm-xã, {summary.results} dòng tiêu chí.")


def _held(year_of, year):
    return year_of is not None and year_of <= year


def _write_plan(rng, number, province, districts_shape, districts, communes, years, district_years):
    """A plan on the first province whose targets run a little ahead of or behind the data."""
    scope_districts = len(districts_shape)
    scope_communes = sum(districts_shape)
    commune_years = years[:scope_communes]
    district_pairs = district_years[:scope_districts]
    counts = {
        (Unit.Level.DISTRICT, Standard.NTM): lambda y: sum(_held(n, y) for n, _a in district_pairs),
        (Unit.Level.DISTRICT, Standard.ADVANCED): lambda y: sum(
            _held(a, y) for _n, a in district_pairs
        ),
        (Unit.Level.COMMUNE, Standard.NTM): lambda y: sum(
            _held(n, y) for n, _a, _m in commune_years
        ),
        (Unit.Level.COMMUNE, Standard.ADVANCED): lambda y: sum(
            _held(a, y) for _n, a, _m in commune_years
        ),
        (Unit.Level.COMMUNE, Standard.MODEL): lambda y: sum(
            _held(m, y) for _n, _a, m in commune_years
        ),
    }
    plan = Plan.objects.create(
        number=number,
        title="Kế hoạch tổng hợp để đo hiệu năng (không phải văn bản thật)",
        movement_name="Dữ liệu tổng hợp",
        issuer=f"Ủy ban nhân dân {province}",
        issued_on=datetime.date(2021, 6, 1),
        signer="Người ký tổng hợp",
        scope=province,
        baseline_year=BASELINE_YEAR,
        start_year=YEARS[0],
        end_year=YEARS[-1],
    )
    for position, ((level, standard), count) in enumerate(counts.items(), start=1):
        denominator = scope_districts if level == Unit.Level.DISTRICT else scope_communes
        indicator = Indicator.objects.create(
            plan=plan,
            level=level,
            standard=standard,
            name=f"{'Đơn vị cấp huyện' if level == Unit.Level.DISTRICT else 'Xã'} "
            f"{Standard(standard).label[0].lower()}{Standard(standard).label[1:]}",
            denominator=denominator,
            baseline=count(BASELINE_YEAR),
            position=position,
        )
        cumulative = indicator.baseline
        targets = []
        for year in YEARS:
            # Targets a little above or below the data, so the dashboard shows every status.
            wanted = count(year) + rng.randint(-1, 3) * max(1, denominator // 50)
            cumulative = min(denominator, max(cumulative, wanted))
            targets.append(YearlyTarget(indicator=indicator, year=year, cumulative=cumulative))
        YearlyTarget.objects.bulk_create(targets)
    named = [
        NamedTarget(
            plan=plan,
            unit=district,
            standard=Standard.COMPLETED if district.kind == Unit.Kind.THANH_PHO else Standard.NTM,
            year=YEARS[-1],
        )
        for district, (ntm, _a) in zip(districts[:scope_districts], district_pairs, strict=True)
        if ntm is None or ntm > BASELINE_YEAR
    ][:4]
    NamedTarget.objects.bulk_create(named)
    return plan
