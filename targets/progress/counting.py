"""Progress of a plan against its targets: what the dashboard, the report, the JSON and the
`progress` command all show.

Counting rules (DOMAIN.md, "Certifications and how they count"):

- Basis. Under `Basis.STANDARD` (the default, as reports count) a certification counts for year Y
  when its standard year is Y or earlier. Under `Basis.DECISION` ("what was decided by year Y") it
  counts when its decision was issued on or before 31/12/Y.
- A higher standard counts toward the lower ones: a model commune is also advanced and NTM. For
  district-level units the NTM indicator counts NTM or "completed" (provincial cities), the
  advanced indicator advanced or model.
- Revocation. A revoked certification stops counting from its revocation date: it counts for Y
  only if it was never revoked or was revoked after the reference date of Y.
- Reference date of Y: 31/12/Y, or the unit's last day of validity if earlier (the units of
  2021–2025 end on 30/06/2025). A unit counts only if it existed in Y (valid from 31/12/Y or
  earlier, valid to 01/01/Y or later).
- Scope. For the plan's province the denominator and the baseline are the indicator's, as the plan
  states them, and the target is the plan's cumulative target for Y. For one district-level unit
  only its communes (xã) count: the denominator is its number of communes in Y, the baseline is
  the count in the plan's baseline year, and there is no target (target and status are None).
  Wards and townships (phường, thị trấn) are never among the communes.

Status of an indicator, in the spirit of Open SDG's progress measure:

- ACHIEVED when actual ≥ target;
- otherwise DETERIORATING when actual < baseline (it went backwards);
- otherwise, with ratio = (actual − baseline) / (target − baseline), the share of the progress
  needed since the baseline that was made: ON_TRACK when ratio ≥ 0,95, NEEDS_ACCELERATION when
  ratio ≥ 0,60, OFF_TRACK below.

Completeness of the register, beside every figure (DHIS2 shows a data set's reporting rate
beside its figures for the same reason):

- `implied_missing`: what the register itself says it lacks for the indicator in the year and
  scope: units holding a higher standard whose recognition for the indicator's own standard is
  not on the register (the NTM implied by advanced and model recognitions; counted, since a
  higher standard counts toward the lower ones, but its decision is missing); for communes' NTM,
  the communes of a district-level unit recognised NTM (or "completed") that the register does
  not show NTM (QĐ 320/QĐ-TTg: a district is NTM only when all its communes are); and, for the
  plan's own indicators, the gap to the plan's baseline (`baseline_missing`).
- `reconciled`: staff declared the scope's register complete up to the year or later
  (Reconciliation; the province's covers its districts). Only a reconciled register is judged
  finally: unreconciled, "Không đạt" becomes "Chưa đủ dữ liệu" and a trajectory judgement (on
  track … deteriorating) is provisional ("tạm tính — sổ chưa đối chiếu"). "Đã đạt" needs no
  reconciliation: what the register holds is true.

Status of a named target (a unit the plan names to reach a standard by a year), in year Y:

- "met" when the unit holds the standard, or a higher one, under the basis in Y ("completed"
  stands for NTM for a city);
- otherwise "missed" when Y is the target year or later;
- otherwise "at_risk" when the road to it is not yet open: for NTM (or "completed") of a
  district-level unit, fewer than all of its communes are NTM in Y (a district needs 100% of its
  communes NTM, QĐ 320/QĐ-TTg); for advanced or model, the unit does not yet hold the standard
  just below;
- otherwise "pending".

Cost: each public function runs a fixed, small number of queries whatever the number of units or
certifications: the units and certifications under the plan's province are fetched once as
compact rows and counted in Python. A `ProgressCounter` keeps them for several questions on one
page; `compute_progress` asks it one question.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from targets.models import (
    Certification,
    CommuneStatus,
    CriterionResult,
    Plan,
    Standard,
    YearlyTarget,
)
from targets.models.commune_status import criteria_summary
from units.models import Unit


class Basis(models.TextChoices):
    STANDARD = "standard", "Theo năm đạt chuẩn"
    DECISION = "decision", "Theo ngày quyết định"


class IndicatorStatus(models.TextChoices):
    ACHIEVED = "achieved", "Đã đạt"
    ON_TRACK = "on_track", "Đúng tiến độ"
    NEEDS_ACCELERATION = "needs_acceleration", "Cần tăng tốc"
    OFF_TRACK = "off_track", "Chậm tiến độ"
    DETERIORATING = "deteriorating", "Đi lùi"
    NOT_ACHIEVED = "not_achieved", "Không đạt"
    INSUFFICIENT_DATA = "insufficient_data", "Chưa đủ dữ liệu"


class NamedTargetStatus(models.TextChoices):
    MET = "met", "Đã đạt"
    AT_RISK = "at_risk", "Có nguy cơ không đạt"
    MISSED = "missed", "Không đạt đúng hạn"
    PENDING = "pending", "Đang thực hiện"


ON_TRACK_RATIO = Decimal("0.95")
NEEDS_ACCELERATION_RATIO = Decimal("0.60")
# Judgements of the trajectory: provisional until the register is reconciled.
TRAJECTORY = (
    IndicatorStatus.ON_TRACK,
    IndicatorStatus.NEEDS_ACCELERATION,
    IndicatorStatus.OFF_TRACK,
    IndicatorStatus.DETERIORATING,
)
PROVISIONAL_NOTE = "tạm tính — sổ chưa đối chiếu"
BEHIND = (
    IndicatorStatus.NEEDS_ACCELERATION,
    IndicatorStatus.OFF_TRACK,
    IndicatorStatus.DETERIORATING,
    IndicatorStatus.NOT_ACHIEVED,
)


@dataclass(frozen=True)
class IndicatorProgress:
    """One indicator in one year: the actual count against the target."""

    key: str
    name: str
    level: str
    standard: str
    year: int
    denominator: int
    baseline: int
    target: int | None
    actual: int
    gap: int | None
    share: Decimal
    status: IndicatorStatus | None
    # What the register holds in the plan's baseline year, for the plan's own indicators (None
    # for a district's scope, whose baseline is the register's count itself).
    recorded_baseline: int | None = None
    baseline_year: int | None = None
    # Completeness (module docstring): whether staff reconciled the scope's register up to the
    # year, and what the register itself implies it lacks.
    reconciled: bool = False
    reconciled_to: int | None = None
    implied_missing: int = 0
    # The year's implied-missing units, by reason: (unit, reason) pairs.
    implied_units: tuple = ()

    @property
    def provisional(self):
        return not self.reconciled and self.status in TRAJECTORY

    @property
    def status_label(self):
        if not self.status:
            return ""
        label = IndicatorStatus(self.status).label
        return f"{label} ({PROVISIONAL_NOTE})" if self.provisional else label

    @property
    def completeness_note(self):
        """The register's completeness for this figure, in words."""
        if self.reconciled:
            said = f"Sổ đã đối chiếu đủ đến năm {self.reconciled_to}"
        elif self.reconciled_to:
            said = (
                f"Sổ chưa đối chiếu năm {self.year} (mới đối chiếu đủ đến năm {self.reconciled_to})"
            )
        else:
            said = "Sổ chưa đối chiếu"
        if self.implied_missing:
            return f"{said}; theo chính sổ còn thiếu {self.implied_missing}."
        return f"{said}; sổ không tự cho thấy thiếu gì."

    @property
    def baseline_missing(self):
        """How many recognitions the register lacks against the plan's stated baseline."""
        if self.recorded_baseline is None:
            return 0
        return max(0, self.baseline - self.recorded_baseline)

    @property
    def baseline_note(self):
        """The register against the plan's baseline, in words; "" when they agree."""
        if self.recorded_baseline is None or self.recorded_baseline == self.baseline:
            return ""
        units = "xã" if self.level == Unit.Level.COMMUNE else "đơn vị cấp huyện"
        said = (
            f"Sổ công nhận có {self.recorded_baseline}/{self.baseline} {units} "
            f"{Standard(self.standard).phrase} đến năm {self.baseline_year}"
        )
        if self.baseline_missing:
            return f"{said}: còn thiếu {self.baseline_missing}."
        return (
            f"{said}: nhiều hơn số năm gốc kế hoạch nêu {self.recorded_baseline - self.baseline}."
        )

    @property
    def target_share(self):
        if self.target is None or not self.denominator:
            return None
        return _percent(self.target, self.denominator)


@dataclass
class NamedTargetProgress:
    """A unit named by the plan, and whether it reached its standard by the year asked."""

    unit: Unit
    standard: str
    year: int
    met: bool
    status: str
    # A missed target is final only on a reconciled register (its district's or the province's).
    provisional: bool = False

    @property
    def label(self):
        label = NamedTargetStatus(self.status).label
        return f"{label} ({PROVISIONAL_NOTE})" if self.provisional else label

    @property
    def standard_label(self):
        return Standard(self.standard).label


@dataclass
class Progress:
    """Every indicator and named target of a plan in one scope and year, under one basis."""

    plan: Plan
    scope: Unit
    year: int
    basis: str
    indicators: list[IndicatorProgress]
    named_targets: list[NamedTargetProgress]
    # On the decision basis: recognitions without a decision date (known from a source) that
    # were counted from the end of their standard year.
    undated: int = 0

    @property
    def basis_label(self):
        return Basis(self.basis).label

    @property
    def undated_note(self):
        if self.basis != Basis.DECISION or not self.undated:
            return ""
        return (
            f"{self.undated} công nhận chưa có số/ngày quyết định được tính từ cuối năm đạt "
            "chuẩn của chúng."
        )

    @property
    def reconciled(self):
        """Staff reconciled the scope's register up to the year (Reconciliation)."""
        return bool(self.indicators) and all(item.reconciled for item in self.indicators)

    @property
    def reconciled_to(self):
        return self.indicators[0].reconciled_to if self.indicators else None

    @property
    def implied_missing(self):
        """What the register implies it lacks, summed over the indicators."""
        return sum(item.implied_missing for item in self.indicators)

    @property
    def provisional(self):
        """Whether any judgement shown is provisional or withheld for lack of data."""
        return any(
            item.provisional or item.status == IndicatorStatus.INSUFFICIENT_DATA
            for item in self.indicators
        )

    @property
    def undecided(self):
        """The indicators judged "Chưa đủ dữ liệu": not the recognitions missing
        (`implied_missing`), but the figures that cannot be judged yet."""
        return [
            item for item in self.indicators if item.status == IndicatorStatus.INSUFFICIENT_DATA
        ]

    @property
    def incomplete(self):
        """The indicators whose register falls short of the plan's baseline."""
        return [item for item in self.indicators if item.baseline_missing]


@dataclass
class Series:
    """An indicator from the baseline year to the end of the plan: points (year, target, actual)."""

    key: str
    name: str
    level: str
    standard: str
    denominator: int
    points: list[tuple[int, int | None, int]]


@dataclass
class DistrictRow:
    """A district-level unit in a year: its communes by highest standard and its own standing."""

    unit: Unit
    communes: int
    by_standard: dict[str, int]
    standard: str | None
    named_targets: list[NamedTargetProgress]
    criteria_average: Decimal | None
    criteria_reported: int

    @property
    def ntm(self):
        """Communes holding NTM or higher."""
        return sum(self.by_standard.values())

    @property
    def advanced_or_higher(self):
        return self.by_standard[Standard.ADVANCED] + self.by_standard[Standard.MODEL]

    @property
    def standard_label(self):
        return Standard(self.standard).label if self.standard else ""


@dataclass
class CommuneRow:
    """A commune of a district in a year: its highest standard, criteria met and plan."""

    unit: Unit
    standard: str | None
    criteria_met: int | None = None
    criteria_total: int | None = None
    criteria_year: int | None = None
    planned_year: int | None = None
    next_standard: str = ""

    @property
    def standard_label(self):
        return Standard(self.standard).label if self.standard else ""

    @property
    def next_standard_label(self):
        return Standard(self.next_standard).label if self.next_standard else ""


class AttentionItem(NamedTuple):
    """Something that needs attention: kind ("indicator", "named_target", "lost_criterion")."""

    kind: str
    text: str
    url: str

    @property
    def label(self):
        return ATTENTION_KINDS[self.kind]


ATTENTION_KINDS = {
    # Counts indicators, not recognitions: the register's missing recognitions are counted apart
    # ("Công nhận sổ tự cho thấy còn thiếu"), and a leader read the two as one number.
    "incomplete_register": "Chỉ tiêu chưa đủ dữ liệu để đánh giá",
    "indicator": "Chỉ tiêu chậm",
    "named_target": "Mục tiêu đơn vị",
    "lost_criterion": "Xã không còn đạt tiêu chí",
}


def _percent(part, whole):
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def indicator_status(
    *, actual, target, baseline, recorded_baseline=None, start=None, final=False, reconciled=True
):
    """The status rule of the module docstring; None when there is no target.

    `recorded_baseline` is what the register holds in the baseline year by standard year (when
    known): fewer than the plan's baseline means the register is incomplete, so no judgement is
    made. `start` is the register's count in the baseline year on the basis asked: below it the
    count fell. `final` is the plan's last year or later: what is not reached is not achieved.
    """
    if target is None:
        return None
    if actual >= target:
        return IndicatorStatus.ACHIEVED
    if recorded_baseline is not None and recorded_baseline < baseline:
        return IndicatorStatus.INSUFFICIENT_DATA
    if final:
        # A missed target is final only on a register staff reconciled for the year.
        return IndicatorStatus.NOT_ACHIEVED if reconciled else IndicatorStatus.INSUFFICIENT_DATA
    fell_below = next(count for count in (start, recorded_baseline, baseline) if count is not None)
    if actual < fell_below:
        return IndicatorStatus.DETERIORATING
    if target <= baseline:
        # No progress needed since the baseline, yet below the target (on the decision basis,
        # decisions of the baseline's recognitions signed later): behind, not backwards.
        return IndicatorStatus.OFF_TRACK
    ratio = Decimal(actual - baseline) / Decimal(target - baseline)
    if ratio >= ON_TRACK_RATIO:
        return IndicatorStatus.ON_TRACK
    if ratio >= NEEDS_ACCELERATION_RATIO:
        return IndicatorStatus.NEEDS_ACCELERATION
    return IndicatorStatus.OFF_TRACK


def default_year(plan, today=None):
    """The latest year of the plan that is not after today (the first year, before the plan)."""
    today = today or timezone.localdate()
    return max(plan.start_year, min(plan.end_year, today.year))


def _year_end(year):
    return datetime.date(year, 12, 31)


def reference_date(unit, year):
    """The day a unit's status of a year is counted on: 31/12, or its last day when it ended
    within the year (the status import attaches a row to the unit that holds its code then)."""
    end = _year_end(year)
    return min(end, unit.valid_to) if unit.valid_to else end


def _highest_standard(unit, certifications, year, basis, in_force_on=None):
    """The highest standard among the unit's (standard, standard year, issued on, revoked on)
    rows that count in the year under the basis; None when none counts or the unit did not exist.
    With `in_force_on`, a recognition revoked on or before that later day no longer counts either
    (an award decided in 2025 for the results of 2024 needs the recognition still in force)."""
    if not unit.exists_in(year):
        return None
    reference = reference_date(unit, year)
    if in_force_on is not None:
        reference = max(reference, in_force_on)
    best = None
    for standard, standard_year, issued_on, revoked_on in certifications:
        if basis == Basis.STANDARD or issued_on is None:
            # Known from a source, without a decision date: on the decision basis it counts
            # from the end of its standard year.
            recognised = standard_year <= year
        else:
            recognised = issued_on <= _year_end(year)
        if not recognised or (revoked_on is not None and revoked_on <= reference):
            continue
        if best is None or Standard(standard).rank > Standard(best).rank:
            best = standard
    return best


def _held_standards(unit, certifications, year, basis):
    """The standards the unit's own recognitions hold in the year under the basis (each rung
    as recorded, without the lower ones a higher standard implies)."""
    if not unit.exists_in(year):
        return set()
    reference = reference_date(unit, year)
    held = set()
    for standard, standard_year, issued_on, revoked_on in certifications:
        if basis == Basis.STANDARD or issued_on is None:
            recognised = standard_year <= year
        else:
            recognised = issued_on <= _year_end(year)
        if recognised and (revoked_on is None or revoked_on > reference):
            held.add(standard)
    return held


def _certifications_by_unit(certifications):
    """{unit id: [(standard, standard year, decision date, revocation date)]} in one query."""
    rows = certifications.values_list(
        "unit_id", "standard", "standard_year", "decision__issued_on", "revoked_on"
    )
    by_unit = {}
    for unit_id, standard, standard_year, issued_on, revoked_on in rows:
        # A decision that states no standard year counts from its own year on the standard
        # basis (flagged "thiếu năm đạt chuẩn"); one of the two is always known.
        counted_year = standard_year or issued_on.year
        by_unit.setdefault(unit_id, []).append((standard, counted_year, issued_on, revoked_on))
    return by_unit


def _is_rural_commune(unit):
    return unit.level == Unit.Level.COMMUNE and unit.kind == Unit.Kind.XA


class ProgressCounter:
    """The units and recognitions under one plan's province, fetched once and counted in Python.

    Two queries load the facts (units, certifications); the indicators, their yearly targets and
    the named targets take one query each on first use; district rows add one for criteria met,
    attention items one for lost criteria. Nothing is queried per unit.
    """

    def __init__(self, plan):
        self.plan = plan
        root = plan.scope_id
        self.units = list(
            Unit.objects.filter(Q(pk=root) | Q(parent_id=root) | Q(parent__parent_id=root))
            .only(
                "code", "name", "level", "kind", "parent_id", "valid_from", "valid_to", "sort_key"
            )
            # Read with the units (a join, no query of its own): the fixed query count holds.
            .annotate(reconciled_to=F("reconciliation__up_to_year"))
            .order_by("sort_key", "code")
        )
        self.by_id = {unit.pk: unit for unit in self.units}
        self.children = {}
        for unit in self.units:
            self.children.setdefault(unit.parent_id, []).append(unit)
        self.province = self.by_id.get(root)
        self.certifications = _certifications_by_unit(
            Certification.objects.filter(Q(unit__parent_id=root) | Q(unit__parent__parent_id=root))
        )
        self._standing = {}
        self._held = {}
        self._indicators = None
        self._targets = None
        self._named_targets = None

    # --- facts -------------------------------------------------------------------------------

    @property
    def indicators(self):
        if self._indicators is None:
            self._indicators = list(self.plan.indicators.order_by("position", "pk"))
        return self._indicators

    def target_of(self, indicator, year):
        """The plan's cumulative target; for the baseline year, the baseline the plan states."""
        if year == self.plan.baseline_year:
            return indicator.baseline
        if self._targets is None:
            self._targets = {
                (indicator_id, target_year): cumulative
                for indicator_id, target_year, cumulative in YearlyTarget.objects.filter(
                    indicator__plan=self.plan
                ).values_list("indicator_id", "year", "cumulative")
            }
        return self._targets.get((indicator.pk, year))

    @property
    def named_targets(self):
        if self._named_targets is None:
            self._named_targets = sorted(
                self.plan.named_targets.select_related("unit"),
                key=lambda t: (Standard(t.standard).rank, t.unit.sort_key, t.unit.code),
            )
        return self._named_targets

    def standing(self, year, basis):
        """{unit id: the highest standard the unit holds in the year, under the basis}."""
        key = (year, basis)
        if key not in self._standing:
            held = {}
            for unit_id, certifications in self.certifications.items():
                unit = self.by_id.get(unit_id)
                best = unit and _highest_standard(unit, certifications, year, basis)
                if best:
                    held[unit_id] = best
            self._standing[key] = held
        return self._standing[key]

    def held(self, year, basis):
        """{unit id: the standards its own recognitions hold in the year, under the basis}."""
        key = (year, basis)
        if key not in self._held:
            self._held[key] = {
                unit_id: _held_standards(self.by_id[unit_id], certifications, year, basis)
                for unit_id, certifications in self.certifications.items()
                if unit_id in self.by_id
            }
        return self._held[key]

    def reconciled_to(self, scope=None):
        """The last year staff reconciled the scope's register to (the province's covers its
        districts), or None."""
        years = [getattr(self.province, "reconciled_to", None)]
        if scope is not None and scope.pk != self.plan.scope_id:
            years.append(getattr(self.by_id.get(scope.pk, scope), "reconciled_to", None))
        years = [year for year in years if year is not None]
        return max(years) if years else None

    def implied_units(self, indicator, year, scope=None, basis=Basis.STANDARD):
        """(unit, reason) for each unit of the indicator that the register itself implies is
        missing from it in the year (module docstring, "Completeness")."""
        standard = Standard(indicator.standard)
        if indicator.level == Unit.Level.DISTRICT:
            units = self.districts(year)
            own = {Standard.NTM, Standard.COMPLETED} if standard.rank == 1 else {standard}
        else:
            units = self.communes(year, scope)
            own = {standard}
        held = self.held(year, basis)
        found = []
        for unit in units:
            rank = self.rank_of(unit, year, basis)
            if rank >= standard.rank and not own & held.get(unit.pk, set()):
                found.append((unit, f"có chuẩn cao hơn nhưng sổ thiếu QĐ {standard.phrase}"))
            elif (
                rank < standard.rank
                and standard.rank == 1
                and unit.level == Unit.Level.COMMUNE
                and self.by_id[unit.parent_id].level == Unit.Level.DISTRICT
                and self.rank_of(self.by_id[unit.parent_id], year, basis) >= 1
            ):
                found.append(
                    (
                        unit,
                        f"{self.by_id[unit.parent_id].full_name} đã đạt chuẩn/hoàn thành NTM "
                        "nhưng sổ chưa có công nhận NTM của xã",
                    )
                )
        return found

    def rank_of(self, unit, year, basis, in_force_on=None):
        """The rank of the highest standard the unit holds in the year (0: none); with
        `in_force_on`, only recognitions not revoked by that day count."""
        if in_force_on is None:
            standard = self.standing(year, basis).get(unit.pk)
        else:
            unit = self.by_id.get(unit.pk)
            rows = self.certifications.get(unit.pk, []) if unit else []
            standard = unit and _highest_standard(unit, rows, year, basis, in_force_on)
        return Standard(standard).rank if standard else 0

    def districts(self, year):
        return [
            unit
            for unit in self.children.get(self.plan.scope_id, [])
            if unit.level == Unit.Level.DISTRICT and unit.exists_in(year)
        ]

    def communes(self, year, district=None):
        """The communes (xã) in the year, of one district or of the whole province; a
        commune-level unit as scope is its own one commune (none for a ward or special zone)."""
        if district is not None and district.level == Unit.Level.COMMUNE:
            unit = self.by_id.get(district.pk, district)
            return [unit] if _is_rural_commune(unit) and unit.exists_in(year) else []
        if district is not None:
            parents = [district.pk]
        else:
            # The communes of the province's districts, and those directly under a province
            # without districts (the units of 01/07/2025).
            parents = [self.plan.scope_id] + [
                unit.pk
                for unit in self.children.get(self.plan.scope_id, [])
                if unit.level == Unit.Level.DISTRICT
            ]
        return [
            unit
            for parent in parents
            for unit in self.children.get(parent, [])
            if _is_rural_commune(unit) and unit.exists_in(year)
        ]

    def units_of(self, indicator, year):
        """The units an indicator counts in the year: district-level units or communes (xã)."""
        if indicator.level == Unit.Level.DISTRICT:
            return self.districts(year)
        return self.communes(year)

    def units_without(self, indicator, year, basis):
        """The units of the indicator that the register does not show holding its standard."""
        needed = Standard(indicator.standard).rank
        return [
            unit
            for unit in self.units_of(indicator, year)
            if self.rank_of(unit, year, basis) < needed
        ]

    def _count(self, units, standard, year, basis):
        needed = Standard(standard).rank
        return sum(1 for unit in units if self.rank_of(unit, year, basis) >= needed)

    # --- answers -----------------------------------------------------------------------------

    def indicator_progress(self, indicator, *, year, scope=None, basis=Basis.STANDARD):
        if scope is None:
            if indicator.level == Unit.Level.DISTRICT:
                units = self.districts(year)
            else:
                units = self.communes(year)
            denominator = indicator.denominator
            baseline = indicator.baseline
            target = self.target_of(indicator, year)
            baseline_year = self.plan.baseline_year
            baseline_units = self.units_of(indicator, baseline_year)
            # Whether the register is complete does not depend on when decisions were signed:
            # the plan's baseline counts by standard year, as reports do.
            recorded_baseline = self._count(
                baseline_units, indicator.standard, baseline_year, Basis.STANDARD
            )
            start = self._count(baseline_units, indicator.standard, baseline_year, basis)
        else:
            recorded_baseline = start = None
            units = self.communes(year, scope)
            denominator = len(units)
            baseline = self._count(
                self.communes(self.plan.baseline_year, scope),
                indicator.standard,
                self.plan.baseline_year,
                basis,
            )
            target = None
        actual = self._count(units, indicator.standard, year, basis)
        implied = self.implied_units(indicator, year, scope, basis)
        reconciled_to = self.reconciled_to(scope)
        reconciled = reconciled_to is not None and reconciled_to >= year
        baseline_missing = 0 if recorded_baseline is None else max(0, baseline - recorded_baseline)
        return IndicatorProgress(
            key=indicator.key,
            name=indicator.name,
            level=indicator.level,
            standard=indicator.standard,
            year=year,
            denominator=denominator,
            baseline=baseline,
            target=target,
            actual=actual,
            gap=None if target is None else target - actual,
            share=_percent(actual, denominator),
            status=indicator_status(
                actual=actual,
                target=target,
                baseline=baseline,
                recorded_baseline=recorded_baseline,
                start=start,
                final=year >= self.plan.end_year,
                reconciled=reconciled,
            ),
            recorded_baseline=recorded_baseline,
            baseline_year=self.plan.baseline_year,
            reconciled=reconciled,
            reconciled_to=reconciled_to,
            implied_missing=len(implied) + baseline_missing,
            implied_units=tuple(implied),
        )

    def _scoped_indicators(self, scope):
        if scope is None:
            return self.indicators
        return [i for i in self.indicators if i.level == Unit.Level.COMMUNE]

    def named_target_progress(self, target, *, year, basis=Basis.STANDARD):
        unit = self.by_id.get(target.unit_id, target.unit)
        needed = Standard(target.standard).rank
        rank = self.rank_of(unit, year, basis)
        if rank >= needed:
            status = NamedTargetStatus.MET
        elif year >= target.year:
            status = NamedTargetStatus.MISSED
        elif needed == 1 and unit.level == Unit.Level.DISTRICT:
            communes = self.communes(year, unit)
            short = self._count(communes, Standard.NTM, year, basis) < len(communes)
            status = NamedTargetStatus.AT_RISK if short else NamedTargetStatus.PENDING
        elif needed > 1 and rank < needed - 1:
            status = NamedTargetStatus.AT_RISK
        else:
            status = NamedTargetStatus.PENDING
        district = unit if unit.level == Unit.Level.DISTRICT else self.by_id.get(unit.parent_id)
        reconciled_to = self.reconciled_to(district)
        return NamedTargetProgress(
            unit=unit,
            standard=target.standard,
            year=target.year,
            met=status == NamedTargetStatus.MET,
            status=status,
            provisional=status == NamedTargetStatus.MISSED
            and (reconciled_to is None or reconciled_to < year),
        )

    def progress(self, *, year, scope=None, basis=Basis.STANDARD):
        named = [
            t
            for t in self.named_targets
            if scope is None or t.unit_id == scope.pk or t.unit.parent_id == scope.pk
        ]
        return Progress(
            plan=self.plan,
            scope=scope or self.province,
            year=year,
            basis=basis,
            indicators=[
                self.indicator_progress(indicator, year=year, scope=scope, basis=basis)
                for indicator in self._scoped_indicators(scope)
            ],
            named_targets=[self.named_target_progress(t, year=year, basis=basis) for t in named],
            undated=self.undated_count(year, scope) if basis == Basis.DECISION else 0,
        )

    def undated_count(self, year, scope=None):
        """Recognitions without a decision date that count in the year, in the scope."""
        units = [*self.communes(year, scope), *([] if scope else self.districts(year))]
        count = 0
        for unit in units:
            reference = reference_date(unit, year)
            count += sum(
                1
                for _standard, standard_year, issued_on, revoked_on in self.certifications.get(
                    unit.pk, []
                )
                if issued_on is None
                and standard_year <= year
                and (revoked_on is None or revoked_on > reference)
            )
        return count

    def trajectory(self, *, scope=None, basis=Basis.STANDARD):
        years = range(self.plan.baseline_year, self.plan.end_year + 1)
        series = []
        for indicator in self._scoped_indicators(scope):
            points = []
            for year in years:
                item = self.indicator_progress(indicator, year=year, scope=scope, basis=basis)
                points.append((year, item.target, item.actual))
            series.append(
                Series(
                    key=indicator.key,
                    name=indicator.name,
                    level=indicator.level,
                    standard=indicator.standard,
                    denominator=indicator.denominator
                    if scope is None
                    else len(self.communes(self.plan.end_year, scope)),
                    points=points,
                )
            )
        return series

    def district_rows(self, *, year, basis=Basis.STANDARD):
        districts = self.districts(year)
        communes_of = {district.pk: self.communes(year, district) for district in districts}
        summary = criteria_summary(
            [commune.pk for communes in communes_of.values() for commune in communes], year=year
        )
        standing = self.standing(year, basis)
        rows = []
        for district in districts:
            communes = communes_of[district.pk]
            by_standard = {standard: 0 for standard in Standard.ladder()}
            for commune in communes:
                if commune.pk in standing:
                    by_standard[standing[commune.pk]] += 1
            met = [summary[c.pk][0] for c in communes if c.pk in summary]
            rows.append(
                DistrictRow(
                    unit=district,
                    communes=len(communes),
                    by_standard=by_standard,
                    standard=standing.get(district.pk),
                    named_targets=[
                        self.named_target_progress(t, year=year, basis=basis)
                        for t in self.named_targets
                        if t.unit_id == district.pk
                    ],
                    criteria_average=(
                        (Decimal(sum(met)) / len(met)).quantize(Decimal("0.1")) if met else None
                    ),
                    criteria_reported=len(met),
                )
            )
        return rows

    def attention_items(self, *, year, basis=Basis.STANDARD):
        indicators = self.progress(year=year, basis=basis).indicators
        # Grouped by kind: the page counts each kind of item in one line.
        items = [
            AttentionItem(
                "incomplete_register",
                # Short of the plan's baseline, or a missed target on an unreconciled register.
                f"{item.name}: {item.baseline_note or item.completeness_note}",
                missing_units_url(self.plan, item.key, basis),
            )
            for item in indicators
            if item.status == IndicatorStatus.INSUFFICIENT_DATA
        ]
        for item in indicators:
            if item.status in BEHIND:
                items.append(
                    AttentionItem(
                        "indicator",
                        f"{item.name}: {item.actual}/{item.target} năm {year}, "
                        f"{item.status_label.lower()} (năm gốc {item.baseline}).",
                        f"#indicator-{item.key}",
                    )
                )
        for target in self.named_targets:
            named = self.named_target_progress(target, year=year, basis=basis)
            if named.status in (NamedTargetStatus.MISSED, NamedTargetStatus.AT_RISK):
                items.append(
                    AttentionItem(
                        "named_target",
                        f"{named.unit.full_name} — mục tiêu “{named.standard_label}” trước hết "
                        f"năm {named.year}: {named.label.lower()}.",
                        _unit_url(named.unit),
                    )
                )
        items.extend(self._lost_criteria(year))
        return items

    def _lost_criteria(self, year):
        """Communes that met a criterion last year and no longer meet it this year."""
        met_last_year = CriterionResult.objects.filter(
            status__commune_id=OuterRef("status__commune_id"),
            status__year=year - 1,
            criterion__number=OuterRef("criterion__number"),
            met=True,
        )
        lost = {}
        rows = (
            CriterionResult.objects.filter(
                status__year=year,
                met=False,
            )
            .filter(
                Q(status__commune__parent_id=self.plan.scope_id)
                | Q(status__commune__parent__parent_id=self.plan.scope_id)
            )
            .filter(Exists(met_last_year))
            .values_list("status__commune_id", "criterion__number")
            .order_by("criterion__number")
        )
        for commune_id, number in rows:
            lost.setdefault(commune_id, []).append(number)
        items = []
        for commune in self.communes(year):
            if commune.pk in lost:
                numbers = ", ".join(str(number) for number in lost[commune.pk])
                parent = self.by_id[commune.parent_id]
                where = f" ({parent.full_name})" if parent.level == Unit.Level.DISTRICT else ""
                items.append(
                    AttentionItem(
                        "lost_criterion",
                        f"{commune.full_name}{where}: không còn đạt tiêu chí "
                        f"số {numbers} so với năm {year - 1}.",
                        commune.get_absolute_url(),
                    )
                )
        return items


def missing_units_url(plan, key, basis):
    """The data-quality page listing the units that may be missing from the register."""
    query = urlencode({"plan": plan.number, "indicator": key, "basis": str(basis)})
    return f"{reverse('targets:data_quality')}?{query}"


def _unit_url(unit):
    if unit.level == Unit.Level.DISTRICT:
        return reverse("targets:district_progress", args=[unit.code])
    return unit.get_absolute_url()


def compute_progress(plan, *, year, scope=None, basis=Basis.STANDARD):
    """One answer: every indicator and named target of the plan in the scope and year."""
    return ProgressCounter(plan).progress(year=year, scope=scope, basis=basis)


def commune_rows(district, *, year, basis=Basis.STANDARD):
    """The communes (xã) of a district in a year, with standard, criteria met and planned year.

    Needs no plan: the unit page of a district lists its communes this way. Four queries.
    """
    communes = [
        unit
        for unit in district.children.rural_communes()
        .only("code", "name", "level", "kind", "parent_id", "valid_from", "valid_to", "sort_key")
        .order_by("sort_key", "code")
        if unit.exists_in(year)
    ]
    ids = [commune.pk for commune in communes]
    certifications = _certifications_by_unit(Certification.objects.filter(unit_id__in=ids))
    held = {
        commune.pk: _highest_standard(commune, certifications.get(commune.pk, []), year, basis)
        for commune in communes
    }
    summary = criteria_summary(ids, year=year)
    plans = {}
    for commune_id, planned_year, next_standard in (
        CommuneStatus.objects.filter(commune_id__in=ids, year__lte=year)
        .order_by("commune_id", "-year")
        .values_list("commune_id", "planned_year", "next_standard")
    ):
        plans.setdefault(commune_id, (planned_year, next_standard))
    result = []
    for commune in communes:
        met, total, criteria_year = summary.get(commune.pk, (None, None, None))
        planned_year, next_standard = plans.get(commune.pk, (None, ""))
        result.append(
            CommuneRow(
                unit=commune,
                standard=held.get(commune.pk),
                criteria_met=met,
                criteria_total=total,
                criteria_year=criteria_year,
                planned_year=planned_year,
                next_standard=next_standard,
            )
        )
    return result


def progress_as_dict(progress):
    """The numbers of a Progress for machines: English keys, the same in JSON and in the command."""
    return {
        "plan": progress.plan.number,
        "scope": progress.scope.code if progress.scope else None,
        "year": progress.year,
        "basis": str(progress.basis),
        "undated_counted": progress.undated,
        "reconciled": progress.reconciled,
        "reconciled_to": progress.reconciled_to,
        "implied_missing": progress.implied_missing,
        "notes": [
            note
            for note in [progress.undated_note, *(i.baseline_note for i in progress.indicators)]
            if note
        ],
        "indicators": [indicator_as_dict(item, progress.basis) for item in progress.indicators],
        "named_targets": [
            {
                "unit": target.unit.code,
                "unit_name": target.unit.full_name,
                "standard": target.standard,
                "year": target.year,
                "met": target.met,
                "status": str(target.status),
                "provisional": target.provisional,
            }
            for target in progress.named_targets
        ],
    }


INDICATOR_FIELDS = [
    "indicator",
    "name",
    "year",
    "basis",
    "target",
    "actual",
    "gap",
    "share",
    "status",
    "denominator",
    "baseline",
    "recorded_baseline",
    "baseline_missing",
    "reconciled",
    "reconciled_to",
    "implied_missing",
    "provisional",
]


def indicator_as_dict(item, basis):
    return {
        "indicator": item.key,
        "name": item.name,
        "year": item.year,
        "basis": str(basis),
        "target": item.target,
        "actual": item.actual,
        "gap": item.gap,
        "share": float(item.share),
        "status": str(item.status) if item.status else None,
        "denominator": item.denominator,
        "baseline": item.baseline,
        "recorded_baseline": item.recorded_baseline,
        "baseline_missing": item.baseline_missing,
        # Completeness of the register behind the figure (module docstring).
        "reconciled": item.reconciled,
        "reconciled_to": item.reconciled_to,
        "implied_missing": item.implied_missing,
        "provisional": item.provisional,
    }


def predecessors_record(unit, *, basis=Basis.STANDARD):
    """What the xã a unit of 01/07/2025 came from reached by the time they ended, from the same
    counting as the district page (`_highest_standard` in their last year): (rows, summary), rows
    as (old xã, standard or None), summary as "3/3 xã cũ đạt chuẩn NTM, 1 nâng cao". Each old xã
    counts once, toward every unit it went into (all 143 went whole into one). Three queries."""
    olds = [
        old
        for old in unit.predecessors.rural_communes().select_related("parent")
        if old.valid_to is not None
    ]
    olds.sort(key=lambda old: (old.parent.sort_key if old.parent else "", old.sort_key))
    certifications = _certifications_by_unit(
        Certification.objects.filter(unit_id__in=[old.pk for old in olds])
    )
    rows = [
        (old, _highest_standard(old, certifications.get(old.pk, []), old.valid_to.year, basis))
        for old in olds
    ]
    if not rows:
        return [], ""
    ranks = [Standard(standard).rank if standard else 0 for _old, standard in rows]
    summary = f"{sum(rank >= 1 for rank in ranks)}/{len(rows)} xã cũ đạt chuẩn NTM"
    for rank, word in ((2, "nâng cao"), (3, "kiểu mẫu")):
        count = sum(each >= rank for each in ranks)
        if count:
            summary += f", {count} {word}"
    return rows, summary
