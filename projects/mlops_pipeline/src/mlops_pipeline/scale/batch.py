"""Batch scoring of a table of customers with a serving bundle: in this process (`local`) or
on Ray Data (`ray`, local mode or a cluster). Both use the same scorer the service runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd

from churn_api.core.features import records
from churn_api.core.schema import FEATURES, ID_COLUMN
from churn_api.core.scorer import Bundle, load_bundle


def score_rows(bundle: Bundle, batch: pd.DataFrame) -> pd.DataFrame:
    """`customerID` (when present), churn probability and decision for every row."""
    rows: list[dict[str, Any]] = records(batch[list(FEATURES)])
    for row in rows:
        if pd.isna(row.get("TotalCharges")):
            row["TotalCharges"] = None
    probability = [s.probability for s in bundle.scorer.score_many(rows, 0)]
    out = pd.DataFrame({"churn_probability": probability})
    out["churn"] = out["churn_probability"] >= bundle.threshold
    if ID_COLUMN in batch:
        out.insert(0, ID_COLUMN, batch[ID_COLUMN].to_numpy())
    return out


def score_frame(
    bundle_dir: Path,
    frame: pd.DataFrame,
    engine: Literal["local", "ray"] = "local",
    manifest_sha256: str | None = None,
    address: str | None = None,
) -> pd.DataFrame:
    if engine == "ray":
        from mlops_pipeline.scale.ray_engine import score_with_ray

        return score_with_ray(bundle_dir, manifest_sha256, frame, address)
    return score_rows(load_bundle(bundle_dir, manifest_sha256), frame)
