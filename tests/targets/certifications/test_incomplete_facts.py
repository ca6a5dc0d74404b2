"""What is true but incomplete is recorded with a warning and a flag, never refused (#19): in the
recording form, the import and the appraisal's decide step, the same words from the same rule
(Certification.incompleteness). The four refused rows of the issue's real register are here in
data of our own: a district's …/QĐ-TTg known by its number only, advanced communes without their
NTM decision, a source-known NTM followed by a decided advanced, a decision without standard year.
"""

import datetime

import pytest
from django.urls import reverse

from targets.imports.engine import run_import
from targets.models import AppraisalRequest, Certification, Decision
from targets.services import submit_appraisal
from tests.factories import certify, commune_status, unit
from tests.targets.imports.files import CERTIFICATION_HEADERS, certification_row, csv_bytes

from .helpers import CREATE_URL, page_text, record_data

NUMBER_ONLY = (
    "Quyết định 1007/QĐ-UBND chưa có ngày: công nhận được ghi và đánh dấu “thiếu ngày quyết "
    "định”; theo ngày quyết định, được tính từ cuối năm đạt chuẩn."
)
DATE_ONLY = (
    "Quyết định ngày 02/06/2022 chưa có số: công nhận được ghi và đánh dấu “thiếu số quyết "
    "định” cho đến khi bổ sung."
)
NO_YEAR = (
    "Chưa có năm đạt chuẩn: theo năm đạt chuẩn, công nhận được tính từ năm của quyết định "
    "(2022) và đánh dấu “thiếu năm đạt chuẩn”."
)
NO_NTM = (
    "Xã Vĩnh Bình Bắc chưa có công nhận đạt chuẩn nông thôn mới trong sổ: công nhận đạt chuẩn "
    "NTM nâng cao vẫn được ghi, được tính cả cho đạt chuẩn nông thôn mới từ cùng năm, và đánh "
    "dấu “thiếu QĐ chuẩn thấp hơn” cho đến khi bổ sung quyết định đó."
)


@pytest.fixture
def appraised(officer, province_staff):
    """An NTM appraisal of Vĩnh Bình Bắc for 2024, appraised as passed."""
    commune_status("31060", 2024, met=19)
    request = submit_appraisal(
        commune=unit("31060"),
        standard="ntm",
        standard_year=2024,
        submission_number="45/TTr-UBND",
        by=officer,
    )
    request.receive(by=province_staff)
    request.refresh_from_db()
    request.appraise(by=province_staff, passed=True)
    return request


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    return client


def through_form(client, rows, **decision):
    response = client.post(CREATE_URL, record_data(rows, **decision), follow=True)
    assert response.redirect_chain, "refused: " + page_text(response)[:0]
    return page_text(response)


def through_import(rows, user):
    report = run_import(
        "certifications",
        csv_bytes(CERTIFICATION_HEADERS, rows),
        "so.csv",
        user=user,
        commit=True,
    )
    assert report.committed, report.errors
    return [warning for row in report.rows for warning in row.warnings]


# --- a decision known by its number only ---------------------------------------------------


def test_a_decision_known_by_its_number_only_is_recorded_and_flagged_in_the_form(staff_client):
    page = through_form(staff_client, [("31060", "ntm", 2021)], issued_on="")
    assert NUMBER_ONLY in page
    certification = Certification.objects.get()
    assert certification.decision.issued_on is None
    assert certification.flag_list == ["thiếu ngày quyết định"]


def test_a_decision_known_by_its_number_only_is_recorded_and_flagged_by_the_import(
    province_staff,
):
    warnings = through_import([certification_row(number="1007/QĐ-UBND", date="")], province_staff)
    assert warnings == [NUMBER_ONLY]
    assert Decision.objects.get().issued_on is None


def test_a_districts_prime_minister_decision_known_by_its_number_only_is_imported(
    province_staff,
):
    row = certification_row(
        code="910",
        name="Vĩnh Thuận",
        standard="Đạt chuẩn nông thôn mới",
        standard_year="2020",
        number="669/QĐ-TTg",
        date="",
        issuer="Thủ tướng Chính phủ",
    )
    warnings = through_import([row], province_staff)
    assert (
        "Quyết định 669/QĐ-TTg chưa có ngày: công nhận được ghi và đánh dấu “thiếu ngày quyết "
        "định”; theo ngày quyết định, được tính từ cuối năm đạt chuẩn." in warnings
    )
    assert Certification.objects.get(unit__code="910").decision.number == "669/QĐ-TTg"


def test_the_decide_step_records_a_decision_known_by_its_number_only(
    client, appraised, province_staff
):
    client.force_login(province_staff)
    response = client.post(
        reverse("targets:appraisal_decide", args=[appraised.pk]),
        {"decide-number": "1007/QĐ-UBND", "decide-issued_on": "", "decide-issuer": "ct_ubnd_tinh"},
        follow=True,
    )
    assert (
        "Quyết định 1007/QĐ-UBND chưa có ngày: công nhận được ghi và đánh dấu “thiếu ngày quyết "
        "định”; theo ngày quyết định, được tính từ cuối năm đạt chuẩn."
    ) in page_text(response)
    assert AppraisalRequest.objects.get().state == "decided"


# --- a decision known by its date only -----------------------------------------------------


def test_a_decision_known_by_its_date_only_is_recorded_and_flagged_alike(
    staff_client, province_staff
):
    assert DATE_ONLY in through_form(staff_client, [("31060", "ntm", 2021)], number="")
    assert Certification.objects.get().flag_list == ["thiếu số quyết định"]
    warnings = through_import(
        [certification_row(code="31063", name="", number="", date="02/06/2022")], province_staff
    )
    assert warnings == [DATE_ONLY]
    # The same unnumbered decision of the same date and issuer: found again, not a second one.
    assert Decision.objects.count() == 1


def test_the_decide_step_records_a_decision_known_by_its_date_only(
    client, appraised, province_staff
):
    client.force_login(province_staff)
    response = client.post(
        reverse("targets:appraisal_decide", args=[appraised.pk]),
        {"decide-number": "", "decide-issued_on": "02/06/2025", "decide-issuer": "ct_ubnd_tinh"},
        follow=True,
    )
    assert "Quyết định ngày 02/06/2025 chưa có số" in page_text(response)
    assert Certification.objects.get().flag_list == ["thiếu số quyết định"]


def test_a_decision_with_neither_number_nor_date_nor_source_is_refused(staff_client, client):
    response = staff_client.post(
        CREATE_URL, record_data([("31060", "ntm", 2021)], number="", issued_on="")
    )
    assert response.status_code == 200
    assert "Quyết định cần ít nhất số hoặc ngày" in page_text(response)
    assert not Certification.objects.exists()


# --- no standard year ----------------------------------------------------------------------


def test_a_known_decision_without_standard_year_is_recorded_counted_from_its_year(
    staff_client, province_staff
):
    assert NO_YEAR in through_form(staff_client, [("31060", "ntm", "")])
    certification = Certification.objects.get()
    assert certification.standard_year is None
    assert certification.counted_year == 2022
    assert certification.flag_list == ["thiếu năm đạt chuẩn"]
    warnings = through_import(
        [certification_row(code="31063", name="", standard_year="", date="02/06/2022")],
        province_staff,
    )
    assert warnings == [NO_YEAR]


def test_a_district_recognised_by_a_known_decision_without_standard_year_is_imported(
    province_staff,
):
    row = certification_row(
        code="910",
        name="Vĩnh Thuận",
        standard_year="",
        number="669/QĐ-TTg",
        date="02/06/2022",
        issuer="Thủ tướng Chính phủ",
    )
    warnings = through_import([row], province_staff)
    assert NO_YEAR in warnings
    assert Certification.objects.get(unit__code="910").counted_year == 2022


def test_neither_standard_year_nor_decision_date_is_refused_naming_the_column(db):
    report = run_import(
        "certifications",
        csv_bytes(CERTIFICATION_HEADERS, [certification_row(standard_year="", date="")]),
        "so.csv",
        commit=True,
    )
    assert report.errors == [
        "Dòng 2, cột “Năm đạt chuẩn”: để trống cùng “Ngày quyết định”. Chưa có năm đạt chuẩn "
        "lẫn ngày quyết định: cần ít nhất một trong hai để biết công nhận được tính từ năm nào."
    ]
    assert not Certification.objects.exists()


# --- a higher standard without its lower one on the register -------------------------------


def test_advanced_communes_without_their_ntm_decision_are_imported_flagged_and_counted(
    province_staff, client
):
    rows = [
        certification_row(
            code=code, name="", standard="NTM nâng cao", standard_year="2024", date="10/12/2024"
        )
        for code in ("31060", "31063", "31064", "31069")
    ]
    warnings = through_import(rows, province_staff)
    assert NO_NTM in warnings
    assert len([w for w in warnings if "thiếu QĐ chuẩn thấp hơn" in w]) == 4
    flagged = Certification.objects.to_complete()
    assert sorted(c.unit.code for c in flagged) == ["31060", "31063", "31064", "31069"]
    assert {tuple(c.flag_list) for c in flagged} == {("thiếu QĐ chuẩn thấp hơn",)}
    # Each is on the to-complete list, with the way to complete it.
    client.force_login(province_staff)
    page = page_text(client.get(reverse("targets:data_quality")))
    assert page.count("Ghi nhận QĐ chuẩn thấp hơn") == 4


def test_advanced_without_ntm_is_recorded_with_the_same_warning_in_the_form(staff_client):
    assert NO_NTM in through_form(
        staff_client, [("31060", "advanced", 2022)], issued_on="10/02/2023"
    )


def test_recording_the_lower_standard_clears_the_flag(staff_client):
    through_form(staff_client, [("31060", "advanced", 2022)], issued_on="10/02/2023")
    assert Certification.objects.to_complete().count() == 1
    through_form(
        staff_client, [("31060", "ntm", 2021)], number="900/QĐ-UBND", issued_on="01/03/2022"
    )
    assert Certification.objects.to_complete().count() == 0


# --- a source-known lower standard followed by a decided higher one -------------------------


def source_known_ntm(code):
    return Certification.objects.create(
        unit=unit(code),
        standard="ntm",
        standard_year=2019,
        source="Báo cáo 25/BC-UBND ngày 10/01/2021 của UBND tỉnh",
    )


def test_a_source_known_ntm_carries_a_decided_advanced_in_the_form_and_import(
    staff_client, province_staff
):
    source_known_ntm("31060")
    source_known_ntm("31063")
    page = through_form(staff_client, [("31060", "advanced", 2022)], issued_on="10/02/2023")
    assert "thiếu QĐ chuẩn thấp hơn" not in page
    warnings = through_import(
        [certification_row(code="31063", name="", standard="nâng cao", standard_year="2022")],
        province_staff,
    )
    assert warnings == []
    advanced = Certification.objects.filter(standard="advanced")
    assert advanced.count() == 2
    # The NTM itself stays flagged until its decision is found.
    assert sorted(c.standard for c in Certification.objects.to_complete()) == ["ntm", "ntm"]


def test_a_source_known_ntm_carries_a_decided_advanced_in_the_decide_step(
    client, officer, province_staff
):
    source_known_ntm("31063")
    commune_status("31063", 2024, met=19)
    request = submit_appraisal(
        commune=unit("31063"),
        standard="advanced",
        standard_year=2024,
        submission_number="47/TTr-UBND",
        by=officer,
    )
    request.receive(by=province_staff)
    request.refresh_from_db()
    request.appraise(by=province_staff, passed=True)
    client.force_login(province_staff)
    response = client.post(
        reverse("targets:appraisal_decide", args=[request.pk]),
        {
            "decide-number": "1100/QĐ-UBND",
            "decide-issued_on": "15/03/2025",
            "decide-issuer": "ct_ubnd_tinh",
        },
        follow=True,
    )
    assert response.redirect_chain
    assert "Cần bổ sung" not in page_text(response)
    assert Certification.objects.get(standard="advanced").decision.number == "1100/QĐ-UBND"


# --- what cannot be true is still refused -----------------------------------------------------


def test_a_prime_minister_decision_for_a_commune_is_refused_in_form_and_import(
    staff_client, province_staff
):
    response = staff_client.post(
        CREATE_URL,
        record_data([("31060", "ntm", 2021)], number="669/QĐ-TTg", issuer="ttg", issued_on=""),
    )
    assert response.status_code == 200
    assert "Xã Vĩnh Bình Bắc được công nhận bởi Chủ tịch UBND tỉnh" in page_text(response)
    report = run_import(
        "certifications",
        csv_bytes(
            CERTIFICATION_HEADERS,
            [certification_row(number="669/QĐ-TTg", date="", issuer="Thủ tướng Chính phủ")],
        ),
        "so.csv",
        user=province_staff,
        commit=True,
    )
    assert not report.committed
    assert "Xã Vĩnh Bình Bắc được công nhận bởi Chủ tịch UBND tỉnh" in report.errors[0]
    assert not Certification.objects.exists()


def test_a_revocation_before_the_standard_year_of_an_undated_decision_is_refused(db):
    certification = certify("31060", "ntm", 2021, number="100/QĐ-UBND")
    certification.decision.issued_on = None
    certification.decision.save()
    with pytest.raises(Exception, match="trước năm đạt chuẩn 2021"):
        certification.revoke(number="5/QĐ-UBND", on=datetime.date(2020, 5, 1), reason="Thử")


# --- completing goes through the edit pages, with history -----------------------------------


def test_completing_a_decision_known_by_its_number_clears_the_flag_with_history(
    staff_client, province_staff
):
    through_form(staff_client, [("31060", "ntm", 2021)], issued_on="")
    recorded = Certification.objects.get()
    assert list(Certification.objects.to_complete()) == [recorded]
    page = page_text(staff_client.get(reverse("targets:data_quality")))
    edit_url = reverse("targets:decision_update", args=[recorded.decision_id])
    assert "thiếu ngày quyết định" in page and edit_url in page
    response = staff_client.post(
        edit_url,
        {
            "number": "1007/QĐ-UBND",
            "issued_on": "02/06/2022",
            "issuer": "ct_ubnd_tinh",
            "signer": "Lâm Minh Thành",
            "notes": "",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.issued_on, decision.year) == (datetime.date(2022, 6, 2), 2022)
    assert decision.history.count() == 2
    assert decision.history.first().history_user == province_staff
    assert not Certification.objects.to_complete().exists()
    page = page_text(staff_client.get(reverse("targets:data_quality")))
    assert f'data-certification="{recorded.pk}"' not in page


def test_completing_the_standard_year_on_the_edit_page_clears_the_flag(staff_client):
    through_form(staff_client, [("31060", "ntm", "")])
    recorded = Certification.objects.get()
    response = staff_client.post(
        reverse("targets:certification_update", args=[recorded.pk]),
        {
            "decision": recorded.decision_id,
            "source": "",
            "unit": unit("31060").pk,
            "standard": "ntm",
            "standard_year": 2021,
            "notes": "",
        },
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.standard_year == 2021
    assert recorded.history.count() == 2
    assert not Certification.objects.to_complete().exists()
