"""Monte Carlo error rates of the A/B decision rules: many simulated experiments with a known
truth, each observed in batches (looks) up to a horizon.

- `fixed`: one two-proportion z-test at the horizon (the planned sample size);
- `peeking`: the same z-test after every batch, stopping at the first p < alpha — what happens
  when people watch a fixed-horizon test; its false-positive rate is inflated;
- `msprt`: the always-valid mixture SPRT after every batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from mlops_pipeline.core.ab.stats import msprt_likelihood_ratio


@dataclass(frozen=True)
class ErrorRates:
    rate_a: float
    rate_b: float
    per_arm: int
    looks: int
    experiments: int
    fixed: float
    peeking: float
    msprt: float

    def as_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def wilson_interval(k: float, n: int, z: float = 1.96) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)


def simulate(
    rate_a: float,
    rate_b: float,
    per_arm: int,
    looks: int = 20,
    experiments: int = 20_000,
    alpha: float = 0.05,
    tau: float = 0.03,
    seed: int = 0,
) -> ErrorRates:
    """Share of experiments in which each rule declares a difference."""
    rng = np.random.default_rng(seed)
    edges = np.linspace(0, per_arm, looks + 1).astype(int)
    steps = np.diff(edges)
    xa = np.cumsum(rng.binomial(steps, rate_a, size=(experiments, looks)), axis=1)
    xb = np.cumsum(rng.binomial(steps, rate_b, size=(experiments, looks)), axis=1)
    n = edges[1:].astype(float)
    pooled = (xa + xb) / (2 * n)
    se = np.sqrt(np.maximum(pooled * (1 - pooled) * (2 / n), 1e-12))
    z = (xb - xa) / n / se
    p = 2 * stats.norm.sf(np.abs(z))
    ratio = msprt_likelihood_ratio(xa, n, xb, n, tau)
    return ErrorRates(
        rate_a,
        rate_b,
        per_arm,
        looks,
        experiments,
        fixed=float(np.mean(p[:, -1] < alpha)),
        peeking=float(np.mean((p < alpha).any(axis=1))),
        msprt=float(np.mean((ratio >= 1 / alpha).any(axis=1))),
    )
