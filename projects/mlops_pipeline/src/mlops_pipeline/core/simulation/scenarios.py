"""Drift scenarios injected into production windows of Telco customers.

Each scenario takes a window (a DataFrame in the churn_api schema, with the label), a random
generator and a severity in [0, 1] (1 is the documented default strength) and returns a new
window. They model what happens to a telecom's customer base, not arbitrary noise.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from churn_api.core.schema import CATEGORICAL, NUMERIC, TARGET

Scenario = Callable[[pd.DataFrame, np.random.Generator, float, pd.DataFrame], pd.DataFrame]
NEW_PAYMENT_METHOD = "Digital wallet"


def price_increase(
    window: pd.DataFrame, rng: np.random.Generator, severity: float, pool: pd.DataFrame
) -> pd.DataFrame:
    """Monthly charges up 10 % at full severity (total charges follow for the same tenure)."""
    out = window.copy()
    factor = 1 + 0.10 * severity
    out["MonthlyCharges"] = out["MonthlyCharges"] * factor
    out["TotalCharges"] = out["TotalCharges"] * factor
    return out


def _reweighted(
    pool: pd.DataFrame, weights: np.ndarray, size: int, rng: np.random.Generator
) -> pd.DataFrame:
    p = weights / weights.sum()
    rows = rng.choice(len(pool), size=size, replace=True, p=p)
    return pool.iloc[rows].reset_index(drop=True)


def contract_mix(
    window: pd.DataFrame, rng: np.random.Generator, severity: float, pool: pd.DataFrame
) -> pd.DataFrame:
    """More month-to-month contracts: their sampling weight grows 1.6× at full severity."""
    weights = np.where(pool["Contract"] == "Month-to-month", 1 + 0.6 * severity, 1.0)
    return _reweighted(pool, weights, len(window), rng)


def new_payment_method(
    window: pd.DataFrame, rng: np.random.Generator, severity: float, pool: pd.DataFrame
) -> pd.DataFrame:
    """A payment method the model never saw: 10 % of customers use it at full severity."""
    out = window.copy()
    moved = rng.random(len(out)) < 0.10 * severity
    out.loc[moved, "PaymentMethod"] = NEW_PAYMENT_METHOD
    return out


def label_shift(
    window: pd.DataFrame, rng: np.random.Generator, severity: float, pool: pd.DataFrame
) -> pd.DataFrame:
    """Churners over-represented: their sampling weight doubles at full severity."""
    weights = np.where(pool[TARGET] == 1, 1 + 1.0 * severity, 1.0)
    return _reweighted(pool, weights, len(window), rng)


def covariate_noise(
    window: pd.DataFrame, rng: np.random.Generator, severity: float, pool: pd.DataFrame
) -> pd.DataFrame:
    """Measurement noise: Gaussian noise of 0.3 SD on numeric fields and 5 % of categorical
    values replaced at random (an upstream data-quality problem), at full severity."""
    out = window.copy()
    for name in NUMERIC:
        sd = float(pool[name].std())
        noise = rng.normal(0, 0.3 * severity * sd, len(out))
        out[name] = (out[name] + noise).clip(lower=0)
    for name in CATEGORICAL:
        flip = rng.random(len(out)) < 0.05 * severity
        levels = pool[name].unique()
        out.loc[flip, name] = rng.choice(levels, size=int(flip.sum()))
    return out


def price_shock(
    window: pd.DataFrame, rng: np.random.Generator, severity: float, pool: pd.DataFrame
) -> pd.DataFrame:
    """A price rise that changes *who* churns (concept drift, not only covariate shift):
    MonthlyCharges +15 %, and loyal fiber customers — one- or two-year contracts, whose renewal
    brought the rise — start leaving: 40 % of those who would have stayed churn at full
    severity. The reference model ranks them as low risk, so its targeting degrades; a model
    retrained on recent labels can learn the new risk."""
    out = price_increase(window, rng, 1.5 * severity, pool)
    loyal = (
        (out["InternetService"] == "Fiber optic")
        & (out["Contract"] != "Month-to-month")
        & (out[TARGET] == 0)
    )
    leave = loyal & (rng.random(len(out)) < 0.4 * severity)
    out.loc[leave, TARGET] = 1
    return out


SCENARIOS: dict[str, Scenario] = {
    "price_increase": price_increase,
    "contract_mix": contract_mix,
    "new_payment_method": new_payment_method,
    "label_shift": label_shift,
    "covariate_noise": covariate_noise,
    "price_shock": price_shock,
}
