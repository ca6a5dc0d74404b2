"""Staff create the 2026–2030 plan of the new province in the portal: on the plan form (the An
Giang of 01/07/2025, the QĐ 51 criteria set) or by importing its file; the page lists a bad
file's lines and writes nothing; the plan's file downloads in the format it loads from."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from targets import plan_file
from targets.models import CriteriaSet, Plan, PlanCriteriaSet
from units.models import Unit

pytestmark = pytest.mark.django_db

TEST_PLAN = Path(__file__).with_name("plan_thu_nghiem_2026.json")


def upload(client, text, name="ke_hoach.json"):
    return client.post(
        reverse("targets:plan_import"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), "application/json")},
        follow=True,
    )


def test_staff_import_the_plan_file_and_the_change_is_recorded_with_who(client, province_staff):
    client.force_login(province_staff)
    page = client.get(reverse("targets:plan_list")).content.decode()
    assert "Nhập kế hoạch từ tệp" in page
    response = upload(client, TEST_PLAN.read_text(encoding="utf-8"))
    html = response.content.decode()
    assert "Đã nạp Kế hoạch 99/KH-THUNGHIEM từ tệp ke_hoach.json" in html
    plan = Plan.objects.get(number="99/KH-THUNGHIEM")
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    # Created, then its criteria sets linked: each version records who.
    versions = plan.history.count()
    assert {version.history_user for version in plan.history.all()} == {province_staff}
    link = PlanCriteriaSet.history.get(plan_id=plan.pk)
    assert link.history_user == province_staff
    page = client.get(reverse("targets:plan_history", args=[plan.pk])).content.decode()
    assert (
        "Kế hoạch 99/KH-THUNGHIEM: Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026 - 2030"
        in page
    )
    # The same file again: nothing changes.
    response = upload(client, TEST_PLAN.read_text(encoding="utf-8"))
    assert "đã có đúng như tệp ke_hoach.json: không thay đổi gì" in response.content.decode()
    assert plan.history.count() == versions


def test_a_bad_file_is_refused_line_by_line_and_nothing_is_written(client, province_staff):
    client.force_login(province_staff)
    data = json.loads(TEST_PLAN.read_text(encoding="utf-8"))
    data["indicators"][0]["standard"] = "hien_dai"
    data["named_targets"][0]["year"] = 2031
    text = plan_file.dumps(data)
    response = upload(client, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không nạp tệp: 2 chỗ sai, chưa ghi gì" in html
    lines = text.splitlines()
    standard_line = next(n for n, line in enumerate(lines, 1) if "hien_dai" in line)
    assert f"ke_hoach.json, dòng {standard_line}: chuẩn “hien_dai” không có" in html
    assert "năm 2031 nằm ngoài giai đoạn 2026–2030 của kế hoạch." in html
    assert not Plan.objects.filter(number="99/KH-THUNGHIEM").exists()
    response = upload(client, "{ không phải JSON")
    assert "ke_hoach.json, dòng 1: không đọc được JSON" in response.content.decode()
    # A file that is not JSON at all is refused by its content, before it is read.
    response = upload(client, "<html><script>alert(1)</script></html>")
    assert (
        "Tệp kế hoạch: chỉ nhận tệp JSON; nội dung tệp “ke_hoach.json” là trang HTML."
        in response.content.decode()
    )
    assert not Plan.objects.filter(number="99/KH-THUNGHIEM").exists()


def test_an_officer_cannot_import_a_plan(client, officer):
    client.force_login(officer)
    assert client.get(reverse("targets:plan_import")).status_code == 403
    response = upload(client, TEST_PLAN.read_text(encoding="utf-8"))
    assert response.status_code == 403
    assert not Plan.objects.filter(number="99/KH-THUNGHIEM").exists()


def test_the_plan_file_downloads_and_loads_back(client, leadership, plan):
    client.force_login(leadership)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("targets:plan_export", args=[plan.pk]) in page
    response = client.get(reverse("targets:plan_export", args=[plan.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-168-KH-UBND.json"'
    assert json.loads(response.content) == plan_file.export(plan)


def test_staff_create_the_2026_plan_on_the_new_province_with_the_qd_51_set(client, province_staff):
    client.force_login(province_staff)
    an_giang = Unit.objects.provinces().get(valid_from__year=2025)
    kien_giang = Unit.objects.provinces().get(valid_to__year=2025)
    qd51 = CriteriaSet.objects.get(code="QD51-2025-XA-NTM")
    form = client.get(reverse("targets:plan_create")).content.decode()
    assert "Tỉnh An Giang (từ 01/07/2025)" in form
    assert "Tỉnh Kiên Giang (đến 30/06/2025)" in form
    assert "Bộ tiêu chí xã NTM 2026–2030 — QĐ 51/2025/QĐ-TTg, Phụ lục I" in form
    values = {
        "number": "12/KH-UBND",
        "title": "Xây dựng nông thôn mới giai đoạn 2026-2030",
        "issuer": "Ủy ban nhân dân tỉnh An Giang",
        "issued_on": "02/03/2026",
        "signer": "Người Ký",
        "baseline_year": "2025",
        "start_year": "2026",
        "end_year": "2030",
        "criteria_sets": [str(qd51.pk)],
    }
    # The Kiên Giang of 2021–2025 ended on 30/06/2025: refused for 2026–2030.
    response = client.post(reverse("targets:plan_create"), {**values, "scope": kien_giang.pk})
    assert response.status_code == 200
    assert (
        "Tỉnh Kiên Giang (đến 30/06/2025) không còn hiệu lực trong cả giai đoạn 2026–2030"
        in response.content.decode()
    )
    assert not Plan.objects.filter(number="12/KH-UBND").exists()
    response = client.post(reverse("targets:plan_create"), {**values, "scope": an_giang.pk})
    assert response.status_code == 302
    plan = Plan.objects.get(number="12/KH-UBND")
    assert plan.scope == an_giang
    assert list(plan.criteria_sets.all()) == [qd51]
    assert {version.history_user for version in plan.history.all()} == {province_staff}
