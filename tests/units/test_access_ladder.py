"""The role ladder on every page: anonymous → login, a role without the right → 403, the right role → 200."""

import io

import pytest
from django.urls import reverse

from targets.models import NamedTarget, Plan
from tests.conftest import status_as
from units.models import Unit

VIEW_ROLES = {"province_staff", "officer", "other_officer", "leadership", "administrator"}
PLAN_EDITORS = {"province_staff", "administrator"}


def page_rules(plan):
    """(url, roles allowed) for every GET page of the foundation."""
    named = NamedTarget.objects.filter(plan=plan).first()
    assert named is not None
    return [
        (reverse("home"), VIEW_ROLES - {"leadership"}),
        (reverse("roles"), VIEW_ROLES),
        (reverse("units:unit_list"), VIEW_ROLES),
        (reverse("units:unit_list") + "?q=hoa", VIEW_ROLES),
        (reverse("units:unit_detail", args=["91"]), VIEW_ROLES),
        (reverse("units:unit_detail", args=["910"]), VIEW_ROLES),
        (reverse("units:unit_detail", args=["31060"]), VIEW_ROLES),
        (
            reverse("units:unit_contact", args=["910"]),
            {"province_staff", "officer", "administrator"},
        ),
        (
            reverse("units:unit_contact", args=["908"]),
            {"province_staff", "other_officer", "administrator"},
        ),
        (reverse("targets:plan_list"), VIEW_ROLES),
        (reverse("targets:plan_detail", args=[plan.pk]), VIEW_ROLES),
        (reverse("targets:plan_check", args=[plan.pk]), VIEW_ROLES),
        (reverse("targets:plan_history", args=[plan.pk]), VIEW_ROLES),
        (reverse("targets:plan_create"), PLAN_EDITORS),
        (reverse("targets:plan_update", args=[plan.pk]), PLAN_EDITORS),
        (reverse("targets:plan_targets_edit", args=[plan.pk]), PLAN_EDITORS),
        (reverse("targets:indicator_create", args=[plan.pk]), PLAN_EDITORS),
        (reverse("targets:named_target_create", args=[plan.pk]), PLAN_EDITORS),
    ]


def test_every_page_follows_the_role_ladder(client, cast, plan):
    for url, allowed in page_rules(plan):
        status, response = status_as(client, None, "get", url)
        assert status == 302 and response.url.startswith(reverse("login")), url
        for name, user in cast.items():
            status, _ = status_as(client, user, "get", url)
            expected = 200 if name in allowed else 403
            if url == reverse("home") and name == "leadership":
                expected = 302  # leadership's home is the progress dashboard
            assert status == expected, f"{name} on {url}: {status}, expected {expected}"


def test_unassigned_account_sees_only_its_home_page(client, unassigned, plan):
    client.force_login(unassigned)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "chưa được phân vai trò" in home.content.decode()
    assert client.get(reverse("units:unit_list")).status_code == 403
    assert client.get(reverse("targets:plan_detail", args=[plan.pk])).status_code == 403


def test_district_officer_cannot_edit_other_district(client, officer):
    client.force_login(officer)
    an_bien_commune = Unit.objects.communes().filter(parent__code="908").first()
    for code in ["908", an_bien_commune.code]:
        url = reverse("units:unit_contact", args=[code])
        assert client.get(url).status_code == 403
        response = client.post(
            url, {"contact_person": "Kẻ lạ", "contact_phone": "", "contact_email": ""}
        )
        assert response.status_code == 403
        assert Unit.objects.get(code=code, valid_from__isnull=True).contact_person == ""
    own_commune = Unit.objects.communes().filter(parent__code="910").first()
    # Its own address (?year=2025): the bare code 31064 is Xã Vĩnh Bình of 01/07/2025, outside
    # the district officer's district.
    assert client.get(own_commune.get_contact_url()).status_code == 200
    assert client.get(reverse("units:unit_contact", args=[own_commune.code])).status_code == 403


def test_leadership_can_change_nothing(client, leadership, plan):
    client.force_login(leadership)
    before = (
        plan.title,
        list(plan.indicators.values_list("denominator", flat=True)),
        NamedTarget.objects.count(),
    )
    posts = [
        (reverse("units:unit_contact", args=["910"]), {"contact_person": "X"}),
        (reverse("targets:plan_update", args=[plan.pk]), {"title": "Đổi"}),
        (reverse("targets:plan_targets_edit", args=[plan.pk]), {}),
        (reverse("targets:plan_create"), {"number": "1/KH-UBND"}),
        (reverse("targets:named_target_delete", args=[NamedTarget.objects.first().pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    plan.refresh_from_db()
    after = (
        plan.title,
        list(plan.indicators.values_list("denominator", flat=True)),
        NamedTarget.objects.count(),
    )
    assert before == after
    assert Unit.objects.get(code="910").contact_person == ""
    assert not Plan.objects.filter(number="1/KH-UBND").exists()


@pytest.mark.parametrize(
    "username", ["tinh", "huyen.vinhthuan", "huyen.anbien", "lanhdao", "quantri"]
)
def test_each_demo_account_logs_in_and_sees_its_home_page(db, client, username):
    from django.core.management import call_command

    from units.management.commands.load_demo_accounts import DEMO_PASSWORD

    call_command("load_demo_accounts", stdout=io.StringIO())
    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    if username == "lanhdao":
        assert response.redirect_chain[-1][0] == reverse("targets:dashboard")
        assert "Lãnh đạo" in page
        return
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Xin chào" in page and "Việc bạn có thể làm" in page
    if username.startswith("huyen."):
        assert "Cập nhật kết quả tiêu chí của xã" in page
    if username == "huyen.vinhthuan":
        assert "Xin chào, Trần Văn Vĩnh" in page


def test_wrong_password_gets_a_vietnamese_message(client, officer):
    response = client.post(reverse("login"), {"username": "huyen.vinhthuan", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert 'value="huyen.vinhthuan"' in response.content.decode()


def test_roles_page_shows_each_role_what_it_may_do(client, officer):
    client.force_login(officer)
    page = client.get(reverse("roles")).content.decode()
    for label in [
        "Cán bộ cấp tỉnh",
        "Cán bộ cấp huyện",
        "Lãnh đạo",
        "Quản trị hệ thống",
        "Huyện được phân công",
        "Toàn tỉnh",
    ]:
        assert label in page


def test_for_user_scopes_units_by_role(cast):
    from units.access import Capability

    # 1 + 15 + 143 units of 2021–2025 and 1 + 102 from 01/07/2025.
    assert Unit.objects.for_user(cast["leadership"]).count() == 262
    assert Unit.objects.for_user(cast["leadership"], Capability.EDIT_CONTACT).count() == 0
    own = Unit.objects.for_user(cast["officer"], Capability.EDIT_CONTACT)
    assert set(own.values_list("code", flat=True)) == {"910"} | set(
        Unit.objects.filter(parent__code="910").values_list("code", flat=True)
    )
    assert Unit.objects.for_user(cast["province_staff"], Capability.EDIT_CONTACT).count() == 262
