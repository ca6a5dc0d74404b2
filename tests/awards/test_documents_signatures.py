"""Where the names and lines of the printed documents sit, read from the PDF's word boxes
(pdftotext -bbox): the minutes' two signature blocks carry the secretary's and the chair's
full names under "THƯ KÝ" and "CHỦ TỌA" (Decree 30/2020, Appendix I, the minutes' form), and
the blank certificate's place-date line is centred on its column."""

import re
import subprocess
from html import unescape
from xml.etree import ElementTree

import pytest

from awards import documents
from awards.models import Nomination, PrinterCalibration
from tests.awards.helpers import collective, decide, nomination, passed_council, person

MILLIMETRE = 72 / 25.4


def words(content, tmp_path):
    """The words of each page as (text, x0, y0, x1, y1) in points from the top-left corner."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    # pdftotext writes XHTML; its namespace is dropped to read it.
    root = ElementTree.fromstring(out.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    return [
        [
            (
                unescape(word.text or ""),
                float(word.get("xMin")),
                float(word.get("yMin")),
                float(word.get("xMax")),
                float(word.get("yMax")),
            )
            for word in page.iter("word")
        ]
        for page in root.iter("page")
    ]


def find_lines(page, text):
    """The boxes of the runs of consecutive words reading `text` on one line, top first."""
    wanted = text.split()
    boxes = []
    for start in range(len(page) - len(wanted) + 1):
        run = page[start : start + len(wanted)]
        if [word[0] for word in run] == wanted and len({round(word[2]) for word in run}) == 1:
            boxes.append((run[0][1], run[0][2], run[-1][3], run[-1][4]))
    return sorted(boxes, key=lambda box: box[1])


def find_line(page, text):
    boxes = find_lines(page, text)
    return boxes[0] if boxes else None


def centre(box):
    return (box[0] + box[2]) / 2


@pytest.fixture
def meeting(officer, province_staff):
    proposals = [nomination(person("Huỳnh Văn Quý", 1972, by=officer), by=officer)]
    return passed_council(proposals, province_staff, officer)


def test_the_minutes_print_each_signers_name_under_his_title(meeting, tmp_path):
    """The demo's minutes printed "Chủ tịch UBND tỉnh — Chủ tịch Hội đồng" where the chair's
    name goes: the session now has the names and the titles, the text says who chaired in what
    capacity, and each signature block holds its title, the space to sign and the full name."""
    content = documents.minutes_pdf(meeting)
    pages = words(content, tmp_path)
    text = " ".join(" ".join(word[0] for word in page) for page in pages)
    assert "Chủ trì (chủ tọa): Lâm Minh Thành, Chủ tịch UBND tỉnh, Chủ tịch Hội đồng." in text
    assert (
        "Thư ký (người ghi biên bản): Nguyễn Thị Thuỷ, Trưởng Ban Thi đua – Khen thưởng, "
        "Sở Nội vụ." in text
    )
    # 7 of 9 listed present and none listed absent: two members were away, not "không".
    assert "Thành viên có mặt: 7/9" in text and "Thành viên vắng mặt: 2 thành viên." in text
    last = pages[-1]
    for title, name in (("THƯ KÝ", "Nguyễn Thị Thuỷ"), ("CHỦ TỌA", "Lâm Minh Thành")):
        title_box = find_line(last, title)
        assert title_box, title
        under = [box for box in find_lines(last, name) if box[1] > title_box[3]]
        assert under, name
        name_box = under[0]
        # Under the title, with the space for the signature between them (60 pt), and centred
        # on the same column.
        assert name_box[1] - title_box[3] > 40
        assert abs(centre(name_box) - centre(title_box)) < 2 * MILLIMETRE
    secretary, chair = find_line(last, "THƯ KÝ"), find_line(last, "CHỦ TỌA")
    assert centre(secretary) < centre(chair)  # the secretary left, the chair right
    assert "Nơi nhận:" in " ".join(word[0] for word in last)


@pytest.mark.parametrize(("mode", "offset"), [("blank", 0), ("blank", 4), ("full", 0)])
def test_the_certificates_place_date_line_is_centred_on_the_signature_column(
    meeting, province_staff, tmp_path, mode, offset
):
    """On the blank the place-date line was placed by its left end, 7 mm right of the centre
    of the title and the name under it; now all three are centred on the signature column,
    computed from the certificate's geometry (and moved with the printer's offset)."""
    proposals = list(Nomination.objects.filter(votes__session=meeting))
    decision = decide(proposals, meeting, province_staff)
    printer = PrinterCalibration.objects.create(
        name="Máy in thử", offset_x_mm=offset, offset_y_mm=0
    )
    content = documents.certificates_pdf(
        documents.prefetch(decision.nominations.all()), mode=mode, calibration=printer
    )
    (page,) = words(content, tmp_path)
    column_centre = (
        documents.SIGNATURE_COLUMN_LEFT_MM + documents.SIGNATURE_COLUMN_WIDTH_MM / 2 + offset
    )
    # 2.5 pt of border, 10 mm of margin, 18 mm inside the frame, 110 mm wide: 213,1 mm.
    assert column_centre - offset == pytest.approx(213.1, abs=0.05)
    for line in (
        "An Giang, ngày 05 tháng 9 năm 2025",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Quốc Anh",
    ):
        box = find_line(page, line)
        assert box, line
        assert centre(box) / MILLIMETRE == pytest.approx(column_centre, abs=1), line


def test_the_dossier_reads_the_database_as_often_for_12_reports_as_for_4(db):
    """Each report read its district's issuing body and the nomination's district again (two
    queries a report, 400 of the 421 queries of a 200-nominee dossier): now once per district
    and day, and with the nominations."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from awards.management.commands.bench_awards import Command
    from ntm_portal.lib import pdf

    _user, session, _decision = Command()._build(12, 6)
    counts = []
    for reports in (4, 12):
        laid_out = []
        with (
            mock.patch.object(
                pdf, "bundle_pdf", lambda htmls, *a, seen=laid_out, **k: seen.extend(htmls)
            ),
            CaptureQueriesContext(connection) as queries,
        ):
            documents.dossier_pdf(session, particulars=documents.OFFICE_VIEW, report_limit=reports)
        assert len(laid_out) == reports + 3  # tờ trình, minutes, the reports, the decision
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_collectives_report_is_signed_by_its_head_with_title_and_name(officer, tmp_path):
    """Form 02 was signed "THỦ TRƯỞNG ĐƠN VỊ" with no name: the nomination now holds its
    signer, and the block reads as Decree 30/2020's: the title in capitals, the space to sign
    and seal, the full name under it on the same column."""
    commune = nomination(
        collective("31060", by=officer),
        by=officer,
        report_signer="Huỳnh Văn Phước",
        report_signer_title="Chủ tịch UBND xã Vĩnh Bình Bắc",
    )
    pages = words(documents.report_pdf(commune, particulars=documents.OFFICE_VIEW), tmp_path)
    last = pages[-1]
    assert "THỦ TRƯỞNG" not in " ".join(word[0] for word in last)
    title_box = find_line(last, "CHỦ TỊCH UBND XÃ VĨNH BÌNH BẮC")
    assert title_box
    under = [box for box in find_lines(last, "Huỳnh Văn Phước") if box[1] > title_box[3]]
    assert under
    assert under[0][1] - title_box[3] > 40  # the space for the signature and the seal
    assert abs(centre(under[0]) - centre(title_box)) < 2 * MILLIMETRE


def test_a_collectives_report_without_its_signer_is_flagged_on_the_nomination(
    officer, client, tmp_path
):
    """Without a signer the report keeps the generic heading over a blank name, and the
    nomination page says what is missing; once recorded, the warning goes."""
    commune = nomination(collective("31060", by=officer), by=officer)
    text = " ".join(
        word[0]
        for word in words(
            documents.report_pdf(commune, particulars=documents.OFFICE_VIEW), tmp_path
        )[-1]
    )
    assert text.endswith("THỦ TRƯỞNG ĐƠN VỊ")
    client.force_login(officer)
    page = client.get(f"/awards/{commune.pk}/").content.decode()
    assert "Thiếu người ký báo cáo" in page
    commune.report_signer, commune.report_signer_title = "Huỳnh Văn Phước", "Chủ tịch UBND xã"
    commune.save()
    page = client.get(f"/awards/{commune.pk}/").content.decode()
    assert "Thiếu người ký báo cáo" not in page
    assert "Người ký báo cáo: Huỳnh Văn Phước, Chủ tịch UBND xã." in page


def test_a_person_s_nomination_needs_no_report_signer(officer, client):
    proposal = nomination(person("Huỳnh Văn Quý", 1972, by=officer), by=officer)
    client.force_login(officer)
    assert "Thiếu người ký báo cáo" not in client.get(f"/awards/{proposal.pk}/").content.decode()


def test_the_form_keeps_the_typed_signer_on_an_error_and_saves_both(officer, client):
    """A name without a title cannot be printed: the form says so and keeps what was typed."""
    commune = nomination(collective("31060", by=officer), by=officer)
    client.force_login(officer)
    url = f"/awards/{commune.pk}/edit/"
    version = re.search(r'name="edit_version" value="([^"]*)"', client.get(url).content.decode())
    data = {
        "phase": commune.phase_id,
        "proposer": commune.proposer_id,
        "nominee": commune.nominee_id,
        "kind": commune.kind_id,
        "ntm_standard": "",
        "background": "Xã có 5 ấp.",
        "achievements": commune.achievements,
        "report_signer": "Huỳnh Văn Phước",
        "report_signer_title": "",
        "edit_version": version.group(1) if version else "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ghi chức vụ của người ký báo cáo." in page
    assert 'value="Huỳnh Văn Phước"' in page and "Xã có 5 ấp." in page
    commune.refresh_from_db()
    assert commune.report_signer == ""
    response = client.post(url, {**data, "report_signer_title": "Chủ tịch UBND xã Vĩnh Bình Bắc"})
    assert response.status_code == 302
    commune.refresh_from_db()
    assert (commune.report_signer, commune.report_signer_title) == (
        "Huỳnh Văn Phước",
        "Chủ tịch UBND xã Vĩnh Bình Bắc",
    )
    assert commune.history.first().report_signer == "Huỳnh Văn Phước"


def test_the_decisions_summary_does_not_leave_its_last_word_alone_on_a_line(
    meeting, province_staff, tmp_path
):
    """The decision's trích yếu wrapped with "tỉnh" alone on its second line: its last two
    words are joined by a non-breaking space and wrap together."""
    proposals = list(Nomination.objects.filter(votes__session=meeting))
    decision = decide(proposals, meeting, province_staff)
    assert decision.summary.endswith("Ủy ban nhân dân tỉnh")
    first = words(documents.decision_pdf(decision), tmp_path)[0]
    texts = [word[0] for word in first]
    start = next(
        index for index in range(len(texts)) if texts[index : index + 3] == ["Về", "việc", "tặng"]
    )
    end = next(index for index in range(start, len(texts)) if texts[index].endswith("tỉnh"))
    summary = first[start : end + 1]
    assert " ".join(word[0] for word in summary).replace("\u00a0", " ") == decision.summary
    last_line = [word for word in summary if round(word[2]) == round(summary[-1][2])]
    last_words = " ".join(word[0] for word in last_line).replace("\u00a0", " ").split()
    assert last_words[-2:] == ["dân", "tỉnh"]


def test_a_collectives_nomination_is_not_submitted_without_its_report_signer(officer, client):
    """The district does not send a collective's report unsigned: submitting it without the
    head's name and title is refused with what to complete, the tờ trình's number typed stays;
    once recorded, it is submitted."""
    commune = nomination(collective("31060", by=officer), by=officer)
    client.force_login(officer)
    url = f"/awards/{commune.pk}/submit/"
    response = client.post(url, {"submit-submission_number": "45/TTr-UBND"})
    page = response.content.decode()
    assert "Thiếu người ký báo cáo thành tích (mẫu số 02)" in page
    assert 'value="45/TTr-UBND"' in page
    commune.refresh_from_db()
    assert commune.state == Nomination.State.DRAFT
    commune.report_signer, commune.report_signer_title = "Huỳnh Văn Phước", "Chủ tịch UBND xã"
    commune.save()
    client.post(url, {"submit-submission_number": "45/TTr-UBND"})
    commune.refresh_from_db()
    assert commune.state == Nomination.State.SUBMITTED
