"""The reference model and scorer the drift monitor uses: churn_api's own GAM pipeline, imported
as a library and fitted on the reference sample."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from churn_api.core.features import gam_pipeline
from churn_api.core.hyperparams import GamConfig
from churn_api.core.schema import CATEGORIES, FEATURES, TARGET


@dataclass
class ReferenceScorer:
    """Scores windows with the reference model. A category the model never saw (e.g. a new
    payment method) is scored as the reference's most frequent one: the monitor still sees the
    raw value through its own chi-squared test."""

    model: Any
    modes: dict[str, Any]

    @classmethod
    def fit(cls, reference: pd.DataFrame, seed: int) -> ReferenceScorer:
        frame = _prepared(reference)
        model = gam_pipeline(GamConfig(), seed).fit(frame[list(FEATURES)], reference[TARGET])
        modes = {name: reference[name].mode()[0] for name in CATEGORIES}
        return cls(model, modes)

    def scores(self, window: pd.DataFrame) -> NDArray[np.float64]:
        frame = _prepared(window)
        for name, allowed in CATEGORIES.items():
            unknown = ~frame[name].isin(allowed)
            if unknown.any():
                frame.loc[unknown, name] = self.modes[name]
        return np.asarray(self.model.predict_proba(frame[list(FEATURES)])[:, 1], dtype=float)


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[list(FEATURES)].copy()
    out["TotalCharges"] = out["TotalCharges"].fillna(0.0)  # new customers (tenure 0)
    return out
