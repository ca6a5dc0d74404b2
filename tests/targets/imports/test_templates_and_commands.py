import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from targets.imports.engine import run_import
from targets.models import Certification, CommuneStatus
from tests.conftest import status_as
from tests.targets.imports.conftest import snapshot
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    STATUS_HEADERS,
    certification_row,
    csv_bytes,
)


@pytest.mark.parametrize(
    ("kind", "headers"), [("certifications", CERTIFICATION_HEADERS), ("statuses", STATUS_HEADERS)]
)
def test_template_has_headers_an_example_row_and_a_guide_sheet(
    client, cast, unassigned, kind, headers
):
    url = reverse("targets:import_template", args=[kind])
    assert status_as(client, None, "get", url)[0] == 302
    assert status_as(client, unassigned, "get", url)[0] == 403
    status, response = status_as(client, cast["officer"], "get", url)
    assert status == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Dữ liệu", "Hướng dẫn"]
    rows = list(workbook["Dữ liệu"].iter_rows(values_only=True))
    assert list(rows[0]) == headers
    assert len(rows) == 2
    guide = list(workbook["Hướng dẫn"].iter_rows(values_only=True))
    assert guide[0][:3] == ("Cột", "Bắt buộc", "Giải thích")
    assert [row[0] for row in guide[1 : len(headers) + 1]] == headers
    assert all(row[2] for row in guide[1 : len(headers) + 1])


@pytest.mark.parametrize("kind", ["certifications", "statuses"])
def test_template_example_row_imports_cleanly(client, province_staff, kind):
    client.force_login(province_staff)
    response = client.get(reverse("targets:import_template", args=[kind]))
    report = run_import(kind, response.content, "mau.xlsx", commit=False)
    assert not report.has_errors, report.errors
    assert [row.outcome for row in report.rows] == ["new"]


def test_unknown_template_kind_is_not_found(client, province_staff):
    client.force_login(province_staff)
    assert client.get(reverse("targets:import_template", args=["awards"])).status_code == 404


def test_import_command_prints_each_row_and_writes_the_file(db, tmp_path):
    path = tmp_path / "cong-nhan.csv"
    path.write_bytes(csv_bytes(CERTIFICATION_HEADERS, [certification_row()]))
    out = io.StringIO()
    call_command("import_certifications", str(path), stdout=out)
    assert "Dòng 2: mới — Xã Vĩnh Bình Bắc mã 31060 (Huyện Vĩnh Thuận)" in out.getvalue()
    assert Certification.objects.filter(unit__code="31060").exists()


def test_import_command_dry_run_writes_nothing(db, tmp_path):
    path = tmp_path / "cong-nhan.csv"
    path.write_bytes(csv_bytes(CERTIFICATION_HEADERS, [certification_row()]))
    before = snapshot()
    out = io.StringIO()
    call_command("import_certifications", str(path), "--dry-run", stdout=out)
    assert "Dòng 2: mới" in out.getvalue()
    assert "Chạy thử (--dry-run): chưa ghi gì" in out.getvalue()
    assert snapshot() == before


def test_import_command_fails_on_any_error_and_writes_nothing(db, tmp_path):
    path = tmp_path / "tieu-chi.csv"
    path.write_bytes(
        csv_bytes(
            STATUS_HEADERS,
            [
                ["31060", "", "", "2024", *["đạt"] * 19, "", "", ""],
                ["31063", "", "", "năm nay", *["đạt"] * 19, "", "", ""],
            ],
        )
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="chưa ghi gì"):
        call_command("import_statuses", str(path), stdout=out)
    assert (
        "Dòng 3, cột D “Năm”: “năm nay” không phải là năm (ghi 4 chữ số, ví dụ 2024)."
        in out.getvalue()
    )
    assert not CommuneStatus.objects.exists()


def test_import_command_reports_a_missing_file(db):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_certifications", "/khong/co/tep.xlsx")
