"""What the movement's pages show: NTM results beside the scores, the searchable list of
exemplary models with their evidence, edit history."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.models import Exemplar, ExemplarFile, Review
from tests.conftest import status_as
from tests.emulation import helpers as h
from tests.factories import certify, commune_status
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_review_of_a_district_shows_its_ntm_results_of_the_phase(client, leadership):
    communes = list(Unit.objects.get(code="910").children.rural_communes().order_by("code"))
    certify(communes[0].code, "ntm", 2021, number="100/QĐ-UBND")
    certify(communes[1].code, "ntm", 2024, number="101/QĐ-UBND")
    certify(
        communes[2].code, "ntm", 2026 - 1, number="102/QĐ-UBND", issued_on=datetime.date(2025, 5, 2)
    )
    review = h.review(h.phase("yearly", 2024), "910", 5)
    client.force_login(leadership)
    text = client.get(reverse("emulation:review_detail", args=[review.pk])).content.decode()
    assert "Kết quả xây dựng nông thôn mới năm 2024" in text
    # Two communes NTM by standard year 2024 (the third is of 2025).
    assert f"2/{len(communes)}" in text
    assert "Huyện Vĩnh Thuận đạt chuẩn nông thôn mới trước hết năm 2025" in text


def test_review_of_a_commune_shows_its_standard_and_criteria_met(client, leadership):
    commune = Unit.objects.get(code="910").children.rural_communes().order_by("code").first()
    certify(commune.code, "ntm", 2022, number="100/QĐ-UBND")
    commune_status(commune.code, 2023, met=17)
    review = h.review(h.phase("yearly", 2023), commune.code, 5)
    client.force_login(leadership)
    text = client.get(reverse("emulation:review_detail", args=[review.pk])).content.decode()
    assert f"{commune.full_name}: Đạt chuẩn nông thôn mới; tiêu chí đạt 17/19" in text


def test_an_organisation_review_has_no_ntm_section(client, leadership):
    h.participant("SNN", name="Sở Nông nghiệp")
    review = h.review(h.phase(), "SNN", 5)
    client.force_login(leadership)
    text = client.get(reverse("emulation:review_detail", args=[review.pk])).content.decode()
    assert "Kết quả xây dựng nông thôn mới" not in text


@pytest.fixture
def exemplars():
    movement = h.movement()
    area = movement.content_areas.get(number=1)
    made = [
        Exemplar.objects.create(
            movement=movement,
            title="Mô hình tôm – lúa hữu cơ",
            kind="model",
            content_area=area,
            participant=h.participant("910"),
            year=2023,
            description="Liên kết bao tiêu",
            spread=True,
            spread_to="An Minh",
        ),
        Exemplar.objects.create(
            movement=movement,
            title="Ông Nguyễn Văn Hai hiến đất làm đường",
            kind="example",
            content_area=movement.content_areas.get(number=2),
            person="Nguyễn Văn Hai",
            year=2024,
            description="Hiến 1.500 m² đất",
        ),
    ]
    return made


def test_exemplars_are_found_without_diacritics_and_by_filter(client, leadership, exemplars):
    client.force_login(leadership)
    url = reverse("emulation:exemplar_list")

    def titles(query):
        response = client.get(url + query)
        return [e.title for e in response.context["object_list"]]

    assert titles("?q=tom lua") == ["Mô hình tôm – lúa hữu cơ"]
    assert titles("?q=nguyen van hai") == ["Ông Nguyễn Văn Hai hiến đất làm đường"]
    assert titles("?q=vinh thuan") == ["Mô hình tôm – lúa hữu cơ"]
    assert titles("?spread=yes") == ["Mô hình tôm – lúa hữu cơ"]
    assert titles("?kind=example&year=2024") == ["Ông Nguyễn Văn Hai hiến đất làm đường"]


def test_evidence_files_are_uploaded_checked_and_served_behind_the_login(
    client, officer, leadership, exemplars, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    exemplar = exemplars[0]
    url = reverse("emulation:exemplar_update", args=[exemplar.pk])
    data = {
        "title": exemplar.title,
        "kind": "model",
        "content_area": exemplar.content_area_id,
        "participant": exemplar.participant_id,
        "year": 2023,
        "description": "Liên kết bao tiêu",
        "spread": "on",
        "spread_to": "An Minh",
        "evidence_title": "Ảnh cánh đồng",
    }
    client.force_login(officer)
    bad = SimpleUploadedFile("anh.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {**data, "evidence": bad})
    assert (
        "Tệp minh chứng: chỉ nhận tệp PDF, JPEG hoặc PNG; nội dung tệp “anh.exe” là tệp "
        "chương trình Windows (.exe)." in response.content.decode()
    )
    good = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\nabc", content_type="image/png")
    assert client.post(url, {**data, "evidence": good}).status_code == 302
    evidence = ExemplarFile.objects.get(exemplar=exemplar)
    assert evidence.title == "Ảnh cánh đồng"
    file_url = reverse("emulation:exemplar_file", args=[evidence.pk])
    assert status_as(client, leadership, "get", file_url)[0] == 200
    assert status_as(client, None, "get", file_url)[0] == 302
    client.force_login(leadership)
    detail = client.get(reverse("emulation:exemplar_detail", args=[exemplar.pk])).content.decode()
    assert "Ảnh cánh đồng" in detail and "Lịch sử chỉnh sửa" in detail


def test_a_spread_exemplar_must_say_where(client, province_staff):
    movement = h.movement()
    client.force_login(province_staff)
    response = client.post(
        reverse("emulation:exemplar_create"),
        {
            "title": "Sáng kiến",
            "kind": "initiative",
            "content_area": movement.content_areas.first().pk,
            "person": "Lê Thị Ba",
            "year": 2025,
            "description": "Mô tả",
            "spread": "on",
        },
    )
    assert "Hãy ghi mô hình đã được nhân rộng ở đâu." in response.content.decode()
    assert not Exemplar.objects.exists()


def test_changes_of_scores_appear_in_the_review_history(client, province_staff):
    final = h.phase()
    h.cluster(2025, "899", ["910"])
    review = h.review(final, "910", 6)
    criteria = h.criteria_of(final)
    data = {f"points_{c.pk}": "6" for c in criteria}
    data[f"points_{criteria[0].pk}"] = "4"
    data[f"reason_{criteria[0].pk}"] = "Thiếu minh chứng"
    client.force_login(province_staff)
    client.post(reverse("emulation:review_verify_cluster", args=[review.pk]), data)
    review.refresh_from_db()
    assert review.state == Review.State.CLUSTER_VERIFIED
    text = client.get(reverse("emulation:review_detail", args=[review.pk])).content.decode()
    assert "Lịch sử chỉnh sửa" in text
    assert "điểm cụm/khối thẩm định" in text and "Thiếu minh chứng" in text


def test_a_district_page_shows_its_part_in_the_movement(client, leadership):
    h.cluster(2025, "910", ["908"], name="Cụm thi đua số 3")
    h.review(h.phase(), "910", 5, state=Review.State.VERIFIED)
    h.review(h.phase("yearly", 2025), "910", 4, state=Review.State.DRAFT)
    client.force_login(leadership)
    text = client.get(reverse("units:unit_detail", args=["910"])).content.decode()
    assert "Phong trào thi đua" in text
    assert "Cụm thi đua số 3</a> (trưởng)" in text
    assert "Tổng kết giai đoạn 2021–2025</a>: 45 điểm (tỉnh đã thẩm định)" in text
    assert "Sơ kết năm 2025</a>" not in text  # a draft stays off the public page
    other = client.get(reverse("units:unit_detail", args=["912"])).content.decode()
    assert 'id="movement-title"' not in other
