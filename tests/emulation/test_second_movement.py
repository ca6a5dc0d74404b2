"""A second movement, launched by the test plan (99/KH-THUNGHIEM, 2026–2030, made-up numbers:
tests only) on the commune-level units of 01/07/2025 of the new An Giang province (no district),
goes through the same code as Plan 168's: the movement's pages chosen by plan, registrations,
completeness, ranking, the NTM results of a review and the report PDF; and the default plan.

Hand count. Recognitions (as in tests/targets/plans/test_second_plan.py):
  30781 Xã Tiên Hải    NTM, standard year 2026
  30787 Xã Kiên Lương  NTM 2026
The test plan names 30787 (NTM by 2027) and 30790 (advanced by 2028).
Second movement, phase "Sơ kết năm 2026", content areas 1 and 2, criteria 1.1 (max 10) and
2.1 (max 10). Participants: Xã Tiên Hải 30781, Xã Kiên Lương 30787, Xã Hòa Điền 30790,
Phường Rạch Giá 30742 (the ward of 01/07/2025), all in one cluster led by Kiên Lương.
  Registrations: 30781 and 30787 sent, 30790 a draft, 30742 none: 2 of 4 registered.
  Reviews: 30787 9 + 8 = 17 (verified), 30790 8 + 8 = 16 (self-assessed),
           30781 7 + 7 = 14 (verified), 30742 none: ranks 1, 2, 3, no rank.
  NTM 2026 by standard year: 2 of the 85 xã (30781, 30787); target 5.
"""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from emulation.completeness import completeness
from emulation.models import (
    Cluster,
    ClusterMember,
    ContentArea,
    Movement,
    MovementReport,
    Participant,
    Phase,
    Registration,
    Review,
    Score,
    ScoringCriterion,
)
from emulation.ranking import standings
from targets.models import Certification, Decision, Issuer, Plan
from targets.progress.query import default_plan
from tests.pdftext import flat_text
from units.models import Unit

pytestmark = pytest.mark.django_db

TEST_PLAN = Path(__file__).parents[1] / "targets" / "plans" / "plan_thu_nghiem_2026.json"
NUMBER = "99/KH-THUNGHIEM"
D = datetime.date
NAME = "Thi đua thử nghiệm xây dựng nông thôn mới 2026–2030"


def new_unit(code):
    return Unit.objects.get(code=code, valid_from=D(2025, 7, 1))


def recognise(code, standard, standard_year, number, issued_on):
    decision, _ = Decision.objects.get_or_create(
        number=number,
        issuer=Issuer.PROVINCE_CHAIRMAN,
        year=issued_on.year,
        defaults={"issued_on": issued_on, "signer": "Người Ký Thử"},
    )
    Certification.objects.create(
        decision=decision, unit=new_unit(code), standard=standard, standard_year=standard_year
    )


@pytest.fixture
def second(db):
    call_command("load_plan", str(TEST_PLAN), stdout=io.StringIO())
    recognise("30781", "ntm", 2026, "5/QĐ-UBND", D(2027, 1, 20))
    recognise("30787", "ntm", 2026, "300/QĐ-UBND", D(2026, 12, 10))
    plan = Plan.objects.get(number=NUMBER)
    movement = Movement.objects.create(plan=plan, name=NAME)
    areas = [
        ContentArea.objects.create(movement=movement, number=1, title="Phát triển sản xuất"),
        ContentArea.objects.create(movement=movement, number=2, title="Môi trường xanh"),
    ]
    later = timezone.localdate() + datetime.timedelta(days=30)
    phase = Phase.objects.create(
        movement=movement,
        kind=Phase.Kind.YEARLY,
        year=2026,
        registration_deadline=later,
        assessment_deadline=later,
    )
    criteria = [
        ScoringCriterion.objects.create(
            phase=phase,
            content_area=area,
            code=f"{area.number}.1",
            title=area.title,
            max_points=Decimal(10),
            position=1,
        )
        for area in areas
    ]
    participants = {
        code: Participant.objects.create(
            movement=movement, code=code, unit=new_unit(code), kind=Participant.Kind.COMMUNE
        )
        for code in ("30781", "30787", "30790", "30742")
    }
    cluster = Cluster.objects.create(
        movement=movement,
        year=2026,
        kind=Cluster.Kind.CLUSTER,
        name="Cụm thử nghiệm số 1",
        leader=participants["30787"],
    )
    for participant in participants.values():
        ClusterMember.objects.create(cluster=cluster, participant=participant)
    Registration.objects.create(phase=phase, participant=participants["30790"])  # a draft
    for code, points, state in (
        ("30787", (9, 8), Review.State.VERIFIED),
        ("30790", (8, 8), Review.State.SELF_ASSESSED),
        ("30781", (7, 7), Review.State.VERIFIED),
    ):
        review = Review.objects.create(phase=phase, participant=participants[code], state=state)
        for criterion, value in zip(criteria, points, strict=True):
            Score.objects.create(review=review, criterion=criterion, self_points=Decimal(value))
    return phase


def register(client, phase, code):
    """A registration sent through the page, as for Plan 168's districts."""
    return client.post(
        reverse("emulation:registration_edit", args=[phase.pk, code]),
        {"area_1": "Mỗi ấp một mô hình sản xuất", "area_2": "", "submit": "1"},
        follow=True,
    )


def test_the_movement_pages_open_on_the_chosen_plan(client, province_staff, second):
    client.force_login(province_staff)
    home = reverse("emulation:movement_home")
    html = client.get(home, {"plan": NUMBER}).content.decode()
    assert f"Phong trào thi đua “{NAME}”" in html
    assert "Giai đoạn 2026–2030" in html
    assert "Sơ kết năm 2026" in html and "Tổng kết 2025" not in html
    # The selector offers both movements, this one current; the menu keeps it.
    assert 'aria-current="page" data-plan="99/KH-THUNGHIEM">99/KH-THUNGHIEM (2026–2030)</a>' in html
    assert 'data-plan="168/KH-UBND">168/KH-UBND (2021–2025)</a>' in html
    assert (
        f'href="{reverse("emulation:registration_list")}?plan=99/KH-THUNGHIEM">Đăng ký</a>' in html
    )
    # Plan 168's movement is still one click away.
    html = client.get(home, {"plan": "168/KH-UBND"}).content.decode()
    assert "Giai đoạn 2021–2025" in html and "Sơ kết năm 2026" not in html
    # A plan without a movement: not found.
    assert client.get(home, {"plan": "không có"}).status_code == 404
    # A phase's page keeps its own movement in the menu.
    html = client.get(reverse("emulation:phase_detail", args=[second.pk])).content.decode()
    assert f'href="{reverse("emulation:review_list")}?plan=99/KH-THUNGHIEM">Chấm điểm</a>' in html


def test_the_default_movement_is_the_plan_in_force(client, province_staff, second):
    client.force_login(province_staff)
    html = client.get(reverse("emulation:movement_home")).content.decode()
    year = timezone.localdate().year
    expected = NAME if year >= 2026 else "Kiên Giang"
    assert expected in html


def test_registrations_by_commune_level_units_and_completeness(client, province_staff, second):
    client.force_login(province_staff)
    for code in ("30781", "30787"):
        response = register(client, second, code)
        assert "Đã gửi bản đăng ký thi đua của" in response.content.decode()
    listing = client.get(reverse("emulation:registration_list"), {"plan": NUMBER})
    html = listing.content.decode()
    assert "Xã Tiên Hải" in html and "Xã Kiên Lương" in html
    assert "Huyện" not in html[html.index("<tbody") :]  # no Plan 168 registration
    result = completeness(second)
    assert result.totals["total"] == 4
    assert result.totals["registered"] == 2
    (group,) = result.districts
    assert group.name == "Cấp xã trực thuộc Tỉnh An Giang"
    assert (group.total, group.registered_count) == (4, 2)
    page = client.get(reverse("emulation:phase_completeness", args=[second.pk])).content.decode()
    assert "Theo đơn vị hành chính" in page
    assert "Theo đơn vị cấp huyện" not in page
    assert "Cấp xã trực thuộc Tỉnh An Giang" in page


def test_ranking_equals_the_hand_count(client, leadership, second):
    (standing,) = standings(second)
    assert [(row.participant.code, row.total, row.rank) for row in standing.rows] == [
        ("30787", 17, 1),
        ("30790", 16, 2),
        ("30781", 14, 3),
        ("30742", 0, None),
    ]
    client.force_login(leadership)
    html = client.get(reverse("emulation:phase_ranking", args=[second.pk])).content.decode()
    table = html[html.index("<tbody>") :]
    order = [table.index(name) for name in ("Xã Kiên Lương", "Xã Hòa Điền", "Xã Tiên Hải")]
    assert order == sorted(order)


def test_a_review_shows_the_communes_result_in_the_second_plan(client, leadership, second):
    client.force_login(leadership)
    review = Review.objects.get(phase=second, participant__code="30787")
    html = client.get(reverse("emulation:review_detail", args=[review.pk])).content.decode()
    assert "Kết quả xây dựng nông thôn mới năm 2026" in html
    assert "Xã Kiên Lương: Đạt chuẩn nông thôn mới" in html
    # The test plan's named target for it (NTM by 2027), met in 2026.
    assert "Mục tiêu Kế hoạch: Xã Kiên Lương" in html
    assert "trước hết năm 2027 — <strong>đã đạt</strong>" in html


def test_the_report_pdf_reads_the_second_plan(client, province_staff, second):
    report = MovementReport.objects.create(
        phase=second,
        report_date=D(2026, 12, 20),
        assessment="Phong trào thử nghiệm.",
        signer="Người Ký Thử",
        signer_title="Chủ tịch",
        created_by=province_staff,
    )
    client.force_login(province_staff)
    response = client.get(reverse("emulation:report_pdf", args=[report.pk]))
    assert response.status_code == 200
    text = flat_text(response.content)
    assert f"Sơ kết phong trào thi đua “{NAME}” năm 2026" in text
    assert "Thực hiện Kế hoạch số 99/KH-THUNGHIEM" in text
    assert "1. Xã đạt chuẩn NTM (thử nghiệm): đạt 2/85 đơn vị" in text
    assert "kế hoạch năm 2026 là 5" in text
    assert "Xã Kiên Lương Đạt chuẩn nông thôn mới 2027" in text  # its named target
    assert "Xã Hòa Điền Đạt chuẩn NTM nâng cao 2028" in text
    assert "UBND các xã, phường, đặc khu" in text
    assert "UBND các huyện, thành phố" not in text


def test_named_targets_of_the_second_plan_on_its_dashboard(client, leadership, second):
    client.force_login(leadership)
    html = client.get(reverse("targets:dashboard"), {"plan": NUMBER, "year": 2026}).content.decode()
    named = html[html.index('id="named-title"') :]
    named = named[: named.index("</section>")]
    assert "Xã Kiên Lương" in named and "Xã Hòa Điền" in named
    assert "Đã đạt" in named or "đã đạt" in named


def test_default_plan_is_the_one_in_force(second):
    plans = Plan.objects.all()
    assert default_plan(plans, today=D(2025, 6, 30)).number == "168/KH-UBND"
    assert default_plan(plans, today=D(2026, 1, 1)).number == NUMBER
    assert default_plan(plans, today=D(2031, 5, 1)).number == NUMBER  # latest started
    assert default_plan(plans, today=D(2020, 5, 1)).number == "168/KH-UBND"  # first to come
    # Entered in advance (plans are ordered newest first): not opened before its first year.
    assert Plan.objects.first().number == NUMBER


def test_the_dashboard_and_command_open_on_the_plan_in_force(client, leadership, second):
    expected = NUMBER if timezone.localdate().year >= 2026 else "168/KH-UBND"
    client.force_login(leadership)
    html = client.get(reverse("targets:dashboard")).content.decode()
    assert f"Tiến độ thực hiện Kế hoạch {expected}" in html
    out = io.StringIO()
    call_command("progress", format="json", stdout=out)
    assert json.loads(out.getvalue())["plan"] == expected


def progress(**options):
    out = io.StringIO()
    call_command("progress", plan=NUMBER, format="json", stdout=out, **options)
    data = json.loads(out.getvalue())
    return data["scope"], {item["indicator"]: item for item in data["indicators"]}


def test_scope_accepts_a_commune_or_the_province_of_a_plan_without_districts(second):
    scope, rows = progress(year="2026", scope="30787")
    assert scope == "30787"
    assert (rows["commune_ntm"]["actual"], rows["commune_ntm"]["denominator"]) == (1, 1)
    scope, rows = progress(year="2026", scope="30790")
    assert (rows["commune_ntm"]["actual"], rows["commune_ntm"]["denominator"]) == (0, 1)
    scope, rows = progress(year="2026", scope="91")
    assert scope == "91"
    assert (rows["commune_ntm"]["actual"], rows["commune_ntm"]["denominator"]) == (2, 85)
    assert rows["commune_ntm"]["target"] == 5
    # A ward is a commune-level unit but not a xã: it has no xã to count.
    scope, rows = progress(year="2026", scope="30742")
    assert rows["commune_ntm"]["denominator"] == 0
    out = io.StringIO()
    call_command("progress", plan=NUMBER, year="2026", scope="30787", stdout=out)
    assert "Kế hoạch 99/KH-THUNGHIEM — Xã Kiên Lương — năm 2026" in out.getvalue()


def test_scope_refuses_a_district_of_another_period(second):
    # 910 is Huyện Vĩnh Thuận until 30/06/2025: not a unit of the 2026–2030 plan.
    with pytest.raises(CommandError) as error:
        call_command("progress", plan=NUMBER, year="2026", scope="910", stdout=io.StringIO())
    assert str(error.value) == (
        "Mã “910” không phải tỉnh, đơn vị cấp huyện hay đơn vị cấp xã thuộc địa bàn của kế "
        "hoạch 99/KH-THUNGHIEM trong giai đoạn 2026–2030."
    )
    # Plan 168 still takes a district and one of its communes of the time.
    out = io.StringIO()
    call_command(
        "progress", plan="168/KH-UBND", year="2025", scope="910", format="json", stdout=out
    )
    assert json.loads(out.getvalue())["scope"] == "910"
