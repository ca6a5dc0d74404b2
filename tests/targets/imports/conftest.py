import pytest

from targets.models import Certification, CommuneStatus, CriterionResult, Decision

RECORDED = [Decision, Certification, CommuneStatus, CriterionResult]


def snapshot():
    """How many rows and history rows each imported model has."""
    return {model.__name__: (model.objects.count(), model.history.count()) for model in RECORDED}


@pytest.fixture
def nothing_written(db):
    """Asserts at the end of the test that no record and no history row was written."""
    before = snapshot()
    yield
    assert snapshot() == before
