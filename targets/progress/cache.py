"""Progress numbers, cached until the data changes (the report PDF: ntm_portal/lib/pdf.py).

Keyed on the data version (ntm_portal/lib/data_version.py), never on time: the first request
after a write computes, every later one until the next write reads the cache. Under load this
takes the dashboard and /progress.json from the counting queries to one version query.
"""

from ntm_portal.lib.data_version import cached
from targets.progress.counting import ProgressCounter, commune_rows


def _scope_pk(scope):
    return scope.pk if scope is not None else "-"


def dashboard_numbers(plan, year, basis):
    def compute():
        from targets.progress.at_risk import plan_communes_at_risk

        counter = ProgressCounter(plan)
        district_rows = counter.district_rows(year=year, basis=basis)
        return {
            "progress": counter.progress(year=year, basis=basis),
            "series": counter.trajectory(basis=basis),
            "district_rows": district_rows,
            # A province without districts (from 01/07/2025) shows its communes instead.
            "commune_rows": []
            if district_rows
            else commune_rows(plan.scope, year=year, basis=basis),
            "attention": counter.attention_items(year=year, basis=basis),
            "at_risk": plan_communes_at_risk(plan, year=year, basis=basis, counter=counter),
        }

    return cached(("progress-dashboard", plan.pk, year, basis), compute)


def district_numbers(plan, year, basis, district):
    def compute():
        counter = ProgressCounter(plan)
        return {
            "progress": counter.progress(year=year, scope=district, basis=basis),
            "series": counter.trajectory(scope=district, basis=basis),
            # The province's register against the plan's baseline, which the district shares.
            "province_progress": counter.progress(year=year, basis=basis),
        }

    return cached(("progress-district", plan.pk, year, basis, district.pk), compute)


def progress_numbers(plan, year, basis, scope=None):
    return cached(
        ("progress", plan.pk, year, basis, _scope_pk(scope)),
        lambda: ProgressCounter(plan).progress(year=year, scope=scope, basis=basis),
    )
