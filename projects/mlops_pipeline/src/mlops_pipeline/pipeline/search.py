"""Hyperparameter search over the GAM: every trial is a full stratified k-fold CV of the
pipeline with one parameter set, scored by mean ROC AUC.

Engines, one switch apart (`train.search.engine`):
- `local`: trials one after another in this process;
- `ray`: Ray Tune, local mode by default (`ray.init()` in this process), or a cluster when
  `train.search.address` names one; each trial is a Ray task with one CPU.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from tqdm.auto import tqdm

from churn_api.core.features import gam_pipeline
from churn_api.jobs.train import GamConfig


@dataclass(frozen=True)
class Trial:
    params: dict[str, Any]
    cv_roc_auc: float


def trials(base: GamConfig, grid: dict[str, list[float]]) -> list[GamConfig]:
    names = sorted(grid)
    combos = itertools.product(*(grid[n] for n in names))
    return [
        GamConfig.model_validate({**base.model_dump(), **dict(zip(names, c, strict=True))})
        for c in combos
    ]


def cv_auc(cfg: GamConfig, X: pd.DataFrame, y: np.ndarray, folds: int, seed: int) -> float:
    """Mean ROC AUC of the GAM with `cfg` over stratified folds (preprocessing fit per fold)."""
    estimator = gam_pipeline(int(cfg.n_knots), int(cfg.degree), float(cfg.C), seed=seed)
    scores = []
    for train_idx, valid_idx in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y):
        model = clone(estimator).fit(X.iloc[train_idx], y[train_idx])
        scores.append(roc_auc_score(y[valid_idx], model.predict_proba(X.iloc[valid_idx])[:, 1]))
    return float(np.mean(scores))


def search(
    engine: str,
    base: GamConfig,
    grid: dict[str, list[float]],
    X: pd.DataFrame,
    y: np.ndarray,
    folds: int,
    seed: int,
    address: str | None = None,
) -> list[Trial]:
    """All trials, best first."""
    configs = trials(base, grid)
    if engine == "local":
        results = [
            Trial(c.model_dump(), cv_auc(c, X, y, folds, seed))
            for c in tqdm(configs, desc="search", unit="trial")
        ]
    elif engine == "ray":
        from mlops_pipeline.scale.ray_engine import tune_gam

        results = [Trial(p, s) for p, s in tune_gam(configs, X, y, folds, seed, address)]
    else:
        raise ValueError(f"unknown search engine {engine!r}")
    return sorted(results, key=lambda t: -t.cv_roc_auc)
