"""Drift statistics against known values and scipy's reference implementations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mlops_pipeline.core.drift.statistics import (
    benjamini_hochberg,
    categorical_psi,
    chi2_test,
    ks_test,
    numeric_psi,
)


def test_psi_is_zero_for_the_same_distribution_and_grows_with_shift() -> None:
    rng = np.random.default_rng(0)
    ref = rng.normal(0, 1, 20_000)
    assert numeric_psi(ref, rng.normal(0, 1, 20_000)) < 0.005
    small, large = (
        numeric_psi(ref, rng.normal(0.2, 1, 5000)),
        numeric_psi(ref, rng.normal(1, 1, 5000)),
    )
    assert 0.02 < small < large
    assert large > 0.25  # the conventional "major shift" level


def test_categorical_psi_counts_unseen_levels() -> None:
    ref = pd.Series(["a"] * 50 + ["b"] * 50)
    assert categorical_psi(ref, ref) == pytest.approx(0.0)
    assert categorical_psi(ref, pd.Series(["a"] * 45 + ["b"] * 45 + ["new"] * 10)) > 0.05


def test_ks_matches_scipy() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, 300), rng.normal(0.3, 1, 200)
    statistic, p = ks_test(a, b)
    expected = stats.ks_2samp(a, b, method="asymp")
    assert statistic == pytest.approx(expected.statistic)
    assert p == pytest.approx(expected.pvalue)


def test_chi2_detects_a_new_category_and_ignores_empty_levels() -> None:
    ref = pd.Series(["x"] * 300 + ["y"] * 300)
    same = pd.Series(["x"] * 100 + ["y"] * 100)
    assert chi2_test(ref, same)[1] > 0.5
    new = pd.Series(["x"] * 90 + ["y"] * 90 + ["z"] * 20)
    assert chi2_test(ref, new)[1] < 1e-6
    assert chi2_test(pd.Series(["x"] * 10), pd.Series(["x"] * 5)) == (0.0, 1.0)


def test_benjamini_hochberg_matches_scipy() -> None:
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    assert benjamini_hochberg(p) == pytest.approx(stats.false_discovery_control(p, method="bh"))
    assert benjamini_hochberg([]).size == 0
