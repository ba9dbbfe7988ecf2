"""Detection quality gate (a small version of bench/bench_drift.py): prediction drift from
churn_api's own model, every scenario detected, undrifted windows quiet."""

from __future__ import annotations

from typing import Any

import pytest

from churn_api.core.schema import CATEGORICAL, NUMERIC, TARGET
from mlops_pipeline.core.drift.detector import PREDICTION, DriftDetector
from mlops_pipeline.core.drift.reference import ReferenceScorer
from mlops_pipeline.core.simulation.scenarios import SCENARIOS
from mlops_pipeline.core.simulation.stream import ProductionStream

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def monitor(split: Any) -> tuple[DriftDetector, ReferenceScorer]:
    reference, _ = split
    scorer = ReferenceScorer.fit(reference, 0)
    detector = DriftDetector(NUMERIC, CATEGORICAL, alpha=0.05, min_psi=0.02, label=TARGET).fit(
        reference, scorer.scores(reference)
    )
    return detector, scorer


def test_power_and_false_alarms(monitor: Any, split: Any) -> None:
    detector, scorer = monitor
    stream = ProductionStream(split[1], 1000, seed=21)
    quiet = [detector.check(w.frame, scorer.scores(w.frame)).drifted for w in stream.replay(30)]
    assert sum(quiet) / len(quiet) <= 0.1
    for scenario in SCENARIOS:
        hits = [
            detector.check(w.frame, scorer.scores(w.frame)).drifted
            for w in stream.replay(8, scenario)
        ]
        assert sum(hits) >= 7, scenario


def test_prediction_drift_follows_label_shift(monitor: Any, split: Any) -> None:
    detector, scorer = monitor
    window = ProductionStream(split[1], 1000, seed=4).window(0, "label_shift")
    report = detector.check(window.frame, scorer.scores(window.frame))
    assert PREDICTION in report.drifted_features


def test_scorer_handles_an_unseen_payment_method(monitor: Any, split: Any) -> None:
    _, scorer = monitor
    window = ProductionStream(split[1], 200, seed=4).window(0, "new_payment_method")
    scores = scorer.scores(window.frame)
    assert scores.shape == (200,)
    assert ((scores >= 0) & (scores <= 1)).all()
