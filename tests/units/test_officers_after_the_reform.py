"""Scoping after 01/07/2025 (issue #24, point 1): there is no district level any more; officers
serve a commune-level unit or the province, a new commune's officer answers for the old units it
came from (their records stay on them), and a former district officer's account is reassigned —
by a command or in the staff pages — with its history, never deleted."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import make_user
from units.access import Capability, Role, access_of
from units.models import Assignment, Unit, UnitSuccession, reassign

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)
OUT_OF_SCOPE = "Đối tượng này nằm ngoài phạm vi được phân công của bạn."


def new(code):
    return Unit.objects.get(code=code, valid_from=REFORM)


def old(code):
    return Unit.objects.get(code=code, valid_from__isnull=True)


@pytest.fixture
def vinh_binh_officer(db):
    """An officer of Xã Vĩnh Bình (31064 from 01/07/2025: Vĩnh Bình Bắc, Vĩnh Bình Nam and
    Bình Minh of the old Vĩnh Thuận district)."""
    user = make_user("xa.vinhbinh")
    Assignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=new("31064"))
    return user


def test_a_commune_officer_changes_its_unit_and_the_old_units_it_came_from_nothing_else(
    vinh_binh_officer,
):
    own = Unit.objects.for_user(vinh_binh_officer, Capability.EDIT_CONTACT)
    assert sorted((unit.code, unit.full_name) for unit in own) == [
        ("31060", "Xã Vĩnh Bình Bắc"),
        ("31063", "Xã Vĩnh Bình Nam"),
        ("31064", "Xã Bình Minh"),
        ("31064", "Xã Vĩnh Bình"),
    ]
    # It reads the whole province, old and new, as a district officer did.
    assert Unit.objects.for_user(vinh_binh_officer).count() == 262


def test_a_commune_officer_edits_the_criteria_of_its_old_xa_but_not_of_a_neighbour(
    client, vinh_binh_officer
):
    client.force_login(vinh_binh_officer)
    own_old = client.get(reverse("targets:status_edit", args=["31060", 2025]))
    assert own_old.status_code == 200
    assert "Vĩnh Bình Bắc" in own_old.content.decode()
    # Xã Tân Thuận, of the same old district, went into Xã Vĩnh Thuận, not Vĩnh Bình.
    neighbour = client.get(reverse("targets:status_edit", args=["31072", 2025]))
    assert neighbour.status_code == 403
    assert OUT_OF_SCOPE in neighbour.content.decode()


def test_a_commune_officer_s_lists_open_on_the_province_not_on_a_district(
    client, vinh_binh_officer
):
    client.force_login(vinh_binh_officer)
    for name in ("targets:status_list", "targets:appraisal_list"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response.context["filter"].form.data.get("district") in (None, ""), name


def test_a_district_officer_keeps_its_old_district_and_nothing_of_the_new_units(officer):
    own = Unit.objects.for_user(officer, Capability.EDIT_CONTACT)
    assert new("31064") not in own
    assert old("31064") in own
    assert access_of(officer).earlier_units == ()


def test_after_a_second_reorganisation_an_officer_answers_for_the_units_of_both_earlier_ones(
    client,
):
    """earlier_units_of (units/access.py, `make mutants`): mutants 17 (`frontier = None`) and
    18 (the frontier of units without a start date): only one reorganisation back. Suppose Xã
    Vĩnh Bình and Xã Vĩnh Thuận of 01/07/2025 merge on 01/01/2027 into a new Xã Vĩnh Bình: its
    officer answers for them and, through Vĩnh Bình, for Vĩnh Bình Bắc, Vĩnh Bình Nam and Bình
    Minh of 2021–2025, whose records stay on them."""
    merged_on = datetime.date(2027, 1, 1)
    parts = [new("31064"), new("31069")]
    Unit.objects.filter(pk__in=[part.pk for part in parts]).update(
        valid_to=merged_on - datetime.timedelta(days=1)
    )
    merged = Unit.objects.create(
        code="31064",
        name="Vĩnh Bình",
        level=Unit.Level.COMMUNE,
        kind=Unit.Kind.XA,
        parent=parts[0].parent,
        valid_from=merged_on,
    )
    for part in parts:
        UnitSuccession.objects.create(predecessor=part, successor=merged, effective_on=merged_on)
    user = make_user("xa.vinhbinh.2027")
    Assignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=merged)
    own = Unit.objects.for_user(user, Capability.EDIT_CONTACT)
    assert sorted((unit.code, unit.full_name, str(unit.valid_from or "")) for unit in own) == [
        ("31060", "Xã Vĩnh Bình Bắc", ""),
        ("31063", "Xã Vĩnh Bình Nam", ""),
        ("31064", "Xã Bình Minh", ""),
        ("31064", "Xã Vĩnh Bình", "2025-07-01"),
        ("31064", "Xã Vĩnh Bình", "2027-01-01"),
        ("31069", "Xã Vĩnh Thuận", ""),
        ("31069", "Xã Vĩnh Thuận", "2025-07-01"),
        ("31072", "Xã Tân Thuận", ""),
    ]
    client.force_login(user)
    response = client.get(reverse("targets:status_edit", args=["31060", 2025]))
    assert response.status_code == 200 and "Vĩnh Bình Bắc" in response.content.decode()


def test_the_roles_page_and_the_home_page_name_the_commune_officer_and_its_scope(
    client, vinh_binh_officer
):
    client.force_login(vinh_binh_officer)
    roles = client.get(reverse("roles")).content.decode()
    assert "Cán bộ cấp xã" in roles and "Xã được phân công" in roles
    home = client.get(reverse("home")).content.decode()
    assert "Xã Vĩnh Bình và các xã, phường, thị trấn cũ hợp thành" in home
    assert "Xã Vĩnh Bình và các xã trực thuộc" not in home


def run(*args):
    out = io.StringIO()
    call_command("reassign_officer", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_the_accounts_of_ended_districts(officer, other_officer, province_staff):
    listing = run("--list")
    assert "huyen.vinhthuan" in listing and "Huyện Vĩnh Thuận (đến 30/06/2025)" in listing
    assert "huyen.anbien" in listing
    assert "tinh " not in listing


def test_a_former_district_officer_is_reassigned_to_a_new_commune_with_its_history(
    client, officer, administrator
):
    output = run(
        "huyen.vinhthuan", "--unit", "31064", "--by", "quantri", "--reason", "QĐ 5/QĐ-UBND"
    )
    assert "Đã phân công lại" in output and "Cán bộ cấp xã (Xã Vĩnh Bình)" in output

    officer.refresh_from_db()  # the account is the same account
    assignment = Assignment.objects.get(user=officer)
    assert (assignment.role, assignment.unit) == (Role.COMMUNE_OFFICER, new("31064"))
    latest, before = assignment.history.order_by("-history_date", "-history_id")[:2]
    assert (before.role, before.unit.full_name) == (Role.DISTRICT_OFFICER, "Huyện Vĩnh Thuận")
    assert latest.history_user == administrator
    assert latest.history_change_reason == "QĐ 5/QĐ-UBND"

    # From now on it works for Xã Vĩnh Bình and its old xã, not the rest of Vĩnh Thuận.
    client.force_login(officer)
    assert client.get(reverse("targets:status_edit", args=["31063", 2025])).status_code == 200
    assert client.get(reverse("targets:status_edit", args=["31072", 2025])).status_code == 403


def test_a_former_district_officer_can_go_to_the_province(officer):
    run("huyen.vinhthuan", "--province")
    assignment = Assignment.objects.get(user=officer)
    assert assignment.role == Role.PROVINCE_STAFF
    assert (assignment.unit.full_name, assignment.unit.valid_from) == ("Tỉnh An Giang", REFORM)


@pytest.mark.parametrize(
    "args, message",
    [
        (["huyen.vinhthuan", "--unit", "31060"], "Xã Vĩnh Bình Bắc (mã 31060) đã hết hiệu lực"),
        (["huyen.vinhthuan", "--unit", "31060"], "Đơn vị kế thừa: Xã Vĩnh Bình (mã 31064)"),
        (["huyen.vinhthuan", "--unit", "910"], "không phải đơn vị cấp xã"),
        (["huyen.vinhthuan", "--unit", "99999"], "Không có đơn vị mã 99999"),
        (["khongco", "--unit", "31064"], "Không có tài khoản “khongco”"),
        (["huyen.vinhthuan"], "Cần chọn nơi phân công mới"),
    ],
)
def test_the_command_refuses_what_it_cannot_do_in_vietnamese(officer, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)
    assert Assignment.objects.get(user=officer).role == Role.DISTRICT_OFFICER


def test_no_officer_is_assigned_anew_to_a_unit_that_has_ended(officer):
    user = make_user("moi")
    assignment = Assignment(
        user=user, role=Role.DISTRICT_OFFICER, unit=Unit.objects.districts().get(code="908")
    )
    with pytest.raises(ValidationError, match="Từ 01/07/2025 không còn cấp huyện"):
        assignment.full_clean()
    assignment = Assignment.objects.get(user=officer)
    with pytest.raises(ValidationError, match="Đơn vị kế thừa: Xã Vĩnh Bình"):
        reassign(assignment, role=Role.COMMUNE_OFFICER, unit=old("31060"))
    with pytest.raises(ValidationError, match="phải được gắn với một đơn vị cấp xã"):
        reassign(assignment, role=Role.COMMUNE_OFFICER, unit=new("31064").parent)
    # The existing assignment itself stays valid: its history is not rewritten.
    assignment.refresh_from_db()
    assignment.full_clean()


def test_staff_reassign_an_officer_in_the_admin_with_history(client, officer, administrator):
    assignment = Assignment.objects.get(user=officer)
    client.force_login(administrator)
    url = reverse("admin:units_assignment_change", args=[assignment.pk])
    refused = client.post(
        url, {"user": officer.pk, "role": Role.COMMUNE_OFFICER, "unit": old("31060").pk}
    )
    assert refused.status_code == 200
    assert "đã hết hiệu lực từ ngày 30/06/2025" in refused.content.decode()

    done = client.post(
        url, {"user": officer.pk, "role": Role.COMMUNE_OFFICER, "unit": new("31064").pk}
    )
    assert done.status_code == 302
    assignment.refresh_from_db()
    assert assignment.unit == new("31064")
    assert assignment.history.latest().history_user == administrator
    assert get_user_model().objects.filter(pk=officer.pk).exists()
