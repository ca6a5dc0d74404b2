"""The report's ending and figures: the signature keeps its last paragraph, figures have titles,
and the data's as-of date follows the year reported."""

from tests.pdftext import page_texts, squeezed
from tests.targets.reports.test_progress_report import text_of


def test_signature_shares_its_page_with_the_closing_paragraph(report_over_known_history):
    report = report_over_known_history(2024)
    pages = [squeezed(text) for text in page_texts(report.content)]
    ending = [text for text in pages if "Nơi nhận" in text]
    assert len(ending) == 1
    assert "Trên đây là báo cáo kết quả thực hiện Kế hoạch số 168/KH-UBND năm 2024" in ending[0]


def test_figures_have_numbered_titles_and_the_as_of_date_follows_the_year(
    report_over_known_history,
):
    text = text_of(report_over_known_history(2024))
    assert "Hình 1. Chuẩn nông thôn mới của các đơn vị cấp huyện năm 2024" in text
    assert "Hình 2." in text
    assert "lũy kế đến ngày 31/12/2024" in text
    assert "31/12/2025" not in text
