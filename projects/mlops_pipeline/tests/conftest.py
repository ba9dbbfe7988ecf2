"""Shared fixtures: the real Telco data split into reference and production pool, and into two
batches for pipeline runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def split() -> Any:
    from churn_api.io.data import load
    from mlops_pipeline.core.simulation.stream import split_reference

    return split_reference(load().frame, seed=3)


@pytest.fixture(scope="session")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The packaged data as two batch files: rows 0-3499 and the rest."""
    from churn_api.io.data import packaged_csv, read_raw

    raw = read_raw(packaged_csv())
    folder = tmp_path_factory.mktemp("batches")
    first, second = folder / "first.csv", folder / "second.csv"
    raw.iloc[:3500].to_csv(first, index=False)
    raw.iloc[3500:].to_csv(second, index=False)
    return first, second
