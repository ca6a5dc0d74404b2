"""The recognition rules of targets/models/certifications.py, one rule a test, at their edges and
with the message a user reads (written for `make mutants` on that module; the broad stories
through the recording page are in test_rules.py, test_issuer_rules.py and
test_revocation_and_editing.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from targets.models import Certification, Decision
from targets.models.certifications import (
    DATABASE,
    NEITHER_NUMBER_NOR_DATE,
    NO_YEAR_NOR_DATE,
    Issuer,
)
from tests.factories import certify, decision, unit
from tests.targets.certifications.helpers import refusal

D = datetime.date
COMMUNE = "31060"  # a xã of huyện Vĩnh Thuận

pytestmark = pytest.mark.django_db


# --- the decision ---------------------------------------------------------------------------------


def test_a_decision_with_neither_number_nor_date_is_refused_on_its_number():
    """Decision.check_rules: `not number and not issued_on`."""
    empty = Decision(number="", issued_on=None, issuer=Issuer.PROVINCE_CHAIRMAN)
    with pytest.raises(ValidationError) as refused:
        empty.check_rules(lambda _decision: [])
    assert refused.value.message_dict == {"number": [NEITHER_NUMBER_NOR_DATE]}
    # A number alone, or a date alone, is enough (recorded and flagged elsewhere).
    Decision(number="5/QĐ-UBND", issued_on=None, issuer=Issuer.PROVINCE_CHAIRMAN).check_rules(
        lambda _decision: []
    )
    Decision(number="", issued_on=D(2022, 6, 2), issuer=Issuer.PROVINCE_CHAIRMAN).check_rules(
        lambda _decision: []
    )


def test_a_number_of_the_same_issuer_in_the_same_year_names_the_decision_already_recorded():
    """Decision.check_rules: one decision per number, issuer and year (`same`), the message
    naming the recorded one's date and the box to choose it in."""
    decision("1007/QĐ-UBND", D(2022, 3, 15))
    again = Decision(
        number="1007/QĐ-UBND", issued_on=D(2022, 12, 20), issuer=Issuer.PROVINCE_CHAIRMAN
    )
    with pytest.raises(ValidationError) as refused:
        again.clean()
    assert refused.value.message_dict == {
        "number": [
            "Số quyết định 1007/QĐ-UBND của Chủ tịch UBND tỉnh năm 2022 đã có (quyết định ngày "
            "15/03/2022); để thêm đơn vị vào quyết định đó, hãy chọn nó ở ô “Quyết định đã có”."
        ]
    }
    # Another year: another decision.
    Decision(
        number="1007/QĐ-UBND", issued_on=D(2023, 1, 20), issuer=Issuer.PROVINCE_CHAIRMAN
    ).clean()


def test_a_number_recorded_undated_is_named_as_such():
    """Decision.check_rules: the recorded decision without a date reads “chưa rõ ngày”."""
    Decision.objects.create(number="88/QĐ-UBND", issued_on=None, issuer=Issuer.PROVINCE_CHAIRMAN)
    again = Decision(number="88/QĐ-UBND", issued_on=None, issuer=Issuer.PROVINCE_CHAIRMAN)
    with pytest.raises(ValidationError) as refused:
        again.clean()
    assert refused.value.message_dict == {
        "number": [
            "Số quyết định 88/QĐ-UBND của Chủ tịch UBND tỉnh chưa rõ ngày đã có (quyết định "
            "chưa rõ ngày); để thêm đơn vị vào quyết định đó, hãy chọn nó ở ô “Quyết định đã "
            "có”."
        ]
    }


def test_a_decision_dated_today_is_not_in_the_future():
    """Decision.check_rules: issued_on > today refused, today accepted."""
    today = timezone.localdate()
    Decision(number="9/QĐ-UBND", issued_on=today, issuer=Issuer.PROVINCE_CHAIRMAN).check_rules(
        lambda _decision: []
    )
    tomorrow = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        Decision(
            number="9/QĐ-UBND", issued_on=tomorrow, issuer=Issuer.PROVINCE_CHAIRMAN
        ).check_rules(lambda _decision: [])
    assert refused.value.message_dict == {
        "issued_on": [f"Ngày quyết định {tomorrow:%d/%m/%Y} ở tương lai."]
    }


# --- the recognition -----------------------------------------------------------------------------


def test_a_standard_year_not_yet_come_is_refused_for_a_recognition_known_from_a_source():
    """Certification.check_rules: standard_year > this year without a decision date; this
    year is accepted."""
    this_year = timezone.localdate().year
    known = Certification(
        unit=unit(COMMUNE), standard="ntm", standard_year=this_year + 1, source="Báo cáo 1/BC"
    )
    assert refusal(known) == {"standard_year": [f"Năm đạt chuẩn {this_year + 1} chưa tới."]}
    known.standard_year = this_year
    known.check_rules(DATABASE)


def test_without_a_decision_the_source_and_a_year_are_asked_for():
    """Certification.check_rules: no decision → a source; neither year nor date → NO_YEAR."""
    bare = Certification(unit=unit(COMMUNE), standard="ntm", standard_year=None, source="  ")
    assert refusal(bare) == {
        "source": [
            "Chưa có số và ngày quyết định thì phải ghi nguồn: báo cáo hoặc văn bản cho biết việc "
            "công nhận (ví dụ: Báo cáo 25/BC-UBND ngày 10/01/2021 của UBND tỉnh)."
        ],
        "standard_year": [NO_YEAR_NOR_DATE],
    }


def test_a_ward_and_a_province_are_not_recognised():
    """Certification.check_rules: only communes and districts of a kind with standards."""
    ward = unit("30742")
    refused = refusal(
        Certification(unit=ward, standard="ntm", standard_year=2021, source="Báo cáo 1/BC")
    )
    assert refused == {"unit": [f"{ward} không thuộc diện công nhận nông thôn mới."]}
    province = unit("91")
    refused = refusal(
        Certification(unit=province, standard="ntm", standard_year=2021, source="Báo cáo 1/BC")
    )
    assert refused == {"unit": [f"{province} không thuộc diện công nhận nông thôn mới."]}


def test_a_decision_in_the_standard_year_itself_is_accepted():
    """Certification.check_rules: decision year < standard_year refused, the same year not."""
    same_year = Certification(
        unit=unit(COMMUNE),
        standard="ntm",
        standard_year=2022,
        decision=decision("12/QĐ-UBND", D(2022, 1, 1)),
    )
    same_year.check_rules(DATABASE)
    same_year.standard_year = 2023
    assert refusal(same_year) == {
        "standard_year": ["Ngày quyết định 01/01/2022 trước năm đạt chuẩn 2023."]
    }


def test_a_revocation_on_the_day_of_the_decision_is_accepted_the_day_before_is_not():
    """Certification.check_rules: revoked_on < decision date refused, the same day accepted."""
    recognition = Certification(
        unit=unit(COMMUNE),
        standard="ntm",
        standard_year=2021,
        decision=decision("13/QĐ-UBND", D(2022, 6, 2)),
        revoked_on=D(2022, 6, 2),
        revocation_number="14/QĐ-UBND",
    )
    recognition.check_rules(DATABASE)
    recognition.revoked_on = D(2022, 6, 1)
    assert refusal(recognition) == {
        "revoked_on": ["Ngày thu hồi 01/06/2022 trước ngày quyết định công nhận 02/06/2022."]
    }


def test_a_revocation_in_the_standard_year_of_an_undated_recognition_is_accepted():
    """Certification.check_rules: revoked_on.year < standard_year refused, the same year not."""
    recognition = Certification(
        unit=unit(COMMUNE),
        standard="ntm",
        standard_year=2021,
        source="Báo cáo 25/BC-UBND",
        revoked_on=D(2021, 1, 1),
        revocation_number="14/QĐ-UBND",
    )
    recognition.check_rules(DATABASE)
    recognition.revoked_on = D(2020, 12, 31)
    assert refusal(recognition) == {
        "revoked_on": ["Ngày thu hồi 31/12/2020 trước năm đạt chuẩn 2021."]
    }


def test_a_revocation_dated_today_is_not_in_the_future():
    """Certification.check_rules: revoked_on > today refused, today accepted."""
    today = timezone.localdate()
    recognition = Certification(
        unit=unit(COMMUNE),
        standard="ntm",
        standard_year=2021,
        decision=decision("15/QĐ-UBND", D(2022, 6, 2)),
        revoked_on=today,
        revocation_number="16/QĐ-UBND",
    )
    recognition.check_rules(DATABASE)
    recognition.revoked_on = today + datetime.timedelta(days=1)
    assert refusal(recognition) == {
        "revoked_on": [f"Ngày thu hồi {recognition.revoked_on:%d/%m/%Y} ở tương lai."]
    }


# --- in force on a day: the register and a recognition in hand -----------------------------------


def test_in_force_from_the_decisions_day_until_the_day_before_its_revocation():
    """CertificationQuerySet.active_on and Certification.is_active_on, with a decision date:
    issued_on <= day, revoked_on > day."""
    recognition = certify(COMMUNE, standard_year=2021, issued_on=D(2022, 6, 2))
    recognition.revoked_on = D(2023, 3, 1)
    recognition.revocation_number = "17/QĐ-UBND"
    recognition.save()
    for day, active in [
        (D(2022, 6, 1), False),
        (D(2022, 6, 2), True),
        (D(2023, 2, 28), True),
        (D(2023, 3, 1), False),
    ]:
        assert Certification.objects.active_on(day).filter(pk=recognition.pk).exists() is active
        assert recognition.is_active_on(day) is active, day


def test_a_recognition_without_a_decision_date_is_in_force_from_the_end_of_its_standard_year():
    """active_on / is_active_on without a decision date: from 31/12 of the standard year."""
    known = Certification.objects.create(
        unit=unit(COMMUNE), standard="ntm", standard_year=2022, source="Báo cáo 25/BC-UBND"
    )
    for day, active in [
        (D(2022, 12, 30), False),
        (D(2022, 12, 31), True),
        (D(2023, 1, 1), True),
    ]:
        assert Certification.objects.active_on(day).filter(pk=known.pk).exists() is active
        assert known.is_active_on(day) is active, day


def test_the_lower_standard_is_held_on_the_day_of_its_decision_not_the_day_before():
    """Register.holds(on=…): decision__issued_on <= on; a revoked one is not held."""
    ntm = certify(COMMUNE, standard_year=2021, issued_on=D(2022, 6, 2))
    commune = unit(COMMUNE)
    assert DATABASE.holds(commune, "ntm", on=D(2022, 6, 2))
    assert not DATABASE.holds(commune, "ntm", on=D(2022, 6, 1))
    assert DATABASE.holds(commune, "ntm")
    assert not DATABASE.holds(commune, "nang_cao")
    ntm.revoked_on, ntm.revocation_number = D(2023, 1, 5), "18/QĐ-UBND"
    ntm.save()
    assert not DATABASE.holds(commune, "ntm")
    assert DATABASE.revoked(commune, "ntm") == ntm
    assert DATABASE.revoked(commune, "nang_cao") is None


def test_an_undated_lower_standard_is_held_from_its_standard_year():
    """Register.holds(on=…) without a decision date: standard_year <= on's year."""
    Certification.objects.create(
        unit=unit(COMMUNE), standard="ntm", standard_year=2022, source="Báo cáo 25/BC-UBND"
    )
    commune = unit(COMMUNE)
    assert DATABASE.holds(commune, "ntm", on=D(2022, 1, 1))
    assert not DATABASE.holds(commune, "ntm", on=D(2021, 12, 31))


def test_the_lower_standard_recorded_in_the_same_decision_is_held_whatever_the_day():
    """Register.holds(on=…, decision=…): recorded by the same decision (recorded first)."""
    same = decision("19/QĐ-UBND", D(2022, 6, 2))
    Certification.objects.create(
        unit=unit(COMMUNE), standard="ntm", standard_year=2021, decision=same
    )
    assert DATABASE.holds(unit(COMMUNE), "ntm", on=D(2022, 1, 1), decision=same)
    assert not DATABASE.holds(unit(COMMUNE), "ntm", on=D(2022, 1, 1))


def test_an_imported_decision_gets_every_error_of_its_fields_and_rules_at_once():
    """Decision.validate_among (the import's full_clean): field errors and rule errors
    together, each on its field; a valid one passes and takes its year."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    imported = Decision(
        number="1007/QĐ-UBND", issued_on=tomorrow, issuer=Issuer.PROVINCE_CHAIRMAN, signer="x" * 101
    )
    with pytest.raises(ValidationError) as refused:
        imported.validate_among(lambda _decision: [])
    assert refused.value.message_dict == {
        "signer": ["Giá trị này chỉ có tối đa 100 kí tự (hiện có 101)"],
        "issued_on": [f"Ngày quyết định {tomorrow:%d/%m/%Y} ở tương lai."],
    }
    valid = Decision(
        number="1007/QĐ-UBND", issued_on=D(2022, 6, 2), issuer=Issuer.PROVINCE_CHAIRMAN
    )
    valid.validate_among(lambda _decision: [])
    assert valid.year == 2022


def test_an_imported_decision_with_a_rule_error_only_names_it():
    """Decision.validate_among: a rule error alone (no field error)."""
    imported = Decision(number="", issued_on=None, issuer=Issuer.PROVINCE_CHAIRMAN)
    with pytest.raises(ValidationError) as refused:
        imported.validate_among(lambda _decision: [])
    assert refused.value.message_dict == {"number": [NEITHER_NUMBER_NOR_DATE]}


def test_a_decision_is_not_its_own_duplicate_nor_one_of_another_number():
    """Decision.clean: the others of its number and year, itself excluded."""
    recorded = decision("1007/QĐ-UBND", D(2022, 3, 15))
    recorded.clean()
    Decision(
        number="1008/QĐ-UBND", issued_on=D(2022, 3, 15), issuer=Issuer.PROVINCE_CHAIRMAN
    ).clean()


def test_only_the_units_own_recognitions_count_on_the_register():
    """Register.holds / Register.revoked read the unit's own recognitions; revoked() only
    revoked ones."""
    other = certify("31063", standard_year=2021, issued_on=D(2022, 6, 2))
    commune = unit(COMMUNE)
    assert not DATABASE.holds(commune, "ntm")
    assert not DATABASE.holds(commune, "ntm", on=D(2023, 1, 1))
    other.revoked_on, other.revocation_number = D(2023, 1, 5), "18/QĐ-UBND"
    other.save()
    assert DATABASE.revoked(commune, "ntm") is None
    certify(COMMUNE, standard_year=2021, issued_on=D(2022, 6, 2))
    assert DATABASE.revoked(commune, "ntm") is None


def test_a_dated_decision_without_standard_year_is_held_from_its_date():
    """Register.holds(on=…): a recognition without standard year counts from its decision's
    date, not before."""
    Certification.objects.create(
        unit=unit(COMMUNE),
        standard="ntm",
        standard_year=None,
        decision=decision("20/QĐ-UBND", D(2022, 6, 2)),
    )
    assert not DATABASE.holds(unit(COMMUNE), "ntm", on=D(2022, 6, 1))
    assert DATABASE.holds(unit(COMMUNE), "ntm", on=D(2022, 6, 2))


def test_a_number_out_of_shape_is_refused_on_the_number_field():
    """Decision.check_rules: the shape's message is the number's (beside its box, its column)."""
    wrong = Decision(number="1007-UBND", issued_on=D(2022, 6, 2), issuer=Issuer.PROVINCE_CHAIRMAN)
    with pytest.raises(ValidationError) as refused:
        wrong.check_rules(lambda _decision: [])
    assert refused.value.message_dict == {
        "number": [
            "Số quyết định “1007-UBND” không đúng mẫu: số/QĐ-cơ quan, ví dụ 669/QĐ-TTg hoặc "
            "1007/QĐ-UBND."
        ]
    }
