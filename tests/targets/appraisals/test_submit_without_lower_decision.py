"""A commune submitted for advanced NTM whose NTM decision is not on the register (#19 point 1):
true but incomplete, so the submission is accepted with the register's one warning
(Certification.incompleteness), and the decision is recorded flagged "thiếu QĐ chuẩn thấp hơn".
An NTM the register shows revoked, and not recognised again, is still refused."""

import datetime
import html

from django.urls import reverse

from targets.models import AppraisalRequest, Certification
from tests.factories import certify, commune_status

from .conftest import VINH_BINH_BAC, reload, step_url

CREATE = reverse("targets:appraisal_create")

NO_NTM_WARNING = (
    "Cần bổ sung: Xã Vĩnh Bình Bắc chưa có công nhận đạt chuẩn nông thôn mới trong sổ: công "
    "nhận đạt chuẩn NTM nâng cao vẫn được ghi, được tính cả cho đạt chuẩn nông thôn mới từ cùng "
    "năm, và đánh dấu “thiếu QĐ chuẩn thấp hơn” cho đến khi bổ sung quyết định đó."
)


def advanced_data(number="47/TTr-UBND"):
    return {
        "commune": VINH_BINH_BAC,
        "standard": "advanced",
        "standard_year": "2024",
        "submission_number": number,
        "note": "",
    }


def text(response):
    return html.unescape(response.content.decode())


def submit_advanced(client, officer):
    commune_status(VINH_BINH_BAC, 2024, met=19)
    client.force_login(officer)
    return client.post(CREATE, advanced_data(), follow=True)


def test_submitting_advanced_without_the_ntm_decision_is_accepted_with_the_registers_warning(
    client, officer
):
    response = submit_advanced(client, officer)
    assert response.redirect_chain, "refused"
    page = text(response)
    assert "Đã trình hồ sơ" in page
    assert NO_NTM_WARNING in page
    request = AppraisalRequest.objects.get(commune__code=VINH_BINH_BAC, standard="advanced")
    assert request.state == "submitted"


def test_deciding_it_records_the_advanced_recognition_flagged_on_the_to_complete_list(
    client, officer, province_staff
):
    submit_advanced(client, officer)
    request = AppraisalRequest.objects.get(commune__code=VINH_BINH_BAC, standard="advanced")
    request.receive(by=province_staff)
    reload(request).appraise(by=province_staff, passed=True)
    client.force_login(province_staff)
    response = client.post(
        step_url("decide", request),
        {
            "decide-number": "1100/QĐ-UBND",
            "decide-issued_on": "15/03/2025",
            "decide-issuer": "ct_ubnd_tinh",
        },
        follow=True,
    )
    assert response.redirect_chain, "refused"
    assert NO_NTM_WARNING in text(response)
    assert reload(request).state == "decided"
    advanced = Certification.objects.get(unit__code=VINH_BINH_BAC, standard="advanced")
    assert advanced.decision.number == "1100/QĐ-UBND"
    assert list(Certification.objects.to_complete()) == [advanced]
    page = text(client.get(reverse("targets:data_quality")))
    assert "Ghi nhận QĐ chuẩn thấp hơn" in page
    assert "Xã Vĩnh Bình Bắc" in page


def test_an_ntm_shown_revoked_and_not_recognised_again_is_still_refused(client, officer):
    certify(
        VINH_BINH_BAC,
        "ntm",
        2021,
        number="90/QĐ-UBND",
        revoked_on=datetime.date(2024, 1, 5),
        revocation_number="95/QĐ-UBND",
    )
    response = submit_advanced(client, officer)
    assert not response.redirect_chain
    page = text(response)
    assert (
        "Xã Vĩnh Bình Bắc chưa có công nhận đạt chuẩn nông thôn mới còn hiệu lực: công nhận đó "
        "đã bị thu hồi ngày 05/01/2024 (95/QĐ-UBND) và chưa được công nhận lại, nên chưa thể "
        "công nhận đạt chuẩn NTM nâng cao." in page
    )
    assert "Cần bổ sung" not in page
    assert not AppraisalRequest.objects.filter(standard="advanced").exists()
