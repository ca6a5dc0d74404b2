import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Nomination
from emulation.models import Review
from tests.awards.helpers import kind, nomination, person, record, session
from tests.awards.helpers import phase as award_phase
from tests.emulation import helpers as em


@pytest.fixture
def ranked_phase(db):
    """Yearly review 2024: Vĩnh Thuận leads its cluster, An Biên second, U Minh Thượng third."""
    phase = award_phase()
    phase.commendation_places = 2
    phase.save()
    em.cluster(2024, "910", ["908", "911"])
    em.review(phase, "910", 9, state=Review.State.VERIFIED)
    em.review(phase, "908", 7, state=Review.State.VERIFIED)
    em.review(phase, "911", 5, state=Review.State.VERIFIED)
    return phase


def test_top_ranked_participants_become_drafts_in_one_step(client, province_staff, ranked_phase):
    client.force_login(province_staff)
    response = client.post(
        "/awards/from-review/",
        {
            "phase": ranked_phase.pk,
            "kind": kind("bang-khen-chu-tich-ubnd-tinh").pk,
            "proposer": em.participant("910").pk,
        },
    )
    assert response.status_code == 302
    drafts = Nomination.objects.filter(phase=ranked_phase).order_by("review_rank")
    assert [(d.nominee.unit.code, d.review_rank, d.state) for d in drafts] == [
        ("910", 1, "draft"),
        ("908", 2, "draft"),
    ]
    assert drafts[0].review_points > drafts[1].review_points
    # A second run skips those already proposed.
    client.post(
        "/awards/from-review/",
        {
            "phase": ranked_phase.pk,
            "kind": kind("bang-khen-chu-tich-ubnd-tinh").pk,
            "proposer": em.participant("910").pk,
        },
    )
    assert Nomination.objects.filter(phase=ranked_phase).count() == 2


def test_officer_turns_only_own_district_into_drafts(client, officer, ranked_phase):
    client.force_login(officer)
    client.post(
        "/awards/from-review/",
        {
            "phase": ranked_phase.pk,
            "kind": kind("bang-khen-chu-tich-ubnd-tinh").pk,
            "proposer": em.participant("910").pk,
        },
    )
    assert [d.nominee.unit.code for d in Nomination.objects.all()] == ["910"]


def test_every_awards_page_renders_for_each_role(client, cast, officer, province_staff):
    nominee = person("Nguyễn Văn Tư", 1970, by=officer)
    record(nominee, "bang-khen-chu-tich-ubnd-tinh", 2021)
    proposal = nomination(nominee, by=officer)
    meeting = session(proposal.phase, by=province_staff)
    urls = [
        "/awards/", "/awards/new/", "/awards/from-review/", f"/awards/{proposal.pk}/", "/awards/kinds/",
        "/awards/nominees/", "/awards/nominees/new/", f"/awards/nominees/{nominee.pk}/",
        "/awards/records/", "/awards/duplicates/", "/awards/sessions/", f"/awards/sessions/{meeting.pk}/",
        "/awards/decisions/", "/awards/records/import/", "/awards/printers/",
        f"/awards/nominees/{nominee.pk}/edit/", f"/awards/{proposal.pk}/edit/", "/awards/sessions/new/",
        "/awards/?format=xlsx", "/awards/nominees/export/", "/awards/decisions/?format=xlsx", "/awards/records/template/",
    ]  # fmt: skip
    allowed = {
        "province_staff": set(urls),
        "officer": set(urls) - {"/awards/printers/", "/awards/sessions/new/"},
        "leadership": {u for u in urls if "new" not in u and "edit" not in u and "import" not in u and "printers" not in u and "from-review" not in u},
    }  # fmt: skip
    for role, may in allowed.items():
        client.force_login(cast[role])
        for url in urls:
            code = client.get(url).status_code
            assert code == (200 if url in may else 403), (role, url, code)
    client.force_login(cast["other_officer"])
    assert client.get(f"/awards/nominees/{nominee.pk}/edit/").status_code == 403
    assert client.get(f"/awards/{proposal.pk}/edit/").status_code == 403


def test_nomination_list_query_count_does_not_grow(client, province_staff, officer):
    for index in range(3):
        nomination(person(f"Người Thứ {index}", 1970 + index, by=officer), by=officer)
    client.force_login(province_staff)
    with CaptureQueriesContext(connection) as few:
        client.get("/awards/")
    for index in range(3, 12):
        nomination(person(f"Người Thứ {index}", 1970 + index, by=officer), by=officer)
    with CaptureQueriesContext(connection) as many:
        client.get("/awards/")
    assert len(many) == len(few)


def test_home_page_lists_awards_tasks(client, province_staff, officer):
    proposal = nomination(person("Trương Văn Năm", 1970, by=officer), by=officer)
    proposal.submit(by=officer)
    client.force_login(province_staff)
    page = client.get("/").content.decode()
    assert "Đề nghị khen thưởng chờ tiếp nhận" in page
