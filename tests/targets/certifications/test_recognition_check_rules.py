"""Certification.check_rules at the edges the first tests left open, with the message a user
reads beside the field (written for the survivors of `make mutants` on
targets/models/certifications.py; each docstring names the mutants it kills)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from targets.models import Certification, Decision
from targets.models.certifications import DATABASE, Issuer
from tests.factories import certify, decision, unit
from tests.targets.certifications.helpers import refusal
from units.models import Unit

D = datetime.date
COMMUNE = "31060"  # Xã Vĩnh Bình Bắc, huyện Vĩnh Thuận

pytestmark = pytest.mark.django_db


def test_an_empty_source_without_a_decision_is_asked_for():
    """check_rules: an empty source (not only blanks) is missing
    (xǁCertificationǁcheck_rules__mutmut_15: `or "XXXX"`)."""
    bare = Certification(unit=unit(COMMUNE), standard="ntm", standard_year=2021, source="")
    assert refusal(bare) == {
        "source": [
            "Chưa có số và ngày quyết định thì phải ghi nguồn: báo cáo hoặc văn bản cho biết việc "
            "công nhận (ví dụ: Báo cáo 25/BC-UBND ngày 10/01/2021 của UBND tỉnh)."
        ]
    }


def test_a_standard_year_not_yet_come_is_refused_under_an_undated_decision():
    """check_rules: a decision known by its number only does not date the recognition, so the
    standard year must have come (xǁCertificationǁcheck_rules__mutmut_29)."""
    next_year = timezone.localdate().year + 1
    undated = Decision.objects.create(
        number="7/QĐ-UBND", issued_on=None, issuer=Issuer.PROVINCE_CHAIRMAN, signer="Lê Văn Ký"
    )
    recognition = Certification(
        unit=unit(COMMUNE), standard="ntm", standard_year=next_year, decision=undated
    )
    assert refusal(recognition) == {"standard_year": [f"Năm đạt chuẩn {next_year} chưa tới."]}


def test_a_xã_that_ended_before_the_decision_cannot_be_recognised_by_it():
    """check_rules: the unit must exist on the decision's day, said on the unit
    (xǁCertificationǁcheck_rules__mutmut_95, _98 to _103)."""
    old = Unit.objects.filter(
        level=Unit.Level.COMMUNE, kind=Unit.Kind.XA, valid_to=D(2025, 6, 30)
    ).first()
    recognition = Certification(
        unit=old, standard="ntm", standard_year=2025, decision=decision("9/QĐ-UBND", D(2025, 7, 5))
    )
    assert refusal(recognition) == {
        "unit": [f"{old} không còn hiệu lực vào ngày quyết định 05/07/2025."]
    }
    recognition.decision = decision("10/QĐ-UBND", D(2025, 6, 30))
    recognition.check_rules(DATABASE)


def test_a_revoked_lower_standard_not_recognised_again_blocks_the_higher_one():
    """check_rules: NTM revoked and not recognised again refuses NTM nâng cao, said on the
    standard with the revocation (xǁCertificationǁcheck_rules__mutmut_121, _122, _125, _129,
    _130); a higher recognition itself revoked is only history and is recorded
    (xǁCertificationǁcheck_rules__mutmut_108, _109)."""
    certify(COMMUNE, revoked_on=D(2023, 5, 1), revocation_number="3/QĐ-UBND")
    advanced = Certification(
        unit=unit(COMMUNE),
        standard="advanced",
        standard_year=2023,
        decision=decision("20/QĐ-UBND", D(2024, 3, 1)),
    )
    assert refusal(advanced) == {
        "standard": [
            "Xã Vĩnh Bình Bắc chưa có công nhận đạt chuẩn nông thôn mới còn hiệu lực: công nhận "
            "đó đã bị thu hồi ngày 01/05/2023 (3/QĐ-UBND) và chưa được công nhận lại, nên chưa "
            "thể công nhận đạt chuẩn NTM nâng cao."
        ]
    }
    advanced.revoked_on = D(2024, 5, 1)
    advanced.revocation_number = "21/QĐ-UBND"
    advanced.check_rules(DATABASE)


def test_a_lower_standard_recognised_again_after_its_revocation_lets_the_higher_one_in():
    """check_rules: the register is asked whether the unit holds the lower standard again
    (xǁCertificationǁcheck_rules__mutmut_121, _122: no unit, no standard asked)."""
    certify(COMMUNE, revoked_on=D(2023, 5, 1), revocation_number="3/QĐ-UBND")
    certify(COMMUNE, standard_year=2023, number="15/QĐ-UBND", issued_on=D(2023, 11, 2))
    Certification(
        unit=unit(COMMUNE),
        standard="advanced",
        standard_year=2023,
        decision=decision("20/QĐ-UBND", D(2024, 3, 1)),
    ).check_rules(DATABASE)


def test_a_recognition_another_rests_on_cannot_move_to_another_unit():
    """check_rules: NTM with NTM nâng cao resting on it keeps its unit, the message naming the
    one resting on it (xǁCertificationǁcheck_rules__mutmut_138, _139); unchanged, it is
    accepted."""
    ntm = certify("31063", standard_year=2021)
    certify("31063", standard="advanced", standard_year=2022, number="30/QĐ-UBND")
    ntm.check_rules(DATABASE)
    ntm.unit = unit(COMMUNE)
    assert refusal(ntm) == {
        "standard": [
            "Xã Vĩnh Bình Nam còn công nhận đạt chuẩn NTM nâng cao dựa trên công nhận đạt chuẩn "
            "nông thôn mới này, nên không thể đổi đơn vị hay chuẩn của nó."
        ]
    }


def test_a_form_left_without_unit_and_standard_is_told_only_what_is_missing():
    """clean → check_rules on a half-filled form: no unit and no standard are the fields'
    own errors, not a crash (xǁCertificationǁcheck_rules__mutmut_9: the unit read when there
    is none; _106: the lower standard of no standard)."""
    half = Certification(standard="", standard_year=2021, source="Báo cáo 1/BC")
    with pytest.raises(ValidationError) as refused:
        half.full_clean(exclude=["created_by"])
    assert refused.value.message_dict == {
        "unit": ["Trường này không thể để trống."],
        "standard": ["Trường này không được để trắng."],
    }


def decision_refusal(number, issuer):
    with pytest.raises(ValidationError) as refused:
        Decision(number=number, issued_on=D(2022, 6, 2), issuer=issuer).check_rules(
            lambda _decision: []
        )
    return refused.value.message_dict


def test_a_number_of_another_issuers_form_is_said_on_the_number():
    """Decision.check_rules: the suffix names the issuer, said on the number field
    (xǁDecisionǁcheck_rules__mutmut_27, _28, _39, _40); another body's own number is
    accepted under “other” (xǁDecisionǁcheck_rules__mutmut_35: no default for `next`)."""
    assert decision_refusal("5/QĐ-UBND", Issuer.PRIME_MINISTER) == {
        "number": ["Quyết định của Thủ tướng phải có số dạng …/QĐ-TTg (đang ghi “5/QĐ-UBND”)."]
    }
    assert decision_refusal("5/QĐ-TTg", Issuer.OTHER) == {
        "number": [
            "Số “5/QĐ-TTg” là số quyết định của Thủ tướng Chính phủ; hãy chọn cấp quyết định "
            "“Thủ tướng Chính phủ”."
        ]
    }
    Decision(number="5/QĐ-SNN", issued_on=D(2022, 6, 2), issuer=Issuer.OTHER).check_rules(
        lambda _decision: []
    )


def test_a_number_recorded_under_another_body_is_not_taken_again():
    """Decision.check_rules: a number the register already holds under another issuer (a row
    recorded before the suffix rules) is refused, naming that issuer
    (xǁDecisionǁcheck_rules__mutmut_59, _70 to _72)."""
    Decision.objects.create(
        number="5/QĐ-UBND", issued_on=D(2022, 3, 1), issuer=Issuer.OTHER, signer="Lê Văn Ký"
    )
    again = Decision(number="5/QĐ-UBND", issued_on=D(2022, 6, 2), issuer=Issuer.PROVINCE_CHAIRMAN)
    with pytest.raises(ValidationError) as refused:
        again.clean()
    assert refused.value.message_dict == {
        "number": [
            "Số quyết định 5/QĐ-UBND năm 2022 đã được ghi là quyết định của Cơ quan khác; một số "
            "quyết định không thể thuộc hai cơ quan."
        ]
    }
