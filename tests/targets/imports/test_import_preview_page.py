from django.urls import reverse

from tests.targets.imports.files import STATUS_HEADERS, csv_bytes, status_row
from tests.targets.imports.test_import_pages import upload


def test_district_officer_sees_only_the_import_tabs_it_may_use(client, officer):
    client.force_login(officer)
    page = client.get(reverse("targets:import_statuses")).content.decode()
    assert "Nhập kết quả tiêu chí của xã" in page
    assert reverse("targets:import_certifications") not in page


def test_province_staff_sees_both_import_tabs(client, province_staff):
    client.force_login(province_staff)
    page = client.get(reverse("targets:import_statuses")).content.decode()
    assert f'href="{reverse("targets:import_certifications")}"' in page


def test_preview_offers_the_upload_box_to_try_a_fixed_file(client, officer):
    client.force_login(officer)
    broken = csv_bytes(STATUS_HEADERS, [status_row(code="30988")])
    response = upload(client, "targets:import_statuses", broken)
    page = response.content.decode()
    assert "Lỗi" in page
    assert f'action="{reverse("targets:import_statuses")}"' in page
    assert 'type="file" name="file"' in page
    fixed = csv_bytes(STATUS_HEADERS, [status_row(code="31060", met=17)])
    response = upload(client, "targets:import_statuses", fixed)
    assert response.context["confirm_form"] is not None


def test_uploading_the_same_file_again_says_nothing_would_change(client, officer):
    client.force_login(officer)
    content = csv_bytes(STATUS_HEADERS, [status_row(code="31060", met=17)])
    response = upload(client, "targets:import_statuses", content)
    token = response.context["confirm_form"].initial["token"]
    client.post(reverse("targets:import_confirm", args=["statuses"]), {"token": token})
    response = upload(client, "targets:import_statuses", content)
    page = response.content.decode()
    assert response.context["confirm_form"] is None
    assert "Không có thay đổi" in page
    assert "Xác nhận nhập" not in page


def test_blank_optional_cells_keep_the_stored_notes_and_next_standard(client, officer):
    from targets.models import CommuneStatus
    from tests.factories import commune_status

    status = commune_status("31060", 2024, met=17, next_standard="advanced", planned_year=2026)
    CommuneStatus.objects.filter(pk=status.pk).update(notes="Đã họp dân ngày 12/3")
    client.force_login(officer)
    content = csv_bytes(STATUS_HEADERS, [status_row(code="31060", met=18)])
    response = upload(client, "targets:import_statuses", content)
    page = response.content.decode()
    assert "(trống)" not in page
    token = response.context["confirm_form"].initial["token"]
    client.post(reverse("targets:import_confirm", args=["statuses"]), {"token": token})
    status.refresh_from_db()
    assert status.notes == "Đã họp dân ngày 12/3"
    assert status.next_standard == "advanced" and status.planned_year == 2026
    assert status.results.filter(met=True).count() == 18
