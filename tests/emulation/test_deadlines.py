"""Deadlines of registration and self-assessment, at the boundary day, for both roles.

On the deadline day itself a change is on time; from the next day a district officer is refused
with the deadline shown (dd/mm/yyyy), while provincial staff may still change it and the record
says it was late and who changed it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emulation.models import Registration, Review
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db


def set_deadlines(phase, day):
    phase.registration_deadline = phase.assessment_deadline = day
    phase.save()


def registration_post(client, user, phase, code="910"):
    client.force_login(user)
    return client.post(
        reverse("emulation:registration_edit", args=[phase.pk, code]),
        {"area_1": "Phát triển 2 hợp tác xã", "submit": "1"},
        follow=True,
    )


def assessment_post(client, user, phase, code="910"):
    client.force_login(user)
    data = {f"points_{c.pk}": "5" for c in h.criteria_of(phase)}
    data["submit"] = "1"
    return client.post(reverse("emulation:review_edit", args=[phase.pk, code]), data, follow=True)


@pytest.fixture
def final():
    h.participant("910")
    return h.phase()


def test_officer_registers_on_the_deadline_day(client, officer, final):
    set_deadlines(final, timezone.localdate())
    registration_post(client, officer, final)
    registration = Registration.objects.get(phase=final, participant__code="910")
    assert registration.state == Registration.State.SUBMITTED
    assert registration.late is False and registration.late_by is None


def test_officer_is_refused_the_day_after_the_deadline_with_the_deadline_shown(
    client, officer, final
):
    deadline = timezone.localdate() - datetime.timedelta(days=1)
    set_deadlines(final, deadline)
    response = registration_post(client, officer, final)
    assert f"hạn {deadline:%d/%m/%Y}" in response.content.decode()
    assert not Registration.objects.filter(phase=final).exists()
    # The form is shown with what the officer typed.
    assert "Phát triển 2 hợp tác xã" in response.content.decode()


def test_staff_register_after_the_deadline_and_the_record_says_late_and_who(
    client, province_staff, final
):
    set_deadlines(final, timezone.localdate() - datetime.timedelta(days=1))
    response = registration_post(client, province_staff, final)
    registration = Registration.objects.get(phase=final, participant__code="910")
    assert registration.state == Registration.State.SUBMITTED
    assert registration.late is True
    assert registration.late_by == province_staff
    assert "sau hạn" in response.content.decode()


def test_staff_on_the_deadline_day_are_not_late(client, province_staff, final):
    set_deadlines(final, timezone.localdate())
    registration_post(client, province_staff, final)
    assert Registration.objects.get(phase=final).late is False


def test_officer_self_scores_on_the_deadline_day(client, officer, final):
    set_deadlines(final, timezone.localdate())
    assessment_post(client, officer, final)
    review = Review.objects.get(phase=final, participant__code="910")
    assert review.state == Review.State.SELF_ASSESSED and review.late is False
    assert review.total == 5 * len(h.criteria_of(final))


def test_officer_self_assessment_is_refused_after_the_deadline(client, officer, final):
    deadline = timezone.localdate() - datetime.timedelta(days=1)
    set_deadlines(final, deadline)
    response = assessment_post(client, officer, final)
    assert f"hạn {deadline:%d/%m/%Y}" in response.content.decode()
    assert not Review.objects.filter(phase=final).exists()


def test_staff_self_assessment_after_the_deadline_is_marked_late(client, province_staff, final):
    set_deadlines(final, timezone.localdate() - datetime.timedelta(days=1))
    assessment_post(client, province_staff, final)
    review = Review.objects.get(phase=final, participant__code="910")
    assert review.state == Review.State.SELF_ASSESSED
    assert review.late is True and review.late_by == province_staff
    assert review.history.filter(history_user=province_staff).exists()
