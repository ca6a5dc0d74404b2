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
from targets.services import submit_appraisal
from units.models import Unit

REFORM_DAY = datetime.date(2025, 7, 1)


def unit(code):
    """The unit of 2021–2025 with this code (a code may be reused by a unit from 01/07/2025)."""
    units = Unit.objects.filter(code=code).exclude(valid_from__gte=REFORM_DAY)
    found = max(units, key=lambda u: u.valid_from or datetime.date.min, default=None)
    if found is None:
        raise Unit.DoesNotExist(f"Không có đơn vị mã {code} trước ngày 01/07/2025.")
    return found


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


def advanced_appraisal(officer, submission_number="47/TTr-UBND"):
    """An advanced-NTM appraisal request of commune 31063 (Vĩnh Bình Nam), submitted by
    `officer`: its 2024 criteria all met, its NTM recognised for 2022 by 90/QĐ-UBND."""
    commune_status("31063", 2024, met=19)
    certify("31063", "ntm", 2022, number="90/QĐ-UBND")
    return submit_appraisal(
        commune=unit("31063"),
        standard="advanced",
        standard_year=2024,
        submission_number=submission_number,
        by=officer,
    )


def advanced_appraisal_resting_on_a_revoked_ntm(officer, province_staff):
    """`advanced_appraisal`, received and appraised as passed; then the NTM it rests on is
    revoked (95/QĐ-UBND, 05/01/2025) while the dossier waits for the decision, so that deciding
    it must be refused."""
    request = advanced_appraisal(officer)
    request.receive(by=province_staff)
    request.refresh_from_db()
    request.appraise(by=province_staff, passed=True)
    Certification.objects.get(unit__code="31063", standard="ntm").revoke(
        number="95/QĐ-UBND", on=datetime.date(2025, 1, 5), reason="Không duy trì tiêu chí"
    )
    request.refresh_from_db()
    return request
