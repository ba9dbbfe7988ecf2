"""The candidate models of the churn lifecycle and how each is built from its hyperparameters.

`logreg_baseline` is the reference (never served); `gam` and `mlp` compile to serving bundles.
"""

from __future__ import annotations

from typing import Literal, get_args

from sklearn.base import BaseEstimator

from churn_api.core.features import baseline_pipeline, gam_pipeline
from churn_api.core.hyperparams import GamConfig, MLPConfig

CandidateName = Literal["logreg_baseline", "gam", "mlp"]
CANDIDATES: tuple[CandidateName, ...] = get_args(CandidateName)
DESCRIPTIONS: dict[str, str] = {
    "logreg_baseline": "one-hot + standardised numerics, logistic regression (reference only)",
    "gam": "logistic GAM: one-hot categoricals, cubic splines on log numerics, two interactions",
    "mlp": "torch MLP (64-32, dropout, AdamW, early stopping) on one-hot + standardised inputs",
}
SERVABLE = frozenset({"gam", "mlp"})
BASELINE: CandidateName = "logreg_baseline"


def make_estimator(name: str, gam: GamConfig, mlp: MLPConfig, seed: int) -> BaseEstimator:
    """An unfitted estimator of candidate `name`."""
    match name:
        case "logreg_baseline":
            return baseline_pipeline(seed)
        case "gam":
            return gam_pipeline(gam, seed)
        case "mlp":
            try:
                from churn_api.core.mlp import TorchMLPClassifier
            except ImportError as exc:  # an install without torch (a serving-only image)
                raise ValueError(
                    "the mlp candidate needs torch: install churn-api[train] with torch "
                    "(`make setup`), or leave mlp out of the candidates"
                ) from exc
            return TorchMLPClassifier(mlp, seed=seed)
    raise ValueError(f"unknown candidate {name!r}; choose from {sorted(DESCRIPTIONS)}")
