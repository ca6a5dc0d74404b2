"""Two people act on the same record at once: each holds a copy read before the other's step.

`WorkflowMixin.move` locks the row and reads its state again, so the second step is judged on
the state the first one left, not on the stale copy in hand.
"""

import pytest
from django.core.exceptions import ValidationError

from awards.models import Nomination
from tests.awards.helpers import nomination, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_copies(officer, province_staff):
    """One submitted nomination, read twice: by the first and by the second member of staff."""
    proposal = nomination(person("Nguyễn Văn Tâm", 1972, by=officer), by=officer)
    proposal.submit(by=officer)
    return Nomination.objects.get(pk=proposal.pk), Nomination.objects.get(pk=proposal.pk)


def test_a_step_on_a_stale_copy_is_refused_after_another_person_took_it(two_copies, province_staff):
    first, second = two_copies
    first.receive(by=province_staff)
    # The second copy still says "submitted": receiving it again must not pass.
    assert second.state == Nomination.State.SUBMITTED
    with pytest.raises(ValidationError) as refused:
        second.receive(by=province_staff)
    assert "đang ở trạng thái “Tỉnh đã tiếp nhận”, không thể tiếp nhận" in " ".join(
        refused.value.messages
    )
    stored = Nomination.objects.get(pk=first.pk)
    assert stored.state == Nomination.State.RECEIVED
    assert list(stored.events.values_list("action", flat=True)) == ["create", "submit", "receive"]


def test_a_step_allowed_from_the_new_state_records_the_state_it_really_left(
    two_copies, province_staff
):
    first, second = two_copies
    first.receive(by=province_staff)
    # Returning is allowed from "received" too: it is taken, and its event names that state,
    # not the "submitted" of the stale copy.
    second.return_for_completion(by=province_staff, reason="Thiếu bản sao quyết định công nhận.")
    stored = Nomination.objects.get(pk=first.pk)
    assert stored.state == Nomination.State.RETURNED
    last = stored.events.last()
    assert (last.action, last.from_state, last.to_state) == ("return", "received", "returned")


def test_a_step_on_a_stale_copy_does_not_write_the_copys_old_fields_into_the_history(
    client, officer, province_staff
):
    proposal = nomination(person("Nguyễn Văn Út", 1974, by=officer), by=officer)
    stale = Nomination.objects.get(pk=proposal.pk)
    edited = Nomination.objects.get(pk=proposal.pk)
    edited.achievements = "Vận động hiến 3.000 m² đất làm đường giao thông nông thôn."
    edited._history_user = officer
    edited.save()
    # The officer who opened the nomination before the edit submits it from that copy.
    stale.submit(by=officer)
    stored = Nomination.objects.get(pk=proposal.pk)
    assert stored.state == Nomination.State.SUBMITTED
    assert stored.achievements == edited.achievements
    # The step's history row keeps the edit: the history does not show it undone by the step.
    assert stored.history.first().achievements == edited.achievements
    client.force_login(province_staff)
    text = client.get(f"/awards/{proposal.pk}/").content.decode()
    assert "Vận động hiến 3.000 m² đất làm đường giao thông nông thôn. → " not in text
