"""`manage.py load_demo_history`: the reported trajectory, marked as demo, loaded once."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from targets.demo import demo_present
from targets.demo.history import DEMO_MARK
from targets.models import (
    AppraisalEvent,
    AppraisalRequest,
    Certification,
    CommuneStatus,
    CriterionResult,
    Decision,
    DemoHistoryLoad,
    Plan,
)
from targets.progress import compute_progress
from tests import factories
from units.models import Unit

pytestmark = pytest.mark.django_db

YEARS = [2020, 2021, 2022, 2023, 2024, 2025]
# Press-reported (DOMAIN.md "Real outcomes") for communes NTM and the 06/2025 totals; the rest is
# the demo's own plausible path, documented in targets/demo/history.py.
EXPECTED = {
    "commune_ntm": [79, 90, 101, 111, 116, 116],
    "commune_advanced": [0, 2, 8, 18, 31, 40],
    "commune_model": [0, 0, 0, 1, 3, 5],
    "district_ntm": [3, 5, 7, 9, 9, 9],
    "district_advanced": [0, 0, 0, 0, 0, 0],
}
LOWER_OR_HIGHER = {
    "ntm": ["ntm", "advanced", "model", "completed"],
    "advanced": ["advanced", "model"],
    "model": ["model"],
}


def load(*args):
    out = io.StringIO()
    call_command("load_demo_history", *args, stdout=out)
    return out.getvalue()


def held(level, standard, year):
    """Units holding the standard (or higher) at the end of the year, by standard year."""
    end = datetime.date(year, 12, 31)
    return (
        Certification.objects.filter(
            unit__level=level,
            standard__in=LOWER_OR_HIGHER[standard],
            standard_year__lte=year,
        )
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=end))
        .values("unit")
        .distinct()
        .count()
    )


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    """The demo history loaded once for the tests of a class, each of which runs in its own
    savepoint inside this transaction; rolled back after the class (the demo is the slowest
    thing to load in the suite)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


# With -n, the tests of this class run on one worker (--dist loadgroup): the demo is loaded once.
@pytest.mark.xdist_group("demo-history")
@pytest.mark.usefixtures("loaded")
class TestTheLoadedDemoHistory:
    def test_follows_the_reported_trajectory_by_standard_year(self):
        assert demo_present()
        for key, counts in EXPECTED.items():
            level, standard = key.split("_")
            assert [held(level, standard, year) for year in YEARS] == counts, key
        plan = Plan.objects.get(number="168/KH-UBND")
        for year in YEARS[1:]:
            progress = compute_progress(plan, year=year)
            actuals = {item.key: item.actual for item in progress.indicators}
            assert actuals == {key: counts[YEARS.index(year)] for key, counts in EXPECTED.items()}
        districts = {
            (c.unit.code, c.decision.number, c.decision.issued_on, c.standard, c.standard_year)
            for c in Certification.objects.filter(unit__level="district").select_related(
                "unit", "decision"
            )
        }
        assert ("910", "669/QĐ-TTg", datetime.date(2022, 6, 2), "ntm", 2020) in districts
        assert ("900", "671/QĐ-TTg", datetime.date(2022, 6, 2), "completed", 2020) in districts

    def test_every_demo_record_is_marked_and_every_certification_passes_full_clean(self):
        assert not Decision.objects.exclude(notes__contains=DEMO_MARK).exists()
        assert not Certification.objects.exclude(notes__contains=DEMO_MARK).exists()
        assert not CommuneStatus.objects.exclude(notes__contains=DEMO_MARK).exists()
        for certification in Certification.objects.select_related("unit", "decision"):
            certification.full_clean()
        # Communes by the Chairman of the provincial People's Committee, several per decision.
        commune_decisions = Decision.objects.filter(
            certifications__unit__level="commune"
        ).distinct()
        assert {d.number.split("/", 1)[1] for d in commune_decisions} == {"QĐ-UBND"}
        sizes = commune_decisions.annotate(n=Count("certifications")).values_list("n", flat=True)
        assert sum(1 for n in sizes if n >= 3) > len(sizes) * 3 / 4
        revoked = Certification.objects.filter(revoked_on__isnull=False)
        assert revoked.count() == 1
        assert revoked.get().revocation_reason

    def test_criteria_status_of_every_commune_and_year_agrees_with_its_certifications(self):
        communes = Unit.objects.communes().filter(kind="xa", valid_from__isnull=True)
        assert CriterionResult.objects.count() == communes.count() * 5 * 19
        met = {(s.commune_id, s.year): s.met_count for s in CommuneStatus.objects.with_met_count()}
        assert len(met) == communes.count() * 5
        recognitions = list(Certification.objects.filter(unit__level="commune"))
        nineteen, ntm_years, lost = 0, 0, 0
        for (commune_id, year), count in met.items():
            end = datetime.date(year, 12, 31)
            ntm = any(
                c.unit_id == commune_id
                and c.standard_year <= year
                and (c.revoked_on is None or c.revoked_on > end)
                for c in recognitions
            )
            if ntm:
                assert count >= 17, (commune_id, year, count)
                ntm_years += 1
                nineteen += count == 19
            else:
                assert 12 <= count <= 18, (commune_id, year, count)
            lost += count < met.get((commune_id, year - 1), 0)
        # NTM communes meet 19/19 except the few that slipped on a criterion since the year before.
        assert ntm_years - 8 <= nineteen < ntm_years
        assert 3 <= lost <= 8

    def test_appraisal_requests_stand_at_every_step_with_events_by_the_demo_accounts(self):
        states = set(AppraisalRequest.objects.values_list("state", flat=True))
        assert states == set(AppraisalRequest.State.values)
        decided = AppraisalRequest.objects.filter(state="decided")
        assert all(request.certification_id for request in decided)
        actors = set(AppraisalEvent.objects.values_list("actor__username", flat=True))
        assert actors == {"tinh", "huyen.vinhthuan", "huyen.anbien"}
        for event in AppraisalEvent.objects.filter(action__in=["return", "withdraw"]):
            assert event.reason
        for request in AppraisalRequest.objects.select_related("commune__parent"):
            assert request.commune.parent.code in {"908", "910"}
            last = request.events.order_by("at", "pk").last()
            assert last.to_state == request.state

    def test_a_second_run_changes_nothing(self):
        models = [
            Decision,
            Certification,
            CommuneStatus,
            CriterionResult,
            AppraisalRequest,
            AppraisalEvent,
        ]
        before = {m: m.objects.count() for m in models}
        history = {m: m.history.count() for m in models if hasattr(m, "history")}
        output = load()
        assert "không thay đổi gì" in output
        assert {m: m.objects.count() for m in models} == before
        assert {m: m.history.count() for m in history} == history


def test_loader_refuses_a_database_with_real_certifications_unless_forced():
    assert not demo_present()
    real = factories.certify("30763", standard_year=2021, number="100/QĐ-UBND")
    with pytest.raises(CommandError, match="không phải dữ liệu minh họa"):
        load()
    assert not demo_present()
    output = load("--force")
    assert demo_present()
    real.refresh_from_db()
    assert DEMO_MARK not in real.notes and real.revoked_on is None
    # Phi Thông keeps its real recognition; the demo's clashing one is skipped and listed.
    assert "Phi Thông" in output
    assert (
        Certification.objects.filter(
            unit=real.unit, standard="ntm", revoked_on__isnull=True
        ).count()
        == 1
    )


def test_demo_banner_shows_only_when_the_demo_history_is_loaded(
    rf, django_capture_on_commit_callbacks
):
    from django.template.loader import render_to_string

    from targets.demo import demo_context

    request = rf.get("/")
    assert "Dữ liệu minh họa." not in render_to_string(
        "includes/demo_banner.html", demo_context(request)
    )
    # The marker that load_demo_history writes (the trajectory test checks that it does),
    # committed: the banner's answer is cached on the data version, which the commit raises.
    with django_capture_on_commit_callbacks(execute=True):
        DemoHistoryLoad.objects.create(seed=1)
    assert "Dữ liệu minh họa." in render_to_string(
        "includes/demo_banner.html", demo_context(request)
    )
