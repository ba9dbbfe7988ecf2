"""Shared fixtures: the real data, and one real training run into a temporary MLflow store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from churn_api.config import ChurnSettings
from churn_api.io.data import Dataset, load


@dataclass
class TrainedRegistry:
    settings: ChurnSettings
    summary: dict
    bundle: Path  # exported champion bundle


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load()


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrainedRegistry]:
    """Train every candidate once on the real data into a private sqlite registry."""
    from churn_api.cli import export
    from churn_api.jobs.train import TrainConfig, run_training

    data_dir = tmp_path_factory.mktemp("churn-data")
    settings = ChurnSettings(data_dir=data_dir, access_log=False)
    report = run_training(TrainConfig(), settings)
    bundle = data_dir / "bundle"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHURN_DATA_DIR", str(data_dir))
        export(out=bundle, alias="champion")
    yield TrainedRegistry(settings, report.summary(), bundle)
    shutil.rmtree(data_dir, ignore_errors=True)
