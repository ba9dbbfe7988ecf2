"""The drift monitor's state: a detector and the reference model fitted on one reference sample,
the verdicts of recent windows, and the labelled windows a re-base after a promotion uses."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from churn_api.core.schema import CATEGORICAL, NUMERIC, TARGET
from mlops_pipeline.core.drift.detector import DriftDetector
from mlops_pipeline.core.drift.reference import ReferenceScorer

#: Verdicts kept for `GET /drift/recent`.
RECENT_REPORTS = 100


@dataclass(frozen=True)
class MonitorConfig:
    alpha: float
    min_psi: float
    seed: int
    #: Labelled windows kept for a re-base.
    rebase_windows: int


@dataclass
class Monitor:
    detector: DriftDetector
    scorer: ReferenceScorer
    reference_rows: int
    reports: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=RECENT_REPORTS))
    #: The last labelled windows checked (what a re-base after a promotion uses).
    recent: deque[pd.DataFrame] = field(default_factory=deque)
    rebased_for: str | None = None  # the champion version the reference was re-based for


def fit_monitor(reference: pd.DataFrame, cfg: MonitorConfig) -> Monitor:
    """Fit the detector (and the reference model whose scores it tests) on the reference."""
    scorer = ReferenceScorer.fit(reference, cfg.seed)
    detector = DriftDetector(
        NUMERIC, CATEGORICAL, alpha=cfg.alpha, min_psi=cfg.min_psi, label=TARGET
    ).fit(reference, scorer.scores(reference))
    return Monitor(detector, scorer, len(reference), recent=deque(maxlen=cfg.rebase_windows))


def window_frame(customers: list[dict[str, Any]]) -> pd.DataFrame:
    """A window of customers as the detector takes it: a missing TotalCharges is imputed as
    tenure × MonthlyCharges (churn_api's rule), and the label is kept only when every row has
    one (a label test needs them all)."""
    frame = pd.DataFrame(customers)
    total = frame["TotalCharges"].astype(float)
    frame["TotalCharges"] = total.fillna(frame["tenure"] * frame["MonthlyCharges"])
    if frame[TARGET].isna().any():
        frame = frame.drop(columns=[TARGET])
    return frame
