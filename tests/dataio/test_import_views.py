"""Issue #21: one set of views and one template serve every kind's upload → preview → confirm;
"Nhập các dòng hợp lệ" on the web, with the refused rows downloaded as xlsx and read back; and
one user's concurrent imports are limited."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm_portal.lib.dataio import views
from ntm_portal.lib.dataio.registry import KINDS
from ntm_portal.lib.spreadsheet import read_table
from tests.dataio.test_partial_imports import CASES
from tests.targets.imports.files import xlsx_bytes


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_its_upload_page_in_the_one_template(client, province_staff, kind):
    client.force_login(province_staff)
    response = client.get(KINDS[kind].upload_url)
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "dataio/import.html"
    page = response.content.decode()
    assert KINDS[kind].guide in page
    for column in KINDS[kind].columns:
        assert f">{column}</th>" in page
    assert KINDS[kind].template_href in page


@pytest.mark.parametrize("kind", list(CASES))
def test_partial_import_on_the_web_writes_the_valid_rows_and_gives_back_the_refused_ones(
    client, province_staff, kind
):
    setup, headers, valid, refused, _fix, count, message = CASES[kind]
    setup()
    client.force_login(province_staff)
    before = count()
    response = client.post(
        KINDS[kind].upload_url,
        {"file": SimpleUploadedFile("tep.xlsx", xlsx_bytes(headers, [*valid, refused]))},
    )
    page = response.content.decode()
    assert "Nhập tất cả hoặc không gì: không ghi dòng nào, vì 1/2 dòng có lỗi" in page
    assert "Nhập các dòng hợp lệ: ghi 1 dòng hợp lệ (1 mới, 0 thay đổi, 0 không đổi)" in page
    assert "Nhập các dòng hợp lệ (1 dòng, bỏ qua 1 dòng lỗi)" in page
    assert "Xác nhận nhập" not in page
    assert count() == before
    token = response.context["token"]

    # "All or nothing" cannot be forced on a file with an error.
    confirm_url = reverse("dataio:import_confirm", args=[kind])
    client.post(confirm_url, {"token": token, "mode": "all"})
    assert count() == before

    response = client.post(
        KINDS[kind].upload_url,
        {"file": SimpleUploadedFile("tep.xlsx", xlsx_bytes(headers, [*valid, refused]))},
    )
    response = client.post(confirm_url, {"token": response.context["token"], "mode": "partial"})
    page = response.content.decode()
    assert "Đã nhập 1 dòng hợp lệ của tệp “tep.xlsx”; 1 dòng lỗi chưa ghi" in page
    assert count() > before
    download = client.get(
        reverse("dataio:import_refused", args=[kind, response.context["refused_token"]])
    )
    assert download.status_code == 200
    assert 'filename="tep-dong-loi.xlsx"' in download["Content-Disposition"]
    back = read_table(download.content, "tep-dong-loi.xlsx")
    assert back.headers == [*headers, "Lỗi"]
    assert len(back.rows) == 1 and back.rows[0][1][-1].startswith(message)


def test_another_user_cannot_download_the_refused_rows(client, province_staff, cast):
    setup, headers, valid, refused, _fix, _count, _message = CASES["statuses"]
    client.force_login(province_staff)
    response = client.post(
        KINDS["statuses"].upload_url,
        {"file": SimpleUploadedFile("tep.xlsx", xlsx_bytes(headers, [*valid, refused]))},
    )
    response = client.post(
        reverse("dataio:import_confirm", args=["statuses"]),
        {"token": response.context["token"], "mode": "partial"},
    )
    url = reverse("dataio:import_refused", args=["statuses", response.context["refused_token"]])
    assert client.get(url).status_code == 200
    client.force_login(cast["administrator"])
    assert client.get(url).status_code in (403, 404)


def test_one_users_concurrent_imports_are_limited(client, province_staff, officer):
    _setup, headers, valid, _refused, _fix, _count, _message = CASES["statuses"]
    for index in range(views.MAX_CONCURRENT_IMPORTS):
        cache.add(views._slot_key(province_staff, index), 1, timeout=60)
    client.force_login(province_staff)
    response = client.post(
        KINDS["statuses"].upload_url,
        {"file": SimpleUploadedFile("tep.xlsx", xlsx_bytes(headers, valid))},
    )
    assert views.BUSY_MESSAGE in response.content.decode()
    assert "giới hạn 2 lần nhập cùng lúc của một người dùng" in views.BUSY_MESSAGE
    # Another user is not held up, and the slots free themselves at the end of an import.
    client.force_login(officer)
    response = client.post(
        KINDS["statuses"].upload_url,
        {"file": SimpleUploadedFile("tep.xlsx", xlsx_bytes(headers, valid))},
    )
    assert views.BUSY_MESSAGE not in response.content.decode()
    assert response.context["report"] is not None
    assert not any(cache.get(views._slot_key(officer, i)) for i in range(2))
