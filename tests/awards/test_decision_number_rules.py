"""An award decision's number, one rule a test (written for the survivors of `make mutants` on
awards/models/nominations.py; each docstring names the mutants it kills)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardDecision
from tests.awards.helpers import phase, session
from units.models import IssuingBody, Unit, issuing_body

D = datetime.date

pytestmark = pytest.mark.django_db


def decision(by, *, number="55/QĐ-UBND", kind=IssuingBody.Kind.PROVINCE_COMMITTEE, unit=None):
    day = D(2025, 3, 20)
    meeting = session(phase(), by=by) if unit is None else None
    return AwardDecision(
        number=number, issued_on=day, signer="Lê Quốc Anh", phase=phase(), session=meeting,
        created_by=by, issuer=issuing_body(kind, on=day, unit=unit),
    )  # fmt: skip


def test_a_decision_without_a_number_is_told_only_that_the_number_is_missing(province_staff):
    """AwardDecision.clean: an empty number is not also read as a number of the wrong form
    (xǁAwardDecisionǁclean__mutmut_3: `or "XXXX"`)."""
    with pytest.raises(ValidationError) as refused:
        decision(province_staff, number="").full_clean()
    assert refused.value.message_dict == {"number": ["Trường này không được để trắng."]}


def test_the_same_number_of_another_issuer_in_the_same_year_is_free(province_staff):
    """AwardDecision.number_taken: a number is taken only by the same issuer
    (xǁAwardDecisionǁnumber_taken__mutmut_9): the district's 55/QĐ-UBND beside the
    province's."""
    decision(province_staff).save()
    district = Unit.objects.get(code="910", valid_from__isnull=True)
    own = decision(province_staff, kind=IssuingBody.Kind.DISTRICT_COMMITTEE, unit=district)
    assert not own.number_taken()
    own.full_clean()


def test_a_recorded_decision_checked_again_does_not_take_its_own_number(province_staff):
    """AwardDecision.number_taken: the decision itself left out (xǁAwardDecisionǁ
    number_taken__mutmut_5: `exclude(pk=None)`), as when the admin corrects its signer."""
    recorded = decision(province_staff)
    recorded.save()
    recorded.signer = "Nguyễn Thanh Nhàn"
    assert not recorded.number_taken()
    recorded.full_clean()
