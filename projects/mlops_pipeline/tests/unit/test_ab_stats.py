"""A/B statistics against scipy and their defining properties."""

import numpy as np
import pytest
from scipy import stats

from mlops_pipeline.core.ab.stats import (
    MixtureSPRT,
    decide,
    msprt_likelihood_ratio,
    sample_size_per_arm,
    two_proportion_test,
)


@pytest.mark.parametrize(("xa", "na", "xb", "nb"), [(200, 1000, 170, 1000), (30, 400, 52, 380)])
def test_z_squared_is_the_pearson_chi_squared(xa: int, na: int, xb: int, nb: int) -> None:
    result = two_proportion_test(xa, na, xb, nb)
    chi2, p, _, _ = stats.chi2_contingency([[xa, na - xa], [xb, nb - xb]], correction=False)
    assert result.z**2 == pytest.approx(chi2)
    assert result.p_value == pytest.approx(p)
    assert result.ci_low < result.difference < result.ci_high
    assert result.difference == pytest.approx(xb / nb - xa / na)


def test_sample_size_grows_as_the_effect_shrinks() -> None:
    n3 = sample_size_per_arm(0.2, -0.03)
    n6 = sample_size_per_arm(0.2, -0.06)
    assert 3.5 < n3 / n6 < 4.5  # ~ 1 / mde²
    assert sample_size_per_arm(0.2, -0.03, power=0.9) > n3
    with pytest.raises(ValueError, match="between 0 and 1"):
        sample_size_per_arm(0.02, -0.05)


def test_msprt_p_value_only_decreases_and_a_null_stays_high() -> None:
    rng = np.random.default_rng(1)
    test = MixtureSPRT(tau=0.03)
    xa = xb = n = 0
    history = []
    for _ in range(50):
        n += 100
        xa += rng.binomial(100, 0.2)
        xb += rng.binomial(100, 0.2)
        history.append(test.update(xa, n, xb, n))
    assert history == sorted(history, reverse=True)
    assert not test.rejected


def test_msprt_rejects_a_large_difference() -> None:
    test = MixtureSPRT(tau=0.03)
    test.update(400, 2000, 300, 2000)  # 20 % vs 15 %
    assert test.rejected
    assert float(msprt_likelihood_ratio(200, 1000, 200, 1000, 0.03)) < 1  # no evidence


def test_decisions() -> None:
    better = two_proportion_test(400, 2000, 300, 2000)  # challenger churns less
    assert decide(better, 0.001, horizon=5000)[0] == "promote"
    worse = two_proportion_test(300, 2000, 400, 2000)
    assert decide(worse, 0.001, horizon=5000)[0] == "reject"
    flat = two_proportion_test(200, 1000, 201, 1000)
    assert decide(flat, 0.8, horizon=5000)[0] == "continue"
    assert decide(flat, 0.8, horizon=1000)[0] == "promote"
    assert decide(flat, 0.8, horizon=1000, require="better")[0] == "keep_champion"


def test_a_sample_size_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError, match="more customers than exist"):
        sample_size_per_arm(0.25, 1e-160, 0.05)
