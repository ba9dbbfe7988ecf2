"""Two-sample drift statistics and multiple-testing control.

- numeric features: Kolmogorov–Smirnov test (p-value) and PSI on reference-quantile bins;
- categorical features: chi-squared test of homogeneity (unseen categories get their own column)
  and PSI on category shares;
- Benjamini–Hochberg adjustment across all the tests of one window (under no drift at all it
  keeps the chance of *any* alarm at or below alpha).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

EPS = 1e-4


def _psi(ref_share: NDArray[np.float64], cur_share: NDArray[np.float64]) -> float:
    ref = np.clip(ref_share, EPS, None)
    cur = np.clip(cur_share, EPS, None)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def quantile_edges(reference: NDArray[np.float64], bins: int = 10) -> NDArray[np.float64]:
    """Interior bin edges at reference quantiles (duplicates from ties removed)."""
    qs = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    return np.unique(qs)


def numeric_psi(
    reference: NDArray[np.float64], current: NDArray[np.float64], bins: int = 10
) -> float:
    edges = quantile_edges(reference, bins)
    ref_counts = np.bincount(
        np.searchsorted(edges, reference, side="right"), minlength=len(edges) + 1
    )
    cur_counts = np.bincount(
        np.searchsorted(edges, current, side="right"), minlength=len(edges) + 1
    )
    return _psi(ref_counts / ref_counts.sum(), cur_counts / max(1, cur_counts.sum()))


def categorical_psi(reference: pd.Series, current: pd.Series) -> float:
    ref, cur = _aligned_counts(reference, current)
    return _psi(ref / ref.sum(), cur / max(1, cur.sum()))


def _aligned_counts(
    reference: pd.Series, current: pd.Series
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    levels = sorted(set(reference.astype(str)) | set(current.astype(str)))
    ref = reference.astype(str).value_counts().reindex(levels, fill_value=0)
    cur = current.astype(str).value_counts().reindex(levels, fill_value=0)
    return np.asarray(ref, dtype=np.float64), np.asarray(cur, dtype=np.float64)


def ks_test(reference: NDArray[np.float64], current: NDArray[np.float64]) -> tuple[float, float]:
    result = stats.ks_2samp(reference, current, method="asymp")
    return float(result.statistic), float(result.pvalue)


def chi2_test(reference: pd.Series, current: pd.Series) -> tuple[float, float]:
    ref, cur = _aligned_counts(reference, current)
    keep = (ref + cur) > 0
    table = np.vstack([ref[keep], cur[keep]])
    if table.shape[1] < 2:
        return 0.0, 1.0
    statistic, p_value, _, _ = stats.chi2_contingency(table, correction=False)
    return float(statistic), float(p_value)


def benjamini_hochberg(p_values: Sequence[float]) -> NDArray[np.float64]:
    """BH-adjusted p-values (monotone, capped at 1)."""
    p = np.asarray(p_values, dtype=float)
    n = len(p)
    if n == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * n / np.arange(1, n + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(n)
    out[order] = np.clip(adjusted, 0, 1)
    return out
