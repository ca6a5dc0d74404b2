"""The status rule of targets.progress, one test per status, at the thresholds."""

from targets.progress import IndicatorStatus, indicator_status


def test_reaching_the_target_is_achieved():
    assert indicator_status(actual=116, target=116, baseline=79) == IndicatorStatus.ACHIEVED
    assert indicator_status(actual=10, target=9, baseline=3) == IndicatorStatus.ACHIEVED


def test_ninety_five_percent_of_the_needed_progress_is_on_track():
    # From 0 towards 40: 38 is 95% of the way.
    assert indicator_status(actual=38, target=40, baseline=0) == IndicatorStatus.ON_TRACK


def test_below_ninety_five_percent_needs_acceleration():
    assert indicator_status(actual=37, target=40, baseline=0) == IndicatorStatus.NEEDS_ACCELERATION
    # From 79 towards 116: 79 + 60% of 37 = 101.2, so 102 still only needs acceleration.
    assert (
        indicator_status(actual=102, target=116, baseline=79) == IndicatorStatus.NEEDS_ACCELERATION
    )


def test_below_sixty_percent_is_off_track():
    assert indicator_status(actual=23, target=40, baseline=0) == IndicatorStatus.OFF_TRACK
    assert indicator_status(actual=24, target=40, baseline=0) == IndicatorStatus.NEEDS_ACCELERATION
    assert indicator_status(actual=101, target=116, baseline=79) == IndicatorStatus.OFF_TRACK
    # No progress since the baseline is off track, not deteriorating.
    assert indicator_status(actual=79, target=116, baseline=79) == IndicatorStatus.OFF_TRACK


def test_falling_below_the_baseline_is_deteriorating():
    assert indicator_status(actual=78, target=116, baseline=79) == IndicatorStatus.DETERIORATING
    # Even when the target itself is below the baseline, not reaching it means going backwards.
    assert indicator_status(actual=1, target=2, baseline=3) == IndicatorStatus.DETERIORATING


def test_without_a_target_there_is_no_status():
    assert indicator_status(actual=5, target=None, baseline=0) is None


def test_below_a_target_that_needs_no_progress_is_behind_without_dividing_by_zero():
    # The baseline year on the decision basis: 79 recognised by standard year, 65 decided by then.
    status = indicator_status(actual=65, target=79, baseline=79, recorded_baseline=79, start=65)
    assert status == IndicatorStatus.OFF_TRACK
