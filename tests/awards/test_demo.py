import io

from django.core.management import call_command

from awards.models import AwardDecision, CouncilSession, Nomination, Nominee


def test_demo_history_has_every_step_a_duplicate_and_runs_once(db):
    call_command("load_demo_accounts", stdout=io.StringIO())
    call_command("load_demo_awards", stdout=io.StringIO())
    states = set(Nomination.objects.values_list("state", flat=True))
    assert states == {choice for choice, _label in Nomination.State.choices}
    assert CouncilSession.objects.count() == 1 and AwardDecision.objects.count() == 1
    assert len(Nominee.objects.duplicate_groups()) == 1
    assert all(
        "[Dữ liệu minh họa]" in notes for notes in Nominee.objects.values_list("notes", flat=True)
    )
    call_command("load_demo_awards", stdout=io.StringIO())
    assert Nomination.objects.count() == 14
