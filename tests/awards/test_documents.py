"""The printed documents read back: agency, national motto, number, date line, title, every
name with its diacritics; A4; the portal's fonts embedded; the blank's calibration offset."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from awards import documents
from awards.models import AwardRecord, Nomination, PrinterCalibration
from tests.awards.helpers import (
    collective,
    decide,
    household,
    nomination,
    passed_council,
    pdf_text,
    person,
)
from tests.pdftext import page_texts, squeezed

A4 = (595, 842)
NAMES = ["Ủy ban nhân dân xã Vĩnh Bình Bắc", "Nguyễn Thị Ngọc Huyền", "Hộ ông Đỗ Văn Được"]


@pytest.fixture
def awarded(officer, province_staff):
    """A council session and a decision for a collective, an individual and a household."""
    proposals = [
        nomination(collective("31060", by=officer), by=officer),
        nomination(
            person(
                "Nguyễn Thị Ngọc Huyền",
                1985,
                sex="female",
                position="Bí thư Chi bộ ấp <b>Vĩnh Phước</b>",
                by=officer,
            ),
            by=officer,
            achievements='=HYPERLINK("http://x") <script>alert(1)</script> vận động hiến 2.000 m² đất.',
        ),
        nomination(household("Đỗ Văn Được", by=officer), by=officer),
    ]
    meeting = passed_council(proposals, province_staff, officer)
    decision = decide(proposals, meeting, province_staff)
    return meeting, decision


def assert_a4_and_fonts(reader, *, landscape=False):
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == (tuple(reversed(A4)) if landscape else A4)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
                font["/BaseFont"]
            )
            fonts.add(str(font["/BaseFont"]).lstrip("/"))
    # A subset prefix ("ABCDEF+") marks an embedded subset; the family is the portal's own.
    assert fonts and all(name.split("+", 1)[1].startswith("NTM-Serif") for name in fonts)


def assert_decree_30_header(text, *, number, date_line):
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert f"Số: {number}" in flat
    assert date_line in flat


def test_decision_with_appendix_list(awarded):
    _meeting, decision = awarded
    text, reader = pdf_text(documents.decision_pdf(decision))
    flat = " ".join(text.split())
    # Signed on 05/09/2025: by the Chairman of the new An Giang province (Resolution
    # 202/2025/QH15), whose header, place and title the decision carries.
    assert "ỦY BAN NHÂN DÂN TỈNH AN GIANG" in flat and "KIÊN GIANG" not in flat.upper()[:80]
    assert_decree_30_header(
        text, number="1234/QĐ-UBND", date_line="An Giang, ngày 05 tháng 9 năm 2025"
    )
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG" in flat
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Quốc Anh" in flat
    assert (
        "QUYẾT ĐỊNH" in flat
        and "Về việc tặng thưởng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in flat
    )
    assert (
        "Kèm theo Quyết định số 1234/QĐ-UBND ngày 05 tháng 9 năm 2025 của Chủ tịch Ủy ban nhân "
        "dân tỉnh An Giang" in flat
    )
    assert "DANH SÁCH" in flat
    for name in NAMES:
        assert name in flat
    assert "3.510.000" in flat  # 1,5 × 2.340.000 for the individual (Decree 152/2025)
    assert_a4_and_fonts(reader)


def test_submission_has_numbered_tables_for_collectives_and_individuals(awarded):
    meeting, _decision = awarded
    text, reader = pdf_text(documents.submission_pdf(meeting, particulars=documents.OFFICE_VIEW))
    flat = " ".join(text.split())
    assert "UBND TỈNH KIÊN GIANG SỞ NỘI VỤ" in flat
    assert_decree_30_header(
        text, number="12/TTr-SNV", date_line="Kiên Giang, ngày 10 tháng 01 năm 2025"
    )
    assert "TỜ TRÌNH" in flat
    assert "I. Tập thể (1)" in flat and "II. Cá nhân (1)" in flat and "III. Hộ gia đình (1)" in flat
    for name in NAMES:
        assert name in flat
    assert_a4_and_fonts(reader)


def test_minutes_carry_the_vote(awarded):
    meeting, _decision = awarded
    text, reader = pdf_text(documents.minutes_pdf(meeting))
    flat = " ".join(text.split())
    assert "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in flat
    assert_decree_30_header(
        text, number="03/BB-HĐTĐKT", date_line="Kiên Giang, ngày 10 tháng 01 năm 2025"
    )
    assert "BIÊN BẢN" in flat and "Thành viên có mặt: 7/9" in flat
    assert "77,8%" in flat and "Thông qua" in flat
    for name in NAMES:
        assert name in flat
    assert_a4_and_fonts(reader)


def test_achievement_reports_use_the_right_form_and_keep_typed_html_as_text(awarded):
    _meeting, decision = awarded
    individual = decision.nominations.get(nominee__nominee_type="individual")
    text, reader = pdf_text(
        documents.report_pdf(
            documents.prefetch(Nomination.objects.filter(pk=individual.pk)).get(),
            particulars=documents.OFFICE_VIEW,
        )
    )
    flat = " ".join(text.split())
    assert "BÁO CÁO THÀNH TÍCH" in flat and "Bà Nguyễn Thị Ngọc Huyền" in flat
    assert (
        "I. SƠ LƯỢC LÝ LỊCH" in flat.upper()
        and "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in flat.upper()
    )
    assert "<script>alert(1)</script>" in flat and '=HYPERLINK("http://x")' in flat
    assert "<b>Vĩnh Phước</" in flat
    # Part III is the history as it stood at the report's date (02/12/2024): the award it
    # proposes, decided on 05/09/2025, is not in it, though the history now holds it.
    assert individual.nominee.award_records.filter(decision_number="1234/QĐ-UBND").exists()
    assert "1234/QĐ-UBND" not in flat
    assert_a4_and_fonts(reader)


def test_dossier_has_contents_bookmarks_and_every_part(awarded):
    meeting, _decision = awarded
    text, reader = pdf_text(documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW))
    flat = " ".join(text.split())
    assert "MỤC LỤC HỒ SƠ" in flat
    titles = [item.title for item in reader.outline]
    assert titles[0].startswith("Tờ trình") and titles[1].startswith("Biên bản")
    assert any(title == "Báo cáo thành tích: Bà Nguyễn Thị Ngọc Huyền" for title in titles)
    assert titles[-1] == "Quyết định số 1234/QĐ-UBND"
    for name in NAMES:
        assert name in flat
    assert_a4_and_fonts(reader)


def test_certificate_full_design_is_a4_landscape(awarded):
    _meeting, decision = awarded
    proposals = list(documents.prefetch(decision.nominations.all()))
    text, reader = pdf_text(documents.certificates_pdf(proposals, mode="full"))
    flat = " ".join(text.split())
    assert len(reader.pages) == 3
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG" in flat and "BẰNG KHEN" in flat
    assert "An Giang, ngày 05 tháng 9 năm 2025" in flat and "1234/QĐ-UBND" in flat
    assert flat.count("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Quốc Anh") == 3
    for name in NAMES:
        assert name in flat
    assert_a4_and_fonts(reader, landscape=True)


def _positions(content, needle):
    reader = PdfReader(io.BytesIO(content))
    found = []

    def visit(text, cm, tm, font, size):
        if needle in text:
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    reader.pages[0].extract_text(visitor_text=visit)
    return found[0]


def test_calibration_offset_moves_the_text_on_the_blank_by_the_set_millimetres(awarded):
    _meeting, decision = awarded
    proposals = list(
        documents.prefetch(decision.nominations.filter(nominee__nominee_type="individual"))
    )
    plain = documents.certificates_pdf(proposals, mode="blank")
    printer = PrinterCalibration.objects.create(
        name="HP LaserJet phòng TĐKT", offset_x_mm=5, offset_y_mm=-3
    )
    shifted = documents.certificates_pdf(proposals, mode="blank", calibration=printer)
    text, reader = pdf_text(shifted)
    # Only the fields, never the printed design (on the text made one line, so that a line break
    # of the reader cannot hide the title).
    assert "BẰNG KHEN" not in squeezed(text)
    x0, y0 = _positions(plain, "Nguyễn Thị Ngọc Huyền")
    x1, y1 = _positions(shifted, "Nguyễn Thị Ngọc Huyền")
    millimetre = 72 / 25.4
    assert x1 - x0 == pytest.approx(5 * millimetre, abs=0.2)
    assert y1 - y0 == pytest.approx(3 * millimetre, abs=0.2)  # PDF y grows upwards
    assert_a4_and_fonts(reader, landscape=True)


def test_decision_updates_award_history_and_amounts(awarded):
    _meeting, decision = awarded
    records = AwardRecord.objects.filter(decision_number="1234/QĐ-UBND")
    assert records.count() == 3
    assert all(record.phase_id == decision.phase_id and record.nomination_id for record in records)
    assert set(decision.nominations.values_list("state", flat=True)) == {"decided"}
    individual = decision.nominations.get(nominee__nominee_type="individual")
    assert individual.amount == 3_510_000
    # No multiple is recorded for a collective's provincial Bằng khen: no amount is invented.
    assert decision.nominations.get(nominee__nominee_type="collective").amount is None


def test_pdf_pages_answer_only_in_scope(client, awarded, cast):
    meeting, decision = awarded
    urls = [
        f"/awards/sessions/{meeting.pk}/dossier.pdf",
        f"/awards/decisions/{decision.pk}/certificates.pdf",
    ]
    for url in urls:
        code, response = __import__("tests.conftest", fromlist=["status_as"]).status_as(
            client, cast["province_staff"], "get", url
        )
        assert code == 200 and response["Content-Type"] == "application/pdf"
    assert re.match(r"%PDF", response.content[:4].decode())


def test_district_submission_lists_what_it_submitted_under_one_number(client, officer, awarded):
    _meeting, decision = awarded
    proposal = decision.nominations.first()
    client.force_login(officer)
    response = client.get(f"/awards/{proposal.pk}/submission.pdf")
    text, reader = pdf_text(response.content)
    flat = " ".join(text.split())
    assert "ỦY BAN NHÂN DÂN HUYỆN VĨNH THUẬN" in flat and "TỜ TRÌNH" in flat
    # A district's document takes the district's name as its place (Decree 30/2020, Appendix I).
    assert_decree_30_header(
        text, number="45/TTr-UBND", date_line="Vĩnh Thuận, ngày 02 tháng 12 năm 2024"
    )
    for name in NAMES:
        assert name in flat
    assert_a4_and_fonts(reader)


def test_certificate_frame_lies_inside_the_page_with_equal_margins(awarded, tmp_path):
    """The double frame of the full design is drawn 10 mm from every edge: a frame wider than
    the sheet (padding added to a full-width box) ran off the right edge of the printed page."""
    from PIL import Image

    _meeting, decision = awarded
    proposals = list(documents.prefetch(decision.nominations.all()))[:1]
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(documents.certificates_pdf(proposals, mode="full"))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    image = Image.open(tmp_path / "page.png").convert("RGB")
    width, height = image.size
    row = height // 2

    def is_frame(x):
        red, green, blue = image.getpixel((x, row))
        return red > 100 and red - green > 50 and red - blue > 50

    frame_columns = [x for x in range(width) if is_frame(x)]
    assert frame_columns, "no frame drawn across the middle of the page"
    millimetre = width / 297
    left_margin = frame_columns[0] / millimetre
    right_margin = (width - 1 - frame_columns[-1]) / millimetre
    assert left_margin == pytest.approx(10, abs=1.5)
    assert right_margin == pytest.approx(10, abs=1.5)


@pytest.mark.parametrize("paragraphs", range(8, 17, 2))
def test_the_signatures_of_an_achievement_report_never_stand_alone_on_a_page(awarded, paragraphs):
    """However long the achievements, the page with the signatures also carries the report's
    last part (Decree 30/2020: a signature page holds some of the text)."""
    _meeting, decision = awarded
    individual = decision.nominations.get(nominee__nominee_type="individual")
    individual.achievements = "\n".join(
        f"{n}. Vận động nhân dân hiến đất, làm đường giao thông nông thôn, nâng cấp kênh mương "
        "nội đồng, xây dựng mô hình sản xuất lúa chất lượng cao liên kết tiêu thụ sản phẩm."
        for n in range(1, paragraphs + 1)
    )
    individual.save()
    pdf = documents.report_pdf(
        documents.prefetch(Nomination.objects.filter(pk=individual.pk)).get(),
        particulars=documents.OFFICE_VIEW,
    )
    pages = [squeezed(text) for text in page_texts(pdf)]
    signed = [text for text in pages if "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in text]
    assert len(signed) == 1
    assert "Hình thức khen thưởng" in signed[0]
