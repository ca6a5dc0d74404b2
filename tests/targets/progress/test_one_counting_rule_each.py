"""The counting rules of `targets/progress/counting.py`, one rule per test, each on the smallest
history that shows it, so that a failure names the rule that broke (the hand-count tests beside
these only say that some number differs).

The district-level questions are asked the way a machine asks them (`/progress.json?scope=…`);
the province's through `compute_progress`, which the dashboard, the report and the JSON share.
"""

import datetime

import pytest
from django.urls import reverse

from targets.progress import Basis, compute_progress
from tests.factories import certify, unit
from units.models import Unit

pytestmark = pytest.mark.django_db

D = datetime.date
VINH_THUAN_COMMUNES = ["31060", "31063", "31064", "31069", "31072", "31074", "31075"]


def province(plan, year, basis=Basis.STANDARD):
    return {item.key: item for item in compute_progress(plan, year=year, basis=basis).indicators}


def district_json(client, user, code, year, basis="standard"):
    client.force_login(user)
    response = client.get(
        reverse("targets:progress_json"), {"year": year, "basis": basis, "scope": code}
    )
    assert response.status_code == 200
    data = response.json()
    return data, {row["indicator"]: row for row in data["indicators"]}


def end_validity(code, day):
    commune = unit(code)
    commune.valid_to = day
    commune.save()


# --- a higher standard counts toward the lower ones ---------------------------------------------


def test_a_model_commune_counts_once_under_ntm_advanced_and_model(plan):
    certify("31060", "ntm", 2020, "10/QĐ-UBND", D(2021, 3, 15))
    certify("31060", "advanced", 2022, "20/QĐ-UBND", D(2022, 12, 15))
    certify("31060", "model", 2023, "30/QĐ-UBND", D(2023, 12, 20))
    counts = province(plan, 2023)
    assert [counts[k].actual for k in ("commune_ntm", "commune_advanced", "commune_model")] == [
        1,
        1,
        1,
    ]


def test_an_advanced_commune_whose_ntm_decision_is_not_on_file_still_counts_as_ntm(plan):
    # The register may hold the advanced recognition while the NTM decision is lost (DOMAIN.md).
    certify("31060", "advanced", 2022, "20/QĐ-UBND", D(2022, 12, 15), validate=False)
    counts = province(plan, 2022)
    assert (counts["commune_ntm"].actual, counts["commune_advanced"].actual) == (1, 1)


# --- a revocation stops counting from its date --------------------------------------------------


def test_a_revoked_recognition_counts_until_the_year_of_its_revocation(plan):
    certify(
        "31064",
        "ntm",
        2021,
        "50/QĐ-UBND",
        D(2022, 1, 10),
        revoked_on=D(2023, 6, 30),
        revocation_number="60/QĐ-UBND",
    )
    assert [province(plan, year)["commune_ntm"].actual for year in (2021, 2022, 2023, 2024)] == [
        1,
        1,
        0,
        0,
    ]


def test_a_revocation_after_the_year_leaves_the_year_counted(plan):
    certify(
        "31064",
        "ntm",
        2021,
        "50/QĐ-UBND",
        D(2022, 1, 10),
        revoked_on=D(2024, 1, 1),
        revocation_number="60/QĐ-UBND",
    )
    assert [province(plan, year)["commune_ntm"].actual for year in (2023, 2024)] == [1, 0]


# --- standard year or decision date -------------------------------------------------------------


def test_standard_basis_counts_from_the_standard_year_decision_basis_from_the_decision_date(
    plan,
):
    # Standard year 2022, decided on 01/05/2024 (like Kiên Hải's 31108 in the known history).
    certify("31108", "ntm", 2022, "70/QĐ-UBND", D(2024, 5, 1))
    by_standard = [province(plan, y)["commune_ntm"].actual for y in (2021, 2022, 2023, 2024)]
    by_decision = [
        province(plan, y, Basis.DECISION)["commune_ntm"].actual for y in (2021, 2022, 2023, 2024)
    ]
    assert by_standard == [0, 1, 1, 1]
    assert by_decision == [0, 0, 0, 1]


def test_a_decision_of_the_last_day_of_the_year_counts_in_that_year_on_the_decision_basis(plan):
    certify("31108", "ntm", 2022, "70/QĐ-UBND", D(2022, 12, 31))
    by_decision = [province(plan, y, Basis.DECISION)["commune_ntm"].actual for y in (2022, 2023)]
    assert by_decision == [1, 1]


# --- a unit counts only in the years it existed -------------------------------------------------


@pytest.fixture
def merged_inside_the_plan(db):
    """A merger inside the plan's period, made up for the test: Bình Minh (31064) and Vĩnh Thuận
    (31069) end on 31/12/2023, and a new commune of Vĩnh Thuận district (code 31999, not a GSO
    code) exists from 01/01/2024. Bình Minh is NTM from 2021, the new commune from 2024."""
    end_validity("31064", D(2023, 12, 31))
    end_validity("31069", D(2023, 12, 31))
    Unit.objects.create(
        code="31999",
        name="Vĩnh Bình Minh",
        level=Unit.Level.COMMUNE,
        kind=Unit.Kind.XA,
        parent=unit("910"),
        valid_from=D(2024, 1, 1),
        valid_to=D(2025, 6, 30),
    )
    certify("31064", "ntm", 2021, "50/QĐ-UBND", D(2022, 1, 10))
    certify("31999", "ntm", 2024, "80/QĐ-UBND", D(2024, 11, 20))


def test_a_commune_created_inside_the_plan_is_not_in_its_district_before_it_existed(
    client, officer, merged_inside_the_plan
):
    _data, before = district_json(client, officer, "910", 2023)
    assert before["commune_ntm"]["denominator"] == 7  # 31064 and 31069 still, 31999 not yet
    assert before["commune_ntm"]["actual"] == 1  # Bình Minh


def test_communes_merged_away_are_not_in_their_district_after_they_ended(
    client, officer, merged_inside_the_plan
):
    _data, after = district_json(client, officer, "910", 2024)
    assert after["commune_ntm"]["denominator"] == 6  # 7 − 2 merged + 1 new
    assert after["commune_ntm"]["actual"] == 1  # the new commune; Bình Minh no longer exists


def test_a_commune_that_ended_stops_counting_for_the_province(plan, merged_inside_the_plan):
    # 2023: Bình Minh; 2024: the new commune only (Bình Minh's recognition was never revoked).
    assert [province(plan, year)["commune_ntm"].actual for year in (2023, 2024)] == [1, 1]


# --- wards and townships are not communes -------------------------------------------------------


@pytest.fixture
def township(db):
    """A township (thị trấn) in Vĩnh Thuận district, made up for the test (code 31998): the
    reference data holds only the 116 communes (xã)."""
    return Unit.objects.create(
        code="31998",
        name="Vĩnh Thuận",
        level=Unit.Level.COMMUNE,
        kind=Unit.Kind.THI_TRAN,
        parent=unit("910"),
    )


def test_a_township_is_not_in_its_districts_commune_denominator(client, officer, township):
    _data, rows = district_json(client, officer, "910", 2023)
    assert {row["denominator"] for row in rows.values()} == {7}


def test_a_ward_is_not_in_its_citys_commune_denominator(client, leadership):
    communes_of_ha_tien = Unit.objects.filter(parent__code="900").rural_communes().count()
    Unit.objects.create(
        code="31997",
        name="Đông Hồ",
        level=Unit.Level.COMMUNE,
        kind=Unit.Kind.PHUONG,
        parent=unit("900"),
    )
    _data, rows = district_json(client, leadership, "900", 2023)
    assert {row["denominator"] for row in rows.values()} == {communes_of_ha_tien}


def test_all_communes_ntm_makes_a_district_target_pending_whatever_a_township_holds(plan, township):
    # Vĩnh Thuận's named target (NTM by 2025) is at risk while one of its communes is not NTM;
    # its township is not one of them.
    for code in VINH_THUAN_COMMUNES:
        certify(code, "ntm", 2021, "50/QĐ-UBND", D(2022, 1, 10))
    (target,) = [t for t in compute_progress(plan, year=2022).named_targets if t.unit.code == "910"]
    assert target.status == "pending"


# --- "all communes NTM" counts every commune at NTM or higher -----------------------------------


def test_a_district_whose_communes_are_all_ntm_or_higher_is_not_at_risk(client, leadership, plan):
    # Six communes NTM, the seventh advanced with its NTM decision not on file: all seven are
    # NTM, so Vĩnh Thuận's named target is pending, not at risk, and the dashboard lists no
    # warning for it.
    for code in VINH_THUAN_COMMUNES[:-1]:
        certify(code, "ntm", 2021, "50/QĐ-UBND", D(2022, 1, 10))
    certify(VINH_THUAN_COMMUNES[-1], "advanced", 2021, "51/QĐ-UBND", D(2022, 1, 10), validate=False)
    data, _rows = district_json(client, leadership, "910", 2022)
    assert [(t["unit"], t["status"]) for t in data["named_targets"]] == [("910", "pending")]
    response = client.get(reverse("targets:dashboard"), {"year": 2022})
    assert "Huyện Vĩnh Thuận — mục tiêu" not in response.content.decode()


def test_a_district_with_one_commune_short_of_ntm_is_at_risk(client, leadership, plan):
    for code in VINH_THUAN_COMMUNES[:-1]:
        certify(code, "ntm", 2021, "50/QĐ-UBND", D(2022, 1, 10))
    data, _rows = district_json(client, leadership, "910", 2022)
    assert [(t["unit"], t["status"]) for t in data["named_targets"]] == [("910", "at_risk")]
    response = client.get(reverse("targets:dashboard"), {"year": 2022})
    assert "Huyện Vĩnh Thuận — mục tiêu" in response.content.decode()


# --- a city's "completed" is the district-level NTM ---------------------------------------------


def test_a_citys_completed_task_counts_as_district_ntm_and_meets_its_named_target(plan):
    certify("900", "completed", 2020, "671/QĐ-TTg", D(2022, 6, 2))
    progress = compute_progress(plan, year=2021)
    counts = {item.key: item.actual for item in progress.indicators}
    assert (counts["district_ntm"], counts["district_advanced"]) == (1, 0)
    (ha_tien,) = [t for t in progress.named_targets if t.unit.code == "900"]
    assert ha_tien.status == "met"
