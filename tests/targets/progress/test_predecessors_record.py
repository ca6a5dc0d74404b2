"""The page of a unit of 01/07/2025 shows what its old xã reached by 30/06/2025 (issue #24,
point 2, on the commune page), counted as the district page counts; the records stay on the old
units."""

import datetime

import pytest

from targets.models import Certification
from targets.progress.counting import predecessors_record
from tests.factories import certify
from units.models import Unit

pytestmark = pytest.mark.django_db

NEW_DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def record(db):
    # Xã Vĩnh Bình (31064) of 01/07/2025 came from Vĩnh Bình Bắc, Vĩnh Bình Nam and Bình Minh.
    certify("31060", "ntm", 2021, number="10/QĐ-UBND")
    certify("31063", "ntm", 2022, number="20/QĐ-UBND", issued_on=datetime.date(2022, 9, 1))
    certify("31063", "advanced", 2024, number="30/QĐ-UBND", issued_on=datetime.date(2024, 9, 1))
    return Unit.objects.get(code="31064", valid_from=NEW_DAY)


def test_a_new_commune_shows_its_old_communes_record_by_hand_count(client, leadership, record):
    rows, summary = predecessors_record(record)
    assert summary == "2/3 xã cũ đạt chuẩn NTM, 1 nâng cao"
    assert {old.full_name: standard for old, standard in rows} == {
        "Xã Vĩnh Bình Bắc": "ntm",
        "Xã Vĩnh Bình Nam": "advanced",
        "Xã Bình Minh": None,
    }
    client.force_login(leadership)
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Kết quả xây dựng nông thôn mới của các xã cũ (đến 30/06/2025)" in page
    assert "<strong>2/3 xã cũ đạt chuẩn NTM, 1 nâng cao</strong>" in page
    assert '<a href="/units/31063/?year=2025">Xã Vĩnh Bình Nam</a>' in page
    assert "Đạt chuẩn NTM nâng cao" in page
    # Every record stays on its old unit.
    assert not Certification.objects.filter(unit=record).exists()


def test_only_units_of_01_07_2025_with_old_xa_show_it(client, leadership, record):
    client.force_login(leadership)
    old = client.get("/units/31064/", {"year": 2025}).content.decode()
    assert "xã cũ đạt chuẩn" not in old
    ward = Unit.objects.get(code="30742", valid_from=NEW_DAY)  # from nine phường, no xã
    assert predecessors_record(ward) == ([], "")
    assert "xã cũ đạt chuẩn" not in client.get(ward.get_absolute_url()).content.decode()


def test_old_xa_from_two_districts_are_listed_district_by_district(django_assert_num_queries):
    """predecessors_record: mutants 8 (listed by the old xã's names alone) and 2 (each old xã's
    district read by a query of its own; two queries: the old xã with their districts, their
    recognitions; the unit page counts the unit's own). Phường Tô Châu came
    from Thuận Yên (Thành phố Hà Tiên) and Dương Hòa (Huyện Kiên Lương): Hà Tiên's first."""
    to_chau = Unit.objects.get(code="30766", valid_from=NEW_DAY)
    with django_assert_num_queries(2):
        rows, summary = predecessors_record(to_chau)
        listed = [(old.parent.name, old.name) for old, _standard in rows]
    assert listed == [("Hà Tiên", "Thuận Yên"), ("Kiên Lương", "Dương Hòa")]
    assert summary == "0/2 xã cũ đạt chuẩn NTM"


def test_a_model_old_xa_is_named_in_the_summary(record):
    """predecessors_record: mutants 41 (kiểu mẫu counted from a rank above it), 42 and 43 (the
    word changed). Bình Minh reached the model standard in 2024."""
    certify("31064", "ntm", 2021, number="40/QĐ-UBND")
    certify("31064", "advanced", 2022, number="41/QĐ-UBND", issued_on=datetime.date(2023, 3, 1))
    certify("31064", "model", 2024, number="42/QĐ-UBND", issued_on=datetime.date(2025, 3, 1))
    _rows, summary = predecessors_record(record)
    assert summary == "3/3 xã cũ đạt chuẩn NTM, 2 nâng cao, 1 kiểu mẫu"
