"""Workflow behaviour that `make mutants` found unheld (docs/benchmarks.md, "Mutation testing"):
what `take_step` says and where it leads after a step, the scan sent with a step's form, and how
a state outside the choices is named. Each test names the mutant of ntm_portal/lib/workflow.py
it fails on."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import Nomination
from targets.models import AppraisalEvent, AppraisalRequest
from targets.services import submit_appraisal
from tests.awards.helpers import collective, kind, nomination, participant
from tests.factories import commune_status, unit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def submitted(officer):
    commune_status("31060", 2024, met=19)  # Vĩnh Bình Bắc (Vĩnh Thuận), all 19 criteria met
    return submit_appraisal(
        commune=unit("31060"),
        standard="ntm",
        standard_year=2024,
        submission_number="45/TTr-UBND",
        by=officer,
    )


@pytest.fixture
def appraised(submitted, province_staff):
    submitted.receive(by=province_staff)
    submitted = AppraisalRequest.objects.get(pk=submitted.pk)
    submitted.appraise(by=province_staff, passed=True, reason="Hội đồng thống nhất 7/7.")
    return AppraisalRequest.objects.get(pk=submitted.pk)


def detail_url(appraisal):
    return reverse("targets:appraisal_detail", args=[appraisal.pk])


def test_a_step_taken_says_so_and_leads_back_to_the_dossier_not_to_its_event(
    client, submitted, province_staff
):
    """take_step: `messages.success(request, None)`; `target = result if … or True` (the
    redirect would follow the event the step returns, whose number is not the dossier's)."""
    client.force_login(province_staff)
    response = client.post(
        reverse("targets:appraisal_receive", args=[submitted.pk]),
        {"receive-received_on": "", "receive-note": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(submitted)
    assert submitted.events.order_by("pk").last().pk != submitted.pk
    page = client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận hồ sơ." in page


def test_a_step_refused_by_its_form_says_to_look_at_the_form(client, submitted, province_staff):
    """take_step: the message "Chưa thực hiện được bước này: …" removed or changed."""
    client.force_login(province_staff)
    response = client.post(reverse("targets:appraisal_return", args=[submitted.pk]), {})
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        "Chưa thực hiện được bước này: xem lỗi trong biểu mẫu bên dưới."
    ]
    assert "Chưa thực hiện được bước này: xem lỗi trong biểu mẫu bên dưới." in (
        response.content.decode()
    )
    assert AppraisalRequest.objects.get(pk=submitted.pk).state == "submitted"


def test_the_scan_sent_with_the_decision_step_is_kept_with_the_decision(
    client, appraised, province_staff
):
    """take_step: the step's form bound without `request.FILES` (the scan would be dropped)."""
    client.force_login(province_staff)
    scan = SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("targets:appraisal_decide", args=[appraised.pk]),
        {
            "decide-number": "1007/QĐ-UBND",
            "decide-issued_on": "15/03/2025",
            "decide-issuer": "ct_ubnd_tinh",
            "decide-signer": "Nguyễn Văn A",
            "decide-notes": "",
            "decide-document": scan,
        },
    )
    assert response["Location"] == detail_url(appraised)
    decision = AppraisalRequest.objects.get(pk=appraised.pk).certification.decision
    assert decision.document.name.startswith("decisions/")
    opened = client.get(reverse("targets:decision_document", args=[decision.pk]))
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == PDF


def test_an_escalation_leads_to_the_new_higher_nomination(client, officer, province_staff):
    """take_step: `target = result if … and False` (the redirect would stay on the nomination
    escalated from instead of the new one the step created)."""
    proposal = nomination(collective("910", by=officer), by=officer)
    participant("91")  # the province takes part and proposes national awards
    Nomination.objects.filter(pk=proposal.pk).update(state=Nomination.State.REVIEWED)
    client.force_login(province_staff)
    response = client.post(
        reverse("awards:nomination_escalate", args=[proposal.pk]),
        {
            "escalate-kind": kind("bang-khen-thu-tuong").pk,
            "escalate-reason": "Thành tích tiêu biểu toàn quốc.",
        },
    )
    higher = Nomination.objects.get(escalated_from=proposal)
    assert response["Location"] == reverse("awards:nomination_detail", args=[higher.pk])


def test_a_state_outside_the_choices_is_named_by_its_stored_value(submitted):
    """_state_label: `.get(state, None)` / `.get(state)` (the refusal would say “None”)."""
    submitted.state = "legacy"  # a value left by an older version, no longer among the choices
    with pytest.raises(ValidationError) as refused:
        submitted.ensure_can_move(AppraisalEvent.Action.RECEIVE)
    assert "đang ở trạng thái “legacy”" in " ".join(refused.value.messages)


def test_steps_taken_without_a_note_record_an_empty_note(officer):
    """start/move: a default note other than "" (`reason="XXXX"`), or `reason or "XXXX"` in
    _record_event: the history of the nomination would show a note nobody wrote."""
    proposal = nomination(collective("910", by=officer), by=officer)
    proposal.submit(by=officer)
    proposal.refresh_from_db()
    assert [(event.action, event.reason) for event in proposal.events.all()] == [
        ("create", ""),
        ("submit", ""),
    ]


def test_each_step_is_recorded_in_the_change_history_under_the_person_who_took_it(officer):
    """start/move: `self._history_user = None` (the change history would name nobody)."""
    proposal = nomination(collective("910", by=officer), by=officer)
    proposal.submit(by=officer)
    assert [(entry.state, entry.history_user) for entry in proposal.history.order_by("pk")] == [
        ("draft", officer),
        ("submitted", officer),
    ]


def test_a_refused_step_names_every_state_it_may_start_from(officer):
    """ensure_can_move: the list of allowed states removed, joined otherwise, or each named
    `None`."""
    proposal = nomination(collective("910", by=officer), by=officer)
    proposal.submit(by=officer)
    with pytest.raises(ValidationError) as refused:
        proposal.submit(by=officer)
    assert refused.value.messages == [
        "Đề nghị khen thưởng đang ở trạng thái “Đã trình”, không thể trình. Bước này chỉ làm "
        "được khi đề nghị khen thưởng ở trạng thái: “Dự thảo”, “Trả lại để hoàn thiện”."
    ]


def test_a_step_saves_only_the_state_and_keeps_what_another_person_changed_meanwhile(
    officer, province_staff
):
    """move: `save(update_fields=None)` (the stale copy in hand would write back every field,
    undoing the other person's change)."""
    proposal = nomination(collective("910", by=officer), by=officer)
    proposal.submit(by=officer)
    stale = Nomination.objects.get(pk=proposal.pk)
    Nomination.objects.filter(pk=proposal.pk).update(
        achievements="Bản đã hoàn thiện: dẫn đầu phong trào năm 2024."
    )
    stale.receive(by=province_staff)
    stored = Nomination.objects.get(pk=proposal.pk)
    assert stored.state == Nomination.State.RECEIVED
    assert stored.achievements == "Bản đã hoàn thiện: dẫn đầu phong trào năm 2024."
