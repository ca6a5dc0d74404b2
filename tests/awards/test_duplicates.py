import unicodedata

import pytest

from awards.models import AwardRecord, Nominee
from ntm_portal.lib.text import person_key
from tests.awards.helpers import nomination, person, record
from tests.conftest import status_as


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Nguyễn Thị Hoà", "Nguyễn Thị Hòa"),  # tone on the a (old style) or on the o
        ("Lê Thị Thuý", "Lê Thị Thúy"),
        ("Trần  Văn   Khoẻ", "Trần Văn Khỏe"),  # spacing and tone placement at once
        ("PHẠM VĂN QUÝ", "phạm văn quý"),  # case
        (" Võ Thị Hằng ", "Võ Thị Hằng"),
        (unicodedata.normalize("NFD", "Đặng Văn Toàn"), "Đặng Văn Toàn"),  # Unicode form
    ],
)
def test_spellings_of_one_name_share_the_person_key(first, second):
    assert person_key(first) == person_key(second)


def test_same_name_other_tone_placement_and_a_year_apart_is_a_possible_duplicate(db, officer):
    first = person("Nguyễn Thị Hoà", 1980, sex="female", by=officer)
    second = person("nguyễn  thị HÒA", 1981, sex="female", by=officer)
    other_district = person("Nguyễn Thị Hòa", 1980, sex="female", district="908", by=officer)
    three_years = person("Nguyễn Thị Hòa", 1983, sex="female", by=officer)
    assert list(first.possible_duplicates()) == [second]
    assert not other_district.possible_duplicates().exists()
    assert not three_years.possible_duplicates().exists()


def test_duplicates_page_shows_both_records_with_their_histories(client, province_staff):
    first = person("Lê Thị Thuý", 1972, sex="female", by=province_staff)
    second = person("Lê Thị Thúy", 1972, sex="female", by=province_staff)
    record(first, "bang-khen-chu-tich-ubnd-tinh", 2021, number="501/QĐ-UBND")
    record(
        second,
        "chien-si-thi-dua-co-so",
        2022,
        number="77/QĐ-UBND",
        issuer="Chủ tịch UBND huyện An Biên",
    )
    client.force_login(province_staff)
    page = client.get("/awards/duplicates/").content.decode()
    assert "Lê Thị Thuý" in page and "Lê Thị Thúy" in page
    assert "501/QĐ-UBND" in page and "77/QĐ-UBND" in page


def test_staff_merge_keeps_the_whole_award_history(client, province_staff):
    keep = person("Trần Văn Khỏe", 1968, by=province_staff)
    merged = person("Trần Văn Khoẻ", 1968, by=province_staff)
    record(keep, "bang-khen-chu-tich-ubnd-tinh", 2021, number="501/QĐ-UBND")
    record(merged, "chien-si-thi-dua-co-so", 2022, number="77/QĐ-UBND")
    record(merged, "bang-khen-chu-tich-ubnd-tinh", 2021, number="501/QĐ-UBND")  # entered twice
    client.force_login(province_staff)
    response = client.post("/awards/duplicates/merge/", {"keep": keep.pk, "merged": merged.pk})
    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.merged_into == keep and merged.merged_by == province_staff
    numbers = sorted(keep.award_records.values_list("decision_number", flat=True))
    assert numbers == ["501/QĐ-UBND", "77/QĐ-UBND"]
    assert not keep.possible_duplicates().exists()
    # The merged record stays, with its own edit history.
    assert Nominee.objects.filter(pk=merged.pk).exists()
    assert merged.history.count() >= 2
    assert AwardRecord.history.filter(nominee_id=merged.pk).exists()


def test_merge_moves_nominations_too(province_staff):
    from awards.services import merge_nominees

    keep = person("Phạm Văn Quý", 1970, by=province_staff)
    merged = person("PHẠM VĂN QUÝ", 1970, by=province_staff)
    proposal = nomination(merged, by=province_staff)
    merge_nominees(keep=keep, merged=merged, by=province_staff)
    proposal.refresh_from_db()
    assert proposal.nominee == keep


def test_staff_can_mark_two_records_as_two_people(client, province_staff):
    first = person("Võ Văn Hùng", 1960, by=province_staff)
    second = person("Võ Văn Hùng", 1960, by=province_staff)
    client.force_login(province_staff)
    client.post("/awards/duplicates/distinct/", {"keep": first.pk, "merged": second.pk})
    assert not first.possible_duplicates().exists()
    assert (
        not Nominee.objects.duplicate_groups()
        or "Võ Văn Hùng" not in client.get("/awards/duplicates/").content.decode()
    )


def test_only_provincial_staff_merge(client, cast):
    first = person("Đặng Văn Toàn", 1966, by=cast["province_staff"])
    second = person("Đặng Văn Toàn", 1966, by=cast["province_staff"])
    data = {"keep": first.pk, "merged": second.pk}
    for role in ("officer", "other_officer", "leadership"):
        code, _ = status_as(client, cast[role], "post", "/awards/duplicates/merge/", data)
        assert code == 403, role
        code, _ = status_as(client, cast[role], "post", "/awards/duplicates/distinct/", data)
        assert code == 403, role
    assert Nominee.objects.filter(merged_into__isnull=False).count() == 0
    code, _ = status_as(client, None, "post", "/awards/duplicates/merge/", data)
    assert code == 302
    assert Nominee.objects.filter(merged_into__isnull=False).count() == 0
