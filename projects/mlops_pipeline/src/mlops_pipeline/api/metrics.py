"""The monitor's Prometheus collectors, in the service's registry and namespace (`mlops_…`)."""

from __future__ import annotations

import time

from mlops_pipeline.core.drift.detector import DriftReport
from portfolio_shared.service import ServiceMetrics


class DriftMetrics:
    def __init__(self, metrics: ServiceMetrics) -> None:
        by_test = ("feature", "kind")
        self.psi = metrics.gauge("drift_psi", "PSI of the last window, by test.", by_test)
        self.p_adjusted = metrics.gauge(
            "drift_p_adjusted", "BH-adjusted p-value of the last window, by test.", by_test
        )
        self.flagged = metrics.gauge(
            "drift_flagged", "1 when the test alarmed on the last window.", by_test
        )
        self.detected = metrics.gauge("drift_detected", "1 when the last window drifted.")
        self.windows = metrics.counter(
            "drift_windows_total", "Windows checked, by verdict.", ("verdict",)
        )
        self.reference_rows = metrics.gauge(
            "drift_reference_rows", "Customers in the reference sample."
        )
        self.last_check = metrics.gauge(
            "drift_last_check_timestamp_seconds", "When the last window was checked."
        )
        self.ab_p = metrics.gauge(
            "ab_sequential_p_value", "Always-valid p-value of the A/B test.", ("experiment",)
        )
        by_arm = ("experiment", "variant")
        self.ab_rate = metrics.gauge("ab_metric_rate", "Business-metric rate by A/B arm.", by_arm)
        self.ab_customers = metrics.gauge(
            "ab_customers", "Customers with an outcome, by A/B arm.", by_arm
        )

    def publish(self, report: DriftReport) -> None:
        for r in report.results:
            labels = (r.name, r.kind)
            self.psi.labels(*labels).set(r.psi)
            self.p_adjusted.labels(*labels).set(r.p_adjusted)
            self.flagged.labels(*labels).set(int(r.drifted))
        self.detected.set(int(report.drifted))
        self.windows.labels("drift" if report.drifted else "ok").inc()
        self.last_check.set(time.time())
