"""The production stream simulator and what each scenario does to the data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from churn_api.core.schema import TARGET
from mlops_pipeline.core.simulation.scenarios import NEW_PAYMENT_METHOD, SCENARIOS
from mlops_pipeline.core.simulation.stream import ProductionStream


def test_split_is_stratified_and_disjoint(split: Any) -> None:
    reference, pool = split
    assert len(reference) + len(pool) == 7043
    assert set(reference["customerID"]).isdisjoint(pool["customerID"])
    assert abs(reference[TARGET].mean() - pool[TARGET].mean()) < 0.005


def test_replay_drifts_from_the_given_window(split: Any) -> None:
    stream = ProductionStream(split[1], 300, seed=1)
    windows = list(stream.replay(5, "price_increase", drift_from=3))
    assert [w.scenario for w in windows] == [None, None, None, "price_increase", "price_increase"]
    assert all(len(w.frame) == 300 for w in windows)
    assert windows[0].labels.isin([0, 1]).all()


def test_scenarios_do_what_they_say(split: Any) -> None:
    _, pool = split
    rng = np.random.default_rng(0)
    base = pool.sample(2000, random_state=0).reset_index(drop=True)
    priced = SCENARIOS["price_increase"](base, rng, 1.0, pool)
    assert priced["MonthlyCharges"].sum() == pytest.approx(base["MonthlyCharges"].sum() * 1.10)
    mix = SCENARIOS["contract_mix"](base, rng, 1.0, pool)
    assert (mix["Contract"] == "Month-to-month").mean() > (pool["Contract"] == "Month-to-month").mean() + 0.05
    paying = SCENARIOS["new_payment_method"](base, rng, 1.0, pool)
    assert 0.07 < (paying["PaymentMethod"] == NEW_PAYMENT_METHOD).mean() < 0.13
    shifted = SCENARIOS["label_shift"](base, rng, 1.0, pool)
    assert shifted[TARGET].mean() > pool[TARGET].mean() + 0.1
    noisy = SCENARIOS["covariate_noise"](base, rng, 1.0, pool)
    assert (noisy["tenure"] >= 0).all()
    assert not np.allclose(noisy["MonthlyCharges"], base["MonthlyCharges"])


def test_unknown_scenario_and_oversized_window_are_refused(split: Any) -> None:
    with pytest.raises(ValueError, match="window_size"):
        ProductionStream(split[1], 10**6)
    with pytest.raises(ValueError, match="unknown scenario"):
        ProductionStream(split[1], 10).window(0, "meteor_strike")
