"""`take_step`, the POST of every workflow step: where it leads after a step, and what it shows
after a step that failed half-way."""

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from awards.models import Nomination, NominationEvent
from ntm_portal.lib.workflow import take_step
from tests.awards.helpers import collective, kind, nomination, participant, person

pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_escalating_on_the_page_opens_the_new_nomination(client, officer, province_staff):
    proposal = nomination(collective("910", by=officer), by=officer)
    proposal.submit(by=officer)
    proposal.receive(by=province_staff)
    participant("91")  # the province takes part and proposes national awards
    client.force_login(province_staff)
    response = client.post(
        f"/awards/{proposal.pk}/escalate/",
        {
            "escalate-kind": kind("bang-khen-thu-tuong").pk,
            "escalate-reason": "Thành tích tiêu biểu toàn quốc.",
        },
        follow=True,
    )
    higher = Nomination.objects.get(escalated_from=proposal)
    # The step leads to the draft it created (the record to work on next), not back to the old one.
    assert response.redirect_chain == [(f"/awards/{higher.pk}/", 302)]
    assert "Bằng khen của Thủ tướng Chính phủ" in response.content.decode()


def test_a_step_refused_after_the_record_moved_in_memory_shows_the_stored_state(
    officer, province_staff
):
    proposal = nomination(person("Lê Văn Thành", 1970, by=officer), by=officer)
    proposal.submit(by=officer)
    record = Nomination.objects.get(pk=proposal.pk)

    def perform(nomination, _data):
        # A step over several records: the nomination moves, then a later check refuses and the
        # transaction is rolled back, leaving the object in memory one step ahead.
        with transaction.atomic():
            nomination.receive(by=province_staff)
            raise ValidationError("Hồ sơ kèm theo chưa đủ.")

    shown = {}

    def render_detail(_request, nomination, bound):
        shown["state"] = nomination.state
        shown["errors"] = bound.non_field_errors()
        return HttpResponse(status=200)

    request = RequestFactory().post(f"/awards/{record.pk}/receive/", {})
    request.user = province_staff
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = take_step(
        request,
        record,
        NominationEvent.Action.RECEIVE,
        form_class=NoteForm,
        perform=perform,
        success="Đã tiếp nhận.",
        detail="awards:nomination_detail",
        render_detail=render_detail,
    )
    assert response.status_code == 200
    assert Nomination.objects.get(pk=record.pk).state == Nomination.State.SUBMITTED
    assert shown["state"] == Nomination.State.SUBMITTED
    assert shown["errors"] == ["Hồ sơ kèm theo chưa đủ."]


def test_a_steps_reason_is_kept_without_the_spaces_around_it(officer, province_staff):
    # Forms strip what is typed; an import or a service passes its text as it comes.
    proposal = nomination(person("Lê Văn Trí", 1971, by=officer), by=officer)
    proposal.submit(by=officer)
    proposal.receive(by=province_staff, note="  Đủ thành phần hồ sơ.\n  ")
    event = Nomination.objects.get(pk=proposal.pk).events.last()
    assert (event.action, event.reason) == ("receive", "Đủ thành phần hồ sơ.")
