import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.models.plans import PlanQuerySet
from targets.progress import Basis
from tests.conftest import status_as
from tests.factories import certify, commune_status
from tests.targets.progress import known_history
from units.models import Unit

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    "url",
    [
        reverse("targets:dashboard"),
        reverse("targets:district_progress", args=["910"]),
        reverse("targets:progress_json"),
    ],
)
def test_progress_pages_need_login_and_a_role(client, cast, unassigned, url):
    code, response = status_as(client, None, "get", url)
    assert code == 302
    assert response.url.startswith(reverse("login"))
    assert status_as(client, unassigned, "get", url)[0] == 403
    for user in cast.values():
        assert status_as(client, user, "get", url)[0] == 200


def test_dashboard_defaults_to_the_latest_plan_year_not_after_today(client, leadership):
    client.force_login(leadership)
    response = client.get(reverse("targets:dashboard"))
    today = datetime.date.today()
    assert response.context["year"] == max(2021, min(2025, today.year))
    assert response.context["basis"] == Basis.STANDARD
    assert messages_of(response) == []


def test_dashboard_refuses_a_bad_year_and_basis_naming_them(client, leadership):
    """The same behaviour as the JSON, the PDF and the command: refused (400), each value named,
    no numbers; the selector offers the defaults."""
    client.force_login(leadership)
    response = client.get(reverse("targets:dashboard"), {"year": "2030", "basis": "ngay"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Năm “2030” không thuộc giai đoạn 2021–2025 của kế hoạch 168/KH-UBND. "
        "Cách tính “ngay” không hợp lệ: dùng “standard” (theo năm đạt chuẩn) hoặc “decision” "
        "(theo ngày quyết định)." in html
    )
    assert "Không hiển thị số liệu cho câu hỏi này" in html
    assert '<option value="2025" selected>' in html
    assert 'id="basis-standard" value="standard" checked' in html
    assert "progress" not in response.context  # no numbers
    assert "data-share" not in html and "Báo cáo tiến độ (PDF)" not in html
    json = client.get(reverse("targets:progress_json"), {"year": "2030", "basis": "ngay"})
    assert json.status_code == 400
    assert json.json()["error"] in html


def test_dashboard_refuses_an_unknown_plan(client, leadership):
    client.force_login(leadership)
    response = client.get(reverse("targets:dashboard"), {"plan": "999/KH-UBND", "year": "abc"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không có kế hoạch số “999/KH-UBND”." in html
    assert "Năm “abc” không thuộc giai đoạn 2021–2025" in html
    assert response.context["plan"].number == "168/KH-UBND"  # what the selector offers


def test_district_page_and_missing_units_refuse_a_bad_question_the_same_way(client, leadership):
    client.force_login(leadership)
    district = client.get(reverse("targets:district_progress", args=["910"]), {"year": "1999"})
    assert district.status_code == 400
    html = district.content.decode()
    assert "Năm “1999” không thuộc giai đoạn 2021–2025 của kế hoạch 168/KH-UBND." in html
    assert "communes" not in district.context
    missing = client.get(
        reverse("targets:data_quality"), {"indicator": "commune_ntm", "basis": "ngay"}
    )
    assert missing.status_code == 400
    assert "Cách tính “ngay” không hợp lệ" in missing.content.decode()


def test_dashboard_without_any_plan_says_so(client, leadership, monkeypatch):
    # Plans are protected by the records that use them: hide them from the user instead.
    monkeypatch.setattr(PlanQuerySet, "for_user", lambda self, user, capability=None: self.none())
    client.force_login(leadership)
    response = client.get(reverse("targets:dashboard"))
    assert response.status_code == 200
    assert "Chưa có kế hoạch nào để theo dõi tiến độ." in response.content.decode()


def test_dashboard_shows_status_in_words_and_links_down_to_districts(client, leadership):
    known_history.build()
    commune_status("31060", 2023, met=19)
    commune_status("31060", 2024, met=18)
    client.force_login(leadership)
    html = client.get(reverse("targets:dashboard"), {"year": 2024}).content.decode()
    # The register holds 2 of the plan's 79 NTM communes of 2020: no "Đi lùi", but the gap.
    assert 'data-status="deteriorating"' not in html
    assert 'data-status="insufficient_data">Chưa đủ dữ liệu</span>' in html
    assert "Sổ công nhận có 2/79 xã đạt chuẩn nông thôn mới đến năm 2020: còn thiếu 77." in html
    assert '<span class="badge text-bg-success" data-status="achieved">Đã đạt</span>' in html
    assert "Xã Vĩnh Bình Bắc (Huyện Vĩnh Thuận): không còn đạt tiêu chí số 19 so với năm 2023." in (
        html
    )
    assert 'href="/districts/910/progress/?year=2024&amp;basis=standard"' in html
    assert 'href="/units/910/?year=2025"' in html  # the named target links to the unit page
    query = "?plan=168/KH-UBND&amp;year=2024&amp;basis=standard"
    assert f'href="{reverse("targets:progress_report_pdf")}{query}"' in html
    assert f'href="{reverse("targets:progress_json")}{query}"' in html
    # 6 of 116 communes: a decimal comma for people; the bar's width is a class (CSP: no style
    # attribute), rounded to a whole percent.
    assert "<span data-share>5,17</span>% của 116 đơn vị (kế hoạch 98,28%)" in html
    assert "w-pct-5" in html


def make_certifications(start, stop):
    codes = (
        Unit.objects.rural_communes()
        .filter(valid_from__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)[start:stop]
    )
    for code in codes:
        certify(code, "ntm", 2021, "10/QĐ-UBND", datetime.date(2021, 3, 15))
        commune_status(code, 2022, met=19)
        commune_status(code, 2023, met=17)


def queries_for(client, url, data=None):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, data).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url",
    [
        reverse("targets:dashboard"),
        reverse("targets:district_progress", args=["906"]),
        reverse("targets:progress_json"),
        reverse("units:unit_detail", args=["906"]),
    ],
)
def test_progress_pages_do_not_query_more_with_more_data(
    client, leadership, django_assert_max_num_queries, url
):
    client.force_login(leadership)
    make_certifications(0, 5)
    small = queries_for(client, url, {"year": 2023})
    make_certifications(5, 60)
    with django_assert_max_num_queries(small):
        client.get(url, {"year": 2023})
    assert small <= 20


def test_district_page_lists_communes_with_standard_criteria_and_planned_year(client, officer):
    known_history.build()
    commune_status("31072", 2023, met=15, next_standard="ntm", planned_year=2025)
    client.force_login(officer)
    response = client.get(
        reverse("targets:district_progress", args=["910"]), {"year": 2023, "basis": "decision"}
    )
    assert response.status_code == 200
    assert response.context["district"].code == "910"
    assert [item.actual for item in response.context["progress"].indicators] == [3, 1, 0]
    html = response.content.decode()
    row = html.split('<tr data-unit="31072">')[1].split("</tr>")[0]
    assert "15/19" in row
    assert "Chuẩn cao nhất đang giữ năm 2023, theo ngày quyết định" in html
    assert "Đạt chuẩn nông thôn mới năm 2025" in row
    model = html.split('<tr data-unit="31063">')[1].split("</tr>")[0]
    assert "Đạt chuẩn NTM nâng cao" in model  # model only from its decision of 01/02/2024
    assert '<tr id="trajectory-commune_ntm">' in html
    assert [line.points[-1] for line in response.context["series"]] == [
        (2025, None, 3),
        (2025, None, 1),
        (2025, None, 1),
    ]


def test_district_page_of_an_unknown_code_is_not_found(client, leadership):
    client.force_login(leadership)
    assert client.get(reverse("targets:district_progress", args=["31060"])).status_code == 404
    assert client.get(reverse("targets:district_progress", args=["999"])).status_code == 404


def test_unit_page_of_a_district_lists_communes_with_standard_and_criteria(client, leadership):
    certify("31060", "ntm", 2021, "10/QĐ-UBND", datetime.date(2021, 3, 15))
    commune_status("31060", 2024, met=19)
    commune_status("31063", 2024, met=14)
    client.force_login(leadership)
    html = client.get(reverse("units:unit_detail", args=["910"])).content.decode()
    assert "Các xã (7) — tình hình năm 2025" in html
    row = html.split('<tr data-unit="31060">')[1].split("</tr>")[0]
    assert "Đạt chuẩn nông thôn mới" in row and "19/19" in row
    assert "14/19" in html.split('<tr data-unit="31063">')[1].split("</tr>")[0]
    assert reverse("targets:district_progress", args=["910"]) in html
    # The province keeps its plain list of district-level units.
    province = client.get(
        reverse("units:unit_detail", args=["91"]), {"year": 2025}
    ).content.decode()
    assert "Đơn vị cấp huyện (15)" in province


def test_json_rejects_bad_parameters_naming_them(client, leadership):
    client.force_login(leadership)
    url = reverse("targets:progress_json")
    cases = {
        "year": ("2019", "Năm “2019” không thuộc giai đoạn 2021–2025 của kế hoạch 168/KH-UBND."),
        "basis": ("nam", "Cách tính “nam” không hợp lệ"),
        "plan": ("1/KH-UBND", "Không có kế hoạch số “1/KH-UBND”."),
        # A code that is no unit of the plan's province (a xã or the province is a scope).
        "scope": ("99999", "Mã “99999” không phải tỉnh, đơn vị cấp huyện hay đơn vị cấp xã"),
    }
    for parameter, (value, message) in cases.items():
        response = client.get(url, {parameter: value})
        assert response.status_code == 400
        assert response.json()["error"].startswith(message)


def test_json_defaults_to_the_first_plan_and_the_current_plan_year(client, leadership):
    client.force_login(leadership)
    data = client.get(reverse("targets:progress_json")).json()
    assert data["plan"] == "168/KH-UBND"
    assert data["year"] == max(2021, min(2025, datetime.date.today().year))
    assert data["basis"] == "standard"
    assert "Xã đạt chuẩn NTM" in client.get(reverse("targets:progress_json")).content.decode()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--plan", "2/KH-UBND"], "Không có kế hoạch số “2/KH-UBND”."),
        (["--year", "2026"], "Năm “2026” không thuộc giai đoạn 2021–2025"),
        (["--basis", "quyet-dinh"], "Cách tính “quyet-dinh” không hợp lệ"),
        (["--scope", "99999"], "Mã “99999” không phải tỉnh, đơn vị cấp huyện hay đơn vị cấp xã"),
        (["--format", "xlsx"], "Dạng “xlsx” không hợp lệ: dùng table, json hoặc csv."),
    ],
)
def test_command_refuses_unknown_values_in_vietnamese(options, message):
    with pytest.raises(CommandError) as error:
        call_command("progress", *options, stdout=io.StringIO())
    assert str(error.value).startswith(message)


def test_command_for_one_district_lists_its_communes_only():
    certify("31060", "ntm", 2021, "10/QĐ-UBND", datetime.date(2021, 3, 15))
    out = io.StringIO()
    call_command("progress", "--year", "2021", "--scope", "910", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Kế hoạch 168/KH-UBND — Huyện Vĩnh Thuận — năm 2021 — theo năm đạt chuẩn"
    # Since #19 the table says whether the scope's register is reconciled ("chưa") and what it
    # implies is missing (0: Vĩnh Thuận is not NTM in this register).
    assert lines[2].split()[4:] == ["—", "1", "—", "14,29", "7", "0", "chưa", "0", "—"]


def test_a_repeated_dashboard_costs_only_the_request_queries(
    client, leadership, django_assert_max_num_queries
):
    """Unchanged data: the second dashboard reads its numbers and sections from the cache, with
    one plan query besides the per-request ones (session, user, role, data version, demo
    flag, messages)."""
    client.force_login(leadership)
    make_certifications(0, 5)
    first = client.get(reverse("targets:dashboard"), {"year": 2023})
    with django_assert_max_num_queries(7) as cached:
        again = client.get(reverse("targets:dashboard"), {"year": 2023})
    assert sum('FROM "targets_plan"' in q["sql"] for q in cached.captured_queries) == 1
    for heading in ("Chỉ tiêu năm 2023", "Theo đơn vị cấp huyện"):
        assert heading in first.content.decode() and heading in again.content.decode()
