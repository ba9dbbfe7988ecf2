"""Shared fixtures: the real data, and one real training run into a temporary MLflow store."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from churn_api.config import ChurnSettings
from churn_api.io.data import Dataset, load
from portfolio_shared.testing.artefacts import built_once


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
    """Every candidate trained once per session on the real data into a private sqlite registry
    (built by the first xdist worker that asks). Each worker gets its own copy of the data folder:
    a test that moves an alias or writes a prediction log changes only its worker's. The runs'
    artifacts stay where they were built (MLflow stores their absolute location), shared and
    only read; a new run a test logs lands there under its own run id."""
    from churn_api.cli import export
    from churn_api.jobs.train import TrainConfig, run_training

    def build(folder: Path) -> None:
        report = run_training(TrainConfig(), ChurnSettings(data_dir=folder, access_log=False))
        (folder / "summary.json").write_text(json.dumps(report.summary()))
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("CHURN_DATA_DIR", str(folder))
            export(out=folder / "bundle", alias="champion")

    built = built_once(tmp_path_factory, "churn-trained", build)
    data_dir = tmp_path_factory.mktemp("churn-data")
    shutil.copytree(built, data_dir, dirs_exist_ok=True)
    settings = ChurnSettings(data_dir=data_dir, access_log=False)
    summary = json.loads((data_dir / "summary.json").read_text())
    yield TrainedRegistry(settings, summary, data_dir / "bundle")
    shutil.rmtree(data_dir, ignore_errors=True)
