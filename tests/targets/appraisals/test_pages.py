"""The appraisal list and detail pages, and the commune page's criteria and appraisal sections."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.services import submit_appraisal
from tests.conftest import status_as
from tests.factories import advanced_appraisal, commune_status
from units.models import Unit

from .conftest import VINH_BINH_BAC, reload, step_url

LIST = reverse("targets:appraisal_list")
STEP_FORMS = {
    "receive": "Tiếp nhận hồ sơ",
    "appraise": "Ghi kết quả thẩm định",
    "decide": "Ghi quyết định công nhận",
    "return": "Trả lại hồ sơ cho huyện",
    "resubmit": "Trình lại hồ sơ",
    "withdraw": "Rút hồ sơ",
}


def step_forms_shown(page, appraisal):
    return {action for action in STEP_FORMS if step_url(action, appraisal) in page}


def test_list_and_detail_follow_the_role_ladder(client, cast, submitted):
    for url in (LIST, reverse("targets:appraisal_detail", args=[submitted.pk])):
        status, response = status_as(client, None, "get", url)
        assert status == 302 and response.url.startswith(reverse("login"))
        for name, user in cast.items():
            assert status_as(client, user, "get", url)[0] == 200, f"{name} on {url}"


def test_each_role_sees_only_the_steps_it_may_take(client, cast, submitted, province_staff):
    detail = reverse("targets:appraisal_detail", args=[submitted.pk])
    expected = {
        "province_staff": {"receive", "return"},
        "officer": {"withdraw"},
        "other_officer": set(),
        "leadership": set(),
        "administrator": {"receive", "return", "withdraw"},
    }
    for name, user in cast.items():
        page = status_as(client, user, "get", detail)[1].content.decode()
        assert step_forms_shown(page, submitted) == expected[name], name
    submitted.receive(by=province_staff)
    reload(submitted).appraise(by=province_staff, passed=True)
    page = status_as(client, province_staff, "get", detail)[1].content.decode()
    assert step_forms_shown(page, submitted) == {"decide", "return"}
    page = status_as(client, cast["leadership"], "get", detail)[1].content.decode()
    assert step_forms_shown(page, submitted) == set()


def test_detail_shows_the_timeline_and_the_snapshot(client, returned, leadership):
    client.force_login(leadership)
    page = client.get(reverse("targets:appraisal_detail", args=[returned.pk])).content.decode()
    assert "Huyện trình hồ sơ" in page and "Tỉnh trả lại" in page
    assert "Lý do: Thiếu biên bản lấy ý kiến nhân dân." in page
    assert "tiêu chí khi trình 19/19" in page
    assert "45/TTr-UBND" in page


def test_list_filters_by_state_district_and_standard(client, leadership, returned, officer):
    other = advanced_appraisal(officer, submission_number="50/TTr-UBND")
    client.force_login(leadership)

    def listed(**query):
        return {a.pk for a in client.get(LIST, query).context["object_list"]}

    assert listed() == {returned.pk, other.pk}
    assert listed(state="returned") == {returned.pk}
    assert listed(standard="advanced") == {other.pk}
    assert listed(district="910") == {returned.pk, other.pk}
    assert listed(district="908") == set()
    assert listed(q="vinh binh nam") == {other.pk}


def test_list_query_count_does_not_grow_with_data(
    client, province_staff, officer, django_assert_max_num_queries
):
    communes = list(Unit.objects.rural_communes().filter(parent__code="910").order_by("code"))
    assert len(communes) >= 6

    def submit(commune):
        commune_status(commune.code, 2024, met=19)
        appraisal = submit_appraisal(
            commune=commune,
            standard="ntm",
            standard_year=2024,
            submission_number="45/TTr-UBND",
            by=officer,
        )
        appraisal.receive(by=province_staff)

    submit(communes[0])
    client.force_login(province_staff)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for commune in communes[1:]:
        submit(commune)
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == len(communes)


def test_commune_page_shows_criteria_and_appraisals_with_actions_only_for_those_allowed(
    client, cast, returned
):
    url = reverse("units:unit_detail", args=[VINH_BINH_BAC])
    edit = reverse("targets:status_edit", args=[VINH_BINH_BAC, 2024])
    submit = reverse("targets:appraisal_create") + f"?commune={VINH_BINH_BAC}"
    for name, user in cast.items():
        page = status_as(client, user, "get", url)[1].content.decode()
        assert "Tiêu chí nông thôn mới: đạt 19/19 năm 2024" in page, name
        assert "Tỉnh trả lại" in page and "Thiếu biên bản lấy ý kiến nhân dân." in page, name
        assert (edit in page) == (name in {"province_staff", "officer", "administrator"}), name
        assert (submit in page) == (name in {"officer", "administrator"}), name


def test_commune_page_without_status_invites_editors_to_enter_one(client, officer, leadership):
    url = reverse("units:unit_detail", args=["31063"])
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "Chưa có kết quả tiêu chí nào của Xã Vĩnh Bình Nam." in page
    assert "Nhập kết quả năm" in page
    client.force_login(leadership)
    page = client.get(url).content.decode()
    assert "Nhập kết quả năm" not in page
    assert "chưa có hồ sơ đề nghị thẩm định nào" in page
