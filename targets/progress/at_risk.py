"""Communes whose standard is at risk: they hold a standard and their latest criteria no longer
meet its set.

The rule, in one place (the commune's page, its district's page, the district officer's home and
the dashboard's "Cần chú ý" all read it from here):

- The standard a commune holds in year Y is the progress module's answer (`commune_rows`,
  `ProgressCounter.standing`): the highest standard counted under the standard basis, a higher
  standard counting for the lower ones, a revoked recognition no longer counting from its
  revocation date (QĐ 18/2022/QĐ-TTg allows revocation). Nothing is counted again here.
- Its criteria are those of its latest status up to Y (`criteria_summary`: "x/19 (year)").
- It is at risk when that status is judged by the set of the standard it holds, or of a lower
  one, and fewer than all of the set's criteria are met ("đạt"): a commune recognised advanced
  that records 18/19 on the advanced set (or on the NTM set, which is easier) no longer meets
  the requirements of its standard (QĐ 318/QĐ-TTg, QĐ 319/QĐ-TTg).
- Why "fewer than all": QĐ 18/2022/QĐ-TTg revokes a commune's NTM recognition when 30 % to 50 %
  of its criteria are not met (one of them income, environment and food safety, or defence and
  security) or 50 % or more (as the provincial notices of 04–08/08/2022 summarise it; the article
  number was not confirmed from the decision's text). The warning comes before that, at the first
  criterion not met, while the commune can still restore it.
- A status judged by a higher set says nothing about the standard held (an NTM commune working
  towards advanced with 15/19 of the advanced set): it is not flagged.

Cost: one query for the criteria sets of the communes' statuses (none for a list without
communes), on top of what the progress module's answer costs: a fixed number whatever the data.
"""

from dataclasses import dataclass

from django.utils import timezone

from targets.models import Certification, CommuneStatus, Standard
from targets.models.commune_status import criteria_summary
from targets.progress.counting import (
    Basis,
    ProgressCounter,
    _certifications_by_unit,
    _highest_standard,
    commune_rows,
)
from units.models import Unit


@dataclass(frozen=True)
class StandardAtRisk:
    """A commune that holds `standard` and met only `met` of the `total` criteria of its latest
    status (`year`, judged by `criteria_set`)."""

    unit: Unit
    standard: str
    met: int
    total: int
    year: int
    criteria_set: str

    @property
    def standard_label(self):
        return Standard(self.standard).label

    @property
    def text(self):
        """One sentence naming the commune, the standard held and what is missing."""
        return (
            f"{self.unit.full_name}: đang giữ chuẩn “{self.standard_label}” nhưng năm "
            f"{self.year} chỉ đạt {self.met}/{self.total} tiêu chí ({self.criteria_set})."
        )


class AtRiskCommunes(list):
    """`StandardAtRisk` items in the order of their communes; `ids` for a table's rows."""

    @property
    def ids(self):
        return {risk.unit.pk for risk in self}


def _at_risk(candidates):
    """The at-risk ones among (unit, standard held, met, total, criteria year) rows."""
    candidates = list(candidates)
    if not candidates:
        return AtRiskCommunes()
    # The sets of every status of these communes, in one query whatever is failing: the pages
    # keep a fixed query count (a handful of years per commune).
    sets = {
        (commune_id, year): (Standard(standard), name)
        for commune_id, year, standard, name in CommuneStatus.objects.filter(
            commune_id__in=[unit.pk for unit, *_rest in candidates]
        )
        .order_by()
        .values_list("commune_id", "year", "criteria_set__standard", "criteria_set__name")
    }
    found = []
    for unit, standard, met, total, year in candidates:
        if not standard or met is None or met >= total or (unit.pk, year) not in sets:
            continue
        set_standard, set_name = sets[(unit.pk, year)]
        if set_standard.rank <= Standard(standard).rank:
            found.append(StandardAtRisk(unit, standard, met, total, year, set_name))
    return AtRiskCommunes(sorted(found, key=lambda risk: (risk.unit.sort_key, risk.unit.code)))


def at_risk_among(rows):
    """The at-risk communes among the progress module's `CommuneRow`s (a district's table)."""
    return _at_risk(
        (row.unit, row.standard, row.criteria_met, row.criteria_total, row.criteria_year)
        for row in rows
    )


def _year_of(unit, today):
    """The year a unit's page speaks of: this year, or the unit's last year of validity."""
    return min(today.year, unit.valid_to.year) if unit.valid_to else today.year


def communes_at_risk(district, *, year=None):
    """The communes (xã) of a district-level unit whose standard is at risk in the year (by
    default this year, or the district's last year of validity). Five queries at most."""
    year = year or _year_of(district, timezone.localdate())
    return at_risk_among(commune_rows(district, year=year))


def commune_at_risk(commune, *, year=None):
    """The commune's `StandardAtRisk`, or None: its district's answer, read for the commune."""
    if commune.level != Unit.Level.COMMUNE or commune.parent is None:
        return None
    year = year or _year_of(commune, timezone.localdate())
    for risk in communes_at_risk(commune.parent, year=year):
        if risk.unit.pk == commune.pk:
            return risk
    return None


def held_standard(commune, *, year, memo=None):
    """The highest standard a commune (xã) holds in the year, as the progress module counts it
    (its district's `commune_rows`), or None; None for other units too. An import passes a
    `memo` dict, so that each district is counted once per year, not once per row."""
    if not (commune.level == Unit.Level.COMMUNE and commune.kind == Unit.Kind.XA):
        return None
    if commune.parent_id is None:
        return None
    memo = {} if memo is None else memo
    key = (commune.parent_id, year)
    if key not in memo:
        memo[key] = {row.unit.pk: row.standard for row in commune_rows(commune.parent, year=year)}
    return memo[key].get(commune.pk)


def held_standards(pairs):
    """{(commune id, year): `held_standard(commune, year=year)`} for many (commune, year) pairs
    at once, in one query (the recognitions of the communes named): a status import of a whole
    country names hundreds of districts, and `commune_rows` costs four queries a district and
    year. The same count as `commune_rows`: a rural commune's highest standard under the
    standard basis (None when it did not exist in the year); None for other units."""
    wanted = {
        (commune, year)
        for commune, year in pairs
        if commune.level == Unit.Level.COMMUNE
        and commune.kind == Unit.Kind.XA
        and commune.parent_id is not None
    }
    certifications = (
        _certifications_by_unit(
            Certification.objects.filter(unit_id__in={commune.pk for commune, _ in wanted})
        )
        if wanted
        else {}
    )
    return {
        (commune.pk, year): _highest_standard(
            commune, certifications.get(commune.pk, []), year, Basis.STANDARD
        )
        for commune, year in wanted
    }


def plan_communes_at_risk(plan, *, year, basis=Basis.STANDARD, counter=None):
    """The communes of the plan's province whose standard is at risk in the year, for the
    dashboard: the counter's standing (shared with the page when given), one query for the
    criteria and one for their sets."""
    counter = counter or ProgressCounter(plan)
    communes = counter.communes(year)
    standing = counter.standing(year, basis)
    summary = criteria_summary([commune.pk for commune in communes], year=year)
    return _at_risk(
        (commune, standing.get(commune.pk), *summary.get(commune.pk, (None, None, None)))
        for commune in communes
    )
