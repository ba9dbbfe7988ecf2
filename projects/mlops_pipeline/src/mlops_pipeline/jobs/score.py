"""Batch scoring with a registered model: in this process (`local`) or on Ray Data (`ray`,
local mode or a cluster); the output file is written whole or not at all."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from churn_api.io.bundle_files import load_bundle
from churn_api.io.registry import Registry
from mlops_pipeline.core.scoring import score_rows

Engine = Literal["local", "ray"]


def score_frame(
    bundle_dir: Path,
    frame: pd.DataFrame,
    engine: Engine,
    manifest_sha256: str | None,
    address: str | None,
) -> pd.DataFrame:
    if engine == "ray":
        from mlops_pipeline.io.ray_engine import score_with_ray

        return score_with_ray(bundle_dir, manifest_sha256, frame, address)
    bundle = load_bundle(bundle_dir, manifest_sha256)
    return score_rows(bundle.scorer, bundle.threshold, frame)


@dataclass(frozen=True)
class Scored:
    rows: int
    version: str


def score_to_file(
    registry: Registry,
    alias: str,
    frame: pd.DataFrame,
    out: Path,
    engine: Engine,
    address: str | None,
) -> Scored:
    """Score `frame` with the version behind `alias` and write `.csv` or `.parquet` atomically."""
    with tempfile.TemporaryDirectory() as tmp:
        reg = registry.download(alias, Path(tmp))
        scores = score_frame(reg.path, frame, engine, reg.manifest_sha256, address)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    if out.suffix == ".csv":
        scores.to_csv(partial, index=False)
    else:
        scores.to_parquet(partial, index=False)
    partial.replace(out)  # never a half-written file at `out`
    return Scored(len(scores), reg.version)
