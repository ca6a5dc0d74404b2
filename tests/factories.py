"""Plain factory functions shared by the suite. Reference data (units, Plan 168, criteria) is
loaded once per session by conftest; these build the records the tests need on top of it."""

import datetime

from targets.models import (
    Certification,
    CommuneStatus,
    CriteriaSet,
    CriterionResult,
    Decision,
    Issuer,
)
from units.models import Unit


def unit(code):
    return Unit.objects.get(code=code)


def decision(
    number="100/QĐ-UBND", issued_on=datetime.date(2022, 6, 2), issuer=None, signer="Người ký"
):
    """A recognition decision; the issuer follows the number (…/QĐ-TTg: the Prime Minister)."""
    if issuer is None:
        issuer = Issuer.PRIME_MINISTER if number.endswith("/QĐ-TTg") else Issuer.PROVINCE_CHAIRMAN
    found = Decision.objects.filter(number=number, issuer=issuer, year=issued_on.year).first()
    if found:
        return found
    return Decision.objects.create(number=number, issued_on=issued_on, issuer=issuer, signer=signer)


def certify(
    code,
    standard="ntm",
    standard_year=2021,
    number="100/QĐ-UBND",
    issued_on=None,
    revoked_on=None,
    revocation_number="",
    validate=True,
):
    """Recognise the unit with `code` for a standard, through a decision (created when new)."""
    issued_on = issued_on or datetime.date(standard_year + 1, 3, 15)
    certification = Certification(
        decision=decision(number, issued_on),
        unit=unit(code),
        standard=standard,
        standard_year=standard_year,
        revoked_on=revoked_on,
        revocation_number=revocation_number or ("1/QĐ-UBND" if revoked_on else ""),
    )
    if validate:
        certification.full_clean()
    certification.save()
    return certification


def commune_status(code, year, met=19, next_standard="", planned_year=None):
    """A commune's criteria status for a year: the first `met` criteria met, the rest not."""
    criteria_set = CriteriaSet.objects.get(code="QD318-2022-XA-NTM")
    status = CommuneStatus.objects.create(
        commune=unit(code),
        year=year,
        criteria_set=criteria_set,
        next_standard=next_standard,
        planned_year=planned_year,
    )
    CriterionResult.objects.bulk_create(
        CriterionResult(status=status, criterion=criterion, met=criterion.number <= met)
        for criterion in criteria_set.criteria.all()
    )
    return status
