"""Issue #22, point 2: a double click never creates twice, a duplicate is never a 500.

Every create URL of the portal (enumerated from the URL conf: every URL whose view accepts a POST
is a create, an action under the version check, or a stated exception — post_actions.py) is submitted the way a browser does it — with the
one-time form token of the page it came from — twice: the first creates, the second is sent where
the first went, with a message, and creates nothing. Then the same data is sent again with a new
token (someone else, or another tab): a Vietnamese form error or message, never a 500, and no
second row where the data must be unique."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    AwardDecision,
    AwardRecord,
    CouncilSession,
    DisciplinaryHold,
    Nomination,
    Nominee,
    PrinterCalibration,
)
from emulation.models import (
    Cluster,
    ContentArea,
    Exemplar,
    MovementReport,
    Participant,
    Phase,
    ReopenRequest,
    Review,
)
from ntm_portal.lib.idempotency import REPLAYED, TOKEN_FIELD
from targets.models import (
    AppraisalRequest,
    Certification,
    Indicator,
    NamedTarget,
    Plan,
    Reconciliation,
)
from tests.awards import helpers as awards
from tests.emulation import helpers as emulation
from tests.factories import commune_status
from tests.hardening.post_actions import CREATES
from units.models import Unit

VINH_BINH_BAC = "31060"  # a commune of Vĩnh Thuận (910), the officer's district


def create_url_names():
    """Every POST page of the URL conf that creates records (tests/hardening/post_actions.py;
    test_every_post_action.py fails when a POST page is neither a create nor versioned)."""
    return set(CREATES)


def page_token(page, field):
    """The form token of the POST form holding `field` (as a browser would send it)."""
    for form in re.findall(r"<form\b.*?</form>", page, flags=re.S):
        if f'name="{field}"' in form and 'method="post"' in form.lower():
            found = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', form)
            assert found, f"the form with {field} carries no {TOKEN_FIELD}"
            return found.group(1)
    raise AssertionError(f"no POST form with the field {field}: {errors_in_page(page)}")


def errors_in(response):
    """What a refused form says (for a failing test's message)."""
    return errors_in_page(response.content.decode())


def errors_in_page(page):
    found = re.findall(r"(?:invalid-feedback|alert)[^>]*>(.*?)</", page, flags=re.S)
    return [" ".join(text.split()) for text in found if text.strip()] or page[-1500:]


def login(user):
    client = Client()
    client.force_login(user)
    return client


# --- one case per create URL: (user, URL, the data typed, the rows it creates, unique?) -------


def plan_create(cast):
    data = {
        "number": "200/KH-UBND", "title": "Kế hoạch mới", "issuer": "UBND tỉnh",
        "issued_on": "15/01/2026", "signer": "Lâm Minh Thành", "signer_title": "Chủ tịch",
        # The province of 01/07/2025: Kiên Giang is not valid in 2026–2030 (the form says so).
        "scope": Unit.objects.get(code="91", valid_from=datetime.date(2025, 7, 1)).pk,
        "baseline_year": 2025,
        "start_year": 2026, "end_year": 2030,
    }  # fmt: skip
    return cast["province_staff"], reverse("targets:plan_create"), data, Plan.objects, True


def indicator_create(cast):
    plan = Plan.objects.get(number="168/KH-UBND")
    Indicator.objects.filter(plan=plan, level="district", standard="advanced").delete()
    data = {
        "level": "district", "standard": "advanced", "name": "Số huyện nâng cao (thử)",
        "denominator": 15, "baseline": 0, "position": 99,
    }  # fmt: skip
    url = reverse("targets:indicator_create", args=[plan.pk])
    return cast["province_staff"], url, data, Indicator.objects, True


def named_target_create(cast):
    plan = Plan.objects.get(number="168/KH-UBND")
    NamedTarget.objects.filter(plan=plan, unit__code="910").delete()
    data = {"unit": Unit.objects.get(code="910").pk, "standard": "ntm", "year": 2025}
    url = reverse("targets:named_target_create", args=[plan.pk])
    return cast["province_staff"], url, data, NamedTarget.objects, True


def certification_create(cast):
    data = {
        "source": "new", "decision-number": "2000/QĐ-UBND", "decision-issued_on": "10/03/2024",
        "decision-issuer": "ct_ubnd_tinh", "decision-signer": "Lâm Minh Thành",
        "decision-notes": "", "rows-TOTAL_FORMS": 1, "rows-INITIAL_FORMS": 0,
        "rows-MIN_NUM_FORMS": 0, "rows-MAX_NUM_FORMS": 1000,
        "rows-0-unit": Unit.objects.get(code=VINH_BINH_BAC).pk, "rows-0-standard": "ntm",
        "rows-0-standard_year": 2023,
    }  # fmt: skip
    url = reverse("targets:certification_create")
    return cast["province_staff"], url, data, Certification.objects, True


def appraisal_create(cast):
    commune_status(VINH_BINH_BAC, 2024)
    data = {
        "commune": VINH_BINH_BAC, "standard": "ntm", "standard_year": 2024,
        "submission_number": "47/TTr-UBND", "submitted_on": "10/03/2025", "note": "",
    }  # fmt: skip
    return (
        cast["officer"],
        reverse("targets:appraisal_create"),
        data,
        AppraisalRequest.objects,
        True,
    )


def content_area_create(cast):
    data = {"number": 99, "title": "Nội dung thử", "description": ""}
    url = reverse("emulation:content_area_create")
    return cast["province_staff"], url, data, ContentArea.objects, True


def phase_create(cast):
    taken = set(Phase.objects.values_list("kind", "year"))
    kind, year = next(
        (kind, year) for year in range(2021, 2026) for kind in Phase.Kind.values
        if (kind, year) not in taken
    )  # fmt: skip
    data = {
        "kind": kind, "year": year, "registration_deadline": f"31/03/{year}",
        "assessment_deadline": f"15/11/{year}", "commendation_places": 3, "notes": "",
    }  # fmt: skip
    return cast["province_staff"], reverse("emulation:phase_create"), data, Phase.objects, True


def participant_create(cast):
    data = {"kind": "department", "code": "so-thu", "name": "Sở Thử nghiệm", "active": "on"}
    url = reverse("emulation:participant_create")
    return cast["province_staff"], url, data, Participant.objects, True


def cluster_create(cast):
    leader = emulation.participant("910")
    data = {"year": 2025, "kind": "cluster", "name": "Cụm thi đua thử", "leader": leader.pk}
    url = reverse("emulation:cluster_create")
    return cast["province_staff"], url, data, Cluster.objects, True


def exemplar_create(cast):
    data = {
        "title": "Mô hình trồng lúa sạch", "kind": "model",
        "content_area": ContentArea.objects.order_by("number").first().pk,
        "participant": emulation.participant("910").pk, "year": 2024,
        "description": "Mô hình của huyện.", "results": "", "spread_to": "", "evidence_title": "",
    }  # fmt: skip
    url = reverse("emulation:exemplar_create")
    return cast["officer"], url, data, Exemplar.objects, False


def report_create(cast):
    data = {
        "phase": emulation.phase().pk, "number": "", "report_date": "20/12/2025",
        "assessment": "Phong trào đạt kết quả tốt.", "directions": "", "signer": "",
        "signer_title": "Chủ tịch",
    }  # fmt: skip
    url = reverse("emulation:report_create")
    return cast["province_staff"], url, data, MovementReport.objects, False


def nominee_create(cast):
    data = {
        "nominee_type": "individual", "name": "Phạm Văn Thử", "sex": "male",
        "birth_year": 1970, "position": "Chủ tịch UBND xã", "workplace": "UBND xã Vĩnh Bình Bắc",
        "district": Unit.objects.get(code="910").pk,
    }  # fmt: skip
    return cast["officer"], reverse("awards:nominee_create"), data, Nominee.objects, False


def nomination_create(cast):
    nominee = awards.person("Trần Văn Bình", by=cast["officer"])
    data = {
        "phase": awards.phase().pk, "proposer": awards.participant("910").pk,
        "nominee": nominee.pk, "kind": awards.kind("bang-khen-chu-tich-ubnd-tinh").pk,
        "ntm_standard": "", "background": "", "achievements": "Dẫn đầu phong trào.",
    }  # fmt: skip
    url = reverse("awards:nomination_create")
    return cast["officer"], url, data, Nomination.objects, False


def award_record_create(cast):
    nominee = awards.person("Trần Văn Bình", by=cast["officer"])
    data = {
        "kind": awards.kind("bang-khen-chu-tich-ubnd-tinh").pk,
        "year": 2019,
        "decision_number": "15/QĐ-UBND",
        "issuer": "Chủ tịch UBND tỉnh Kiên Giang",
    }
    url = reverse("awards:award_record_create", args=[nominee.pk])
    page = reverse("awards:nominee_detail", args=[nominee.pk])
    return cast["officer"], url, data, AwardRecord.objects, True, page


def disciplinary_hold_create(cast):
    nominee = awards.person("Trần Văn Bình", by=cast["officer"])
    data = {
        "reason": "discipline", "starts_on": "10/01/2024", "ends_on": "",
        "basis": "Quyết định số 1/QĐ-UBND",
    }  # fmt: skip
    url = reverse("awards:disciplinary_hold_create", args=[nominee.pk])
    page = reverse("awards:nominee_detail", args=[nominee.pk])
    return cast["province_staff"], url, data, DisciplinaryHold.objects, False, page


def session_create(cast):
    data = {
        "phase": awards.phase().pk, "held_on": "10/01/2025", "starts_at": "08:00",
        "ends_at": "10:00", "chair": "Lâm Minh Thành", "secretary": "Nguyễn Thị Thuỷ",
        "chair_title": "Chủ tịch UBND tỉnh, Chủ tịch Hội đồng",
        "members_total": 9, "members_present": "A\nB\nC\nD\nE", "required_percent": 50,
    }  # fmt: skip
    url = reverse("awards:session_create")
    return cast["province_staff"], url, data, CouncilSession.objects, False


def _passed_session(cast):
    officer, staff = cast["officer"], cast["province_staff"]
    proposal = awards.nomination(awards.person("Trần Văn Bình", by=officer), by=officer)
    proposal.submit(
        by=officer, submission_number="5/TTr-UBND", submitted_on=datetime.date(2024, 12, 1)
    )
    proposal.receive(by=staff)
    meeting = awards.session(proposal.phase, by=staff)
    from awards.services import record_council

    record_council(session=meeting, votes={proposal: (7, 0, 0)}, by=staff)
    return meeting, proposal


def decision_create(cast):
    meeting, proposal = _passed_session(cast)
    data = {
        "issuer_kind": "ubnd_tinh", "number": "300/QĐ-UBND", "issued_on": "15/01/2025",
        "signer": "Lâm Minh Thành", "summary": "Tặng Bằng khen", "nominations": [proposal.pk],
    }  # fmt: skip
    url = reverse("awards:decision_create", args=[meeting.pk])
    return cast["province_staff"], url, data, AwardDecision.objects, True


def district_decision_create(cast):
    officer = cast["officer"]
    proposal = awards.nomination(
        awards.person("Trần Văn Bình", by=officer),
        by=officer,
        kind_code="giay-khen-chu-tich-ubnd-huyen",
    )
    proposal.submit(
        by=officer, submission_number="5/TTr-UBND", submitted_on=datetime.date(2024, 12, 1)
    )
    data = {
        "issuer_kind": "ubnd_huyen", "number": "30/QĐ-UBND", "issued_on": "15/01/2025",
        "signer": "Nguyễn Văn A", "summary": "Tặng Giấy khen", "nominations": [proposal.pk],
    }  # fmt: skip
    url = reverse("awards:district_decision_create")
    return officer, url, data, AwardDecision.objects, True


def nominations_from_review(cast):
    phase = emulation.phase()
    emulation.cluster(2025, "910", ["908"], name="Cụm thử")
    emulation.review(phase, "910", 9, state=Review.State.VERIFIED)
    emulation.review(phase, "908", 1, state=Review.State.VERIFIED)
    data = {
        "phase": phase.pk, "kind": awards.kind("bang-khen-chu-tich-ubnd-tinh").pk,
        "proposer": awards.participant("910").pk,
    }  # fmt: skip
    url = reverse("awards:nominations_from_review")
    return cast["officer"], url, data, Nomination.objects, False


def printer_list(cast):
    data = {"name": "Máy in phòng Thi đua", "offset_x_mm": "1.5", "offset_y_mm": "-0.5"}
    url = reverse("awards:printer_list")
    return cast["province_staff"], url, data, PrinterCalibration.objects, True


def _reopen(cast, what):
    phase = emulation.phase()
    closed = timezone.localdate() - datetime.timedelta(days=3)
    phase.registration_deadline = phase.assessment_deadline = closed
    phase.save()
    emulation.participant("910")
    form = "registration_edit" if what == "registration" else "review_edit"
    url = reverse(f"emulation:{what}_reopen", args=[phase.pk, "910"])
    page = reverse(f"emulation:{form}", args=[phase.pk, "910"])
    data = {"reason": "Cán bộ phụ trách nghỉ ốm"}
    return cast["officer"], url, data, ReopenRequest.objects, True, page


def registration_reopen(cast):
    return _reopen(cast, "registration")


def review_reopen(cast):
    return _reopen(cast, "review")


def data_quality(cast):
    data = {"scope": Unit.objects.get(code="910").pk, "up_to_year": 2023, "note": "Sổ lưu trữ"}
    url = reverse("targets:data_quality")
    return cast["province_staff"], url, data, Reconciliation.objects, True


CASES = {
    "targets:data_quality": data_quality,
    "emulation:registration_reopen": registration_reopen,
    "emulation:review_reopen": review_reopen,
    "targets:plan_create": plan_create,
    "targets:indicator_create": indicator_create,
    "targets:named_target_create": named_target_create,
    "targets:certification_create": certification_create,
    "targets:appraisal_create": appraisal_create,
    "emulation:content_area_create": content_area_create,
    "emulation:phase_create": phase_create,
    "emulation:participant_create": participant_create,
    "emulation:cluster_create": cluster_create,
    "emulation:exemplar_create": exemplar_create,
    "emulation:report_create": report_create,
    "awards:nominee_create": nominee_create,
    "awards:nomination_create": nomination_create,
    "awards:award_record_create": award_record_create,
    "awards:disciplinary_hold_create": disciplinary_hold_create,
    "awards:session_create": session_create,
    "awards:decision_create": decision_create,
    "awards:district_decision_create": district_decision_create,
    "awards:nominations_from_review": nominations_from_review,
    "awards:printer_list": printer_list,
}


def test_every_create_url_has_a_double_submit_case():
    missing = create_url_names() - set(CASES)
    assert not missing, f"create URLs without a double-submit case here: {sorted(missing)}"
    assert set(CASES) <= create_url_names()
    assert {"emulation:registration_reopen", "emulation:review_reopen"} <= set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_double_submit_creates_once_and_a_duplicate_is_a_message(name, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user, url, data, rows, unique, *page_url = CASES[name](cast)
    page_url = page_url[0] if page_url else url
    client = login(user)
    page = client.get(page_url).content.decode()
    field = next(iter(data))
    token = page_token(page, field)
    # Another tab, opened at the same time (once the request is made, a page such as the
    # reopen request's no longer offers the form).
    other_tab = page_token(client.get(page_url).content.decode(), field)
    before = rows.count()

    first = client.post(url, {**data, TOKEN_FIELD: token})
    assert first.status_code == 302, (name, first.status_code, errors_in(first))
    created = rows.count() - before
    assert created >= 1, name
    second = client.post(url, {**data, TOKEN_FIELD: token}, follow=True)
    assert second.redirect_chain[0][0] == first["Location"], name
    assert REPLAYED in second.content.decode(), name
    assert rows.count() - before == created, f"{name}: the second click created again"

    # The same data from another tab (a new token): a message, never a 500.
    again = client.post(url, {**data, TOKEN_FIELD: other_tab})
    assert again.status_code in (200, 302, 409), (name, again.status_code)
    if unique:
        assert rows.count() - before == created, f"{name}: a duplicate was stored"
        if again.status_code == 200:
            said = " ".join(errors_in(again)) if isinstance(errors_in(again), list) else ""
            assert re.search(
                r"đã có|đang có|đã thuộc|đã tồn tại|trùng|đã được|đã ghi", said, re.I
            ), (name, said)
