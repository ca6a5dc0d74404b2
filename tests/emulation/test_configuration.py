"""Provincial staff configure phases and scoring tables."""

import pytest
from django.urls import reverse

from emulation.models import Phase, ScoringCriterion
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db


def test_staff_add_a_phase_with_deadlines_in_order(client, province_staff):
    client.force_login(province_staff)
    url = reverse("emulation:phase_create")
    data = {
        "kind": "yearly",
        "year": "2021",
        "registration_deadline": "30/11/2021",
        "assessment_deadline": "31/03/2021",
        "commendation_places": "2",
    }
    response = client.post(url, data)
    assert "Hạn tự chấm điểm không được trước hạn đăng ký thi đua." in response.content.decode()
    response = client.post(url, {**data, "year": "2030"})
    assert "Năm phải trong giai đoạn của phong trào (2021–2025)." in response.content.decode()
    data["assessment_deadline"] = "15/12/2021"
    response = client.post(url, data)
    assert response.status_code == 302
    phase = Phase.objects.get(kind="yearly", year=2021)
    assert phase.label == "Sơ kết năm 2021" and phase.commendation_places == 2
    response = client.post(url, data)
    assert "Phong trào đã có đợt này trong năm đó." in response.content.decode()


def test_staff_edit_the_scoring_table(client, province_staff):
    final = h.phase()
    criteria = h.criteria_of(final)
    h.review(final, "910", 5)  # scores exist for every line
    spare = ScoringCriterion.objects.create(
        phase=final,
        content_area=criteria[0].content_area,
        code="1.9",
        title="Dự phòng",
        max_points=5,
    )
    lines = [*criteria, spare]
    data = {
        "form-TOTAL_FORMS": str(len(lines) + 1),
        "form-INITIAL_FORMS": str(len(lines)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, criterion in enumerate(lines):
        data.update(
            {
                f"form-{index}-id": criterion.pk,
                f"form-{index}-content_area": criterion.content_area_id,
                f"form-{index}-code": criterion.code,
                f"form-{index}-title": criterion.title,
                f"form-{index}-max_points": "12,5"
                if criterion.code == "1.1"
                else str(criterion.max_points).replace(".", ","),
                f"form-{index}-position": criterion.position,
            }
        )
    data[f"form-{len(lines) - 1}-DELETE"] = "on"
    last = len(lines)
    data.update(
        {
            f"form-{last}-content_area": criteria[-1].content_area_id,
            f"form-{last}-code": "4.3",
            f"form-{last}-title": "Phòng, chống tệ nạn xã hội",
            f"form-{last}-max_points": "5",
            f"form-{last}-position": "10",
        }
    )
    client.force_login(province_staff)
    response = client.post(reverse("emulation:phase_criteria", args=[final.pk]), data)
    assert response.status_code == 302
    codes = set(final.criteria.values_list("code", flat=True))
    assert "1.9" not in codes and "4.3" in codes
    assert str(final.criteria.get(code="1.1").max_points) == "12.50"
    # A line with scores cannot be deleted.
    data[f"form-{last}-code"] = "4.4"
    data["form-0-DELETE"] = "on"
    data["form-INITIAL_FORMS"] = str(len(lines))
    response = client.post(reverse("emulation:phase_criteria", args=[final.pk]), data, follow=True)
    assert "không xóa được tiêu chí đã có điểm chấm" in response.content.decode()
    assert final.criteria.filter(code="1.1").exists()


def test_staff_add_a_content_area_and_numbers_stay_unique(client, province_staff, officer):
    from emulation.models import ContentArea

    url = reverse("emulation:content_area_create")
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(province_staff)
    response = client.post(url, {"number": "4", "title": "Trùng số"})
    assert "Phong trào đã có nội dung thi đua mang số này." in response.content.decode()
    response = client.post(url, {"number": "5", "title": "Thi đua bảo vệ môi trường nông thôn"})
    assert response.status_code == 302
    assert ContentArea.objects.filter(number=5, movement=h.movement()).exists()
    home = client.get(reverse("emulation:movement_home")).content.decode()
    assert "Thi đua bảo vệ môi trường nông thôn" in home
