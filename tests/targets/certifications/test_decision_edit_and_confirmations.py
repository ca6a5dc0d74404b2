"""Correcting a decision later, and the confirmation pages before a revocation or a deletion."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from targets.models import Decision, NamedTarget
from tests.conftest import status_as
from tests.factories import certify

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def decision_data(decision, **changes):
    data = {
        "number": decision.number,
        "issued_on": decision.issued_on.strftime("%d/%m/%Y"),
        "issuer": decision.issuer,
        "signer": decision.signer,
        "notes": decision.notes,
    }
    data.update(changes)
    return data


def test_only_staff_and_administrators_edit_a_decision(client, cast):
    decision = certify("31060", "ntm", 2021, number="100/QĐ-UBND").decision
    url = reverse("targets:decision_update", args=[decision.pk])
    assert status_as(client, None, "get", url)[0] == 302
    for name in ("officer", "other_officer", "leadership"):
        assert status_as(client, cast[name], "get", url)[0] == 403
    assert status_as(client, cast["province_staff"], "get", url)[0] == 200
    assert status_as(client, cast["administrator"], "get", url)[0] == 200


def test_staff_correct_the_signer_and_add_the_scan_later_with_history(
    client, province_staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    decision = certify("31060", "ntm", 2021, number="100/QĐ-UBND").decision
    client.force_login(province_staff)
    detail = client.get(reverse("targets:decision_detail", args=[decision.pk])).content.decode()
    edit_url = reverse("targets:decision_update", args=[decision.pk])
    assert "Chưa có" in detail and edit_url in detail
    data = decision_data(decision, signer="Lâm Minh Thành", notes="Bản chính lưu tại Sở")
    data["document"] = SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf")
    response = client.post(edit_url, data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.signer == "Lâm Minh Thành" and decision.notes == "Bản chính lưu tại Sở"
    assert decision.document
    assert decision.history.first().history_user == province_staff
    detail = client.get(reverse("targets:decision_detail", args=[decision.pk])).content.decode()
    assert "Tải bản scan quyết định (PDF)" in detail


def test_a_corrected_date_must_still_suit_every_unit_of_the_decision(client, province_staff):
    decision = certify(
        "31060", "ntm", 2021, number="100/QĐ-UBND", issued_on=datetime.date(2022, 3, 1)
    ).decision
    client.force_login(province_staff)
    url = reverse("targets:decision_update", args=[decision.pk])
    response = client.post(url, decision_data(decision, issued_on="01/03/2020"))
    assert response.status_code == 200
    assert "trước năm đạt chuẩn 2021" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).issued_on == datetime.date(2022, 3, 1)
    response = client.post(url, decision_data(decision, number="100/QĐ-TTg"))
    assert "QĐ-UBND" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).number == "100/QĐ-UBND"


def test_deleting_a_named_target_asks_first_and_says_what_changes(client, province_staff, plan):
    target = NamedTarget.objects.filter(plan=plan).first()
    client.force_login(province_staff)
    url = reverse("targets:named_target_delete", args=[target.pk])
    plan_page = client.get(reverse("targets:plan_detail", args=[plan.pk])).content.decode()
    assert f'href="{url}"' in plan_page
    page = client.get(url).content.decode()
    assert "Việc xóa sẽ thay đổi" in page and "Xác nhận xóa mục tiêu" in page
    assert NamedTarget.objects.filter(pk=target.pk).exists()
    assert client.post(url).status_code == 302
    assert not NamedTarget.objects.filter(pk=target.pk).exists()


def test_certification_page_links_to_the_revocation_page_instead_of_an_open_form(
    client, province_staff
):
    certification = certify("31060", "ntm", 2021, number="100/QĐ-UBND")
    client.force_login(province_staff)
    page = client.get(
        reverse("targets:certification_detail", args=[certification.pk])
    ).content.decode()
    assert "revocation_number" not in page
    assert reverse("targets:certification_revoke", args=[certification.pk]) in page
