"""Finding 6 of issue #10: two people editing the same record — the second does not silently
revert the first: nothing is saved, they see who changed what, keep what they typed, and saving
again overwrites deliberately. Creating the same commune-year at once gives a message, not a
500; files of a failed save are removed."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from targets.forms.commune_status import CommuneStatusEditor
from targets.models import CommuneStatus, Decision, Plan
from tests.factories import advanced_appraisal_resting_on_a_revoked_ntm, commune_status
from tests.targets.status.test_status_edit import VINH_BINH_BAC, edit_url, page_data, status_of


def version_in(response):
    found = re.search(r'name="edit_version"(?: value="([^"]*)")?', response.content.decode())
    return found.group(1) or ""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_second_save_of_a_commune_year_shows_the_first_and_keeps_what_was_typed(
    officer, province_staff
):
    commune_status(VINH_BINH_BAC, 2024, met=10)
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(province_staff)
    first_version = version_in(first.get(edit_url()))
    second_version = version_in(second.get(edit_url()))
    assert first_version == second_version != ""

    saved = first.post(edit_url(), {**page_data(met=range(1, 15)), "edit_version": first_version})
    assert saved.status_code == 302
    typed = {
        **page_data(met=range(1, 11), notes={3: "Đã rà soát lại"}),
        "notes": "Ghi chú của tỉnh",
    }
    response = second.post(edit_url(), {**typed, "edit_version": second_version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "đã được lưu bởi người khác" in page
    assert "huyen.vinhthuan" in page  # who changed it
    assert "Ghi chú của tỉnh" in page and "Đã rà soát lại" in page  # what the second typed
    assert status_of().results.filter(met=True).count() == 14  # the first's save stands
    # Saving again, knowingly, overwrites.
    again = second.post(edit_url(), {**typed, "edit_version": version_in(response)})
    assert again.status_code == 302
    assert status_of().results.filter(met=True).count() == 10
    assert status_of().notes == "Ghi chú của tỉnh"


def test_creating_a_commune_year_someone_just_created_shows_their_save(officer, province_staff):
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(province_staff)
    new_version = version_in(first.get(edit_url()))
    assert new_version == version_in(second.get(edit_url())) == ""
    assert first.post(edit_url(), {**page_data(), "edit_version": new_version}).status_code == 302
    response = second.post(edit_url(), {**page_data(met=[1]), "edit_version": new_version})
    assert response.status_code == 200
    assert "đã được lưu bởi người khác" in response.content.decode()
    assert CommuneStatus.objects.filter(commune__code=VINH_BINH_BAC, year=2024).count() == 1
    assert status_of().results.filter(met=True).count() == 19


def test_creating_at_the_same_moment_is_a_message_and_the_evidence_file_is_removed(
    client, officer, media, monkeypatch
):
    client.force_login(officer)
    real_save = CommuneStatusEditor.save

    def someone_was_faster(self):
        real_save(self)  # writes the evidence file…
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(CommuneStatusEditor, "save", someone_was_faster)
    data = {**page_data(), "edit_version": ""}
    data["tc1-evidence"] = SimpleUploadedFile("quy-hoach.pdf", b"%PDF-1.7 minh chung")
    response = client.post(edit_url(), data)
    assert response.status_code == 200
    assert "người khác vừa tạo kết quả tiêu chí năm 2024" in response.content.decode()
    assert not CommuneStatus.objects.filter(commune__code=VINH_BINH_BAC, year=2024).exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_the_second_save_of_a_plan_is_refused_with_the_change(province_staff, administrator):
    plan = Plan.objects.get(number="168/KH-UBND")
    url = reverse("targets:plan_update", args=[plan.pk])
    first, second = Client(), Client()
    first.force_login(province_staff)
    second.force_login(administrator)
    form_first = first.get(url).context["form"]
    form_second = second.get(url).context["form"]

    def data(form, **changes):
        values = {
            name: form[name].value() if form[name].value() is not None else ""
            for name in form.fields
        }
        for name, value in list(values.items()):
            if hasattr(value, "strftime"):
                values[name] = value.strftime("%d/%m/%Y")
        values.update(changes)
        return values

    assert first.post(url, data(form_first, signer="Lâm Minh Thành")).status_code == 302
    response = second.post(url, data(form_second, signer_title="Chủ tịch"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "đã được lưu bởi người khác" in page and "Lâm Minh Thành" in page
    plan.refresh_from_db()
    assert plan.signer == "Lâm Minh Thành" and plan.signer_title == "Phó Chủ tịch"


def form_data(form, **changes):
    values = {}
    for name in form.fields:
        value = form[name].value()
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        if name == "document" or value is None:
            value = ""
        values[name] = value
    values.update(changes)
    return {name: value for name, value in values.items() if value != "" or name != "document"}


def test_the_second_save_of_a_certification_is_refused_with_the_change(
    province_staff, administrator
):
    from tests.factories import certify

    certification = certify("910", "ntm", 2020, number="669/QĐ-TTg")
    url = reverse("targets:certification_update", args=[certification.pk])
    first, second = Client(), Client()
    first.force_login(province_staff)
    second.force_login(administrator)
    form_first = first.get(url).context["form"]
    form_second = second.get(url).context["form"]
    saved = first.post(url, form_data(form_first, notes="Theo hồ sơ của huyện"))
    assert saved.status_code == 302
    response = second.post(url, form_data(form_second, notes="Theo báo cáo của tỉnh"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "đã được lưu bởi người khác" in page and "Theo hồ sơ của huyện" in page
    assert "Theo báo cáo của tỉnh" in page
    certification.refresh_from_db()
    assert certification.notes == "Theo hồ sơ của huyện"


def test_a_decision_scan_of_a_failed_save_is_removed(client, province_staff, media, monkeypatch):
    from targets.models import Decision
    from tests.factories import decision

    recorded = decision("669/QĐ-TTg")
    url = reverse("targets:decision_update", args=[recorded.pk])
    client.force_login(province_staff)
    form = client.get(url).context["form"]
    real_save = Decision.save

    def failing_save(self, *args, **kwargs):
        real_save(self, *args, **kwargs)  # the scan is written to storage here
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Decision, "save", failing_save)
    data = form_data(form)
    data["document"] = SimpleUploadedFile("qd.pdf", b"%PDF-1.7 ban scan", "application/pdf")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "người khác thay đổi" in response.content.decode()
    assert [path for path in media.rglob("*") if path.is_file()] == []
    recorded.refresh_from_db()
    assert not recorded.document


def test_the_decision_scan_of_a_refused_decide_step_is_removed(
    client, officer, province_staff, media
):
    """The appraisal's decide step writes the decision (and its scan) before the recognition is
    checked; when the recognition is refused, the decision rolls back and its scan goes too."""
    advanced = advanced_appraisal_resting_on_a_revoked_ntm(officer, province_staff)
    client.force_login(province_staff)
    response = client.post(
        reverse("targets:appraisal_decide", args=[advanced.pk]),
        {
            "decide-number": "1100/QĐ-UBND",
            "decide-issued_on": "15/03/2025",
            "decide-issuer": "ct_ubnd_tinh",
            "decide-signer": "Nguyễn Văn A",
            "decide-notes": "",
            "decide-document": SimpleUploadedFile(
                "qd-1100.pdf", b"%PDF-1.7 ban scan", "application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert "chưa có công nhận đạt chuẩn nông thôn mới còn hiệu lực" in response.content.decode()
    assert not Decision.objects.filter(number="1100/QĐ-UBND").exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []


# --- issue #22: every form of every app carries the version, and refuses a stale save ---------

# Forms that edit no existing record, each with the reason; every other form of the portal must
# carry the version (VersionedFormMixin) or be a workflow step's form (versioned by `take_step`).
# POST pages without a form class of their own (delete buttons): test_every_post_action.py.
NOT_EDITING = {
    "targets.forms.public.PublicSearchForm": "a search (GET)",
    "targets.filters.StatusFilterForm": "a list's filter (GET)",
    "targets.progress.query.ProgressQuery": "a search (GET)",
    "targets.forms.commune_status.StatusStartForm": "opens a commune-year's page (GET)",
    "targets.forms.appraisals.AppraisalSubmitForm": "creates (test_double_submit.py)",
    "targets.forms.certifications.DecisionForm": "part of recording certifications: creates",
    "targets.forms.certifications.DecisionPickForm": "part of recording certifications: creates",
    "targets.forms.certifications.CertificationRowForm": "part of recording certifications",
    "emulation.forms.ReopenRequestForm": "creates a reopen request",
    "awards.forms.FromReviewForm": "creates draft nominations",
    "targets.forms.plans.PlanFileForm": "creates a plan from its file; never overwrites one "
    "(a plan already in the portal is left as it is and its differences listed)",
}


def step_form_classes():
    """The forms of every workflow step: every view module's STEP_FORMS table."""
    import importlib
    import pkgutil

    classes = set()
    for app in ("units", "targets", "emulation", "awards"):
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            classes.update(getattr(module, "STEP_FORMS", {}).values())
    return classes


def project_form_classes():
    import importlib

    from django import forms as django_forms
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view, and with it every form
    for module in ("units.forms", "emulation.forms", "awards.forms", "targets.progress.query"):
        importlib.import_module(module)
    seen, stack = set(), [django_forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    apps = ("units.", "targets.", "emulation.", "awards.")
    return sorted(
        (
            cls
            for cls in seen
            if cls.__module__.startswith(apps) and "Historical" not in cls.__name__
        ),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def test_every_form_of_every_app_checks_the_version():
    """Every form class of every app (found by walking the form classes, not from a list) carries
    the version, or is a workflow step's form, or says here why it edits no existing record: a
    new edit form without the check fails this test."""
    from django import forms as django_forms

    from ntm_portal.lib.concurrency import VersionedFormMixin

    classes = project_form_classes()
    model_forms = [cls for cls in classes if issubclass(cls, django_forms.BaseModelForm)]
    assert len(model_forms) > 15 and len(classes) > 40
    steps = step_form_classes()
    assert len(steps) >= 8
    name = lambda cls: f"{cls.__module__}.{cls.__qualname__}"  # noqa: E731
    unchecked = [
        name(cls)
        for cls in classes
        if not issubclass(cls, VersionedFormMixin)
        and cls not in steps
        and not any(base in steps for base in cls.__mro__)
        and name(cls) not in NOT_EDITING
    ]
    assert unchecked == []
    stale = [label for label in NOT_EDITING if label not in {name(cls) for cls in classes}]
    assert stale == []  # a form listed here that no longer exists


@pytest.mark.parametrize(
    "edit",
    ["awards:nominee_update", "emulation:participant_update", "units:unit_contact"],
)
def test_the_second_writer_of_each_app_is_refused_and_keeps_what_was_typed(
    edit, province_staff, administrator, officer
):
    from awards.models import Nominee
    from emulation.models import Participant
    from tests.awards.helpers import person
    from tests.emulation.helpers import participant
    from units.models import Unit

    if edit == "awards:nominee_update":
        record = person("Trần Văn Bình", by=officer)
        first_user, field, mine, theirs = officer, "position", "Phó Chủ tịch", "Bí thư"
        model, key = Nominee, record.pk
    elif edit == "emulation:participant_update":
        record = participant("so-thu", name="Sở Thử nghiệm")
        first_user, field, mine, theirs = province_staff, "notes", "Ghi chú A", "Ghi chú B"
        model, key = Participant, record.pk
    else:
        record = Unit.objects.get(code="910")
        record.save()  # a first history row, as every unit of a running portal has
        first_user, field, mine, theirs = province_staff, "contact_person", "Ông A", "Bà B"
        model, key = Unit, record.code
    url = reverse(edit, args=[key])
    first, second = Client(), Client()
    first.force_login(first_user)
    second.force_login(administrator)
    form_first = first.get(url).context["form"]
    form_second = second.get(url).context["form"]
    assert form_first["edit_version"].value() == form_second["edit_version"].value() != ""

    assert first.post(url, form_data(form_first, **{field: mine})).status_code == 302
    response = second.post(url, form_data(form_second, **{field: theirs}))
    page = response.content.decode()
    assert response.status_code == 200, edit
    assert "đã được lưu bởi người khác" in page and mine in page  # the first's change, shown
    assert theirs in page  # what the second typed is still in the form
    stored = model.objects.get(pk=record.pk)
    assert getattr(stored, field) == mine
    # Saving again, knowingly, overwrites.
    again = second.post(url, form_data(response.context["form"], **{field: theirs}))
    assert again.status_code == 302
    assert getattr(model.objects.get(pk=record.pk), field) == theirs


def test_a_workflow_step_taken_on_a_stale_page_is_refused_and_keeps_the_note(
    officer, province_staff
):
    """The province opens a submitted nomination; the district corrects it meanwhile; receiving
    it from the old page is refused with the change, the note typed stays, and receiving it again
    (now seen) works."""
    import datetime

    from awards.models import Nomination
    from tests.awards.helpers import nomination, person

    proposal = nomination(person("Trần Văn Bình", by=officer), by=officer)
    proposal.submit(
        by=officer, submission_number="45/TTr-UBND", submitted_on=datetime.date(2024, 12, 2)
    )
    url = reverse("awards:nomination_detail", args=[proposal.pk])
    receive = reverse("awards:nomination_receive", args=[proposal.pk])
    staff = Client()
    staff.force_login(province_staff)
    form = staff.get(url).context["forms"]["receive"]
    opened = form["edit_version"].value()
    assert opened

    changed = Nomination.objects.get(pk=proposal.pk)
    changed.achievements = "Thành tích đã được huyện bổ sung số liệu năm 2024."
    changed._history_user = officer
    changed.save()

    typed = {"receive-note": "Hồ sơ đủ thành phần", "receive-edit_version": opened}
    response = staff.post(receive, typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "đã được lưu bởi người khác" in page and "huyen.vinhthuan" in page
    assert "Hồ sơ đủ thành phần" in page  # the note typed is kept
    assert Nomination.objects.get(pk=proposal.pk).state == Nomination.State.SUBMITTED
    current = response.context["forms"]["receive"]["edit_version"].value()
    assert current != opened
    again = staff.post(receive, {**typed, "receive-edit_version": current})
    assert again.status_code == 302
    assert Nomination.objects.get(pk=proposal.pk).state == Nomination.State.RECEIVED


def test_a_step_from_a_stale_copy_reads_the_row_again_under_the_lock(officer, province_staff):
    """`move` on a copy read before another person's step: the state and every field are those
    of the locked row — the step is refused from the state it no longer has, and a step that is
    allowed does not record the stale values in the edit history."""
    import datetime

    from django.core.exceptions import ValidationError

    from awards.models import Nomination
    from tests.awards.helpers import nomination, person

    proposal = nomination(person("Trần Văn Bình", by=officer), by=officer)
    stale = Nomination.objects.get(pk=proposal.pk)  # read while still a draft
    fresh = Nomination.objects.get(pk=proposal.pk)
    fresh.achievements = "Bản đã sửa"
    fresh._history_user = officer
    fresh.save()
    fresh.submit(
        by=officer, submission_number="45/TTr-UBND", submitted_on=datetime.date(2024, 12, 2)
    )

    with pytest.raises(ValidationError) as refused:
        stale.submit(by=officer, submission_number="46/TTr-UBND")
    assert "Đã trình" in " ".join(refused.value.messages) or "đang ở trạng thái" in " ".join(
        refused.value.messages
    )
    assert proposal.events.filter(action="submit").count() == 1

    older = Nomination.objects.get(pk=proposal.pk)
    newer = Nomination.objects.get(pk=proposal.pk)
    newer.submission_signer = "Nguyễn Văn A"
    newer._history_user = officer
    newer.save()
    older.receive(by=province_staff)  # allowed: SUBMITTED → RECEIVED
    latest = Nomination.history.filter(id=proposal.pk).order_by("-history_id").first()
    assert latest.state == Nomination.State.RECEIVED
    assert latest.submission_signer == "Nguyễn Văn A"  # not the stale copy's empty value
    assert Nomination.objects.get(pk=proposal.pk).submission_signer == "Nguyễn Văn A"
