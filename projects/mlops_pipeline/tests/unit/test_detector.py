"""The window-level detector: quiet on undrifted data, loud on each kind of drift."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from churn_api.core.schema import CATEGORICAL, NUMERIC, TARGET
from mlops_pipeline.core.drift.detector import DriftDetector
from mlops_pipeline.core.simulation.stream import ProductionStream


@pytest.fixture(scope="module")
def detector(split: Any) -> DriftDetector:
    reference, _ = split
    return DriftDetector(NUMERIC, CATEGORICAL, alpha=0.05, min_psi=0.02, label=TARGET).fit(
        reference
    )


def test_requires_fit() -> None:
    with pytest.raises(RuntimeError, match="fit"):
        DriftDetector(["tenure"], [], alpha=0.05, min_psi=0.02).check(None)  # type: ignore[arg-type]


@pytest.mark.slow
def test_undrifted_windows_rarely_alarm(detector: DriftDetector, split: Any) -> None:
    stream = ProductionStream(split[1], 800, seed=5)
    alarms = [detector.check(w.frame).drifted for w in stream.replay(20)]
    assert sum(alarms) <= 2


@pytest.mark.parametrize(
    ("scenario", "feature"),
    [
        ("price_increase", "MonthlyCharges"),
        ("contract_mix", "Contract"),
        ("new_payment_method", "PaymentMethod"),
        ("label_shift", TARGET),
        ("covariate_noise", "MonthlyCharges"),
    ],
)
def test_each_scenario_is_flagged_on_the_right_feature(
    detector: DriftDetector, split: Any, scenario: str, feature: str
) -> None:
    stream = ProductionStream(split[1], 1000, seed=11)
    reports = [detector.check(w.frame, index=w.index) for w in stream.replay(3, scenario)]
    assert all(r.drifted for r in reports)
    assert all(feature in r.drifted_features for r in reports)
    result = next(x for x in reports[0].results if x.name == feature)
    assert result.p_adjusted < 0.05
    assert result.psi >= 0.02


def test_report_serialises(detector: DriftDetector, split: Any) -> None:
    window = ProductionStream(split[1], 500, seed=2).window(0, "price_increase")
    report = detector.check(window.frame, index=0).as_dict()
    assert report["drifted"] is True
    assert {r["name"] for r in report["results"]} >= set(NUMERIC) | set(CATEGORICAL) | {TARGET}
    assert all(0 <= r["p_adjusted"] <= 1 for r in report["results"])
    assert np.isfinite([r["psi"] for r in report["results"]]).all()


def test_retrain_policy_needs_persistent_drift_or_decay() -> None:
    from mlops_pipeline.core.drift.policy import RetrainPolicy

    policy = RetrainPolicy(consecutive_drift=2, max_auc_drop=0.03, baseline_auc=0.85, cooldown=2)
    assert policy.update(0, drifted=True) is None  # one window may be a fluke
    assert policy.update(1, drifted=False) is None
    assert policy.update(2, drifted=True) is None
    assert "2 consecutive" in (policy.update(3, drifted=True) or "")
    assert policy.update(4, drifted=True) is None  # cooling down after a retrain
    assert policy.update(5, drifted=True) is None
    assert policy.update(6, drifted=False, auc=0.84) is None  # within the allowed drop
    assert policy.update(7, drifted=False, auc=0.80) is None  # one decayed window
    assert "ROC AUC" in (policy.update(8, drifted=False, auc=0.79) or "")
    assert [h["retrain"] is not None for h in policy.history].count(True) == 2
