"""The commune table of a district page (`commune_rows`) in a number of queries that does not grow with the data, whatever the
page reads of each commune (written for survivors of `make mutants` on
targets/progress/counting.py that only the pages' query test, left out of its selection, killed;
each docstring names its mutants)."""

import pytest

from targets.progress.counting import commune_rows
from targets.templatetags.standard_risk import standards_at_risk
from tests.factories import unit

from .test_counting_rules import make_certifications

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [5, 60])
def test_a_districts_commune_table_costs_a_fixed_number_of_queries_with_what_it_shows(
    django_assert_num_queries, count
):
    """commune_rows: four queries, and each commune's code, name, kind and Vietnamese order come
    with the rows, so the table's links, names and at-risk list (two queries) read no more (x_commune_rows__mutmut_14, _15,
    _17, _21: a field left out of `only`, read again for each commune)."""
    make_certifications(count)
    with django_assert_num_queries(6):
        rows = commune_rows(unit("906"), year=2023)
        shown = [(row.unit.code, row.unit.full_name, row.unit.get_absolute_url()) for row in rows]
        at_risk = standards_at_risk(rows)
        ordered = sorted(rows, key=lambda row: row.unit.sort_key)
    assert len(shown) == len(ordered) > 5
    assert len(at_risk) <= len(rows)
