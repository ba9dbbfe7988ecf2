"""The model lifecycle's pure steps, shared by churn_api's training job and any retraining pipeline:
cross-validation, training one candidate (CV → campaign threshold → refit), and permutation
importance. No I/O: the jobs around them log, register and promote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from churn_api.core.evaluation import CampaignCosts, choose_threshold

#: Called after every fit (each fold, then the refit): progress bars hang on it.
OnFit = Callable[[str], None]
#: Probabilities of churn for a table of customers (a fitted model, or a served bundle).
ScoreFn = Callable[[pd.DataFrame], np.ndarray]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class FoldSummary:
    """One metric over the folds of a cross-validation."""

    mean: float
    std: float
    folds: tuple[float, ...]

    @classmethod
    def of(cls, scores: list[float]) -> FoldSummary:
        arr = np.asarray(scores, dtype=float)
        std = float(arr.std(ddof=1)) if len(arr) > 1 else 0.0
        return cls(float(arr.mean()), std, tuple(float(s) for s in arr))


@dataclass(frozen=True)
class CVResult:
    roc_auc: FoldSummary
    pr_auc: FoldSummary
    brier: FoldSummary

    def metrics(self) -> dict[str, FoldSummary]:
        return {"roc_auc": self.roc_auc, "pr_auc": self.pr_auc, "brier": self.brier}


def cross_validate(
    estimator: BaseEstimator,
    X: pd.DataFrame,
    y: np.ndarray,
    folds: StratifiedKFold,
    on_fit: OnFit = _quiet,
) -> tuple[CVResult, np.ndarray]:
    """Per-fold metrics and out-of-fold probabilities; every fold refits the whole pipeline."""
    oof = np.zeros(len(y))
    scores: dict[str, list[float]] = {"roc_auc": [], "pr_auc": [], "brier": []}
    for train_idx, valid_idx in folds.split(X, y):
        model = clone(estimator).fit(X.iloc[train_idx], y[train_idx])
        p = model.predict_proba(X.iloc[valid_idx])[:, 1]
        oof[valid_idx] = p
        scores["roc_auc"].append(roc_auc_score(y[valid_idx], p))
        scores["pr_auc"].append(average_precision_score(y[valid_idx], p))
        scores["brier"].append(brier_score_loss(y[valid_idx], p))
        on_fit(f"auc={scores['roc_auc'][-1]:.3f}")
    return CVResult(**{k: FoldSummary.of(v) for k, v in scores.items()}), oof


@dataclass(frozen=True)
class TrainedCandidate:
    """A candidate cross-validated, given its campaign threshold and refit on all rows."""

    name: str
    model: BaseEstimator
    cv: CVResult
    oof: np.ndarray
    threshold: float

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.model.predict_proba(X)[:, 1], dtype=float)


def train_candidate(
    name: str,
    estimator: BaseEstimator,
    X: pd.DataFrame,
    y: np.ndarray,
    folds: StratifiedKFold,
    costs: CampaignCosts,
    on_fit: OnFit = _quiet,
) -> TrainedCandidate:
    """Cross-validate, choose the threshold that maximises the campaign's net value on the
    out-of-fold scores, then refit on every row."""
    cv, oof = cross_validate(estimator, X, y, folds, on_fit)
    threshold = choose_threshold(y, oof, costs)
    model = clone(estimator).fit(X, y)
    on_fit("refit")
    return TrainedCandidate(name, model, cv, oof, threshold)


def permutation_importance(
    score: ScoreFn, X: pd.DataFrame, y: np.ndarray, repeats: int, seed: int
) -> dict[str, float]:
    """Mean ROC AUC drop when one column is shuffled, for every column of `X`."""
    rng = np.random.default_rng(seed)
    base = roc_auc_score(y, score(X))
    out: dict[str, float] = {}
    for column in map(str, X.columns):
        drops = []
        for _ in range(repeats):
            shuffled = X.copy()
            shuffled[column] = X[column].to_numpy()[rng.permutation(len(X))]
            drops.append(base - roc_auc_score(y, score(shuffled)))
        out[column] = float(np.mean(drops))
    return out
