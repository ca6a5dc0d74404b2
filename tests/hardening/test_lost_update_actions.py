"""Issue #22, point 1, for the actions without an edit form of their own: the province's answer
to a reopen request, the merge of two nominees (and "two different people"), and the delete
buttons. Each carries the version of the rows it acts on; taken from a page opened before someone
else changed them, it does nothing, says who changed what, keeps what was typed, and works when
taken again from the page as it now is."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardRecord, Nominee, PrinterCalibration
from emulation.models import ReopenRequest
from targets.models import NamedTarget, Plan
from tests.awards.helpers import person, record
from tests.emulation import helpers as emulation
from tests.hardening.browser import form_holding
from units.models import Unit

pytestmark = pytest.mark.django_db
CHANGED = "đã được lưu bởi người khác"


def login(user):
    client = Client()
    client.force_login(user)
    return client


def text_of(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# --- reopen requests: grant and refuse ----------------------------------------------------------


@pytest.fixture
def pending_request(officer):
    emulation.participant("910")
    phase = emulation.phase()
    closed = timezone.localdate() - datetime.timedelta(days=3)
    phase.registration_deadline = phase.assessment_deadline = closed
    phase.save()
    return ReopenRequest.objects.create(
        phase=phase,
        participant=emulation.participant("910"),
        what="registration",
        reason="Cán bộ phụ trách nghỉ ốm",
        requested_by=officer,
    )


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_an_answer_to_a_reopen_request_changed_meanwhile_is_refused_and_keeps_what_was_typed(
    decision, pending_request, province_staff, officer
):
    staff = login(province_staff)
    page = staff.get(reverse("emulation:reopen_request_list")).content.decode()
    url = reverse(f"emulation:reopen_request_{decision}", args=[pending_request.pk])
    data = form_holding(page, f'action="{url}"')
    typed = f"{timezone.localdate() + datetime.timedelta(days=9):%d/%m/%Y}"
    if decision == "grant":
        data["new_deadline"] = typed
    else:
        data["answer"] = typed = "Đã quá hạn lâu, không có lý do chính đáng"

    changed = ReopenRequest.objects.get(pk=pending_request.pk)
    changed.reason = "Cán bộ phụ trách nghỉ ốm; hồ sơ đã soạn xong 80 %"
    changed._history_user = officer
    changed.save()

    response = staff.post(url, data)
    page = text_of(response)
    assert response.status_code == 200
    assert CHANGED in page and "huyen.vinhthuan" in page
    assert "hồ sơ đã soạn xong 80 %" in page  # the change, as it now is
    kept = form_holding(response.content.decode(), f'action="{url}"')
    assert typed in (kept.get("new_deadline"), kept.get("answer"))  # what was typed, kept
    assert ReopenRequest.objects.get(pk=pending_request.pk).state == ReopenRequest.State.PENDING

    again = staff.post(url, form_holding(response.content.decode(), f'action="{url}"'))
    assert again.status_code == 302
    answered = ReopenRequest.objects.get(pk=pending_request.pk)
    assert answered.state == (
        ReopenRequest.State.GRANTED if decision == "grant" else ReopenRequest.State.REFUSED
    )
    assert answered.decided_by == province_staff


def test_a_second_answer_from_a_stale_page_says_who_answered_first(
    pending_request, province_staff, administrator
):
    first, second = login(province_staff), login(administrator)
    list_url = reverse("emulation:reopen_request_list")
    grant = reverse("emulation:reopen_request_grant", args=[pending_request.pk])
    refuse = reverse("emulation:reopen_request_refuse", args=[pending_request.pk])
    granting = form_holding(first.get(list_url).content.decode(), f'action="{grant}"')
    refusing = form_holding(second.get(list_url).content.decode(), f'action="{refuse}"')
    assert first.post(grant, granting).status_code == 302
    refusing["answer"] = "Không đủ lý do"
    response = second.post(refuse, refusing, follow=True)
    page = text_of(response)
    assert CHANGED in page and "tinh" in page and "Đã mở lại" in page
    assert "Nội dung bạn đã nhập (chưa lưu): “Không đủ lý do”" in page  # not lost
    assert ReopenRequest.objects.get(pk=pending_request.pk).state == ReopenRequest.State.GRANTED


# --- nominees: merge and "two different people" -------------------------------------------------


@pytest.mark.parametrize("action", ["nominee_merge", "nominee_distinct"])
def test_a_merge_decided_on_a_page_opened_before_an_edit_is_refused(
    action, province_staff, officer
):
    first = person("Lê Thị Thuý", 1972, sex="female", by=officer)
    second = person("Lê Thị Thúy", 1973, sex="female", by=officer)
    staff = login(province_staff)
    page = staff.get(reverse("awards:duplicate_list")).content.decode()
    data = form_holding(page, 'name="members"')
    assert data["members"] == [str(first.pk), str(second.pk)]

    edited = Nominee.objects.get(pk=second.pk)
    edited.position = "Bí thư Đảng ủy xã Vĩnh Bình Nam"
    edited._history_user = officer
    edited.save()

    response = staff.post(reverse(f"awards:{action}"), data, follow=True)
    page = text_of(response)
    assert CHANGED in page and "huyen.vinhthuan" in page
    assert "Bí thư Đảng ủy xã Vĩnh Bình Nam" in page
    assert Nominee.objects.get(pk=second.pk).merged_into_id is None
    assert "Hồ sơ số" in page and str(second.pk) in page  # the group is still shown, to decide

    again = staff.post(reverse(f"awards:{action}"), form_holding(page_html(response), "members"))
    assert again.status_code == 302
    if action == "nominee_merge":
        assert Nominee.objects.get(pk=second.pk).merged_into_id == first.pk
    else:
        assert "Lê Thị" not in text_of(staff.get(reverse("awards:duplicate_list")))


def test_a_merge_decided_before_an_award_was_added_to_one_of_them_is_refused(
    province_staff, officer
):
    person("Lê Thị Thuý", 1972, sex="female", by=officer)
    second = person("Lê Thị Thúy", 1973, sex="female", by=officer)
    staff = login(province_staff)
    data = form_holding(staff.get(reverse("awards:duplicate_list")).content.decode(), "members")
    added = record(second, "bang-khen-chu-tich-ubnd-tinh", 2022, number="77/QĐ-UBND")
    response = staff.post(reverse("awards:nominee_merge"), data, follow=True)
    page = text_of(response)
    assert CHANGED in page and str(added) in page
    assert Nominee.objects.get(pk=second.pk).merged_into_id is None


def page_html(response):
    return response.content.decode()


# --- delete buttons -----------------------------------------------------------------------------


def test_deleting_an_award_record_changed_meanwhile_is_refused(officer, province_staff):
    nominee = person("Trần Văn Bình", by=officer)
    entry = record(nominee, "bang-khen-chu-tich-ubnd-tinh", 2019, number="15/QĐ-UBND")
    district = login(officer)
    detail = reverse("awards:nominee_detail", args=[nominee.pk])
    delete = reverse("awards:award_record_delete", args=[entry.pk])
    data = form_holding(district.get(detail).content.decode(), f'action="{delete}"')

    corrected = AwardRecord.objects.get(pk=entry.pk)
    corrected.decision_number = "115/QĐ-UBND"
    corrected._history_user = province_staff
    corrected.save()

    response = district.post(delete, data, follow=True)
    page = text_of(response)
    assert "Chưa xóa" in page and CHANGED in page and "tinh" in page
    assert "“15/QĐ-UBND” → “115/QĐ-UBND”" in page
    assert AwardRecord.objects.filter(pk=entry.pk).exists()
    again = district.post(delete, form_holding(page_html(response), f'action="{delete}"'))
    assert again.status_code == 302
    assert not AwardRecord.objects.filter(pk=entry.pk).exists()


def test_deleting_a_printer_recalibrated_meanwhile_is_refused(province_staff, administrator):
    printer = PrinterCalibration(name="Máy in phòng Thi đua", offset_x_mm=1, offset_y_mm=0)
    printer._history_user = province_staff
    printer.save()
    staff = login(province_staff)
    listing = reverse("awards:printer_list")
    delete = reverse("awards:printer_delete", args=[printer.pk])
    data = form_holding(staff.get(listing).content.decode(), f'action="{delete}"')

    other = login(administrator)
    edit = other.get(f"{listing}?edit={printer.pk}").context["form"]
    saved = other.post(
        f"{listing}?edit={printer.pk}",
        {
            "name": "Máy in phòng Thi đua",
            "offset_x_mm": "2.5",
            "offset_y_mm": "0",
            "edit_version": edit["edit_version"].value(),
        },
    )
    assert saved.status_code == 302

    response = staff.post(delete, data, follow=True)
    page = text_of(response)
    assert "Chưa xóa" in page and CHANGED in page and "quantri" in page
    assert PrinterCalibration.objects.filter(pk=printer.pk).exists()
    again = staff.post(delete, form_holding(page_html(response), f'action="{delete}"'))
    assert again.status_code == 302
    assert not PrinterCalibration.objects.filter(pk=printer.pk).exists()


def test_deleting_a_named_target_changed_meanwhile_is_refused(province_staff, administrator):
    plan = Plan.objects.get(number="168/KH-UBND")
    NamedTarget.objects.filter(plan=plan, unit__code="910").delete()
    target = NamedTarget(plan=plan, unit=Unit.objects.get(code="910"), standard="ntm", year=2025)
    target._history_user = province_staff
    target.save()
    staff = login(province_staff)
    delete = reverse("targets:named_target_delete", args=[target.pk])
    data = form_holding(staff.get(delete).content.decode(), "Xác nhận xóa")

    moved = NamedTarget.objects.get(pk=target.pk)
    moved.year = 2026
    moved._history_user = administrator
    moved.save()

    response = staff.post(delete, data)
    page = text_of(response)
    assert response.status_code == 200
    assert "Chưa xóa" in page and CHANGED in page and "quantri" in page
    assert "trước hết năm 2026" in page  # the confirmation shows the target as it now is
    assert NamedTarget.objects.filter(pk=target.pk).exists()
    again = staff.post(delete, form_holding(page_html(response), "Xác nhận xóa"))
    assert again.status_code == 302
    assert not NamedTarget.objects.filter(pk=target.pk).exists()
    deleted = NamedTarget.history.filter(id=target.pk, history_type="-").get()
    assert deleted.history_user == province_staff  # who deleted it is recorded


# --- the register's reconciliation (“đã đối chiếu đủ đến năm …”) --------------------------------


def test_a_reconciliation_declared_on_a_page_opened_before_another_is_refused(
    province_staff, administrator
):
    from targets.models import Reconciliation
    from targets.services import reconcile

    district = Unit.objects.get(code="910")
    reconcile(scope=district, up_to_year=2021, note="Lần đầu", by=administrator)
    staff = login(province_staff)
    url = reverse("targets:data_quality")
    data = form_holding(staff.get(url).content.decode(), 'name="up_to_year"')
    data.update(scope=district.pk, up_to_year="2022", note="Theo sổ lưu trữ của huyện")

    reconcile(scope=district, up_to_year=2024, note="Đối chiếu với Sở", by=administrator)

    response = staff.post(url, data)
    page = text_of(response)
    assert response.status_code == 200
    assert CHANGED in page and "quantri" in page and "2024" in page
    assert "Theo sổ lưu trữ của huyện" in page  # what was typed, kept
    assert Reconciliation.objects.get(scope=district).up_to_year == 2024
    again = staff.post(url, form_holding(response.content.decode(), 'name="up_to_year"'))
    assert again.status_code == 302
    assert Reconciliation.objects.get(scope=district).up_to_year == 2022
