"""An import writes in bulk at the end, and every record it creates or changes still gets its
history row, with the person who imported as its author."""

from django.utils import timezone

from targets.imports.engine import run_import
from targets.models import Certification, CommuneStatus, CriterionResult, Decision
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    STATUS_HEADERS,
    certification_row,
    csv_bytes,
    status_row,
)


def authors(queryset):
    return {record.history_user for record in queryset}


def test_recognitions_and_decisions_imported_have_history_by_the_importer(db, province_staff):
    rows = [certification_row(), certification_row(standard="advanced")]
    report = run_import(
        "certifications",
        csv_bytes(CERTIFICATION_HEADERS, rows),
        "f.csv",
        commit=True,
        user=province_staff,
    )
    assert report.committed, report.errors
    assert Decision.history.filter(history_type="+").count() == 1
    assert Certification.history.filter(history_type="+").count() == 2
    assert authors(Decision.history.all()) | authors(Certification.history.all()) == {
        province_staff
    }
    assert set(Certification.objects.values_list("created_by", flat=True)) == {province_staff.pk}

    rows[1] = certification_row(standard="advanced", notes="Theo Tờ trình 5/TTr-SNN")
    report = run_import(
        "certifications",
        csv_bytes(CERTIFICATION_HEADERS, rows),
        "f.csv",
        commit=True,
        user=province_staff,
    )
    assert [row.outcome for row in report.rows] == ["unchanged", "changed"]
    changed = Certification.history.filter(history_type="~")
    assert [(record.standard, record.notes) for record in changed] == [
        ("advanced", "Theo Tờ trình 5/TTr-SNN")
    ]
    assert authors(changed) == {province_staff}


def test_statuses_and_criteria_imported_have_history_by_the_importer(db, province_staff):
    def import_statuses(rows):
        report = run_import(
            "statuses",
            csv_bytes(STATUS_HEADERS, rows),
            "s.csv",
            commit=True,
            user=province_staff,
        )
        assert report.committed, report.errors

    import_statuses([status_row(met=17)])
    assert CommuneStatus.history.filter(history_type="+").count() == 1
    assert CriterionResult.history.filter(history_type="+").count() == 19
    # Each creation row is the result as saved (the database copies it), dated now.
    created = CriterionResult.history.filter(history_type="+")
    assert sorted((r.criterion.number, r.met, r.status_id) for r in created) == sorted(
        (r.criterion.number, r.met, r.status_id) for r in CriterionResult.objects.all()
    )
    assert sum(r.met for r in created) == 17
    assert {timezone.localtime(r.history_date).date() for r in created} == {timezone.localdate()}
    first_saved = CommuneStatus.objects.get().updated_at
    import_statuses([status_row(met=18, notes="Đang hoàn thiện TC19")])
    status = CommuneStatus.objects.get()
    assert status.notes == "Đang hoàn thiện TC19"
    assert status.updated_at > first_saved
    assert [record.notes for record in status.history.filter(history_type="~")] == [
        "Đang hoàn thiện TC19"
    ]
    changed = CriterionResult.history.filter(history_type="~")
    assert [(record.criterion.number, record.met) for record in changed] == [(18, True)]
    assert authors(CommuneStatus.history.all()) | authors(CriterionResult.history.all()) == {
        province_staff
    }
