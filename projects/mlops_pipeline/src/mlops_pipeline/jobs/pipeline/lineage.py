"""Dataset lineage of the pipeline's tables: content hashes and MLflow dataset inputs."""

from __future__ import annotations

import hashlib
import warnings

import mlflow
import pandas as pd
from mlflow.data.pandas_dataset import from_pandas

from churn_api.core.schema import TARGET

#: The column that carries each row's batch label through validate and split.
BATCH = "_batch"


def frame_sha256(frame: pd.DataFrame) -> str:
    """Content hash of a table (values and column names, not the index)."""
    digest = hashlib.sha256(",".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def log_lineage(frame: pd.DataFrame, name: str, source: str, context: str) -> str:
    """Log `frame` as an MLflow dataset input of the active run; returns its content hash."""
    digest = frame_sha256(frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        dataset = from_pandas(
            frame.drop(columns=[BATCH], errors="ignore"),
            source=source,
            name=name,
            targets=TARGET if TARGET in frame else None,
            digest=digest[:16],
        )
        mlflow.log_input(dataset, context=context)
    return digest
