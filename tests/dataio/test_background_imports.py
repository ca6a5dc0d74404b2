"""Issue #21: no upload holds a web worker more than a few seconds. A file of more rows than the
request imports itself (NTM_IMPORT_FOREGROUND_ROWS) is previewed, then confirmed, by a job in a
child process; the request answers at once with the job's page, which shows the progress and
reloads itself, then the preview or the result.

The tests' database is SQLite in memory: the child works on its own copy of it (what it reads is
the test's data; what a confirm writes stays in the child), so the result is read on the pages
the job leaves, as a user reads it."""

import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.imports import PARTICIPANT_COLUMNS
from emulation.models import Participant
from ntm_portal.lib.dataio import jobs, views
from ntm_portal.lib.dataio.registry import KINDS
from ntm_portal.lib.spreadsheet import read_table
from tests.targets.imports.files import xlsx_bytes

# One worker runs the module from start to end (its committed rows are removed when it ends).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("background_imports")]

VALID = [
    [f"SO{index}", f"Sở số {index}", "Sở, ban, ngành tỉnh", "", "có", ""] for index in range(5)
]
REFUSED = ["SNN", "Sở Nông nghiệp", "Loại không có", "", "có", ""]


def finished(client, url, seconds=60):
    """The job's page once the job is over (it answers 202 while the job runs)."""
    deadline = time.monotonic() + seconds
    while True:
        response = client.get(url)
        if response.status_code != 202:
            return response
        assert response["Refresh"] == "2"
        assert time.monotonic() < deadline, response.content.decode()
        time.sleep(0.1)


@pytest.fixture
def few_rows_in_the_request(settings):
    settings.NTM_IMPORT_FOREGROUND_ROWS = 3


@pytest.fixture(scope="module")
def committed_staff(django_db_setup, django_db_blocker):
    """A province staff member written outside the tests' transactions, and removed when the
    module ends with what the job wrote. A job's child has its own database connection: on PostgreSQL it sees only
    committed rows, so the user its history names must be committed, as in production; what the
    child commits is not undone by the test's rollback, so it is deleted here."""
    from django.contrib.auth import get_user_model

    from emulation.models import Participant
    from tests.conftest import make_user
    from units.access import Role

    with django_db_blocker.unblock():
        before = Participant.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        user = make_user("tinh.nen", Role.PROVINCE_STAFF)
    yield user
    with django_db_blocker.unblock():
        written = Participant.objects.filter(pk__gt=before)
        Participant.history.filter(id__gt=before).delete()
        written.delete()
        Participant.history.filter(id__gt=before).delete()
        get_user_model().objects.filter(pk=user.pk).delete()


def test_a_large_file_is_previewed_then_imported_in_the_background(
    client, committed_staff, few_rows_in_the_request
):
    province_staff = committed_staff
    client.force_login(province_staff)
    data = xlsx_bytes(PARTICIPANT_COLUMNS, [*VALID, REFUSED])
    response = client.post(
        KINDS["participants"].upload_url, {"file": SimpleUploadedFile("tep.xlsx", data)}
    )
    # The request answers at once: the job's page, not the preview.
    assert response.status_code == 302
    job_url = response["Location"]
    assert "/participants/job/" in job_url
    page = finished(client, job_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Xem trước: tep.xlsx" in text
    assert "Nhập tất cả hoặc không gì: không ghi dòng nào, vì 1/6 dòng có lỗi" in text
    assert "Nhập các dòng hợp lệ: ghi 5 dòng hợp lệ (5 mới, 0 thay đổi, 0 không đổi)" in text
    assert "Dòng 7, cột C “Loại”: “Loại không có” không phải loại đơn vị" in text
    assert not Participant.objects.exists()  # a preview writes nothing
    # The job freed the user's import slot.
    assert not any(cache.get(views._slot_key(province_staff, i)) for i in range(2))

    response = client.post(
        reverse("dataio:import_confirm", args=["participants"]),
        {"token": page.context["token"], "mode": "partial"},
    )
    assert response.status_code == 302 and "/job/" in response["Location"]
    page = finished(client, response["Location"])
    text = page.content.decode()
    assert "Đã nhập 5 dòng hợp lệ của tệp “tep.xlsx”; 1 dòng lỗi chưa ghi" in text
    download = client.get(
        reverse("dataio:import_refused", args=["participants", page.context["refused_token"]])
    )
    back = read_table(download.content, "tep-dong-loi.xlsx")
    assert back.headers == [*PARTICIPANT_COLUMNS, "Lỗi"]
    assert [cells[:6] for _number, cells in back.rows] == [REFUSED]
    # Reloading the result shows it again, without a second file of refused rows.
    again = client.get(response["Location"])
    assert again.context["refused_token"] == page.context["refused_token"]


def test_a_large_file_with_a_wrong_header_is_refused_on_the_job_page(
    client, province_staff, few_rows_in_the_request
):
    client.force_login(province_staff)
    headers = [*PARTICIPANT_COLUMNS[:-1], "Ghi chu them"]
    response = client.post(
        KINDS["participants"].upload_url,
        {"file": SimpleUploadedFile("tep.xlsx", xlsx_bytes(headers, VALID))},
    )
    page = finished(client, response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dòng 1, cột F “Ghi chu them”: cột không có trong mẫu nhập" in text
    assert "Dòng 1 (tiêu đề): thiếu cột “Ghi chú”." in text
    assert "Xác nhận nhập" not in text


def test_a_small_file_is_still_previewed_by_the_request(
    client, province_staff, few_rows_in_the_request
):
    client.force_login(province_staff)
    data = xlsx_bytes(PARTICIPANT_COLUMNS, VALID[:3])
    response = client.post(
        KINDS["participants"].upload_url, {"file": SimpleUploadedFile("tep.xlsx", data)}
    )
    assert response.status_code == 200
    assert "Nhập tất cả hoặc không gì: ghi cả 3 dòng" in response.content.decode()


def running_job(token, user, *, action="preview", started=None):
    """A job's state as a running job leaves it (`jobs.start`): 4,000 of 10,000 rows checked."""
    jobs.save_state(
        token,
        {
            "user": user.pk,
            "kind": "statuses",
            "action": action,
            "filename": "ket-qua.xlsx",
            "partial": False,
            "total": 10_000,
            "checked": 4_000,
            "round": 1,
            "state": jobs.RUNNING,
            "message": "",
            "slot": None,
            "pending": None,
            "started": time.time() if started is None else started,
        },
    )


def test_the_job_page_shows_the_progress_and_reloads_itself(client, province_staff, officer):
    token = "t" * 32
    running_job(token, province_staff)
    client.force_login(province_staff)
    url = reverse("dataio:import_job", args=["statuses", token])
    response = client.get(url)
    assert response.status_code == 202
    assert response["Refresh"] == "2" and "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Đang kiểm tra tệp: ket-qua.xlsx" in text
    assert "Đã kiểm tra 4.000/10.000 dòng." in text
    assert 'aria-valuenow="40"' in text
    assert "Tệp có 10.000 dòng, nhiều hơn 2.000 dòng, nên được xử lý trong nền" in text
    # Another user's job is nobody else's business.
    client.force_login(officer)
    assert client.get(url).status_code in (403, 404)


def test_a_job_that_died_says_so(client, province_staff):
    token = "d" * 32
    running_job(
        token, province_staff, action="confirm", started=time.time() - jobs.BACKGROUND_SECONDS - 60
    )
    client.force_login(province_staff)
    response = client.get(reverse("dataio:import_job", args=["statuses", token]), follow=True)
    assert (
        "Lần nhập tệp “ket-qua.xlsx” đã dừng (quá 10 phút, hoặc máy chủ khởi động lại); "
        "chưa ghi gì." in response.content.decode()
    )
