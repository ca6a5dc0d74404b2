"""The final review report reads back with its title, the NTM figures of `manage.py progress`,
the cluster rankings, the exemplary models and the assessment staff wrote."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from emulation.models import Exemplar, MovementReport, Review
from tests.conftest import status_as
from tests.emulation import helpers as h
from tests.factories import certify
from tests.pdftext import flat_text
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(province_staff):
    communes = list(Unit.objects.get(code="910").children.rural_communes().order_by("code"))
    certify("910", "ntm", 2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    for commune in communes[:3]:
        certify(commune.code, "ntm", 2021, number="100/QĐ-UBND")
    certify(communes[0].code, "advanced", 2024, number="200/QĐ-UBND")
    final = h.phase()
    h.cluster(2025, "910", ["908", "909"], name="Cụm thi đua số 3")
    h.registration(final, "910")
    h.registration(final, "908", late=True)
    h.review(final, "909", 9, state=Review.State.VERIFIED)
    h.review(final, "910", 8, state=Review.State.VERIFIED)
    h.review(final, "908", 7, state=Review.State.SELF_ASSESSED)
    movement = h.movement()
    Exemplar.objects.create(
        movement=movement,
        title="Mô hình tôm – lúa hữu cơ liên kết bao tiêu",
        kind="model",
        content_area=movement.content_areas.get(number=1),
        participant=h.participant("910"),
        year=2023,
        description="Liên kết 320 hộ.",
        results="Lợi nhuận tăng 25%.",
        spread=True,
        spread_to="An Minh, U Minh Thượng",
    )
    return MovementReport.objects.create(
        phase=final,
        report_date=datetime.date(2025, 12, 15),
        assessment="Phong trào lan tỏa sâu rộng trong Nhân dân.\nHạn chế: đăng ký còn chậm.",
        signer="Lâm Minh Thành",
        signer_title="Chủ tịch",
        created_by=province_staff,
    )


def text_of(content):
    return flat_text(content), PdfReader(io.BytesIO(content))


def test_final_report_reads_back_with_the_progress_figures_rankings_and_exemplars(
    client, leadership, report
):
    client.force_login(leadership)
    response = client.get(reverse("emulation:report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, reader = text_of(response.content)
    assert "BÁO CÁO" in text
    assert (
        "Tổng kết phong trào thi đua “Kiên Giang chung sức xây dựng nông thôn mới” giai đoạn "
        "2021–2025" in text
    )
    out = io.StringIO()
    call_command("progress", plan="168/KH-UBND", year="2025", format="json", stdout=out)
    numbers = json.loads(out.getvalue())
    for item in numbers["indicators"]:
        share = f"{item['share']:.2f}".replace(".", ",")
        assert (
            f"{item['name']}: đạt {item['actual']}/{item['denominator']} đơn vị ({share}%)" in text
        ), item["name"]
    assert any(item["actual"] for item in numbers["indicators"])
    # The cluster's ranking: An Minh (81) first, Vĩnh Thuận (72) second, An Biên (63) third.
    ranking = text[text.index("Xếp hạng Cụm thi đua số 3") :]
    assert ranking.index("Huyện An Minh") < ranking.index("Huyện Vĩnh Thuận")
    assert ranking.index("Huyện Vĩnh Thuận") < ranking.index("Huyện An Biên")
    assert "1 Huyện An Minh 81 Đề nghị khen thưởng" in ranking
    assert "2 Huyện Vĩnh Thuận 72" in ranking
    assert "Mô hình tôm – lúa hữu cơ liên kết bao tiêu" in text
    assert "Đã được nhân rộng: An Minh, U Minh Thượng" in text
    assert "Phong trào lan tỏa sâu rộng trong Nhân dân." in text
    assert "Lâm Minh Thành" in text
    assert len(reader.pages) >= 2


def test_yearly_and_midterm_versions_have_their_own_titles(client, province_staff):
    for kind, year, title in [
        (
            "yearly",
            2023,
            "Sơ kết phong trào thi đua “Kiên Giang chung sức xây dựng nông thôn mới” năm 2023",
        ),
        ("midterm", 2023, "Sơ kết giữa kỳ phong trào thi đua"),
    ]:
        report = MovementReport.objects.create(phase=h.phase(kind, year), signer="A")
        client.force_login(province_staff)
        response = client.get(reverse("emulation:report_pdf", args=[report.pk]))
        text, _ = text_of(response.content)
        assert title in text
        assert "năm 2023 (lũy kế)" in text


def test_staff_write_the_assessment_and_its_history_is_kept(
    client, province_staff, officer, report
):
    url = reverse("emulation:report_update", args=[report.pk])
    assert status_as(client, officer, "get", url)[0] == 403
    client.force_login(province_staff)
    response = client.post(
        url,
        {
            "phase": report.phase.pk,
            "report_date": "20/12/2025",
            "assessment": "Đánh giá mới.",
            "directions": "",
            "signer": "Lâm Minh Thành",
            "signer_title": "Chủ tịch",
            "number": "12/BC-UBND",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.assessment == "Đánh giá mới." and report.report_date == datetime.date(
        2025, 12, 20
    )
    detail = client.get(reverse("emulation:report_detail", args=[report.pk])).content.decode()
    assert "Phong trào lan tỏa sâu rộng trong Nhân dân." in detail  # the previous text, in history
    assert report.history.count() == 2
