import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from targets.models import Certification, CommuneStatus, Decision
from tests import factories
from tests.conftest import status_as
from tests.targets.imports.conftest import snapshot
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    STATUS_HEADERS,
    certification_row,
    csv_bytes,
    status_row,
    xlsx_bytes,
)

PAGES = ["targets:import_certifications", "targets:import_statuses"]


def upload(client, url_name, content, name="f.csv"):
    return client.post(reverse(url_name), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    "url_name, officer_status",
    [("targets:import_certifications", 403), ("targets:import_statuses", 200)],
)
def test_import_pages_follow_the_role_ladder(client, cast, url_name, officer_status):
    """Certifications: province only. Statuses: district officers too, for their own communes."""
    url = reverse(url_name)
    assert status_as(client, None, "get", url)[0] == 302
    assert status_as(client, cast["leadership"], "get", url)[0] == 403
    assert status_as(client, cast["officer"], "get", url)[0] == officer_status
    assert status_as(client, cast["province_staff"], "get", url)[0] == 200
    assert status_as(client, cast["administrator"], "get", url)[0] == 200


def test_confirm_is_refused_to_roles_without_the_import_right(client, cast):
    url = reverse("targets:import_confirm", args=["statuses"])
    assert status_as(client, None, "post", url)[0] == 302
    assert status_as(client, cast["leadership"], "post", url)[0] == 403
    certifications = reverse("targets:import_confirm", args=["certifications"])
    assert status_as(client, cast["officer"], "post", certifications)[0] == 403


def test_district_officer_imports_statuses_of_own_communes_only(client, officer):
    client.force_login(officer)
    before = snapshot()
    foreign = csv_bytes(STATUS_HEADERS, [status_row(code="31060"), status_row(code="30988")])
    response = upload(client, "targets:import_statuses", foreign)
    page = response.content.decode()
    assert response.status_code == 200
    assert "30988" in page and "Lỗi" in page
    assert snapshot() == before
    own = csv_bytes(STATUS_HEADERS, [status_row(code="31060", met=17)])
    response = upload(client, "targets:import_statuses", own)
    assert response.status_code == 200
    token = response.context["confirm_form"].initial["token"]
    client.post(reverse("targets:import_confirm", args=["statuses"]), {"token": token})
    status = CommuneStatus.objects.get(commune__code="31060", year=2024)
    assert status.results.filter(met=True).count() == 17


def exported_statuses(client, edit):
    """The status list's Excel export as the logged-in user downloads it, with `edit(rows)`
    applied to its rows (a list per row, the header first). The whole province ("?district="):
    a district officer's export opens on their own district, as the list does."""
    export = client.get(reverse("targets:status_export"), {"district": ""})
    workbook = load_workbook(io.BytesIO(export.content))
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    edit(rows)
    return xlsx_bytes(rows[0], rows[1:])


def set_criterion(rows, code, number, value):
    row = next(row for row in rows[1:] if row[0] == code)
    row[rows[0].index(f"TC{number}")] = value


def test_a_district_officer_imports_back_the_province_wide_export_with_own_changes(client, officer):
    """A district officer sees (and exports) every commune of the province; importing that file
    back with a change to an own commune writes the change, and the other districts' rows, left
    as exported, are set aside with a note instead of refusing the file."""
    factories.commune_status("31060", 2024, met=15)
    factories.commune_status("31003", 2024, met=10)
    client.force_login(officer)
    content = exported_statuses(client, lambda rows: set_criterion(rows, "31060", 16, "đạt"))

    response = upload(client, "targets:import_statuses", content, "ket-qua.xlsx")
    page = response.content.decode()
    outcomes = {row.summary.split(" mã ")[0]: row for row in response.context["report"].rows}
    assert outcomes["Xã Vĩnh Bình Bắc"].outcome == "changed"
    assert outcomes["Xã Vĩnh Bình Bắc"].changes == ["TC16: chưa đạt → đạt"]
    assert outcomes["Xã Nam Thái A"].outcome == "unchanged"
    # The change is read first; the row left as it is follows, folded.
    folded = "<summary>1 dòng không đổi hoặc lặp lại: không ghi gì</summary>"
    assert page.index("TC16: chưa đạt → đạt") < page.index(folded)
    assert (
        "Xã Nam Thái A mã 31003 (Huyện An Biên) nằm ngoài phạm vi được phân công của bạn; dòng "
        "không đổi gì nên được bỏ qua." in page
    )
    assert "Xác nhận nhập 1 dòng" in page  # what it writes, not the rows of the file
    token = response.context["confirm_form"].initial["token"]
    client.post(reverse("targets:import_confirm", args=["statuses"]), {"token": token})
    assert CommuneStatus.objects.get(commune__code="31060").results.filter(met=True).count() == 16
    assert CommuneStatus.objects.get(commune__code="31003").results.filter(met=True).count() == 10


def test_a_change_to_another_districts_commune_in_the_export_refuses_the_file(client, officer):
    factories.commune_status("31060", 2024, met=15)
    factories.commune_status("31003", 2024, met=10)
    client.force_login(officer)

    def edit(rows):
        set_criterion(rows, "31060", 16, "đạt")
        set_criterion(rows, "31003", 11, "đạt")

    before = snapshot()
    response = upload(
        client, "targets:import_statuses", exported_statuses(client, edit), "ket-qua.xlsx"
    )
    # The refused row blocks "all or nothing"; its valid rows alone may be imported.
    assert "Xác nhận nhập" not in response.content.decode()
    assert response.context["report"].errors == [
        "Dòng 2, cột A “Mã xã”: Xã Nam Thái A mã 31003 (Huyện An Biên) nằm ngoài phạm vi được "
        "phân công của bạn, không nhập được: dòng này thay đổi dữ liệu đã có "
        "(TC11: chưa đạt → đạt)."
    ]
    assert snapshot() == before


def test_upload_shows_every_row_then_confirm_writes_them_all(client, province_staff):
    client.force_login(province_staff)
    factories.certify("31063", number="12/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    Decision.objects.update(signer="Lâm Minh Thành")
    content = csv_bytes(
        CERTIFICATION_HEADERS,
        [certification_row(), certification_row(code="31064", name="Bình Minh")],
    )
    before = snapshot()
    response = upload(client, "targets:import_certifications", content)
    assert response.status_code == 200
    assert snapshot() == before
    rows = response.context["report"].rows
    assert [(row.number, row.outcome) for row in rows] == [(2, "new"), (3, "new")]
    assert "Xác nhận nhập 2 dòng" in response.content.decode()
    token = response.context["confirm_form"].initial["token"]

    response = client.post(
        reverse("targets:import_confirm", args=["certifications"]), {"token": token}
    )
    assert response.status_code == 302
    assert set(
        Certification.objects.filter(decision__number="12/QĐ-UBND").values_list(
            "unit__code", flat=True
        )
    ) == {"31060", "31063", "31064"}
    created = Certification.objects.get(unit__code="31060")
    assert created.created_by == province_staff
    assert created.history.get().history_user == province_staff

    again = client.post(
        reverse("targets:import_confirm", args=["certifications"]), {"token": token}
    )
    assert again.status_code == 302
    assert Certification.objects.count() == 3


def test_a_file_with_an_error_cannot_be_confirmed(client, province_staff):
    client.force_login(province_staff)
    content = csv_bytes(
        CERTIFICATION_HEADERS, [certification_row(), certification_row(code="99999")]
    )
    response = upload(client, "targets:import_certifications", content)
    page = response.content.decode()
    assert "Nhập các dòng hợp lệ: ghi 1 dòng hợp lệ (1 mới, 0 thay đổi, 0 không đổi)" in page
    assert "Dòng 3, cột A “Mã đơn vị”: không có đơn vị nào mã “99999” trong danh mục." in page
    assert "Xác nhận nhập" not in page
    response = client.post(
        reverse("targets:import_confirm", args=["certifications"]), {"token": "doan-bua"}
    )
    assert response.status_code == 302
    assert not Certification.objects.exists()


def test_confirm_applies_the_file_to_the_database_as_it_is_at_confirmation(client, province_staff):
    client.force_login(province_staff)
    content = xlsx_bytes(STATUS_HEADERS, [status_row(), status_row(code="31063")])
    response = upload(client, "targets:import_statuses", content, "s.xlsx")
    assert [row.outcome for row in response.context["report"].rows] == ["new", "new"]
    token = response.context["confirm_form"].initial["token"]
    factories.commune_status("31063", 2024, met=10, next_standard="advanced", planned_year=2025)
    response = client.post(reverse("targets:import_confirm", args=["statuses"]), {"token": token})
    assert response.status_code == 302
    status = CommuneStatus.objects.get(commune__code="31063", year=2024)
    # Blank optional cells keep what was stored in between; the criteria follow the file.
    assert (status.next_standard, status.planned_year) == ("advanced", 2025)
    assert status.results.filter(met=True).count() == 19
    changed = status.results.get(criterion__number=19)
    assert changed.history.first().history_user == province_staff


def test_confirm_refuses_a_file_that_became_invalid_and_writes_nothing(client, province_staff):
    client.force_login(province_staff)
    content = csv_bytes(
        CERTIFICATION_HEADERS, [certification_row(standard="advanced", number="20/QĐ-UBND")]
    )
    factories.certify("31060", number="12/QĐ-UBND", issued_on=datetime.date(2022, 3, 15))
    response = upload(client, "targets:import_certifications", content)
    token = response.context["confirm_form"].initial["token"]
    ntm = Certification.objects.get(unit__code="31060")
    ntm.revoke(number="150/QĐ-UBND", on=datetime.date(2022, 3, 20), reason="Thử")
    before = snapshot()
    response = client.post(
        reverse("targets:import_confirm", args=["certifications"]), {"token": token}
    )
    assert response.status_code == 200
    assert not response.context["report"].committed
    assert response.context["report"].errors[0].startswith("Dòng 2, cột D “Chuẩn”: ")
    assert snapshot() == before


def test_wrong_file_type_is_reported_on_the_upload_form(client, province_staff):
    client.force_login(province_staff)
    response = upload(client, "targets:import_certifications", b"\x89PNG\r\n\x1a\nabc", "a.xlsx")
    assert response.context["form"].errors["file"] == [
        "Tệp không phải bảng tính Excel (.xlsx): nội dung là ảnh PNG."
    ]


@override_settings(NTM_MAX_UPLOAD_MB=0.001)
def test_oversized_upload_is_refused_before_reading(client, province_staff):
    client.force_login(province_staff)
    content = xlsx_bytes(CERTIFICATION_HEADERS, [certification_row()])
    response = upload(client, "targets:import_certifications", content, "f.xlsx")
    assert response.context["form"].errors["file"] == ["Tệp nặng 5 KB, vượt giới hạn 1 KB."]
    assert not CommuneStatus.objects.exists()
