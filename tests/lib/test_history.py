"""Many records written at once keep their edit history: the rows inserted without model objects
are stored exactly as given, and each has its creation row by the person who wrote them."""

from django.utils import timezone

from ntm_portal.lib.history import insert_with_history
from targets.models import CommuneStatus, CriteriaSet, CriterionResult
from tests.factories import unit

# Text that COPY's text format would read otherwise if it were not escaped: tab and newline
# separate cells and rows, a backslash starts an escape, "\N" alone means NULL.
AWKWARD_NOTES = [
    "Đã đạt\tcột kế tiếp",
    "dòng một\ndòng hai\r\nba",
    "C:\\Minh chứng\\2024",
    "\\N",
    "",
    "Hộ nghèo giảm còn 1,2%; “đạt” theo Quyết định 318/QĐ-TTg",
]


def test_rows_inserted_in_bulk_are_stored_as_given_with_history_by_the_author(db, province_staff):
    criteria_set = CriteriaSet.objects.get(code="QD318-2022-XA-NTM")
    status = CommuneStatus.objects.create(
        commune=unit("31060"), year=2024, criteria_set=criteria_set
    )
    criteria = list(criteria_set.criteria.order_by("number"))[: len(AWKWARD_NOTES)]
    rows = [
        (status.pk, criterion.pk, index % 2 == 0, note, "")
        for index, (criterion, note) in enumerate(zip(criteria, AWKWARD_NOTES, strict=True))
    ]

    insert_with_history(
        CriterionResult,
        ["status", "criterion", "met", "note", "evidence"],
        rows,
        user=province_staff,
    )

    saved = {(r.criterion_id, r.met, r.note) for r in CriterionResult.objects.filter(status=status)}
    assert saved == {(criterion, met, note) for _, criterion, met, note, _ in rows}
    history = CriterionResult.history.filter(status_id=status.pk)
    assert {(r.id, r.criterion_id, r.met, r.note, r.evidence) for r in history} == {
        (r.pk, r.criterion_id, r.met, r.note, "")
        for r in CriterionResult.objects.filter(status=status)
    }
    assert {(r.history_type, r.history_user) for r in history} == {("+", province_staff)}
    assert {timezone.localtime(r.history_date).date() for r in history} == {timezone.localdate()}


def test_nothing_to_insert_writes_nothing(db, province_staff):
    insert_with_history(CriterionResult, ["status", "criterion", "met"], [], user=province_staff)
    assert not CriterionResult.objects.exists()
    assert not CriterionResult.history.exists()
