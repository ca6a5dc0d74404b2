"""#20 point 7: a participant's NTM results in nominations come from the progress module."""

import datetime

from awards.checks import RULE_NTM, check_ntm_recognition
from awards.models import Nomination
from tests.awards.helpers import collective, nomination
from tests.factories import certify


def test_a_revoked_recognition_stops_counting_from_its_revocation_date(officer):
    certify("31060", standard="ntm", standard_year=2021)
    certify(
        "31060",
        standard="advanced",
        standard_year=2022,
        number="900/QĐ-UBND",
        revoked_on=datetime.date(2024, 3, 1),
    )
    proposal = nomination(collective("31060", by=officer), by=officer)  # yearly review 2024
    assert "Xã Vĩnh Bình Bắc: Đạt chuẩn nông thôn mới đến năm 2024" in proposal.ntm_results
    assert "nâng cao" not in proposal.ntm_results
    proposal.ntm_standard = "advanced"
    proposal.save()
    message = " ".join(check_ntm_recognition(proposal, datetime.date(2025, 1, 15)))
    assert RULE_NTM in message and "“Đạt chuẩn NTM nâng cao” còn hiệu lực đến năm 2024" in message


def test_a_higher_standard_counts_toward_the_lower_one(officer):
    # Only the model recognition is on file (its NTM decision lost): the progress module counts
    # the commune as NTM and advanced too.
    certify("31063", standard="model", standard_year=2023, number="901/QĐ-UBND")
    proposal = nomination(collective("31063", by=officer), by=officer, ntm_standard="advanced")
    proposal.submit(by=officer)
    assert proposal.state == Nomination.State.SUBMITTED
    assert "Đạt chuẩn NTM kiểu mẫu đến năm 2024 (Quyết định số 901/QĐ-UBND" in proposal.ntm_results


def test_a_district_counts_its_communes_as_the_dashboard_does(officer):
    certify("31060", standard="ntm", standard_year=2021)
    certify("31063", standard="model", standard_year=2023, number="901/QĐ-UBND")
    certify(
        "31064",
        standard="ntm",
        standard_year=2021,
        number="902/QĐ-UBND",
        revoked_on=datetime.date(2023, 5, 1),
    )
    proposal = nomination(collective("910", by=officer), by=officer)
    text = proposal.ntm_results
    assert "Số xã đạt chuẩn nông thôn mới (kể cả chuẩn cao hơn) đến năm 2024: 2/" in text
    assert "Số xã đạt chuẩn nông thôn mới nâng cao trở lên: 1/" in text
    assert "Số xã đạt chuẩn nông thôn mới kiểu mẫu: 1/" in text
