"""The final review report (tổng kết) written in the new province reads the 2021–2025 record per
new unit (issue #24, point 2): a section "Kết quả theo đơn vị hành chính mới" whose rows are
counted by hand and whose province total is the report's own commune figures; a yearly report, or
a final one dated before 01/07/2025, has no such section; the report's page links to the page
"theo đơn vị mới"."""

import datetime
import re

import pytest
from django.urls import reverse

from emulation.models import MovementReport
from tests import pdftext
from tests.emulation import helpers as h
from tests.factories import certify

pytestmark = pytest.mark.django_db

SECTION = "Kết quả theo đơn vị hành chính mới"
REFORM = datetime.date(2025, 7, 1)


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


def report_of(kind, year, day, staff):
    return MovementReport.objects.create(
        phase=h.phase(kind, year),
        report_date=day,
        signer="Hồ Văn Mừng",
        signer_title="Chủ tịch",
        created_by=staff,
    )


def pdf_text(client, report):
    response = client.get(reverse("emulation:report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdftext.flat_text(response.content)


def reached(text, indicator):
    """'Xã đạt chuẩn NTM: đạt 3/116 đơn vị' of the report's section II, as (3, 116)."""
    found = re.search(rf"\d+\. {re.escape(indicator)}: đạt (\d+)/(\d+) đơn vị", text)
    assert found, indicator
    return int(found[1]), int(found[2])


def test_the_final_report_after_the_reform_reads_the_record_per_new_unit(
    client, leadership, province_staff, records
):
    report = report_of("final", 2025, datetime.date(2025, 12, 15), province_staff)
    client.force_login(leadership)
    text = pdf_text(client, report)
    assert text.count(SECTION) == 1
    section = text[text.index(SECTION) : text.index("III. TÌNH HÌNH ĐĂNG KÝ")]
    assert "Từ ngày 01/07/2025, các xã, phường, thị trấn của tỉnh Kiên Giang" in section
    assert "48 đơn vị hành chính cấp xã của tỉnh An Giang" in section
    # The rule for a divided old xã, in one sentence.
    assert (
        "Xã cũ được chia về nhiều đơn vị mới được ghi ở dòng của từng đơn vị (“một phần”) "
        "nhưng chỉ tính một lần trong tổng." in section
    )
    # Hand count: Xã Vĩnh Bình took Vĩnh Bình Bắc (NTM 2021), Vĩnh Bình Nam (NTM 2022, nâng
    # cao 2024) and Bình Minh (none); Xã An Biên took Hưng Yên (kiểu mẫu 2024), Đông Yên (none)
    # and Thị trấn Thứ Ba (not a xã).
    assert "Xã Vĩnh Bình 2/3 xã cũ đạt chuẩn NTM, 1 nâng cao" in section
    assert "Xã Bình Minh (chưa đạt chuẩn); Xã Vĩnh Bình Bắc (đạt chuẩn nông thôn mới)" in section
    assert "Xã An Biên 1/2 xã cũ đạt chuẩn NTM, 1 nâng cao, 1 kiểu mẫu" in section
    assert "Cùng với: Thị trấn Thứ Ba" in section
    # The province's total is the report's own commune figures of section II: 3, 2 and 1 of 116.
    ntm = reached(text, "Xã đạt chuẩn NTM")
    advanced = reached(text, "Xã đạt chuẩn NTM nâng cao")
    model = reached(text, "Xã đạt chuẩn NTM kiểu mẫu")
    assert (ntm, advanced, model) == ((3, 116), (2, 116), (1, 116))
    total = f"{ntm[0]}/{ntm[1]} xã cũ đạt chuẩn NTM, {advanced[0]} nâng cao, {model[0]} kiểu mẫu"
    assert f"Các xã cũ của tỉnh Kiên Giang: {total}." in section
    assert f"Tổng (mỗi xã cũ một lần) {total}" in section
    # The tables keep their order: Bảng 3 the named targets, Bảng 4 the new units, Bảng 5 the
    # clusters.
    assert "Bảng 4. Kết quả của các xã cũ theo đơn vị hành chính cấp xã mới, năm 2025" in section
    assert "Bảng 5. Đăng ký và chấm điểm theo cụm, khối thi đua năm 2025" in text
    # Sent to the communes of the new province: the districts ended on 30/06/2025.
    assert "- UBND các xã, phường, đặc khu;" in text
    assert "UBND các huyện" not in text


@pytest.mark.parametrize(
    "kind, year, day",
    [
        ("yearly", 2025, datetime.date(2025, 12, 15)),
        ("final", 2025, datetime.date(2025, 6, 30)),
    ],
    ids=["yearly-after-the-reform", "final-dated-30-06-2025"],
)
def test_a_yearly_report_or_one_dated_before_the_reform_has_no_such_section(
    client, leadership, province_staff, records, kind, year, day
):
    report = report_of(kind, year, day, province_staff)
    client.force_login(leadership)
    text = pdf_text(client, report)
    assert "Xã đạt chuẩn NTM: đạt 3/116 đơn vị" in text
    assert SECTION not in text
    assert "xã cũ đạt chuẩn NTM" not in text
    assert "Bảng 4. Đăng ký và chấm điểm theo cụm, khối thi đua" in text
    recipients = "UBND các huyện, thành phố" if day < REFORM else "UBND các xã, phường, đặc khu"
    assert f"- {recipients};" in text
    page = client.get(reverse("emulation:report_detail", args=[report.pk])).content.decode()
    assert reverse("units:new_units_progress") not in page


def test_the_report_page_links_to_the_page_theo_don_vi_moi(
    client, leadership, province_staff, records
):
    report = report_of("final", 2025, datetime.date(2025, 12, 15), province_staff)
    client.force_login(leadership)
    page = " ".join(
        client.get(reverse("emulation:report_detail", args=[report.pk])).content.decode().split()
    )
    url = reverse("units:new_units_progress")
    link = f'<a href="{url}?plan=168/KH-UBND&amp;year=2025&amp;basis=standard">'
    assert f"{link}Kết quả theo đơn vị mới</a>" in page
    assert "Báo cáo có mục “Kết quả theo đơn vị hành chính mới”" in page
    # The link answers with the same phrase as the report's row.
    target = client.get(url, {"plan": "168/KH-UBND", "year": 2025, "basis": "standard"})
    assert "<td>2/3 xã cũ đạt chuẩn NTM, 1 nâng cao</td>" in target.content.decode()
