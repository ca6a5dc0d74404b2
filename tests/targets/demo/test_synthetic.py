"""`manage.py generate_synthetic`: valid records at any size, and a dashboard whose query count
does not grow with them."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.demo.synthetic import SCALES, Size, generate, layout
from targets.models import Certification, CommuneStatus, CriterionResult, Decision, Plan
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_layout_splits_units_evenly_and_gives_the_plans_province_its_own_size():
    assert layout(Size(2, 5, 21)) == [[4, 4, 3], [5, 5]]
    national = layout(SCALES["national"])
    assert len(national) == 60
    assert sum(len(p) for p in national) == 700
    assert sum(map(sum, national)) == 8000
    assert (len(national[0]), sum(national[0])) == (27, 550)


def test_generator_builds_the_requested_units_with_records_that_pass_validation():
    summary = generate(Size(2, 5, 20), seed=3, plan_number="SYN-TEST/KH")
    units = Unit.objects.filter(code__startswith="S")
    assert (summary.provinces, summary.districts, summary.communes) == (2, 5, 20)
    assert units.provinces().count() == 2
    assert units.districts().filter(parent__code__startswith="S").count() == 5
    assert units.communes().filter(parent__parent__code__startswith="S", kind="xa").count() == 20
    for unit in units:
        unit.full_clean()
    synthetic = Certification.objects.filter(unit__code__startswith="S")
    assert synthetic.count() == summary.certifications > 0
    for certification in synthetic.select_related("unit", "decision"):
        certification.full_clean()
    for decision in Decision.objects.filter(certifications__in=synthetic).distinct():
        decision.full_clean()
    # A district-level unit is recognised only when all of its communes are NTM by then.
    for certification in synthetic.filter(
        unit__level="district", standard__in=["ntm", "completed"]
    ):
        communes = certification.unit.children.all()
        ntm = synthetic.filter(
            unit__in=communes, standard="ntm", standard_year__lte=certification.standard_year
        )
        assert ntm.count() == communes.count()
    statuses = CommuneStatus.objects.filter(commune__code__startswith="S")
    assert statuses.count() == 20 * 5
    assert CriterionResult.objects.filter(status__in=statuses).count() == 20 * 5 * 19
    plan = Plan.objects.get(number="SYN-TEST/KH")
    scope = plan.scope
    denominators = dict(plan.indicators.values_list("level", "denominator").distinct())
    assert denominators == {
        "district": Unit.objects.filter(parent=scope).count(),
        "commune": Unit.objects.filter(parent__parent=scope).count(),
    }
    assert plan.indicators.get(level="commune", standard="ntm").yearly_targets.count() == 5


def test_generate_synthetic_creates_a_plan_once_and_names_a_bad_size():
    out = io.StringIO()
    call_command("generate_synthetic", "--size", "1,2,4", "--plan-number", "SYN-T/KH", stdout=out)
    assert "SYN-T/KH" in out.getvalue()
    with pytest.raises(CommandError, match="SYN-T/KH đã có"):
        call_command(
            "generate_synthetic", "--size", "1,2,4", "--plan-number", "SYN-T/KH", stdout=out
        )
    with pytest.raises(CommandError, match="“1,x,4”"):
        call_command("generate_synthetic", "--size", "1,x,4", stdout=out)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_dashboard_query_count_does_not_grow_with_synthetic_data(
    client, leadership, django_assert_max_num_queries
):
    generate(Size(1, 2, 4), seed=1, plan_number="SYN-SMALL/KH", code_prefix="S")
    generate(Size(1, 9, 70), seed=2, plan_number="SYN-LARGE/KH", code_prefix="T")
    client.force_login(leadership)
    # The user's rights and the demo banner's answer are cached on the data version: read once
    # here (the units list), so that both plans are counted alike.
    client.get(reverse("units:unit_list"))
    counts = {}
    for plan_number, district in (("SYN-SMALL/KH", "S0102"), ("SYN-LARGE/KH", "T0102")):
        query = f"?plan={plan_number}&year=2025"
        dashboard, html = queries_of(client, reverse("targets:dashboard") + query)
        assert plan_number in html
        page = reverse("targets:district_progress", args=[district]) + query
        counts[plan_number] = (dashboard, queries_of(client, page)[0])
    small, large = counts["SYN-SMALL/KH"], counts["SYN-LARGE/KH"]
    assert large == small
    with django_assert_max_num_queries(small[0]):
        client.get(reverse("targets:dashboard") + "?plan=SYN-LARGE/KH&year=2025")
