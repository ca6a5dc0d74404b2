"""Every workflow page shows the one step expected next as its primary button, to whoever may
take it, and every other step as a secondary one (issue #23, point 4).

The states come from the workflow definitions: every model built on WorkflowMixin names the step
expected next from each of its states (`NEXT_STEP`), and each table below names, for every state,
the primary button each role sees on the record's page (None: no primary button, the procedure
has ended or the next step is someone else's). A new state, or a new workflow, fails here until
its page says what comes next.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.urls import reverse

from awards.models import AwardDecision, CouncilVote, Nomination
from ntm_portal.lib.workflow import WorkflowMixin
from targets.models import AppraisalRequest
from tests.awards import helpers as aw
from tests.emulation import helpers as em
from tests.factories import advanced_appraisal, certify

PRIMARY = re.compile(
    r'<(a|button)\b[^>]*class="[^"]*\bbtn-primary\b[^"]*"[^>]*>(.*?)</\1>', re.S | re.I
)


def primary_buttons(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    main = html.split('id="main"', 1)[-1]
    return [" ".join(re.sub(r"<[^>]+>", "", text).split()) for _, text in PRIMARY.findall(main)]


def workflow_models():
    return [model for model in apps.get_models() if issubclass(model, WorkflowMixin)]


def test_every_workflow_names_the_step_expected_next_from_each_of_its_states():
    models = workflow_models()
    assert {model.__name__ for model in models} >= {
        "AppraisalRequest",
        "Nomination",
        "Registration",
        "Review",
    }
    for model in models:
        states = set(model._meta.get_field(model.workflow_state_field).get_choices(False))
        assert set(model.NEXT_STEP) == {value for value, _ in states}, model.__name__
        for state, action in model.NEXT_STEP.items():
            assert (
                action is None
                or state in model.STEPS[action].from_states
                or (model is Nomination and action == "review")
            ), (model.__name__, state, action)


def test_every_workflow_model_has_a_table_of_primary_buttons_here():
    assert {model.__name__ for model in workflow_models()} == set(PAGES)


# {state: {role: the label of the page's one primary button, or None for no primary button}}
APPRAISAL = {
    "submitted": {"province_staff": "Tiếp nhận", "officer": None},
    "received": {"province_staff": "Ghi kết quả thẩm định", "officer": None},
    "appraised": {"province_staff": "Ghi quyết định", "officer": None},
    "returned": {"province_staff": None, "officer": "Trình lại"},
    "decided": {"province_staff": None, "officer": None},
    "withdrawn": {"province_staff": None, "officer": None},
}
NOMINATION = {
    "draft": {"officer": "Trình đề nghị", "leadership": None},
    "submitted": {"province_staff": "Tiếp nhận", "officer": None},
    "received": {
        "province_staff": "Đưa vào phiên họp Hội đồng ngày 10/01/2025",
        "officer": None,
    },
    "returned": {"officer": "Trình đề nghị", "leadership": None},
    "reviewed": {
        "province_staff": "Ghi quyết định khen thưởng (phiên họp ngày 10/01/2025)",
        "officer": None,
    },
    "to_central": {
        "province_staff": "Ghi quyết định của Trung ương (phiên họp ngày 10/01/2025)",
        "officer": None,
    },
    "decided": {"province_staff": None, "officer": None},
    "rejected": {"province_staff": None, "officer": None},
    "withdrawn": {"province_staff": None, "officer": None},
    "escalated": {"province_staff": None, "officer": None},
    "not_passed": {"province_staff": None, "officer": None},
}
REGISTRATION = {
    # The province may act for any participant.
    "draft": {
        "officer": "Hoàn thiện và gửi đăng ký",
        "province_staff": "Hoàn thiện và gửi đăng ký",
    },
    "submitted": {"officer": None, "province_staff": None},
}
REVIEW = {
    "draft": {"officer": "Tiếp tục tự chấm", "province_staff": "Tiếp tục tự chấm"},
    "self_assessed": {"province_staff": "Thẩm định (cụm/khối)", "officer": None},
    "cluster_ok": {"province_staff": "Thẩm định (tỉnh)", "officer": None},
    "verified": {"province_staff": None, "officer": None},
}
PAGES = {
    "AppraisalRequest": APPRAISAL,
    "Nomination": NOMINATION,
    "Registration": REGISTRATION,
    "Review": REVIEW,
}


@pytest.fixture
def users(province_staff, officer, leadership):
    return {"province_staff": province_staff, "officer": officer, "leadership": leadership}


def expectations(table):
    return [(state, role, label) for state, roles in table.items() for role, label in roles.items()]


@pytest.mark.parametrize("table", PAGES.values(), ids=PAGES.keys())
def test_every_state_of_every_workflow_is_in_its_table(table):
    model = next(model for model in workflow_models() if PAGES[model.__name__] is table)
    assert set(table) == set(model.NEXT_STEP)


@pytest.mark.parametrize(("state", "role", "label"), expectations(APPRAISAL))
def test_an_appraisal_page_offers_the_expected_step_as_its_one_primary_button(
    client, users, state, role, label
):
    appraisal = advanced_appraisal(users["officer"])
    decided = {}
    if state == "decided":
        decided["certification"] = certify("31063", "advanced", 2024, number="120/QĐ-UBND")
    AppraisalRequest.objects.filter(pk=appraisal.pk).update(state=state, **decided)
    url = reverse("targets:appraisal_detail", args=[appraisal.pk])
    assert primary_buttons(client, users[role], url) == ([label] if label else [])


@pytest.mark.parametrize(("state", "role", "label"), expectations(NOMINATION))
def test_a_nomination_page_offers_the_expected_step_as_its_one_primary_button(
    client, users, state, role, label
):
    nominee = aw.person("Nguyễn Văn Bình", by=users["officer"])
    nomination = aw.nomination(nominee, by=users["officer"])
    session = aw.session(nomination.phase, by=users["province_staff"])
    if state in ("reviewed", "to_central"):
        CouncilVote.objects.create(
            session=session,
            nomination=nomination,
            votes_for=7,
            votes_against=0,
            votes_abstain=0,
            passed=True,
        )
    decided = {}
    if state == "decided":
        decided["decision"] = AwardDecision.objects.create(
            number="150/QĐ-UBND",
            issued_on=datetime.date(2025, 1, 20),
            signer="Lê Quốc Anh",
            phase=nomination.phase,
            session=session,
            created_by=users["province_staff"],
        )
    Nomination.objects.filter(pk=nomination.pk).update(
        state=state, submitted_on=datetime.date(2025, 1, 5), **decided
    )
    url = reverse("awards:nomination_detail", args=[nomination.pk])
    assert primary_buttons(client, users[role], url) == ([label] if label else [])


@pytest.mark.parametrize(("state", "role", "label"), expectations(REGISTRATION))
def test_a_registration_page_offers_the_expected_step_as_its_one_primary_button(
    client, users, state, role, label
):
    registration = em.registration(em.phase(open_days=10), "910", state=state)
    url = reverse("emulation:registration_detail", args=[registration.pk])
    assert primary_buttons(client, users[role], url) == ([label] if label else [])


@pytest.mark.parametrize(("state", "role", "label"), expectations(REVIEW))
def test_a_review_page_offers_the_expected_step_as_its_one_primary_button(
    client, users, state, role, label
):
    review = em.review(em.phase(open_days=10), "910", 5, state=state)
    url = reverse("emulation:review_detail", args=[review.pk])
    assert primary_buttons(client, users[role], url) == ([label] if label else [])


def test_the_registration_and_self_assessment_forms_send_as_their_one_primary_button(
    client, officer
):
    phase = em.phase(open_days=10)
    em.participant("910")
    for name, label in (
        ("emulation:registration_edit", "Gửi đăng ký"),
        ("emulation:review_edit", "Gửi tự chấm"),
    ):
        url = reverse(name, args=[phase.pk, "910"])
        assert primary_buttons(client, officer, url) == [label]
