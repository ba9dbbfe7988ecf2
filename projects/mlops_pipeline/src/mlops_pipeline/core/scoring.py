"""Batch scoring of a table of customers with a serving bundle: the same scorer the service
runs, for one pandas batch (`jobs/score.py` runs it here or on Ray Data)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from churn_api.core.features import records
from churn_api.core.schema import FEATURES, ID_COLUMN
from churn_api.core.scorer import Scorer


def score_rows(scorer: Scorer, threshold: float, batch: pd.DataFrame) -> pd.DataFrame:
    """`customerID` (when present), churn probability and decision (≥ `threshold`) for every
    row, scored by a bundle's scorer."""
    rows: list[dict[str, Any]] = records(batch[list(FEATURES)])
    for row in rows:
        if pd.isna(row.get("TotalCharges")):
            row["TotalCharges"] = None
    probability = [s.probability for s in scorer.score_many(rows, 0)]
    out = pd.DataFrame({"churn_probability": probability})
    out["churn"] = out["churn_probability"] >= threshold
    if ID_COLUMN in batch:
        out.insert(0, ID_COLUMN, batch[ID_COLUMN].to_numpy())
    return out
