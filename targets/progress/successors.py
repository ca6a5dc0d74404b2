"""The record of a plan's old units shown on the units that succeeded them ("theo đơn vị mới").

On 01/07/2025 Kiên Giang's 143 commune-level units went into 48 units of the new An Giang. The
2021–2025 record stays on the old units (their recognitions, statuses and appraisals are never
moved); this module reads it, through the same `ProgressCounter` as the dashboard, per new unit.

Rules:

- What an old xã reached in year Y is its highest standard in Y under the basis, as the
  dashboard counts it (`ProgressCounter.standing`); for a year after the old xã ended, its last
  year (2025: what it held on 30/06/2025). Only xã count (phường and thị trấn are never among the
  communes, as on the dashboard); the old phường and thị trấn a new unit took in are named
  beside.
- A new unit's row counts every old xã that went into it, whole or in part.
- A divided old xã (relation `part`: it went into several new units) is shown on the row of
  each new unit it went into, marked "một phần", and counted once in the province's total: the
  total counts distinct old xã, so it equals the dashboard's commune indicators for the year,
  and the rows may add up to more than the total (the page says by how many).

Three queries besides the counter's: the plan's successor province, and the lineage of its units.
"""

from dataclasses import dataclass, field

from targets.models import Standard
from targets.progress.counting import Basis, ProgressCounter
from units.models import Unit, UnitSuccession

RUNGS = ((1, "đạt chuẩn NTM"), (2, "nâng cao"), (3, "kiểu mẫu"))


@dataclass
class OldUnit:
    unit: Unit
    standard: str | None
    whole: bool

    @property
    def standard_label(self):
        return Standard(self.standard).label if self.standard else "Chưa đạt chuẩn"


@dataclass
class Tally:
    """How many old xã, and how many of them hold each rung (a higher one counts for the lower)."""

    xa: int = 0
    ntm: int = 0
    advanced: int = 0
    model: int = 0

    def add(self, standard):
        rank = Standard(standard).rank if standard else 0
        self.xa += 1
        self.ntm += rank >= 1
        self.advanced += rank >= 2
        self.model += rank >= 3

    @property
    def summary(self):
        """'3/3 xã cũ đạt chuẩn NTM, 1 nâng cao' (the phrase of a new commune's page)."""
        if not self.xa:
            return "Không có xã cũ (chỉ phường, thị trấn)"
        text = f"{self.ntm}/{self.xa} xã cũ đạt chuẩn NTM"
        for count, word in ((self.advanced, "nâng cao"), (self.model, "kiểu mẫu")):
            if count:
                text += f", {count} {word}"
        return text


@dataclass
class NewUnitRow:
    unit: Unit
    olds: list = field(default_factory=list)  # OldUnit, the old xã
    other_olds: list = field(default_factory=list)  # old phường and thị trấn
    tally: Tally = field(default_factory=Tally)

    @property
    def summary(self):
        return self.tally.summary

    @property
    def parts(self):
        return sum(1 for old in self.olds if not old.whole)


@dataclass
class NewUnitsRecord:
    plan: object
    year: int
    basis: str
    province: Unit  # the province the plan's province went into
    rows: list
    total: Tally  # each old xã once
    divided: list  # old xã divided between several new units

    @property
    def row_sum(self):
        return sum(row.tally.xa for row in self.rows)

    @property
    def counted_twice(self):
        """How many more old xã the rows show than the total counts (divided xã)."""
        return self.row_sum - self.total.xa


def new_units_record(plan, *, year, basis=Basis.STANDARD, counter=None):
    """The plan's old communes per unit they went into, for the year and basis; None when the
    plan's province has no successor (a plan made on today's units)."""
    province = plan.scope
    successor = (
        Unit.objects.filter(predecession_rows__predecessor=province).order_by("valid_from").last()
    )
    if successor is None:
        return None
    counter = counter or ProgressCounter(plan)
    olds = {
        unit.pk: unit
        for unit in counter.units
        if unit.level == Unit.Level.COMMUNE and unit.valid_to is not None
    }
    lines = (
        UnitSuccession.objects.filter(predecessor_id__in=list(olds))
        .select_related("successor")
        .order_by("successor__sort_key", "successor__code")
    )
    rows, successors_of = {}, {}
    for line in lines:
        successors_of.setdefault(line.predecessor_id, set()).add(line.successor_id)
    total, divided = Tally(), []
    standing = {}
    for pk, old in olds.items():
        if old.kind != Unit.Kind.XA or not old.exists_in(min(year, old.valid_to.year)):
            continue
        year_of_old = min(year, old.valid_to.year)
        standing[pk] = counter.standing(year_of_old, basis).get(pk)
        if pk in successors_of:
            total.add(standing[pk])
            if len(successors_of[pk]) > 1:
                divided.append(old)
    for line in lines:
        new = line.successor
        row = rows.setdefault(new.pk, NewUnitRow(unit=new))
        old = olds[line.predecessor_id]
        if line.predecessor_id in standing:
            standard = standing[line.predecessor_id]
            row.olds.append(
                OldUnit(old, standard, whole=line.relation == UnitSuccession.Relation.WHOLE)
            )
            row.tally.add(standard)
        elif old.kind != Unit.Kind.XA:
            row.other_olds.append(old)
    parents = counter.by_id
    for row in rows.values():
        row.olds.sort(key=lambda item: (_parent_key(parents, item.unit), item.unit.sort_key))
        row.other_olds.sort(key=lambda unit: (_parent_key(parents, unit), unit.sort_key))
    return NewUnitsRecord(
        plan=plan,
        year=year,
        basis=basis,
        province=successor,
        rows=list(rows.values()),
        total=total,
        divided=sorted(divided, key=lambda unit: unit.sort_key),
    )


def _parent_key(units_by_id, unit):
    parent = units_by_id.get(unit.parent_id)
    return parent.sort_key if parent else ""
