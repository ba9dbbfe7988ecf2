"""The sequential state of each A/B experiment the monitor analyses (the newest 1,000 kept)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from mlops_pipeline.api.metrics import DriftMetrics
from mlops_pipeline.api.schemas import AbRequest, ArmCounts
from mlops_pipeline.core.ab.stats import (
    MixtureSPRT,
    decide,
    sample_size_per_arm,
    two_proportion_test,
)
from portfolio_shared.service import ApiError

MAX_EXPERIMENTS = 1000


class Experiments:
    def __init__(self, metrics: DriftMetrics) -> None:
        self.metrics = metrics
        self.tests: dict[str, MixtureSPRT] = {}

    def analyze(self, body: AbRequest) -> dict[str, Any]:
        for arm in ("champion", "challenger"):
            counts: ArmCounts = getattr(body, arm)
            if counts.successes > counts.customers:
                raise ApiError(422, "successes cannot exceed customers", f"{arm}.successes")
        a, b = body.champion, body.challenger
        if min(a.customers, b.customers) == 0:
            raise ApiError(422, "both arms need outcomes", "champion.customers")
        sequential = self.tests.setdefault(body.experiment, MixtureSPRT(abs(body.mde), body.alpha))
        if len(self.tests) > MAX_EXPERIMENTS:
            self.tests.pop(next(iter(self.tests)))
        p_seq = sequential.update(a.successes, a.customers, b.successes, b.customers)
        test = two_proportion_test(a.successes, a.customers, b.successes, b.customers)
        try:
            horizon = sample_size_per_arm(min(max(test.rate_a, 0.01), 0.99), body.mde, body.alpha)
        except ValueError as exc:
            raise ApiError(422, str(exc), "mde") from None
        decision, reason = decide(
            test, p_seq, horizon, body.alpha, body.lower_is_better, body.require
        )
        self.metrics.ab_p.labels(body.experiment).set(p_seq)
        for arm, rate, n in (
            ("champion", test.rate_a, a.customers),
            ("challenger", test.rate_b, b.customers),
        ):
            self.metrics.ab_rate.labels(body.experiment, arm).set(rate)
            self.metrics.ab_customers.labels(body.experiment, arm).set(n)
        return {
            "experiment": body.experiment,
            "test": asdict(test),
            "sequential_p_value": p_seq,
            "looks": sequential.looks,
            "horizon_per_arm": horizon,
            "decision": decision,
            "reason": reason,
        }
