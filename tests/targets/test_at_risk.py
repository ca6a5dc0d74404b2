"""A commune that holds a standard and whose latest criteria no longer meet its set is flagged
on its page, on its district's page and on the district officer's home; one that meets all is
not; a revoked recognition puts nothing at risk (targets/progress/at_risk.py)."""

import datetime

import pytest
from django.urls import reverse

from targets.models import Certification, CommuneStatus, CriteriaSet, CriterionResult, Plan
from targets.progress.at_risk import communes_at_risk, plan_communes_at_risk
from tests.factories import certify, unit

YEAR = 2025  # the last year of the 2021–2025 communes (valid until 30/06/2025)


def status(code, criteria_set, met, year=YEAR):
    """The commune's criteria of the year, judged by `criteria_set`: the first `met` met."""
    criteria_set = CriteriaSet.objects.get(code=criteria_set)
    record = CommuneStatus.objects.create(commune=unit(code), year=year, criteria_set=criteria_set)
    CriterionResult.objects.bulk_create(
        CriterionResult(status=record, criterion=criterion, met=criterion.number <= met)
        for criterion in criteria_set.criteria.all()
    )


@pytest.fixture
def vinh_thuan_communes(db):
    """In Vĩnh Thuận (910): Vĩnh Bình Nam advanced, down to 18/19 of the advanced set; Vĩnh Bình
    Bắc advanced with 19/19; Bình Minh whose NTM was revoked in 2024, at 15/19 of the NTM set."""
    for code, number in (("31063", "90/QĐ-UBND"), ("31060", "92/QĐ-UBND")):
        certify(code, "ntm", 2021, number=number)
        certify(code, "advanced", 2023, number="91/QĐ-UBND")
    status("31063", "QD318-2022-XA-NANGCAO", met=18)
    status("31060", "QD318-2022-XA-NANGCAO", met=19)
    certify("31064", "ntm", 2021, number="93/QĐ-UBND", revoked_on=datetime.date(2024, 6, 1))
    status("31064", "QD318-2022-XA-NTM", met=15)


def test_advanced_commune_down_to_18_of_19_is_the_only_one_at_risk(vinh_thuan_communes):
    risks = communes_at_risk(unit("910"))
    assert [(r.unit.code, r.standard, r.met, r.total, r.year) for r in risks] == [
        ("31063", "advanced", 18, 19, 2025)
    ]


def test_the_revoked_commune_would_be_at_risk_had_its_recognition_not_been_revoked(
    vinh_thuan_communes,
):
    Certification.objects.filter(unit__code="31064").update(revoked_on=None, revocation_number="")
    assert [r.unit.code for r in communes_at_risk(unit("910"))] == ["31064", "31063"]


def test_criteria_of_a_higher_set_than_the_standard_held_put_nothing_at_risk(
    vinh_thuan_communes,
):
    # Vĩnh Thuận (31069) holds NTM and works towards advanced: 15/19 of the advanced set.
    certify("31069", "ntm", 2022, number="94/QĐ-UBND")
    status("31069", "QD318-2022-XA-NANGCAO", met=15)
    assert [r.unit.code for r in communes_at_risk(unit("910"))] == ["31063"]
    status("31069", "QD318-2022-XA-NTM", met=18, year=2024)
    CommuneStatus.objects.filter(commune__code="31069", year=YEAR).delete()
    assert [r.unit.code for r in communes_at_risk(unit("910"))] == ["31063", "31069"]


def test_the_commune_page_flags_only_the_commune_at_risk(client, leadership, vinh_thuan_communes):
    client.force_login(leadership)
    page = client.get(reverse("units:unit_detail", args=["31063"])).content.decode()
    assert "Có nguy cơ không giữ chuẩn:" in page
    assert (
        "Xã Vĩnh Bình Nam đang giữ chuẩn “Đạt chuẩn NTM nâng cao” nhưng năm 2025 chỉ đạt 18/19 "
        "tiêu chí (" in page
    )
    for code in ("31060", "31064"):
        page = client.get(reverse("units:unit_detail", args=[code])).content.decode()
        assert "nguy cơ không giữ chuẩn" not in page.lower(), code


def test_the_district_pages_list_and_mark_the_commune_at_risk(
    client, leadership, vinh_thuan_communes
):
    client.force_login(leadership)
    for url in (
        reverse("units:unit_detail", args=["910"]),
        reverse("targets:district_progress", args=["910"]) + "?year=2025",
    ):
        page = client.get(url).content.decode()
        assert "Xã có nguy cơ không giữ chuẩn (1)" in page, url
        warning = page.split('id="standards-at-risk"', 1)[1].split("</div>", 1)[0]
        assert reverse("units:unit_detail", args=["31063"]) in warning
        assert "Vĩnh Bình Bắc" not in warning and "Bình Minh" not in warning
        rows = {
            code: page.split(f'<tr data-unit="{code}">', 1)[1].split("</tr>", 1)[0]
            for code in ("31060", "31063", "31064")
        }
        assert "Nguy cơ không giữ chuẩn" in rows["31063"]
        assert "Nguy cơ không giữ chuẩn" not in rows["31060"] + rows["31064"]


def test_the_district_officers_home_lists_the_commune_at_risk_with_a_link(
    client, officer, other_officer, province_staff, vinh_thuan_communes
):
    client.force_login(officer)
    home = client.get(reverse("home")).content.decode()
    assert "Xã có nguy cơ không giữ chuẩn (1)" in home
    card = home.split('id="at-risk-title"', 1)[1].split("</section>", 1)[0]
    assert (
        f'<a href="{reverse("units:unit_detail", args=["31063"])}?year=2025">Xã Vĩnh Bình Nam</a>'
        in card
    )
    assert "Vĩnh Bình Bắc" not in card and "Bình Minh" not in card
    for user in (other_officer, province_staff):
        client.force_login(user)
        assert "Xã có nguy cơ không giữ chuẩn" not in client.get(reverse("home")).content.decode()


def test_a_commune_meeting_every_criterion_again_is_no_longer_flagged(
    client, officer, vinh_thuan_communes
):
    CriterionResult.objects.filter(status__commune__code="31063").update(met=True)
    assert communes_at_risk(unit("910")) == []
    client.force_login(officer)
    assert "nguy cơ không giữ chuẩn" not in client.get(reverse("home")).content.decode().lower()


# The lines proposed for the dashboard's "Cần chú ý" (templates/targets/_progress_attention.html),
# rendered here with the dashboard's own context names (plan, year, basis).
def test_the_province_answer_for_the_dashboard_is_the_districts_answer(
    client, leadership, vinh_thuan_communes
):
    certify("30988", "advanced", 2023, number="95/QĐ-UBND", validate=False)
    status("30988", "QD318-2022-XA-NTM", met=17)
    plan = Plan.objects.get(number="168/KH-UBND")
    province = plan_communes_at_risk(plan, year=YEAR)
    assert [r.unit.code for r in province] == sorted(
        [r.unit.code for r in communes_at_risk(unit("910"))]
        + [r.unit.code for r in communes_at_risk(unit("30988").parent)],
        key=lambda code: (unit(code).sort_key, code),
    )
    assert {r.unit.code for r in province} == {"31063", "30988"}
    # The dashboard's "Cần chú ý" lists them, and its summary at the top counts them.
    client.force_login(leadership)
    html = client.get(reverse("targets:dashboard"), {"year": YEAR}).content.decode()
    attention = html.split('id="attention-title"')[1].split("</section>")[0]
    assert attention.count("Xã có nguy cơ không giữ chuẩn") == 2
    assert (
        f'<a href="{reverse("units:unit_detail", args=["31063"])}?year=2025">Xã Vĩnh Bình Nam: đang giữ'
        in attention
    )
    assert "Xã có nguy cơ không giữ chuẩn: <strong>2</strong>" in html
