"""Counting output that `make mutants` found unheld (docs/benchmarks.md, "Mutation testing"):
the machine-readable progress (`progress.json`, `manage.py progress --format json`) of the
whole province. Each test's docstring names the mutants of targets/progress/counting.py it
fails on."""

import pytest

from targets.progress import ProgressCounter
from targets.progress.counting import progress_as_dict
from units.models import Unit

pytestmark = pytest.mark.django_db

NAMED_TARGET_KEYS = {"unit", "unit_name", "standard", "year", "met", "status", "provisional"}


def test_the_provinces_progress_for_machines_names_each_named_targets_fields(plan):
    """progress_as_dict: the keys "unit_name", "year", "met" of a named target renamed."""
    data = progress_as_dict(ProgressCounter(plan).progress(year=2025))
    assert data["scope"] == "91" and data["year"] == 2025  # Kiên Giang, the plan's province
    assert data["named_targets"]
    for target in data["named_targets"]:
        assert set(target) == NAMED_TARGET_KEYS
        names = [unit.full_name for unit in Unit.objects.filter(code=target["unit"])]
        assert target["unit_name"] in names
        assert isinstance(target["year"], int) and isinstance(target["met"], bool)
