import pytest
from django.urls import reverse

from targets.models import AppraisalRequest
from targets.services import submit_appraisal
from tests.factories import commune_status, unit

VINH_BINH_BAC = "31060"  # a commune of Vĩnh Thuận (910), the officer's district


def step_url(action, appraisal):
    return reverse(f"targets:appraisal_{action}", args=[appraisal.pk])


def reload(appraisal):
    return AppraisalRequest.objects.get(pk=appraisal.pk)


@pytest.fixture
def full_status(db):
    return commune_status(VINH_BINH_BAC, 2024, met=19)


@pytest.fixture
def submitted(full_status, officer):
    return submit_appraisal(
        commune=unit(VINH_BINH_BAC),
        standard="ntm",
        standard_year=2024,
        submission_number="45/TTr-UBND",
        by=officer,
    )


@pytest.fixture
def received(submitted, province_staff):
    submitted.receive(by=province_staff)
    return reload(submitted)


@pytest.fixture
def appraised(received, province_staff):
    received.appraise(by=province_staff, passed=True, reason="Hội đồng thống nhất 7/7.")
    return reload(received)


@pytest.fixture
def returned(received, province_staff):
    received.return_to_district(by=province_staff, reason="Thiếu biên bản lấy ý kiến nhân dân.")
    return reload(received)
