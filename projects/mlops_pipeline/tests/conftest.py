"""Shared fixtures: the real Telco data split into reference and production pool."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def split() -> Any:
    from churn_api.io.data import load
    from mlops_pipeline.core.simulation.stream import split_reference

    return split_reference(load().frame, seed=3)
