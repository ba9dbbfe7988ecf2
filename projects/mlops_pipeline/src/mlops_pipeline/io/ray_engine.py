"""Scale-out on Ray: hyperparameter search with Ray Tune and batch scoring with Ray Data.

The session (local mode by default, a cluster by `address`) is `portfolio_shared.ray_session`,
the shared library's; read its notes on Ray's listening sockets.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from churn_api.core.hyperparams import GamConfig
from churn_api.io.bundle_files import load_bundle
from mlops_pipeline.core.scoring import score_rows
from mlops_pipeline.core.search import gam_cv_auc
from portfolio_shared.ray_session import ray_session

__all__ = ["score_with_ray", "tune_gam"]


def _trial(config: dict[str, Any], X: pd.DataFrame, y: np.ndarray, folds: int, seed: int) -> None:
    from ray import tune

    cfg = GamConfig.model_validate(config["gam"])
    tune.report({"cv_roc_auc": gam_cv_auc(cfg, X, y, folds, seed)})


def tune_gam(
    configs: Sequence[GamConfig],
    X: pd.DataFrame,
    y: np.ndarray,
    folds: int,
    seed: int,
    address: str | None,
) -> list[tuple[dict[str, Any], float]]:
    """Every configuration as one Ray Tune trial (grid search), one CPU each."""
    with ray_session(address):
        from ray import tune

        trainable = tune.with_resources(
            tune.with_parameters(_trial, X=X, y=y, folds=folds, seed=seed), {"cpu": 1}
        )
        with tempfile.TemporaryDirectory() as storage:
            tuner = tune.Tuner(
                trainable,
                param_space={"gam": tune.grid_search([c.model_dump() for c in configs])},
                tune_config=tune.TuneConfig(metric="cv_roc_auc", mode="max"),
                run_config=tune.RunConfig(
                    name="gam-search", storage_path=str(Path(storage).resolve()), verbose=0
                ),
            )
            grid = tuner.fit()
            if grid.errors:
                raise RuntimeError(f"{len(grid.errors)} Ray Tune trials failed: {grid.errors[0]}")
            results = [grid[i] for i in range(len(grid))]
            return [
                (dict((r.config or {})["gam"]), float((r.metrics or {})["cv_roc_auc"]))
                for r in results
            ]


class _BundleScorer:
    """A Ray Data actor: loads (and verifies) the bundle once, scores pandas batches."""

    def __init__(self, bundle_dir: str, manifest_sha256: str | None) -> None:
        self.bundle = load_bundle(Path(bundle_dir), manifest_sha256)

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        return score_rows(self.bundle.scorer, self.bundle.threshold, batch)


def score_with_ray(
    bundle_dir: Path,
    manifest_sha256: str | None,
    frame: pd.DataFrame,
    address: str | None = None,
    actors: int = 2,
    batch_size: int = 1024,
) -> pd.DataFrame:
    with ray_session(address):
        import ray.data

        # Rows come back in input order; contiguous blocks let every actor work.
        ray.data.DataContext.get_current().execution_options.preserve_order = True
        blocks = max(1, min(actors * 2, len(frame) // max(1, batch_size) + 1))
        edges = np.linspace(0, len(frame), blocks + 1).astype(int)
        dataset = ray.data.from_pandas([frame.iloc[a:b] for a, b in itertools.pairwise(edges)])
        scored = dataset.map_batches(
            _BundleScorer,
            fn_constructor_kwargs={
                "bundle_dir": str(bundle_dir),
                "manifest_sha256": manifest_sha256,
            },
            batch_format="pandas",
            batch_size=batch_size,
            concurrency=actors,
            num_cpus=1,
        )
        out: pd.DataFrame = scored.to_pandas()
        return out
