"""The report's ending and figures: the signature keeps its last paragraph, figures have titles,
and the data's as-of date follows the year reported."""

import unicodedata

from tests.targets.reports.test_progress_report import text_of


def page_texts(reader):
    return [" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in reader.pages]


def test_signature_shares_its_page_with_the_closing_paragraph(report_over_known_history):
    reader = report_over_known_history(2024)
    pages = page_texts(reader)
    ending = [text for text in pages if "Nơi nhận" in text]
    assert len(ending) == 1
    assert "Trên đây là báo cáo kết quả thực hiện Kế hoạch số 168/KH-UBND năm 2024" in ending[0]


def test_figures_have_numbered_titles_and_the_as_of_date_follows_the_year(
    report_over_known_history,
):
    reader = report_over_known_history(2024)
    text = text_of(reader)
    assert "Hình 1. Chuẩn nông thôn mới của các đơn vị cấp huyện năm 2024" in text
    assert "Hình 2." in text
    assert "lũy kế đến ngày 31/12/2024" in text
    assert "31/12/2025" not in text
