import numpy as np
import pytest

from churn_api.core.evaluation import (
    CampaignCosts,
    choose_threshold,
    classification_metrics,
    threshold_curve,
)


def test_net_value_counts_offers_and_saves() -> None:
    costs = CampaignCosts(offer_cost=10, retained_value=100, success_rate=0.5)
    y = np.array([1, 0, 1, 0])
    targeted = np.array([True, True, False, False])
    assert costs.net_value(y, targeted) == pytest.approx(1 * 0.5 * 100 - 2 * 10)
    assert costs.breakeven_probability == pytest.approx(0.2)


def test_threshold_lands_near_breakeven_for_calibrated_scores() -> None:
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 1, 200_000)
    y = (rng.uniform(0, 1, p.size) < p).astype(int)  # perfectly calibrated
    costs = CampaignCosts(offer_cost=50, retained_value=500, success_rate=0.35)
    assert choose_threshold(y, p, costs) == pytest.approx(costs.breakeven_probability, abs=0.02)
    grid, values = threshold_curve(y, p, costs)
    assert len(grid) == len(values)


def test_metrics_are_consistent() -> None:
    y = np.array([0, 0, 1, 1, 1, 0])
    p = np.array([0.1, 0.4, 0.35, 0.8, 0.9, 0.2])
    m = classification_metrics(y, p, 0.3, CampaignCosts())
    assert m["tp"] + m["fn"] == 3
    assert m["tp"] == 3
    assert m["fp"] == 1
    assert m["recall"] == 1.0
    assert m["precision"] == pytest.approx(0.75)
    assert 0 < m["brier"] < 0.25
