from tests.conftest import status_as


def test_forbidden_page_names_the_missing_right_and_the_roles_that_have_it(client, officer):
    status, response = status_as(client, officer, "get", "/certifications/new/")
    assert status == 403
    text = response.content.decode()
    assert "không có quyền “Ghi nhận, sửa, thu hồi quyết định công nhận”" in text
    assert "Quyền này dành cho: Cán bộ cấp tỉnh, Quản trị hệ thống." in text
    assert 'href="/roles/"' in text


def test_leadership_is_told_which_roles_edit_plans(client, leadership, plan):
    status, response = status_as(client, leadership, "get", f"/plans/{plan.pk}/edit/")
    assert status == 403
    assert "Quyền này dành cho: Cán bộ cấp tỉnh, Quản trị hệ thống." in response.content.decode()
