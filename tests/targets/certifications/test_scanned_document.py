import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from targets.models import Certification, Decision
from tests.conftest import status_as

from .helpers import CREATE_URL, page_text, record_data

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_real_pdf_is_kept_and_readers_can_open_it(client, cast, unassigned):
    client.force_login(cast["province_staff"])
    data = record_data([("31060", "ntm", 2021)], **{"decision-document": upload("qd.pdf", PDF)})
    assert client.post(CREATE_URL, data).status_code == 302
    decision = Decision.objects.get()
    assert decision.document.name.startswith("decisions/")
    url = reverse("targets:decision_document", args=[decision.pk])
    assert status_as(client, None, "get", url)[0] == 302
    assert status_as(client, unassigned, "get", url)[0] == 403
    for user in cast.values():
        code, response = status_as(client, user, "get", url)
        assert code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
    detail = page_text(client.get(reverse("targets:decision_detail", args=[decision.pk])))
    assert url in detail


def test_a_file_that_is_not_a_pdf_is_refused_and_the_user_told_to_choose_it_again(
    client, province_staff
):
    client.force_login(province_staff)
    data = record_data(
        [("31060", "ntm", 2021)], **{"decision-document": upload("qd.pdf", b"GIF89a not a pdf")}
    )
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    page = page_text(response)
    assert "Tệp quyết định: chỉ nhận tệp PDF; nội dung tệp “qd.pdf” là ảnh GIF." in page
    assert "hãy chọn lại tệp PDF trước khi lưu" in page
    assert not Decision.objects.exists()


def test_a_file_named_other_than_pdf_is_refused(client, province_staff):
    client.force_login(province_staff)
    data = record_data([("31060", "ntm", 2021)], **{"decision-document": upload("qd.docx", PDF)})
    response = client.post(CREATE_URL, data)
    assert (
        "Tệp quyết định: tệp “qd.docx” có nội dung PDF nhưng đuôi tệp là “.docx”; hãy đặt đuôi "
        ".pdf (chỉ nhận tệp PDF)." in page_text(response)
    )
    assert not Decision.objects.exists()


def test_a_pdf_over_the_size_limit_is_refused(client, province_staff, settings):
    settings.NTM_MAX_UPLOAD_MB = 1
    client.force_login(province_staff)
    big = PDF + b"0" * (1024 * 1024 + 200 * 1024)
    data = record_data([("31060", "ntm", 2021)], **{"decision-document": upload("qd.pdf", big)})
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert "Tệp quyết định nặng 1,2 MB, vượt giới hạn 1 MB." in page_text(response)
    assert not Decision.objects.exists()


def test_a_refused_row_leaves_no_stored_file(client, province_staff, tmp_path):
    client.force_login(province_staff)
    # A commune is never "completed": refused (a model commune without advanced is not, #19).
    data = record_data(
        [("31060", "completed", 2021)], **{"decision-document": upload("qd.pdf", PDF)}
    )
    response = client.post(CREATE_URL, data)
    assert "hãy chọn lại tệp PDF" in page_text(response)
    assert not Decision.objects.exists()
    assert not Certification.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_decision_without_a_scan_has_no_document_to_open(client, province_staff):
    client.force_login(province_staff)
    client.post(CREATE_URL, record_data([("31060", "ntm", 2021)]))
    decision = Decision.objects.get()
    url = reverse("targets:decision_document", args=[decision.pk])
    assert client.get(url).status_code == 404
