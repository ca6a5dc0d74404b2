"""The 2021–2025 record "theo đơn vị mới" (issue #24, point 2): the dashboard's numbers per unit of
01/07/2025 — page and PDF — counted by hand; a divided old xã counts once in the total; every
record stays on its old unit."""

import datetime

import pytest
from django.urls import reverse

from targets.models import Certification, Plan
from targets.progress import ProgressCounter
from targets.progress.counting import predecessors_record
from targets.progress.successors import new_units_record
from tests.factories import certify
from tests.pdftext import flat_text
from units.models import Unit, UnitSuccession

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)
QUERY = {"plan": "168/KH-UBND", "year": 2025, "basis": "standard"}


def new(code):
    return Unit.objects.get(code=code, valid_from=REFORM)


@pytest.fixture
def records(db):
    # Xã Vĩnh Bình (31064) came from Vĩnh Bình Bắc (31060), Vĩnh Bình Nam (31063), Bình Minh (31064).
    certify("31060", "ntm", 2021, number="10/QĐ-UBND")
    certify("31063", "ntm", 2022, number="20/QĐ-UBND")
    certify("31063", "advanced", 2024, number="30/QĐ-UBND")
    # Xã An Biên (30985) came from Thị trấn Thứ Ba, Hưng Yên (30997) and Đông Yên (31009).
    certify("30997", "ntm", 2021, number="11/QĐ-UBND")
    certify("30997", "advanced", 2023, number="21/QĐ-UBND")
    certify("30997", "model", 2024, number="31/QĐ-UBND")
    return Plan.objects.get(number="168/KH-UBND")


def rows_by_code(record):
    return {row.unit.code: row for row in record.rows}


def test_each_new_unit_shows_what_its_old_xa_reached_by_hand_count(records):
    record = new_units_record(records, year=2025)
    assert record.province.full_name == "Tỉnh An Giang"
    assert len(record.rows) == 48
    rows = rows_by_code(record)
    assert rows["31064"].summary == "2/3 xã cũ đạt chuẩn NTM, 1 nâng cao"
    assert [(old.unit.full_name, old.standard) for old in rows["31064"].olds] == [
        ("Xã Bình Minh", None),
        ("Xã Vĩnh Bình Bắc", "ntm"),
        ("Xã Vĩnh Bình Nam", "advanced"),
    ]
    assert rows["30985"].summary == "1/2 xã cũ đạt chuẩn NTM, 1 nâng cao, 1 kiểu mẫu"
    assert [unit.full_name for unit in rows["30985"].other_olds] == ["Thị trấn Thứ Ba"]
    assert rows["30742"].summary == "Không có xã cũ (chỉ phường, thị trấn)"
    assert len(rows["30742"].other_olds) == 9
    # The province: each of the 116 old xã once.
    assert record.total.summary == "3/116 xã cũ đạt chuẩn NTM, 2 nâng cao, 1 kiểu mẫu"
    assert record.row_sum == 116 and record.counted_twice == 0
    # The same counting as a new commune's page.
    assert rows["31064"].summary == predecessors_record(new("31064"))[1]
    # Earlier years count what was reached by then.
    early = rows_by_code(new_units_record(records, year=2021))
    assert early["31064"].summary == "1/3 xã cũ đạt chuẩn NTM"
    assert early["30985"].summary == "1/2 xã cũ đạt chuẩn NTM"


def test_the_total_is_the_dashboard_s_commune_indicators(records):
    for year in (2021, 2023, 2025):
        record = new_units_record(records, year=year)
        indicators = {
            item.key: item.actual
            for item in ProgressCounter(records).progress(year=year).indicators
            if item.denominator == 116
        }
        assert sorted(indicators.values(), reverse=True) == [
            record.total.ntm,
            record.total.advanced,
            record.total.model,
        ]


def test_a_divided_old_xa_is_shown_on_each_new_unit_and_counted_once(records):
    # Suppose Tân Thuận (31072) had been divided between Xã Vĩnh Thuận and Xã Vĩnh Bình.
    certify("31072", "ntm", 2022, number="40/QĐ-UBND")
    tan_thuan = Unit.objects.get(code="31072")
    UnitSuccession.objects.filter(predecessor=tan_thuan).update(relation="part")
    UnitSuccession.objects.create(
        predecessor=tan_thuan, successor=new("31064"), relation="part", effective_on=REFORM
    )
    record = new_units_record(records, year=2025)
    rows = rows_by_code(record)
    assert rows["31064"].summary == "3/4 xã cũ đạt chuẩn NTM, 1 nâng cao"
    assert ("Xã Tân Thuận", False) in [
        (old.unit.full_name, old.whole) for old in rows["31064"].olds
    ]
    assert ("Xã Tân Thuận", False) in [
        (old.unit.full_name, old.whole) for old in rows["31069"].olds
    ]
    assert record.total.summary == "4/116 xã cũ đạt chuẩn NTM, 2 nâng cao, 1 kiểu mẫu"
    assert (record.row_sum, record.counted_twice) == (117, 1)
    assert [unit.full_name for unit in record.divided] == ["Xã Tân Thuận"]


def test_the_page_theo_don_vi_moi(client, leadership, records):
    client.force_login(leadership)
    dashboard = client.get(reverse("targets:dashboard"), QUERY).content.decode()
    url = reverse("units:new_units_progress")
    assert f'href="{url}?plan=168/KH-UBND&amp;year=2025&amp;basis=standard"' in dashboard
    response = client.get(url, QUERY)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Kết quả theo đơn vị mới — Kế hoạch 168/KH-UBND — năm 2025" in page
    assert (
        "<strong>3/116 xã cũ đạt chuẩn NTM, 2 nâng cao, 1 kiểu mẫu</strong> — 48 đơn vị mới" in page
    )
    assert "năm này không có xã cũ nào bị chia" in page
    assert '<a href="/units/31064/">Xã Vĩnh Bình</a>' in page
    assert "<td>2/3 xã cũ đạt chuẩn NTM, 1 nâng cao</td>" in page
    assert '<a href="/units/31063/?year=2025">Xã Vĩnh Bình Nam</a> (đạt chuẩn NTM nâng cao)' in page
    assert 'Cùng với: <a href="/units/30985/?year=2025">Thị trấn Thứ Ba</a>' in page
    # Every record stays on its old unit.
    assert not Certification.objects.filter(unit__valid_from=REFORM).exists()


def test_the_page_refuses_a_year_it_does_not_understand(client, leadership, records):
    client.force_login(leadership)
    response = client.get(reverse("units:new_units_progress"), {**QUERY, "year": "hai"})
    assert response.status_code == 400
    assert "Không hiển thị số liệu cho câu hỏi này" in response.content.decode()
    pdf = client.get(reverse("units:new_units_report"), {**QUERY, "year": "hai"})
    assert pdf.status_code == 400 and "Không lập được báo cáo" in pdf.content.decode()


def test_the_report_pdf_is_the_new_province_s_with_the_same_numbers(client, leadership, records):
    client.force_login(leadership)
    response = client.get(reverse("units:new_units_report"), QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = flat_text(response.content)
    assert text.startswith("ỦY BAN NHÂN DÂN TỈNH AN GIANG")
    assert "KIÊN GIANG" not in text
    assert "An Giang, ngày" in text
    assert "theo đơn vị hành chính cấp xã mới" in text
    assert "3/116 xã cũ đạt chuẩn NTM, 2 nâng cao, 1 kiểu mẫu" in text
    assert "Xã Vĩnh Bình Bắc (đạt chuẩn nông thôn mới)" in text
    assert "Tổng (mỗi xã cũ một lần) 116 3 2 1" in text
