"""#20 point 6: one name key for one person, candidates within a district and a year of birth."""

import unicodedata

import pytest

from awards.models import Nominee
from ntm_portal.lib.text import person_key
from tests.awards.helpers import person, record

SAME_PERSON = [
    # The pairs of the issue.
    ("Lê Thị Thuý", "Lê Thị Thúy"),  # tone placement
    ("Nguyễn Văn Kỷ", "Nguyễn Văn Kỹ"),  # hỏi / ngã
    ("Lý Văn Tâm", "Lí Văn Tâm"),  # final i / y
    ("Trần Thị Mỹ", "Trần Thị Mĩ"),
    ("Phạm Thị Hương", "Pham Thi Huong"),  # typed without diacritics
    # Ten of our own.
    ("Đỗ Văn Sỹ", "Đỗ Văn Sĩ"),  # final y after s
    ("Võ Văn Quý", "Vo Van Qui"),  # qu + y, no marks at all
    ("Huỳnh Văn Kỳ", "Huỳnh Văn Kì"),
    ("Dương Thị Thủy", "Dương Thị Thuỷ"),  # uy keeps its y; the tone on either letter
    ("Nguyễn Thị Ngọc Hoà", "NGUYỄN THỊ NGỌC HÒA"),  # case and tone placement at once
    ("  Trần   Văn  Khỏe ", "Trần Văn Khoẻ"),  # spacing
    (unicodedata.normalize("NFD", "Đặng Văn Toàn"), "Đặng Văn Toàn"),  # Unicode form
    ("Đặng Văn Đức", "Dang Van Duc"),  # đ typed as d
    ("Lâm Thị Mỹ Lệ", "Lâm Thị Mĩ Lệ"),  # i/y in the middle name
    ("Nguyễn Văn Vỹ", "Nguyen Van Vi"),  # ngã and final y, without marks
]

DIFFERENT_NAMES = [
    ("Dương Thị Thủy", "Dương Thị Thủi"),  # "uy" and "ui" are different rhymes
    ("Nguyễn Văn Hải", "Nguyễn Văn Hảy"),  # "ai" and "ay" too
    ("Nguyễn Văn An", "Nguyễn Văn Anh"),
    ("Lê Văn Tâm", "Lê Văn Tân"),
]


@pytest.mark.parametrize(("first", "second"), SAME_PERSON)
def test_spellings_of_one_name_share_the_one_name_key(first, second):
    assert person_key(first) == person_key(second)


@pytest.mark.parametrize(("first", "second"), DIFFERENT_NAMES)
def test_other_letters_make_other_names(first, second):
    assert person_key(first) != person_key(second)


@pytest.mark.parametrize(("first", "second"), SAME_PERSON[:5])
def test_the_issue_pairs_in_one_district_a_year_apart_are_shown_as_candidates(
    db, officer, first, second
):
    one = person(first, 1975, by=officer)
    other = person(second, 1976, by=officer)
    assert list(one.possible_duplicates()) == [other]
    groups = Nominee.objects.duplicate_groups()
    assert [[member.pk for member in group] for group in groups] == [[one.pk, other.pk]]


def test_same_name_in_different_districts_is_not_a_candidate(db, officer):
    an = person("Nguyễn Văn An", 1975, district="910", by=officer)
    an_other = person("Nguyễn Văn Ân", 1975, district="908", by=officer)
    assert not an.possible_duplicates().exists()
    assert not an_other.possible_duplicates().exists()
    assert Nominee.objects.duplicate_groups() == []


def test_birth_years_three_apart_are_not_a_candidate(db, officer):
    person("Lý Văn Tâm", 1970, by=officer)
    person("Lí Văn Tâm", 1973, by=officer)
    assert Nominee.objects.duplicate_groups() == []


def test_duplicates_page_lists_the_candidates_with_both_histories(client, province_staff):
    first = person("Nguyễn Văn Kỷ", 1962, by=province_staff)
    second = person("Nguyen Van Ky", 1963, by=province_staff)
    person("Nguyễn Văn Kỷ", 1962, district="908", by=province_staff)  # another district
    record(first, "chien-si-thi-dua-co-so", 2021, number="31/QĐ-UBND")
    record(second, "chien-si-thi-dua-co-so", 2022, number="45/QĐ-UBND")
    client.force_login(province_staff)
    page = client.get("/awards/duplicates/").content.decode()
    assert f"Hồ sơ số {first.pk}" in page and f"Hồ sơ số {second.pk}" in page
    assert "31/QĐ-UBND" in page and "45/QĐ-UBND" in page
    assert page.count("(2 hồ sơ)") == 1


def test_marking_two_people_removes_the_group_and_keeps_its_history(client, province_staff):
    first = person("Trần Thị Mỹ", 1980, sex="female", by=province_staff)
    second = person("Trần Thị Mĩ", 1980, sex="female", by=province_staff)
    client.force_login(province_staff)
    client.post("/awards/duplicates/distinct/", {"keep": first.pk, "merged": second.pk})
    assert Nominee.objects.duplicate_groups() == []
    assert "Trần Thị Mỹ" not in client.get("/awards/duplicates/").content.decode()
