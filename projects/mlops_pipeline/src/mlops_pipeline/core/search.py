"""Hyperparameter search over the GAM, as pure functions: the grid's trials, and the objective
every engine runs (churn_api's one `cross_validate`, mean ROC AUC over stratified folds)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from churn_api.core.features import gam_pipeline
from churn_api.core.hyperparams import GamConfig
from churn_api.core.lifecycle import cross_validate


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


def gam_cv_auc(cfg: GamConfig, X: pd.DataFrame, y: np.ndarray, folds: int, seed: int) -> float:
    """Mean ROC AUC of the GAM with `cfg` over stratified folds (preprocessing fit per fold)."""
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    cv, _ = cross_validate(gam_pipeline(cfg, seed), X, y, splitter)
    return cv.roc_auc.mean
