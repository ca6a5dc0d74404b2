"""Finding 4 of issue #10 (storage part): the preview keeps what it read in file storage, not in
the session, and the confirm applies it without parsing the file again."""

import pytest
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import targets.imports.engine
from ntm_portal.lib import pending_imports as pending
from targets.models import CommuneStatus
from tests.targets.imports.files import STATUS_HEADERS, csv_bytes, status_row
from units.models import Unit


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def communes():
    return list(
        Unit.objects.filter(level=Unit.Level.COMMUNE)
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

    monkeypatch.setattr(targets.imports.engine, "read_table", no_second_parse)
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
