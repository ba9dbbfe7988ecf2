"""The A/B decision rules' error rates by simulation (the bench prints the full table)."""

from mlops_pipeline.core.ab.simulate import simulate, wilson_interval
from mlops_pipeline.core.ab.stats import sample_size_per_arm

BASELINE, MDE = 0.20, -0.03


def test_false_positive_rate_under_no_difference() -> None:
    n = sample_size_per_arm(BASELINE, MDE)
    null = simulate(BASELINE, BASELINE, n, looks=20, experiments=10_000, seed=11)
    # the always-valid test, looked at 20 times: at most alpha (its upper 95 % bound too)
    assert wilson_interval(null.msprt * null.experiments, null.experiments)[1] <= 0.05
    # the fixed-horizon test run once is at its nominal size
    low, high = wilson_interval(null.fixed * null.experiments, null.experiments)
    assert low <= 0.05 <= high + 0.005
    # peeking at the fixed-horizon test inflates it (why the sequential test exists)
    assert null.peeking > 0.15


def test_a_real_difference_is_detected() -> None:
    n = sample_size_per_arm(BASELINE, MDE)
    planned = simulate(BASELINE, BASELINE + MDE, n, looks=20, experiments=10_000, seed=12)
    assert planned.fixed >= 0.77  # designed for 0.80
    longer = simulate(BASELINE, BASELINE + MDE, 2 * n, looks=40, experiments=10_000, seed=13)
    assert longer.msprt >= 0.8
