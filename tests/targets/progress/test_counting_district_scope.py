"""A district's progress counts what the register implies it lacks among the district's own
communes (written for a survivor of `make mutants` on targets/progress/counting.py that only a
test left out of its selection, the PDF one of test_register_completeness.py, killed; each
docstring names its mutants)."""

import pytest

from targets.progress import compute_progress
from tests.factories import unit

from .test_register_completeness import register  # noqa: F401 - the fixture, used by name

pytestmark = pytest.mark.django_db


def test_a_districts_progress_says_only_its_own_communes_the_register_lacks(plan, register):  # noqa: F811
    """ProgressCounter.indicator_progress and implied_units: the units implied missing are read
    within the scope asked, Vĩnh Thuận's 4 communes not recognised while the district is NTM,
    not the province's 6 (xǁProgressCounterǁindicator_progress__mutmut_71,
    xǁProgressCounterǁimplied_units__mutmut_13, _15)."""
    province = compute_progress(plan, year=2025)
    district = compute_progress(plan, year=2025, scope=unit("910"))
    implied = {item.key: item.implied_missing for item in district.indicators}
    assert implied["commune_ntm"] == 4
    assert {item.key: item.implied_missing for item in province.indicators}["commune_ntm"] == 6
