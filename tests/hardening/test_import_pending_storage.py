"""Finding 4 of issue #10 (storage part): the preview keeps what it read in file storage, not in
the session, and the confirm applies it without parsing the file again; Cancel deletes it. The
same for every import: certifications and commune criteria, the emulation movement's
participants, and the award history."""

import io

import pytest
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import ntm_portal.lib.importing
from awards.importing import COLUMNS as HISTORY_COLUMNS
from awards.models import AwardRecord
from emulation.imports import PARTICIPANT_COLUMNS
from emulation.models import Participant
from ntm_portal.lib import pending_imports as pending
from ntm_portal.lib.spreadsheet import Sheet, write_xlsx
from targets.models import CommuneStatus
from tests.targets.imports.files import STATUS_HEADERS, csv_bytes, status_row
from units.models import Unit


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def communes():
    return list(
        Unit.objects.filter(level=Unit.Level.COMMUNE, kind=Unit.Kind.XA, valid_from__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )


def test_a_large_preview_keeps_the_session_small_and_confirm_does_not_parse_again(
    client, province_staff, monkeypatch
):
    client.force_login(province_staff)
    rows = [
        status_row(code=code, year=str(year), notes="Ghi chú dài " * 40)
        for code in communes()
        for year in (2023, 2024)
    ]
    data = csv_bytes(STATUS_HEADERS, rows)
    assert len(data) > 150_000
    response = client.post(
        reverse("targets:import_statuses"), {"file": SimpleUploadedFile("xa.csv", data)}
    )
    token = response.context["confirm_form"].initial["token"]
    session = Session.objects.get(session_key=client.session.session_key)
    assert len(session.session_data) < 2_000
    stored = default_storage.listdir(pending.FOLDER)[1]
    assert stored == [f"{token}.json"]

    def no_second_parse(*args, **kwargs):
        raise AssertionError("the confirm read the file again")

    monkeypatch.setattr(ntm_portal.lib.importing, "read_table", no_second_parse)
    response = client.post(reverse("targets:import_confirm", args=["statuses"]), {"token": token})
    assert response.status_code == 302
    assert CommuneStatus.objects.filter(year=2024).count() == len(communes())
    assert default_storage.listdir(pending.FOLDER)[1] == []


def test_a_pending_import_is_only_for_the_user_who_uploaded_it(
    client, province_staff, administrator
):
    client.force_login(province_staff)
    data = csv_bytes(STATUS_HEADERS, [status_row(code=communes()[0])])
    response = client.post(
        reverse("targets:import_statuses"), {"file": SimpleUploadedFile("xa.csv", data)}
    )
    token = response.context["confirm_form"].initial["token"]
    client.force_login(administrator)
    response = client.post(
        reverse("targets:import_confirm", args=["statuses"]), {"token": token}, follow=True
    )
    assert "không còn hiệu lực" in response.content.decode()
    assert not CommuneStatus.objects.filter(commune__code=communes()[0], year=2024).exists()


def xlsx_upload(headers, rows, name):
    file = io.BytesIO(write_xlsx([Sheet("Dữ liệu", headers, rows)]))
    file.name = name
    return file


def session_size(client):
    return len(Session.objects.get(session_key=client.session.session_key).session_data)


def no_second_parse(*args, **kwargs):
    raise AssertionError("the confirm read the file again")


def test_the_emulation_preview_keeps_only_a_token_and_confirm_does_not_parse_again(
    client, province_staff, monkeypatch
):
    rows = [
        [f"HTX{n}", f"Hợp tác xã số {n}", "Hợp tác xã", "", "có", "Ghi chú dài " * 20]
        for n in range(300)
    ]
    client.force_login(province_staff)
    response = client.post(
        reverse("emulation:import_upload", args=["participants"]),
        {"file": xlsx_upload(PARTICIPANT_COLUMNS, rows, "don-vi.xlsx")},
    )
    assert response.context["report"].summary == "300 mới, 0 thay đổi, 0 không đổi"
    token = response.context["confirm_form"].initial["token"]
    assert session_size(client) < 2_000
    assert default_storage.listdir(pending.FOLDER)[1] == [f"{token}.json"]

    monkeypatch.setattr(ntm_portal.lib.importing, "read_table", no_second_parse)
    response = client.post(
        reverse("emulation:import_confirm", args=["participants"]), {"token": token}
    )
    assert response.status_code == 302
    assert Participant.objects.filter(code__startswith="HTX").count() == 300
    assert default_storage.listdir(pending.FOLDER)[1] == []


def test_the_award_history_preview_keeps_only_a_token_and_confirm_does_not_parse_again(
    client, officer, monkeypatch
):
    rows = [
        ["Cá nhân", f"Người Thứ {n}", "Nam", 1950 + n % 50, "Trưởng ấp " * 10, "", "", "910",
         "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022, f"{n}/QĐ-UBND", "15/03/2023",
         "Chủ tịch UBND tỉnh Kiên Giang"]
        for n in range(200)
    ]  # fmt: skip
    client.force_login(officer)
    response = client.post(
        reverse("awards:history_import"),
        {"file": xlsx_upload(HISTORY_COLUMNS, rows, "lich-su.xlsx")},
    )
    assert "Tệp hợp lệ: 200 dòng, 200 khen thưởng mới, 200 đối tượng mới" in (
        response.content.decode()
    )
    token = response.context["token"]
    assert session_size(client) < 2_000
    assert default_storage.listdir(pending.FOLDER)[1] == [f"{token}.json"]

    monkeypatch.setattr(ntm_portal.lib.importing, "read_table", no_second_parse)
    response = client.post(
        reverse("dataio:import_confirm", args=["award-history"]), {"token": token}
    )
    assert response.status_code == 302
    assert AwardRecord.objects.count() == 200
    assert default_storage.listdir(pending.FOLDER)[1] == []


@pytest.mark.parametrize("where", ["targets", "emulation", "awards"])
def test_cancel_deletes_the_pending_file_and_writes_nothing(client, province_staff, where):
    if where == "targets":
        upload_url = reverse("targets:import_statuses")
        confirm_url = reverse("targets:import_confirm", args=["statuses"])
        file = SimpleUploadedFile("xa.csv", csv_bytes(STATUS_HEADERS, [status_row(code="31060")]))
        written = CommuneStatus.objects.filter(commune__code="31060")
    elif where == "emulation":
        upload_url = reverse("emulation:import_upload", args=["participants"])
        confirm_url = reverse("emulation:import_confirm", args=["participants"])
        file = xlsx_upload(
            PARTICIPANT_COLUMNS,
            [["HND", "Hội Nông dân tỉnh", "Mặt trận, đoàn thể", "", "", ""]],
            "don-vi.xlsx",
        )
        written = Participant.objects.filter(code="HND")
    else:
        upload_url = reverse("awards:history_import")
        confirm_url = reverse("dataio:import_confirm", args=["award-history"])
        file = xlsx_upload(
            HISTORY_COLUMNS,
            [["Tập thể", "Hội Nông dân xã Vĩnh Bình Bắc", "", "", "", "", "", "910",
              "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện", 2021, "12/QĐ-UBND", "",
              "Chủ tịch UBND huyện Vĩnh Thuận"]],
            "lich-su.xlsx",
        )  # fmt: skip
        written = AwardRecord.objects.filter(decision_number="12/QĐ-UBND")
    client.force_login(province_staff)
    response = client.post(upload_url, {"file": file})
    page = response.content.decode()
    assert 'name="cancel"' in page
    token = page.split('name="token" value="')[1].split('"')[0]
    assert default_storage.listdir(pending.FOLDER)[1] == [f"{token}.json"]

    response = client.post(confirm_url, {"token": token, "cancel": "1"}, follow=True)
    assert "Đã hủy bản xem trước; chưa ghi gì." in response.content.decode()
    assert default_storage.listdir(pending.FOLDER)[1] == []
    # The token of a cancelled preview confirms nothing.
    client.post(confirm_url, {"token": token})
    assert not written.exists()


def refuse_to_read(*args, **kwargs):
    raise AssertionError("an oversized file was read")


@pytest.mark.parametrize(
    "url",
    [
        reverse("targets:import_statuses"),
        reverse("emulation:import_upload", args=["participants"]),
        reverse("awards:history_import"),
    ],
)
def test_every_import_refuses_an_oversized_file_before_reading_it(
    client, province_staff, settings, monkeypatch, url
):
    settings.NTM_MAX_UPLOAD_MB = 0.001
    monkeypatch.setattr(ntm_portal.lib.importing, "read_table", refuse_to_read)
    client.force_login(province_staff)
    response = client.post(url, {"file": SimpleUploadedFile("lon.csv", b"x" * 5_000)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Tệp nặng 5 KB, vượt giới hạn 1 KB."]
    assert "Tối đa 0.001 MB." in response.content.decode()
    assert "token" not in response.context or not response.context["token"]
