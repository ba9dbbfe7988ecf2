"""A production stream simulator: replays Telco customers (never seen in training) in time
windows, optionally drifting from a given window on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from churn_api.core.schema import TARGET
from mlops_pipeline.core.simulation.scenarios import SCENARIOS


@dataclass(frozen=True)
class Window:
    index: int
    frame: pd.DataFrame  # customers of this window, churn_api schema, label included
    scenario: str | None  # the drift injected into it, if any

    @property
    def labels(self) -> pd.Series:
        return self.frame[TARGET]


def split_reference(
    frame: pd.DataFrame, share: float = 0.5, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stratified split into the reference (training-time) sample and the production pool."""
    rng = np.random.default_rng(seed)
    reference_rows: list[int] = []
    for _, group in frame.groupby(TARGET):
        rows = group.index.to_numpy()
        reference_rows.extend(rng.choice(rows, size=int(len(rows) * share), replace=False))
    reference = frame.loc[sorted(reference_rows)].reset_index(drop=True)
    pool = frame.drop(index=reference_rows).reset_index(drop=True)
    return reference, pool


class ProductionStream:
    def __init__(self, pool: pd.DataFrame, window_size: int = 500, seed: int = 0) -> None:
        if window_size > len(pool):
            raise ValueError(f"window_size {window_size} exceeds the pool of {len(pool)} customers")
        self.pool = pool
        self.window_size = window_size
        self.rng = np.random.default_rng(seed)

    def window(self, index: int, scenario: str | None = None, severity: float = 1.0) -> Window:
        rows = self.rng.choice(len(self.pool), size=self.window_size, replace=False)
        frame = self.pool.iloc[rows].reset_index(drop=True)
        if scenario is not None:
            if scenario not in SCENARIOS:
                raise ValueError(f"unknown scenario {scenario!r}; choose from {sorted(SCENARIOS)}")
            frame = SCENARIOS[scenario](frame, self.rng, severity, self.pool)
        return Window(index, frame, scenario)

    def replay(
        self,
        windows: int,
        scenario: str | None = None,
        drift_from: int = 0,
        severity: float = 1.0,
    ) -> Iterator[Window]:
        """`windows` consecutive windows; from window `drift_from` on, `scenario` is injected."""
        for i in range(windows):
            drifting = scenario is not None and i >= drift_from
            yield self.window(i, scenario if drifting else None, severity)
