import pytest
from django.db import IntegrityError

from awards.models import AwardKind


def test_titles_and_forms_are_kept_apart(db):
    titles = set(AwardKind.objects.filter(category="title").values_list("name", flat=True))
    forms = set(AwardKind.objects.filter(category="form").values_list("name", flat=True))
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in titles
    assert "Chiến sĩ thi đua cấp tỉnh" in titles
    assert "Tập thể lao động xuất sắc" in titles
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in forms
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện" in forms
    assert "Huân chương Lao động hạng Ba" in forms
    assert not titles & forms


def test_provincial_certificate_of_merit_goes_to_collectives_individuals_and_households(db):
    kind = AwardKind.objects.get(code="bang-khen-chu-tich-ubnd-tinh")
    assert (kind.for_collectives, kind.for_individuals, kind.for_households) == (True, True, True)
    assert kind.level == "province"


def test_an_award_kind_without_recipients_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError):
        AwardKind.objects.create(
            code="x", name="X", category="form", level="province", decided_by="A"
        )
