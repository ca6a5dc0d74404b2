"""The “Căn cứ …” lines of the decision and the tờ trình follow the document's date
(fixtures/legal_bases.json): the Law on Local Government of 2015/2019 until 28/02/2025, of
19/02/2025 from 01/03/2025, of 16/06/2025 from the day it was passed (in force that day), and
Decree 152/2025/NĐ-CP beside Decree 98/2023/NĐ-CP from 01/07/2025. Each test reads the PDF."""

import datetime
import io
import json

import pytest
from pypdf import PdfReader

from awards import documents
from awards.legal_bases import read
from ntm_portal.lib.reference import ReferenceDataError
from tests.awards.helpers import decide, nomination, passed_council, pdf_text, person

LAW_2015 = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
    "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng "
    "11 năm 2019;"
)
LAW_FEB_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;"
LAW_JUN_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
COMMENDATION_LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
DECREE_98 = (
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
    "thi hành một số điều của Luật Thi đua, khen thưởng;"
)
DECREE_152 = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân "
    "cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành "
    "một số điều của Luật Thi đua, khen thưởng;"
)
LOCAL_LAWS = {LAW_2015, LAW_FEB_2025, LAW_JUN_2025}


def texts(content):
    text, _reader = pdf_text(content)
    return " ".join(text.split())


@pytest.mark.parametrize(
    "day, law, with_152",
    [
        (datetime.date(2025, 2, 28), LAW_2015, False),
        (datetime.date(2025, 3, 1), LAW_FEB_2025, False),
        (datetime.date(2025, 6, 15), LAW_FEB_2025, False),
        (datetime.date(2025, 6, 16), LAW_JUN_2025, False),
        (datetime.date(2025, 6, 30), LAW_JUN_2025, False),
        (datetime.date(2025, 7, 1), LAW_JUN_2025, True),
    ],
)
def test_the_decision_cites_the_laws_in_force_on_its_date(
    day, law, with_152, officer, province_staff
):
    proposal = nomination(person("Huỳnh Văn Quý", 1972, by=officer), by=officer)
    meeting = passed_council([proposal], province_staff, officer)
    decision = decide([proposal], meeting, province_staff, number="15/QĐ-UBND", on=day)
    text = texts(documents.decision_pdf(decision))
    assert law in text
    for other in LOCAL_LAWS - {law}:
        assert other not in text
    # The undated line the decision printed before.
    assert "Căn cứ Luật Tổ chức chính quyền địa phương;" not in text
    assert COMMENDATION_LAW in text and DECREE_98 in text
    assert (DECREE_152 in text) is with_152
    # In order: the local-government law, the commendation law, its decrees, then the proposal.
    order = [law, COMMENDATION_LAW, DECREE_98, *([DECREE_152] if with_152 else []), "Xét đề nghị"]
    positions = [text.index(line) for line in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "day, with_152",
    [(datetime.date(2025, 6, 30), False), (datetime.date(2025, 7, 1), True)],
)
def test_the_tờ_trình_cites_the_commendation_law_and_its_decrees_of_its_date(
    day, with_152, officer, province_staff
):
    proposal = nomination(person("Trần Văn Bình", 1975, by=officer), by=officer)
    meeting = passed_council([proposal], province_staff, officer)
    meeting.submission_date = day
    meeting.save()
    text = texts(documents.submission_pdf(meeting, particulars=documents.OFFICE_VIEW))
    assert COMMENDATION_LAW in text and DECREE_98 in text
    assert (DECREE_152 in text) is with_152
    # A tờ trình of the Department does not cite the law on local government.
    assert not any(line in text for line in LOCAL_LAWS)


def test_a_broken_line_in_the_file_is_refused_with_its_entry(tmp_path):
    path = tmp_path / "legal_bases.json"
    entry = {
        "code": "x",
        "documents": ["decision"],
        "text": "Luật A ngày 1 tháng 1 năm 2020",
        "valid_from": "2025-07-01",
        "valid_to": "2025-06-30",
    }
    path.write_text(json.dumps({"legal_bases": [entry]}), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="mục 1: ngày hết hiệu lực trước ngày có hiệu lực"):
        read(path)
    entry.update(valid_to=None, documents=["certificate"])
    path.write_text(json.dumps({"legal_bases": [entry]}), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="mục 1: loại văn bản"):
        read(path)


def _fonts_of_lines(content, starts):
    """The font name of each text run that begins with one of `starts`, page 1."""
    reader = PdfReader(io.BytesIO(content))
    found = []

    def visit(text, cm, tm, font, size):
        if font and text.strip().startswith(starts):
            found.append((text.strip()[:20], str(font.get("/BaseFont", ""))))

    reader.pages[0].extract_text(visitor_text=visit)
    return found


def test_the_decision_sets_its_grounds_in_italics_and_its_articles_upright(officer, province_staff):
    """Decree 30/2020, Appendix I: the grounds of issue are set in italics; the articles are not."""
    proposal = nomination(person("Lâm Thị Hoa", 1980, by=officer), by=officer)
    meeting = passed_council([proposal], province_staff, officer)
    decision = decide([proposal], meeting, province_staff, number="16/QĐ-UBND")
    runs = _fonts_of_lines(documents.decision_pdf(decision), ("Căn cứ", "Xét đề nghị", "Điều 1"))
    grounds = [font for text, font in runs if not text.startswith("Điều")]
    articles = [font for text, font in runs if text.startswith("Điều")]
    assert len(grounds) >= 4 and articles
    assert all("Italic" in font for font in grounds), runs
    assert not any("Italic" in font for font in articles), runs
