"""The typed results of one training run: per candidate (CV, threshold, held-out metrics,
importance, gate verdict, registered version) and for the run (champion, challenger)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from churn_api.core.gate import GateVerdict
from churn_api.core.lifecycle import CVResult


@dataclass
class CandidateResult:
    name: str
    cv: CVResult
    threshold: float
    test_p: np.ndarray
    test: dict[str, float]
    importance: dict[str, float]
    run_id: str
    gate: GateVerdict
    version: str | None = None

    @property
    def passed(self) -> bool:
        return self.gate.passed


@dataclass
class TrainingReport:
    parent_run_id: str
    candidates: dict[str, CandidateResult]
    champion: str | None
    champion_version: str | None
    challenger_version: str | None
    seconds: float

    def summary(self) -> dict[str, Any]:
        return {
            "parent_run_id": self.parent_run_id,
            "champion": self.champion,
            "champion_version": self.champion_version,
            "challenger_version": self.challenger_version,
            "seconds": round(self.seconds, 1),
            "candidates": {
                n: {
                    "cv_roc_auc": round(c.cv.roc_auc.mean, 4),
                    "cv_roc_auc_std": round(c.cv.roc_auc.std, 4),
                    "cv_brier": round(c.cv.brier.mean, 4),
                    "test_roc_auc": round(c.test["roc_auc"], 4),
                    "test_pr_auc": round(c.test["pr_auc"], 4),
                    "test_brier": round(c.test["brier"], 4),
                    "threshold": c.threshold,
                    "precision": round(c.test["precision"], 3),
                    "recall": round(c.test["recall"], 3),
                    "f1": round(c.test["f1"], 3),
                    "version": c.version,
                    "gate": c.passed,
                }
                for n, c in self.candidates.items()
            },
        }


@dataclass(frozen=True)
class Split:
    """The rows of one training run and where they came from."""

    X_train: pd.DataFrame
    y_train: np.ndarray
    X_test: pd.DataFrame
    y_test: np.ndarray
    data: dict[str, Any]  # what the model card says about the data
