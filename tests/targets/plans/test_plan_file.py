"""A plan is one file: `load_plan` and `export_plan` (targets/plan_file.py), Plan 168 through them,
each bad line refused with its line and reason and nothing written, a second load writing
nothing, and a plan in use kept from deletion."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from targets import plan_file
from targets.models import (
    CommuneGroup,
    Indicator,
    NamedTarget,
    Plan,
    PlanCriteriaSet,
    PlanInUseError,
    ReportAssessment,
    YearlyTarget,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
# Made-up numbers, for tests only (its title says so): never reference data.
TEST_PLAN = Path(__file__).with_name("plan_thu_nghiem_2026.json")


def counts():
    """Every row a plan file writes, and the edit history beside them."""
    models = [Plan, Indicator, YearlyTarget, NamedTarget, CommuneGroup, PlanCriteriaSet]
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in models
        if hasattr(model, "history")
    } | {"criteria_sets": Plan.criteria_sets.through.objects.count()}


def load(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_plan", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(tmp_path, data_or_text):
    """load_plan of a file: the lines it printed; it must exit 2 and write nothing."""
    path = tmp_path / "ke_hoach.json"
    text = data_or_text if isinstance(data_or_text, str) else plan_file.dumps(data_or_text)
    path.write_text(text, encoding="utf-8")
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="không ghi gì") as error:
        call_command("load_plan", str(path), stdout=io.StringIO(), stderr=err)
    assert error.value.returncode == 2
    assert counts() == before
    return err.getvalue().splitlines(), text.splitlines()


def test_plan_168_exports_to_its_own_reference_file(plan):
    out = io.StringIO()
    call_command("export_plan", "168/KH-UBND", stdout=out)
    exported = json.loads(out.getvalue())
    assert exported == json.loads((FIXTURES / "plan_168.json").read_text(encoding="utf-8"))
    assert exported["criteria_sets"] == [
        "QD318-2022-XA-NANGCAO",
        "QD318-2022-XA-NTM",
        "QD319-2022-XA-KIEUMAU",
        "QD320-2022-HUYEN-NANGCAO",
        "QD320-2022-HUYEN-NTM",
        "QD320-2022-TP-HOANTHANH",
    ]


def test_loading_the_same_file_again_changes_nothing(plan, tmp_path):
    path = tmp_path / "168.json"
    call_command("export_plan", "168/KH-UBND", "-o", str(path), stdout=io.StringIO())
    before = counts()
    out, _err = load(path)
    assert "thêm 0, cập nhật 0" in out
    assert counts() == before


def test_the_test_plan_loads_on_the_units_of_2025_and_exports_back(db, tmp_path):
    out, _err = load(TEST_PLAN)
    assert "Kế hoạch 99/KH-THUNGHIEM: thêm" in out
    plan = Plan.objects.get(number="99/KH-THUNGHIEM")
    # Code 91 in 2026 is the An Giang of 01/07/2025, not the Kiên Giang of Plan 168.
    assert plan.scope.name == "An Giang"
    assert plan.scope.valid_from.strftime("%d/%m/%Y") == "01/07/2025"
    assert [s.code for s in plan.criteria_sets.all()] == ["QD51-2025-XA-NTM"]
    link = PlanCriteriaSet.objects.get(plan=plan)
    assert link.history.get().history_type == "+"
    group = CommuneGroup.objects.get(unit__code="30787", year=2026)
    assert group.get_group_display() == "Xã nhóm 2"
    assert group.history.count() == 1
    assert plan_file.export(plan) == json.loads(TEST_PLAN.read_text(encoding="utf-8"))
    before = counts()
    load(TEST_PLAN)
    assert counts() == before


def test_an_unknown_standard_and_level_are_refused_with_their_lines(plan, tmp_path):
    data = plan_file.export(plan)
    data["number"] = "200/KH-UBND"
    data["indicators"][1]["standard"] = "hien_dai"
    data["indicators"][3]["level"] = "ap"
    lines, text = refused(tmp_path, data)
    standard_line = next(n for n, line in enumerate(text, 1) if '"hien_dai"' in line)
    assert any(f"dòng {standard_line}: chuẩn “hien_dai” không có" in line for line in lines), lines
    level_line = next(n for n, line in enumerate(text, 1) if '"ap"' in line)
    assert any(
        f"dòng {level_line}: cấp “ap” không có: dùng “district” (đơn vị cấp huyện)" in line
        for line in lines
    ), lines
    assert not Plan.objects.filter(number="200/KH-UBND").exists()


def test_targets_outside_the_plan_years_are_refused_at_their_line(db, tmp_path):
    data = json.loads(TEST_PLAN.read_text(encoding="utf-8"))
    data["indicators"][0]["years"]["2031"] = {
        "cumulative": 41,
        "stated_increment": None,
        "stated_percentage": None,
    }
    data["named_targets"][0]["year"] = 2024
    lines, text = refused(tmp_path, data)
    line_2031 = next(n for n, line in enumerate(text, 1) if '"2031"' in line)
    assert (
        f"ke_hoach.json, dòng {line_2031}: chỉ tiêu “Xã đạt chuẩn NTM (thử nghiệm)”: năm 2031 "
        "nằm ngoài giai đoạn 2026–2030 của kế hoạch." in lines
    )
    line_named = next(n for n, line in enumerate(text, 1) if '"year": 2024' in line)
    assert (
        f"ke_hoach.json, dòng {line_named}: năm 2024 nằm ngoài giai đoạn 2026–2030 của kế hoạch."
        in lines
    )
    assert not Plan.objects.filter(number="99/KH-THUNGHIEM").exists()


def test_a_unit_not_valid_in_the_plan_years_is_refused(db, tmp_path):
    data = json.loads(TEST_PLAN.read_text(encoding="utf-8"))
    # Vĩnh Thuận, a district until 30/06/2025, in a plan of 2026–2030.
    data["named_targets"].append({"unit_code": "910", "standard": "ntm", "year": 2028})
    data["commune_groups"].append(
        {"unit_code": "31060", "year": 2026, "group": 1, "criteria_set": "QD51-2025-XA-NTM"}
    )
    lines, _text = refused(tmp_path, data)
    assert any(
        "mục tiêu đơn vị: Huyện Vĩnh Thuận" in line
        and "đến 30/06/2025) không còn hiệu lực trong năm 2026" in line
        for line in lines
    ), lines
    assert any("nhóm xã:" in line and "không còn hiệu lực trong năm 2026" in line for line in lines)


def test_a_district_indicator_on_a_province_without_districts_is_refused(db, tmp_path):
    data = json.loads(TEST_PLAN.read_text(encoding="utf-8"))
    data["indicators"][1]["level"] = "district"
    lines, _text = refused(tmp_path, data)
    assert any(
        "Tỉnh An Giang không có đơn vị cấp huyện trong giai đoạn 2026–2030" in line
        for line in lines
    ), lines


def test_an_unknown_criteria_set_a_bad_group_and_broken_json_are_refused(db, tmp_path):
    data = json.loads(TEST_PLAN.read_text(encoding="utf-8"))
    data["criteria_sets"] = ["QD999-XA"]
    data["commune_groups"][0]["group"] = 4
    lines, _text = refused(tmp_path, data)
    assert any("không có bộ tiêu chí mã “QD999-XA”" in line for line in lines)
    assert any("nhóm xã “4” không có: dùng 1, 2 hoặc 3." in line for line in lines)
    lines, _text = refused(tmp_path, '{\n  "number": "1/KH",\n  "title": \n}')
    assert lines == ["ke_hoach.json, dòng 4: không đọc được JSON (Expecting value)."]


def test_a_plan_in_use_cannot_be_deleted(plan):
    with pytest.raises(PlanInUseError) as error:
        plan.delete()
    assert "Không xóa được kế hoạch 168/KH-UBND vì đang được sử dụng: phong trào thi đua" in str(
        error.value.message
    )
    with pytest.raises(PlanInUseError):
        Plan.objects.filter(pk=plan.pk).delete()
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_a_plan_with_a_report_assessment_cannot_be_deleted_one_unused_can(db):
    load(TEST_PLAN)
    plan = Plan.objects.get(number="99/KH-THUNGHIEM")
    ReportAssessment.objects.create(plan=plan, year=2026, overall="Tốt.")
    with pytest.raises(PlanInUseError, match="phần đánh giá báo cáo năm 2026"):
        plan.delete()
    plan.assessments.all().delete()
    plan.delete()
    assert not Plan.objects.filter(number="99/KH-THUNGHIEM").exists()
    assert not Indicator.objects.filter(plan_id=plan.pk).exists()


def test_the_admin_offers_no_delete_for_a_plan_in_use(client, administrator, plan):
    client.force_login(administrator)
    page = client.get(reverse("admin:targets_plan_change", args=[plan.pk])).content.decode()
    assert reverse("admin:targets_plan_delete", args=[plan.pk]) not in page
    response = client.get(reverse("admin:targets_plan_delete", args=[plan.pk]))
    assert response.status_code == 403
    assert Plan.objects.filter(pk=plan.pk).exists()
