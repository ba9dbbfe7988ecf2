"""Hyperparameter search over the GAM: every trial is a full stratified k-fold CV of the
pipeline with one parameter set, scored by mean ROC AUC.

Engines, one switch apart (`train.search.engine`):
- `local`: trials one after another in this process;
- `ray`: Ray Tune, local mode by default (`ray.init()` in this process), or a cluster when
  `train.search.address` names one; each trial is a Ray task with one CPU.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from churn_api.core.hyperparams import GamConfig
from mlops_pipeline.core.search import Trial, gam_cv_auc, trials


def search(
    engine: str,
    base: GamConfig,
    grid: dict[str, list[float]],
    X: pd.DataFrame,
    y: np.ndarray,
    folds: int,
    seed: int,
    address: str | None,
) -> list[Trial]:
    """All trials, best first."""
    configs = trials(base, grid)
    if engine == "local":
        results = [
            Trial(c.model_dump(), gam_cv_auc(c, X, y, folds, seed))
            for c in tqdm(configs, desc="search", unit="trial")
        ]
    elif engine == "ray":
        from mlops_pipeline.io.ray_engine import tune_gam

        results = [Trial(p, s) for p, s in tune_gam(configs, X, y, folds, seed, address)]
    else:
        raise ValueError(f"unknown search engine {engine!r}")
    return sorted(results, key=lambda t: -t.cv_roc_auc)
