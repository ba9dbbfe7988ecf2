"""Window-level drift detection on features and predictions.

`DriftDetector.fit(reference)` keeps the reference sample; `check(window)` tests every feature
(KS for numeric, chi-squared for categorical) and the prediction scores (KS), adjusts the p-values
of the window together (Benjamini–Hochberg), and flags a feature when its adjusted p-value is
below `alpha` *and* its PSI reaches `min_psi` (an effect-size floor, so a large window does not
alarm on differences too small to matter). The window drifts when any test is flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from mlops_pipeline.core.drift.statistics import (
    benjamini_hochberg,
    categorical_psi,
    chi2_test,
    ks_test,
    numeric_psi,
)

PREDICTION = "prediction"


@dataclass(frozen=True)
class TestResult:
    name: str
    kind: str  # "numeric" | "categorical" | "label" | "prediction"
    test: str  # "ks" | "chi2"
    statistic: float
    p_value: float
    psi: float
    p_adjusted: float = 1.0
    drifted: bool = False


@dataclass
class DriftReport:
    window: int | None
    rows: int
    alpha: float
    min_psi: float
    results: list[TestResult] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return any(r.drifted for r in self.results)

    @property
    def drifted_features(self) -> list[str]:
        return [r.name for r in self.results if r.drifted]

    def as_dict(self) -> dict[str, Any]:
        return {
            "window": self.window,
            "rows": self.rows,
            "alpha": self.alpha,
            "min_psi": self.min_psi,
            "drifted": self.drifted,
            "drifted_features": self.drifted_features,
            "results": [asdict(r) for r in self.results],
        }


class DriftDetector:
    def __init__(
        self,
        numeric: Sequence[str],
        categorical: Sequence[str],
        alpha: float,
        min_psi: float,
        bins: int = 10,
        label: str | None = None,
    ) -> None:
        self.numeric = list(numeric)
        self.categorical = list(categorical)
        #: With delayed labels, the label rate is tested too (prior shift).
        self.label = label
        self.alpha = alpha
        self.min_psi = min_psi
        self.bins = bins
        self._reference: pd.DataFrame | None = None
        self._reference_scores: np.ndarray | None = None

    def fit(
        self, reference: pd.DataFrame, scores: Sequence[float] | NDArray[np.float64] | None = None
    ) -> DriftDetector:
        columns = self.numeric + self.categorical
        if self.label is not None and self.label in reference:
            columns.append(self.label)
        self._reference = reference[columns].copy()
        self._reference_scores = None if scores is None else np.asarray(scores, dtype=float)
        return self

    def check(
        self,
        window: pd.DataFrame,
        scores: Sequence[float] | NDArray[np.float64] | None = None,
        index: int | None = None,
    ) -> DriftReport:
        if self._reference is None:
            raise RuntimeError("call fit() with a reference sample first")
        ref = self._reference
        results: list[TestResult] = []
        for name in self.numeric:
            a = ref[name].dropna().to_numpy(float)
            b = window[name].dropna().to_numpy(float)
            statistic, p = ks_test(a, b)
            results.append(
                TestResult(name, "numeric", "ks", statistic, p, numeric_psi(a, b, self.bins))
            )
        for name in self.categorical:
            statistic, p = chi2_test(ref[name], window[name])
            results.append(
                TestResult(
                    name,
                    "categorical",
                    "chi2",
                    statistic,
                    p,
                    categorical_psi(ref[name], window[name]),
                )
            )
        if self.label is not None and self.label in window and self.label in ref:
            statistic, p = chi2_test(ref[self.label], window[self.label])
            psi = categorical_psi(ref[self.label], window[self.label])
            results.append(TestResult(self.label, "label", "chi2", statistic, p, psi))
        if scores is not None and self._reference_scores is not None:
            current = np.asarray(scores, dtype=float)
            statistic, p = ks_test(self._reference_scores, current)
            psi = numeric_psi(self._reference_scores, current, self.bins)
            results.append(TestResult(PREDICTION, "prediction", "ks", statistic, p, psi))
        adjusted = benjamini_hochberg([r.p_value for r in results])
        final = [
            TestResult(
                **{
                    **asdict(r),
                    "p_adjusted": float(q),
                    "drifted": bool(q < self.alpha and r.psi >= self.min_psi),
                }
            )
            for r, q in zip(results, adjusted, strict=True)
        ]
        return DriftReport(index, len(window), self.alpha, self.min_psi, final)
