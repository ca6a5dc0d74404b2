"""Imports of participants and registrations: preview, all or nothing, errors naming row and
column, the same scope and deadlines as the pages; exports of the lists."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from emulation.imports import PARTICIPANT_COLUMNS, REGISTRATION_COLUMNS
from emulation.models import Participant, Registration
from ntm_portal.lib.spreadsheet import Sheet, write_xlsx
from tests.emulation import helpers as h

pytestmark = pytest.mark.django_db


def upload(client, user, kind, columns, rows, name="tep.xlsx"):
    client.force_login(user)
    data = write_xlsx([Sheet("Dữ liệu", columns, rows)])
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("emulation:import_upload", args=[kind]), {"file": file})


def confirm(client, kind, response):
    token = response.context["confirm_form"].initial["token"]
    return client.post(reverse("emulation:import_confirm", args=[kind]), {"token": token})


def test_participants_import_previews_then_writes_everything(client, province_staff):
    rows = [
        ["SNN", "Sở Nông nghiệp và Phát triển nông thôn", "Sở, ban, ngành tỉnh", "", "có", ""],
        ["910", "", "Đơn vị cấp huyện", "910", "có", ""],
        ["HTX1", "Hợp tác xã Thạnh Phú", "Hợp tác xã", "", "", "mới thành lập"],
    ]
    response = upload(client, province_staff, "participants", PARTICIPANT_COLUMNS, rows)
    assert response.status_code == 200
    assert response.context["report"].summary == "3 mới, 0 thay đổi, 0 không đổi"
    assert not Participant.objects.exists()  # a preview writes nothing
    response = confirm(client, "participants", response)
    assert response.status_code == 302
    assert set(Participant.objects.values_list("code", flat=True)) == {"SNN", "910", "HTX1"}
    # The same file again changes nothing.
    response = upload(client, province_staff, "participants", PARTICIPANT_COLUMNS, rows)
    assert response.context["report"].summary == "0 mới, 0 thay đổi, 3 không đổi"


def test_an_error_in_one_row_names_row_and_column_and_writes_nothing(client, province_staff):
    rows = [
        ["SNN", "Sở Nông nghiệp", "Sở, ban, ngành tỉnh", "", "có", ""],
        ["XYZ", "", "Đơn vị cấp huyện", "99999", "có", ""],
        ["HND", "Hội Nông dân tỉnh", "Hội đoàn", "", "có", ""],
    ]
    response = upload(client, province_staff, "participants", PARTICIPANT_COLUMNS, rows)
    errors = response.context["report"].errors
    assert "Dòng 3, cột D “Mã đơn vị hành chính”: không có đơn vị mã “99999”." in errors
    assert any(
        e.startswith("Dòng 4, cột C “Loại”: “Hội đoàn” không phải loại đơn vị") for e in errors
    )
    assert "Xác nhận nhập" not in response.content.decode()
    assert not Participant.objects.exists()


def test_a_district_officer_imports_only_its_district(client, officer):
    rows = [
        ["908", "", "Đơn vị cấp huyện", "908", "có", ""],
        ["SNN", "Sở Nông nghiệp", "Sở, ban, ngành tỉnh", "", "có", ""],
    ]
    response = upload(client, officer, "participants", PARTICIPANT_COLUMNS, rows)
    errors = response.context["report"].errors
    assert (
        "Dòng 2, cột D “Mã đơn vị hành chính”: Huyện An Biên nằm ngoài phạm vi được phân công của bạn."
        in errors
    )
    assert any(e.startswith("Dòng 3, cột C “Loại”: chỉ cán bộ cấp tỉnh") for e in errors)
    assert not Participant.objects.exists()


def registration_rows(code="910", year=2025):
    return [
        ["Tổng kết", year, code, 1, "Phát triển 2 hợp tác xã", 1, 2, 0],
        ["Tổng kết", year, code, 3, "Xây dựng 3 nhà văn hóa ấp", "", "", ""],
    ]


def test_registrations_import_writes_sent_registrations_with_their_items(client, officer):
    h.participant("910")
    final = h.phase(open_days=3)
    response = upload(client, officer, "registrations", REGISTRATION_COLUMNS, registration_rows())
    assert not response.context["report"].has_errors, response.context["report"].errors
    confirm(client, "registrations", response)
    registration = Registration.objects.get(phase=final, participant__code="910")
    assert registration.state == Registration.State.SUBMITTED
    assert (registration.communes_ntm, registration.communes_advanced) == (1, 2)
    assert list(registration.items.values_list("content_area__number", flat=True)) == [1, 3]
    assert registration.late is False


def test_registrations_import_after_the_deadline(client, officer, province_staff):
    h.participant("910")
    final = h.phase()
    deadline = timezone.localdate() - datetime.timedelta(days=1)
    final.registration_deadline = final.assessment_deadline = deadline
    final.save()
    response = upload(client, officer, "registrations", REGISTRATION_COLUMNS, registration_rows())
    assert any(f"(hạn {deadline:%d/%m/%Y})" in e for e in response.context["report"].errors)
    assert not Registration.objects.exists()
    response = upload(
        client, province_staff, "registrations", REGISTRATION_COLUMNS, registration_rows()
    )
    confirm(client, "registrations", response)
    registration = Registration.objects.get(phase=final)
    assert registration.late and registration.late_by == province_staff


def test_registration_rows_of_other_districts_are_refused(client, officer):
    h.participant("908")
    h.phase(open_days=3)
    response = upload(
        client, officer, "registrations", REGISTRATION_COLUMNS, registration_rows("908")
    )
    errors = response.context["report"].errors
    assert errors[0] == (
        "Dòng 2, cột C “Mã đơn vị tham gia”: Huyện An Biên nằm ngoài phạm vi được phân công của bạn."
    )


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, province_staff):
    client.force_login(province_staff)
    file = io.BytesIO(b"%PDF-1.4 not a sheet")
    file.name = "dang-ky.xlsx"
    response = client.post(
        reverse("emulation:import_upload", args=["registrations"]), {"file": file}
    )
    assert "nội dung là tài liệu PDF" in " ".join(response.context["form"].errors["file"])


def test_every_list_exports_to_excel_with_the_page_filter(client, leadership):
    final = h.phase()
    h.cluster(2025, "910", ["908"], name="Cụm số 3")
    h.registration(final, "910")
    h.registration(final, "908", late=True)
    client.force_login(leadership)
    names = [
        ("emulation:participant_export", []),
        ("emulation:cluster_export", []),
        ("emulation:registration_export", []),
        ("emulation:review_export", []),
        ("emulation:exemplar_export", []),
        ("emulation:ranking_export", [final.pk]),
        ("emulation:completeness_export", [final.pk]),
        ("emulation:report_export", []),
    ]
    for name, args in names:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), name
        load_workbook(io.BytesIO(response.content))
    response = client.get(reverse("emulation:registration_export") + "?late=yes")
    sheet = load_workbook(io.BytesIO(response.content))["Trạng thái"]
    codes = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {"908"}


def test_the_report_list_exports_each_report_with_its_date_and_signer(
    client, leadership, province_staff
):
    from emulation.models import MovementReport

    MovementReport.objects.create(
        phase=h.phase(),
        number="245/BC-UBND",
        report_date=datetime.date(2025, 12, 5),
        signer="Lê Quốc Anh",
        signer_title="Phó Chủ tịch",
        created_by=province_staff,
    )
    client.force_login(leadership)
    page = client.get(reverse("emulation:report_list"))
    assert reverse("emulation:report_export") in page.content.decode()
    response = client.get(reverse("emulation:report_export"))
    rows = list(load_workbook(io.BytesIO(response.content))["Báo cáo"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Báo cáo", "Đợt", "Số văn bản", "Ngày báo cáo")
    assert len(rows) == 2
    assert rows[1][2:6] == ("245/BC-UBND", "05/12/2025", "Lê Quốc Anh", "Phó Chủ tịch")


def test_the_import_command_reports_rows_and_writes_all_or_nothing(tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "don-vi.xlsx"
    good.write_bytes(
        write_xlsx(
            [
                Sheet(
                    "a",
                    PARTICIPANT_COLUMNS,
                    [["HND", "Hội Nông dân tỉnh", "Mặt trận, đoàn thể", "", "có", ""]],
                )
            ]
        )
    )
    out = io.StringIO()
    call_command("import_movement", "participants", str(good), "--dry-run", stdout=out)
    assert "Dòng 2: mới — HND — Hội Nông dân tỉnh" in out.getvalue()
    assert not Participant.objects.exists()
    call_command("import_movement", "participants", str(good), stdout=io.StringIO())
    assert Participant.objects.filter(code="HND").exists()
    bad = tmp_path / "dang-ky.csv"
    bad.write_text(
        "Loại đợt,Năm,Mã đơn vị tham gia,Nội dung thi đua số,Nội dung đăng ký,Số xã đạt NTM,Số xã đạt NTM nâng cao,Số xã đạt NTM kiểu mẫu\nTổng kết,2025,HND,9,Cam kết,,,\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_movement", "registrations", str(bad), stdout=out)
    assert "Dòng 2, cột D “Nội dung thi đua số”: không có nội dung thi đua số 9." in out.getvalue()
    assert not Registration.objects.exists()


def test_the_participant_export_imports_back_unchanged(client, province_staff):
    h.participant("910")
    h.participant("SNN", name="Sở Nông nghiệp và Phát triển nông thôn")
    client.force_login(province_staff)
    exported = client.get(reverse("emulation:participant_export")).content
    file = io.BytesIO(exported)
    file.name = "don-vi.xlsx"
    response = client.post(
        reverse("emulation:import_upload", args=["participants"]), {"file": file}
    )
    assert response.context["report"].summary == "0 mới, 0 thay đổi, 2 không đổi"


def test_the_registration_export_imports_back_unchanged(client, province_staff):
    h.participant("910")
    final = h.phase(open_days=3)
    client.force_login(province_staff)
    response = upload(
        client, province_staff, "registrations", REGISTRATION_COLUMNS, registration_rows()
    )
    confirm(client, "registrations", response)
    exported = client.get(reverse("emulation:registration_export") + f"?phase={final.pk}").content
    states = load_workbook(io.BytesIO(exported))["Trạng thái"]
    assert [row[3] for row in states.iter_rows(min_row=2, values_only=True)] == ["Đã đăng ký"]
    file = io.BytesIO(exported)
    file.name = "dang-ky.xlsx"
    response = client.post(
        reverse("emulation:import_upload", args=["registrations"]), {"file": file}
    )
    assert response.context["report"].summary == "0 mới, 0 thay đổi, 2 không đổi"


def exported(client, url_name, name, edit=None, query=""):
    """A list's Excel export as the logged-in user downloads it (its first sheet, the import
    columns), with `edit(rows)` applied, as an upload."""
    workbook = load_workbook(io.BytesIO(client.get(reverse(url_name) + query).content))
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    if edit:
        edit(rows)
    file = io.BytesIO(write_xlsx([Sheet("Dữ liệu", rows[0], rows[1:])]))
    file.name = name
    return file


def test_a_district_officer_imports_back_the_whole_participant_list_with_own_changes(
    client, officer
):
    """Every role sees every participant; the export brought back by a district officer with a
    change to its own district writes it, and the rows it may not write, unchanged, are set
    aside with a note."""
    h.participant("910")
    h.participant("908")
    h.participant("SNN", name="Sở Nông nghiệp và Phát triển nông thôn")
    client.force_login(officer)

    def note_on_own_district(rows):
        own = next(row for row in rows if row[0] == "910")
        own[rows[0].index("Ghi chú")] = "Đầu mối: phòng Nông nghiệp"

    file = exported(
        client, "emulation:participant_export", "don-vi.xlsx", note_on_own_district, "?district="
    )
    response = client.post(
        reverse("emulation:import_upload", args=["participants"]), {"file": file}
    )
    report = response.context["report"]
    assert report.summary == "0 mới, 1 thay đổi, 2 không đổi"
    assert not report.has_errors
    changed = next(row for row in report.rows if row.outcome == "changed")
    assert changed.changes == ["Ghi chú: (trống) → “Đầu mối: phòng Nông nghiệp”"]
    warnings = [warning for row in report.rows for warning in row.warnings]
    assert len(warnings) == 2
    assert (
        "Huyện An Biên nằm ngoài phạm vi được phân công của bạn; dòng không đổi gì nên được bỏ qua."
        in warnings
    )
    assert (
        "chỉ cán bộ cấp tỉnh sửa được tổ chức tham gia; dòng không đổi gì nên được bỏ qua."
        in warnings
    )
    confirm(client, "participants", response)
    assert Participant.objects.get(code="910").notes == "Đầu mối: phòng Nông nghiệp"

    def rename_organisation(rows):
        organisation = next(row for row in rows if row[0] == "SNN")
        organisation[1] = "Sở Nông nghiệp và Môi trường"

    file = exported(
        client, "emulation:participant_export", "don-vi.xlsx", rename_organisation, "?district="
    )
    response = client.post(
        reverse("emulation:import_upload", args=["participants"]), {"file": file}
    )
    assert response.context["report"].errors == [
        "Dòng 4, cột A “Mã”: chỉ cán bộ cấp tỉnh sửa được tổ chức tham gia."
    ]
    assert Participant.objects.get(code="SNN").name == "Sở Nông nghiệp và Phát triển nông thôn"


def test_registrations_exported_after_the_deadline_import_back_only_unchanged(
    client, officer, province_staff
):
    h.participant("910")
    h.participant("908")
    final = h.phase(open_days=3)
    for code in ("910", "908"):
        response = upload(
            client, province_staff, "registrations", REGISTRATION_COLUMNS, registration_rows(code)
        )
        confirm(client, "registrations", response)
    final.registration_deadline = final.assessment_deadline = timezone.localdate() - (
        datetime.timedelta(days=1)
    )
    final.save()
    client.force_login(officer)
    # The officer's list opens on Vĩnh Thuận; the whole province is "?district=".
    query = f"?phase={final.pk}&district="

    file = exported(client, "emulation:registration_export", "dang-ky.xlsx", query=query)
    response = client.post(
        reverse("emulation:import_upload", args=["registrations"]), {"file": file}
    )
    report = response.context["report"]
    assert report.summary == "0 mới, 0 thay đổi, 4 không đổi" and not report.has_errors
    assert all(row.warnings for row in report.rows)

    def new_commitment(rows):
        own = next(row for row in rows[1:] if row[2] == "910")
        own[rows[0].index("Nội dung đăng ký")] = "Phát triển 3 hợp tác xã"

    file = exported(client, "emulation:registration_export", "dang-ky.xlsx", new_commitment, query)
    response = client.post(
        reverse("emulation:import_upload", args=["registrations"]), {"file": file}
    )
    errors = response.context["report"].errors
    assert len(errors) == 2 and all("(hạn " in error for error in errors)
    assert not any("908" in error or "An Biên" in error for error in errors)


def test_a_changed_registration_row_says_what_it_changes(client, province_staff):
    h.participant("910")
    h.phase(open_days=3)
    rows = registration_rows()
    confirm(
        client,
        "registrations",
        upload(client, province_staff, "registrations", REGISTRATION_COLUMNS, rows),
    )
    rows[0][4], rows[0][5] = "Phát triển 4 hợp tác xã", 2
    response = upload(client, province_staff, "registrations", REGISTRATION_COLUMNS, rows)
    first, second = response.context["report"].rows
    assert first.changes == [
        "Số xã phấn đấu đạt chuẩn NTM trong năm: 1 → 2",
        "Nội dung đăng ký: “Phát triển 2 hợp tác xã” → “Phát triển 4 hợp tác xã”",
    ]
    assert (second.outcome, second.changes) == ("changed", [])
