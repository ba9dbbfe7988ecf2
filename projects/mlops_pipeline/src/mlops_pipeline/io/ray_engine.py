"""Scale-out on Ray: hyperparameter search with Ray Tune and batch scoring with Ray Data.

Local mode by default: `ray.init()` starts a private Ray in this process (a few seconds), sized
to this machine. Set `address` (`auto`, `ray://head:10001`) to run the same code on a cluster;
the workers need the project installed (the image, or a runtime_env).

Ray listens on every interface, not only loopback: on a shared host run it inside a network
namespace (the tests do: `unshare --net`), or on a cluster behind its own network policy.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from churn_api.core.hyperparams import GamConfig
from churn_api.io.bundle_files import load_bundle
from mlops_pipeline.core.scoring import score_rows
from mlops_pipeline.core.search import gam_cv_auc


@contextlib.contextmanager
def ray_session(address: str | None = None, num_cpus: int | None = None) -> Iterator[Any]:
    """A connected Ray: the given cluster, or a local one that is shut down afterwards."""
    os.environ.setdefault("RAY_AIR_NEW_OUTPUT", "0")
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Under `uv run` (every make target) Ray would start its workers through `uv run` too, which
    # re-resolves the project per worker: slow, and with no network the workers die at start.
    # They belong in this same environment.
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    import ray

    if ray.is_initialized():
        yield ray
        return
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(
            num_cpus=num_cpus or os.cpu_count() or 1,
            include_dashboard=False,
            log_to_driver=False,
            _node_ip_address="127.0.0.1",
        )
    try:
        yield ray
    finally:
        ray.shutdown()


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
