"""Access rules that `make mutants` found unheld (docs/benchmarks.md, "Mutation testing"): each
test names the rule and fails on the mutant of units/access.py noted in its docstring."""

import datetime

import pytest
from django.urls import reverse

from targets.models import AppraisalRequest
from targets.services import submit_appraisal
from tests.conftest import make_user
from tests.factories import commune_status, unit
from units.access import Capability, Role, access_of, in_scope
from units.models import Assignment, Unit

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "Đối tượng này nằm ngoài phạm vi được phân công của bạn."


def test_a_deactivated_account_keeps_its_assignment_but_acts_with_no_role(officer):
    """access_of: `… or not user.is_active` turned into `and`."""
    officer.is_active = False
    officer.save()
    access = access_of(officer)
    assert access.role is None and access.unit is None
    assert access.role_label == "Chưa được phân quyền"
    assert not access.can(Capability.VIEW)


def test_a_caller_without_a_user_gets_no_access():
    """access_of: the default of `getattr(user, "is_authenticated", False)` removed or True
    (a management command or an import run without a user passes None)."""
    access = access_of(None)
    assert access.role is None
    assert not access.can(Capability.VIEW)


def test_a_users_rights_and_unit_are_read_once_per_request(officer, django_assert_num_queries):
    """access_of: the Access not kept on the user (`cached = None`, another attribute name,
    `user._ntm_access = None`) or the unit not read with the assignment
    (`select_related(None)`): every question would cost queries again."""
    with django_assert_num_queries(2):  # the data version; the assignment with its unit
        first = access_of(officer)
        again = access_of(officer)
        assert first.unit.name == "Vĩnh Thuận"
    assert again is first


def test_a_later_request_reads_the_assignment_from_the_cache_until_it_changes(
    officer, django_assert_num_queries
):
    """access_of caches the assignment on the data version (issue #22: one query fewer on every
    page); a reassignment is kept with its history, so the very next request sees it."""
    from units.models import Assignment, reassign

    User = type(officer)
    access_of(officer)
    later = User.objects.get(pk=officer.pk)  # the user of the next request
    with django_assert_num_queries(1):  # the data version only
        assert access_of(later).unit.name == "Vĩnh Thuận"
    reassign(Assignment.objects.get(user=officer), role=Role.PROVINCE_STAFF, unit=None)
    moved = access_of(User.objects.get(pk=officer.pk))
    assert (moved.role, moved.unit) == (Role.PROVINCE_STAFF, None)


def test_a_capability_the_role_lacks_gives_nothing_even_in_the_users_own_district(officer):
    """ScopedQuerySet.for_user: `scope == DISTRICT and unit is not None` turned into `or`
    (a district officer would be given its own district for a right it does not hold)."""
    commune_status("31060", 2024, met=19)  # Vĩnh Bình Bắc, a commune of the officer's district
    submitted = submit_appraisal(
        commune=unit("31060"),
        standard="ntm",
        standard_year=2024,
        submission_number="45/TTr-UBND",
        by=officer,
    )
    own = AppraisalRequest.objects.for_user(officer, Capability.SUBMIT_APPRAISAL)
    assert list(own) == [submitted]
    assert not AppraisalRequest.objects.for_user(officer, Capability.REVIEW_APPRAISAL).exists()


def test_the_403_for_another_districts_contact_page_says_the_unit_is_outside_ones_scope(
    client, officer
):
    """ScopedObjectMixin.get_object: the message of the PermissionDenied changed or removed
    (the page shows it as its own paragraph: nothing before or after it)."""
    client.force_login(officer)
    response = client.get(reverse("units:unit_contact", args=["908"]))
    assert response.status_code == 403
    assert f"<p>{OUT_OF_SCOPE}</p>" in response.content.decode()


def test_the_403_for_another_districts_commune_criteria_says_the_commune_is_outside_ones_scope(
    client, officer
):
    """get_scoped_or_403: the message of the PermissionDenied changed or removed."""
    commune = Unit.objects.rural_communes().filter(parent__code="908").existing_in(2024).first()
    client.force_login(officer)
    response = client.get(reverse("targets:status_edit", args=[commune.code, 2024]))
    assert response.status_code == 403
    assert f"<p>{OUT_OF_SCOPE}</p>" in response.content.decode()


def test_a_province_wide_right_is_answered_without_a_query(
    province_staff, django_assert_num_queries
):
    """in_scope: mutants 1 (the scope of no capability asked: None, never the province) and 2
    (the access of no user asked): province staff's in-scope check would query the table
    `for_user` answers whole, on every object page. Its docstring: no query is asked."""
    commune = unit("31060")
    access_of(province_staff)  # read once per request, before any page's check
    with django_assert_num_queries(0):
        assert in_scope(Unit, province_staff, Capability.EDIT_CONTACT, commune)


def test_the_staff_of_the_province_of_01_07_2025_read_no_old_units_with_their_rights(
    django_assert_num_queries,
):
    """earlier_units_of: mutant 1 (`or` turned into `and`: a unit with a start date that is not
    a commune, the province of 01/07/2025, would read the units it came from). Province staff
    act on the whole province: their assignment lists no old unit and is read in two queries."""
    staff = make_user("tinh.moi")
    province = Unit.objects.get(code="91", valid_from=datetime.date(2025, 7, 1))
    Assignment.objects.create(user=staff, role=Role.PROVINCE_STAFF, unit=province)
    with django_assert_num_queries(2):  # the data version; the assignment with its unit
        access = access_of(staff)
    assert access.unit.name == "An Giang" and access.earlier_units == ()
