import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import status_as
from tests.factories import certify
from tests.pdftext import Pdf
from units.models import Unit

URL = reverse("targets:progress_report_pdf")
A4 = (595.28, 841.89)
TOP_MARGIN_PT = 20 / 25.4 * 72


def pdf_of(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200, response.content[:300]
    return response, Pdf(response.content)


def text_of(pdf):
    return pdf.flat_text()


def test_report_is_for_users_who_may_view_progress(client, leadership, officer, unassigned):
    assert status_as(client, None, "get", URL)[0] == 302
    assert status_as(client, unassigned, "get", URL)[0] == 403
    assert status_as(client, officer, "get", URL)[0] == 200
    status, response = status_as(client, leadership, "get", URL + "?year=2023")
    assert status == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="bao-cao-ket-qua-phong-trao-ntm-nam-2023.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_report_reads_back_with_title_motto_numbers_and_recipients(report_over_known_history):
    text = text_of(report_over_known_history(2023))
    # Dated at the end of 2023 (no date from staff): by the People's Committee of Kiên Giang.
    assert "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "/BC-UBND" in text
    assert "BÁO CÁO" in text
    assert (
        "Kết quả thực hiện phong trào thi đua “Kiên Giang chung sức xây dựng nông thôn mới” "
        "năm 2023"
    ) in text
    # Hand count for 2023 by standard year: Vĩnh Thuận and Hà Tiên (completed) of 15 units;
    # three communes NTM (the fourth was revoked on 01/05/2023), one of them advanced.
    assert "đạt 2/15 đơn vị (13,33%), kế hoạch năm 2023 là 9 (60,00%); còn thiếu 7" in text
    assert "đạt 3/116 đơn vị (2,59%), kế hoạch năm 2023 là 113" in text
    assert "đạt 1/116 đơn vị (0,86%), kế hoạch năm 2023 là 24" in text
    assert "Huyện Vĩnh Thuận" in text and "Thành phố Hà Tiên" in text
    assert "Nơi nhận:" in text
    assert "- Lưu: VT, VPĐP." in text
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "Ranh giới hành chính cấp huyện" in text


def test_report_counts_by_decision_date_on_request(client, leadership, history):
    _response, by_standard = pdf_of(client, leadership, year=2022)
    response, by_decision = pdf_of(client, leadership, year=2022, basis="decision")
    # In 2022 the revoked commune still counts; the advanced recognition of standard year 2022
    # was decided in 2023.
    assert "đạt 4/116 đơn vị (3,45%)" in text_of(by_standard)
    assert "đạt 1/116 đơn vị (0,86%), kế hoạch năm 2022 là 3" in text_of(by_standard)
    assert "đạt 0/116 đơn vị (0,00%), kế hoạch năm 2022 là 3" in text_of(by_decision)
    assert "theo ngày quyết định" in text_of(by_decision)
    assert "theo-ngay-quyet-dinh.pdf" in response["Content-Disposition"]


def page_header_texts(page):
    """Texts written in the top margin of a page, with their x position in points."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if y > float(page.mediabox.height) - TOP_MARGIN_PT:
                found.append((text.strip(), x))

    page.extract_text(visitor_text=visit)
    return found


def test_report_is_a4_and_numbers_its_pages_from_the_second(report_over_known_history):
    reader = report_over_known_history(2023)
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=1)
    assert page_header_texts(reader.pages[0]) == []
    [(number, x)] = page_header_texts(reader.pages[1])
    assert number == "2"
    # Centred over the text block between the 30 mm left and 15 mm right margins.
    left, right = 30 / 25.4 * 72, A4[0] - 15 / 25.4 * 72
    assert x == pytest.approx((left + right) / 2, abs=8)


@pytest.mark.parametrize(
    ("params", "named"),
    [({"year": "2030"}, "2030"), ({"year": "năm nay"}, "năm nay"), ({"basis": "xyz"}, "xyz")],
)
def test_bad_year_or_basis_is_refused_naming_the_value(client, leadership, params, named):
    client.force_login(leadership)
    response = client.get(URL, params)
    assert response.status_code == 400
    message = response.content.decode()
    assert message.startswith("Không lập được báo cáo:")
    assert f"“{named}”" in message


def test_report_query_count_does_not_grow_with_recognitions(client, leadership, history):
    client.force_login(leadership)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"year": 2023}).status_code == 200
    for commune in Unit.objects.get(code="908").children.rural_communes():
        certify(commune.code, "ntm", 2022, number="300/QĐ-UBND")
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, {"year": 2023}).status_code == 200
    assert len(many) == len(few)
