"""A second plan on the units of 01/07/2025 (the test plan, made-up numbers: tests only) goes
through the same code paths as Plan 168: the dashboard with its plan selector, /progress.json, the
PDF report, `manage.py progress --plan` and `check_plan` agree with a hand count.

Hand count. Recognitions on the new An Giang's xã (code 91 from 01/07/2025):
  30781 Tiên Hải    NTM, standard year 2026, decided 20/01/2027
  30787 Kiên Lương  NTM 2026 (decided 10/12/2026), advanced 2027 (decided 15/12/2027)
  30790 Hòa Điền    NTM 2027, decided 02/11/2027
  31060 (a xã of Vĩnh Thuận until 30/06/2025) NTM 2020: Plan 168's province, not this one
Wards (Phường Rạch Giá, 30742) and special zones are never among the xã. So, for the test
plan's 85 xã (41 from Kiên Giang, 44 from the old An Giang):
  2026, by standard year: NTM 2 (30781, 30787), advanced 0; by decision date: NTM 1 (30787)
  2027, both bases: NTM 3, advanced 1 (30787)
Targets: NTM 5 (2026), 12 (2027); advanced 0, 2. The plan writes +8 for 2027 where its totals
step by 7: the one contradiction check_plan finds.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from targets.consistency import check_plan
from targets.models import Certification, Decision, Issuer, Plan
from tests.pdftext import flat_text
from units.models import Unit

pytestmark = pytest.mark.django_db

TEST_PLAN = Path(__file__).with_name("plan_thu_nghiem_2026.json")
NUMBER = "99/KH-THUNGHIEM"
D = datetime.date

HAND = {
    # (year, basis): (NTM, advanced)
    (2026, "standard"): (2, 0),
    (2026, "decision"): (1, 0),
    (2027, "standard"): (3, 1),
    (2027, "decision"): (3, 1),
}
TARGETS = {2026: (5, 0), 2027: (12, 2)}


def new_unit(code):
    return Unit.objects.get(code=code, valid_from=D(2025, 7, 1))


def recognise(unit, standard, standard_year, number, issued_on):
    decision, _ = Decision.objects.get_or_create(
        number=number,
        issuer=Issuer.PROVINCE_CHAIRMAN,
        year=issued_on.year,
        defaults={"issued_on": issued_on, "signer": "Người Ký Thử"},
    )
    certification = Certification(
        decision=decision, unit=unit, standard=standard, standard_year=standard_year
    )
    certification.full_clean()
    certification.save()


@pytest.fixture
def second_plan(db):
    call_command("load_plan", str(TEST_PLAN), stdout=io.StringIO())
    recognise(new_unit("30781"), "ntm", 2026, "5/QĐ-UBND", D(2027, 1, 20))
    recognise(new_unit("30787"), "ntm", 2026, "300/QĐ-UBND", D(2026, 12, 10))
    recognise(new_unit("30787"), "advanced", 2027, "400/QĐ-UBND", D(2027, 12, 15))
    recognise(new_unit("30790"), "ntm", 2027, "350/QĐ-UBND", D(2027, 11, 2))
    from tests.factories import certify

    certify("31060", "ntm", 2020, "10/QĐ-UBND", D(2021, 3, 15))
    return Plan.objects.get(number=NUMBER)


def test_the_command_agrees_with_the_hand_count(second_plan):
    for (year, basis), (ntm, advanced) in HAND.items():
        out = io.StringIO()
        call_command(
            "progress", plan=NUMBER, year=str(year), basis=basis, format="json", stdout=out
        )
        data = json.loads(out.getvalue())
        assert data["plan"] == NUMBER
        assert data["scope"] == "91"
        rows = {item["indicator"]: item for item in data["indicators"]}
        assert set(rows) == {"commune_ntm", "commune_advanced"}
        assert (rows["commune_ntm"]["actual"], rows["commune_advanced"]["actual"]) == (
            ntm,
            advanced,
        ), (year, basis)
        assert (rows["commune_ntm"]["target"], rows["commune_advanced"]["target"]) == TARGETS[year]
        assert rows["commune_ntm"]["denominator"] == 85
    out = io.StringIO()
    call_command("progress", plan=NUMBER, year="2026", stdout=out)
    table = out.getvalue()
    assert "Kế hoạch 99/KH-THUNGHIEM — Tỉnh An Giang — năm 2026" in table
    assert "Xã Kiên Lương" in table  # its named target, met in 2026


def test_progress_json_agrees_with_the_hand_count(client, leadership, second_plan):
    client.force_login(leadership)
    for (year, basis), (ntm, advanced) in HAND.items():
        response = client.get(
            reverse("targets:progress_json"), {"plan": NUMBER, "year": year, "basis": basis}
        )
        assert response.status_code == 200
        rows = {item["indicator"]: item for item in response.json()["indicators"]}
        assert (rows["commune_ntm"]["actual"], rows["commune_advanced"]["actual"]) == (
            ntm,
            advanced,
        )
        assert rows["commune_ntm"]["target"] == TARGETS[year][0]
    named = {
        item["unit"]: item["status"]
        for item in client.get(
            reverse("targets:progress_json"), {"plan": NUMBER, "year": 2027}
        ).json()["named_targets"]
    }
    assert named == {"30787": "met", "30790": "pending"}


def test_the_dashboard_selects_the_plan_and_shows_the_hand_count(client, leadership, second_plan):
    client.force_login(leadership)
    response = client.get(reverse("targets:dashboard"), {"plan": NUMBER, "year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    # The selector offers both plans, this one current; each opens on its own default year.
    assert (
        '<a class="nav-link py-1 px-2 small active" href="?plan=99/KH-THUNGHIEM&amp;basis=standard"'
        ' aria-current="page" data-plan="99/KH-THUNGHIEM">99/KH-THUNGHIEM (2026–2030)</a>'
    ) in html
    assert (
        'href="?plan=168/KH-UBND&amp;basis=standard" data-plan="168/KH-UBND">'
        "168/KH-UBND (2021–2025)</a>"
    ) in html
    assert '<input type="hidden" name="plan" value="99/KH-THUNGHIEM">' in html
    assert "Tiến độ thực hiện Kế hoạch 99/KH-THUNGHIEM — năm 2026" in html
    progress = response.context["progress"]
    assert [(i.key, i.actual, i.target) for i in progress.indicators] == [
        ("commune_ntm", 2, 5),
        ("commune_advanced", 0, 0),
    ]
    # No district on the new units: the province's xã are listed instead, with their standard.
    assert "Theo đơn vị cấp huyện" not in html
    assert "Các xã (85) — tình hình năm 2026" in html
    table = html[html.index('id="commune-table"') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr data-unit=") == 85
    assert table.count('data-standard="ntm"') == 2
    assert 'data-unit="30742"' not in html  # a ward


def test_the_pdf_report_agrees_with_the_hand_count(client, leadership, second_plan):
    client.force_login(leadership)
    response = client.get(
        reverse("targets:progress_report_pdf"), {"plan": NUMBER, "year": 2027, "basis": "standard"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = flat_text(response.content)
    assert "99/KH-THUNGHIEM" in text
    assert "III. KẾT QUẢ THEO XÃ" in text
    assert "Xã Hòa Điền Đạt chuẩn nông thôn mới" in text
    assert "Xã Kiên Lương Đạt chuẩn NTM nâng cao" in text
    assert "Kết quả thực hiện Kế hoạch số 99/KH-THUNGHIEM năm 2027" in text
    # Bảng 1: denominator, baseline 2025, target 2027, actual.
    assert "1 Xã đạt chuẩn NTM (thử nghiệm) 85 0 12 3 còn thiếu 9" in text
    assert "2 Xã đạt chuẩn NTM nâng cao (thử nghiệm) 85 0 2 1 còn thiếu 1" in text


def test_check_plan_finds_the_test_plans_contradiction(second_plan, capsys):
    found = check_plan(second_plan)
    assert [(f.indicator.key, f.year, f.check, f.stated, f.computed) for f in found] == [
        ("commune_ntm", 2027, "increment", 8, 7)
    ]
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_plan", NUMBER)
    assert exit_info.value.code == 1
    assert "Xã đạt chuẩn NTM (thử nghiệm) | 2027 | Số tăng thêm so với lũy kế | 8 | 7" in (
        capsys.readouterr().out
    )
