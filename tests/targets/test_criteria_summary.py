from targets.models.commune_status import criteria_summary
from tests.factories import commune_status
from units.models import Unit


def test_criteria_summary_reads_each_communes_latest_status_in_one_query(
    db, django_assert_num_queries
):
    commune_status("31060", 2022, met=15)
    commune_status("31060", 2023, met=17)
    commune_status("31063", 2021, met=19)
    ids = list(
        Unit.objects.filter(code__in=["31060", "31063", "31066"]).values_list("pk", flat=True)
    )
    with django_assert_num_queries(1):
        s = criteria_summary(ids)
    by_code = {Unit.objects.get(pk=k).code: v for k, v in s.items()}
    assert by_code == {"31060": (17, 19, 2023), "31063": (19, 19, 2021)}
    assert {Unit.objects.get(pk=k).code: v for k, v in criteria_summary(ids, year=2022).items()}[
        "31060"
    ] == (15, 19, 2022)
