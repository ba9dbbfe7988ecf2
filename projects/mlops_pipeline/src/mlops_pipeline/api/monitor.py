"""The monitor service's state: the current reference (swapped whole), the champion it last saw
in churn_api's registry, and the re-base when that champion moves."""

from __future__ import annotations

import asyncio
from typing import Any

import pandas as pd

from churn_api.core.schema import TARGET
from churn_api.io.registry import Registry
from mlops_pipeline.api.metrics import DriftMetrics
from mlops_pipeline.api.schemas import DriftWindow, ReferenceSample
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.core.drift.monitor import Monitor, MonitorConfig, fit_monitor, window_frame
from mlops_pipeline.io.reference import load_reference
from portfolio_shared.logging import get_logger
from portfolio_shared.service import ApiError

log = get_logger(__name__)


def monitor_config(settings: MlopsSettings) -> MonitorConfig:
    return MonitorConfig(
        alpha=settings.alpha,
        min_psi=settings.min_psi,
        seed=settings.seed,
        rebase_windows=settings.rebase_windows,
    )


class DriftService:
    def __init__(self, settings: MlopsSettings, metrics: DriftMetrics) -> None:
        self.settings = settings
        self.config = monitor_config(settings)
        self.registry = Registry(settings.churn)
        self.metrics = metrics
        self.monitor: Monitor | None = None
        self.champion: str | None = None

    def ready(self) -> tuple[bool, dict[str, Any]]:
        if self.monitor is None:
            return False, {"error": "fitting the reference"}
        return True, {
            "reference_rows": self.monitor.reference_rows,
            "champion": self.champion,
            "rebased_for": self.monitor.rebased_for,
        }

    def current(self) -> Monitor:
        if self.monitor is None:
            raise ApiError(503, "the reference is still being fitted; see /ready")
        return self.monitor

    def replace(self, monitor: Monitor) -> None:
        self.monitor = monitor  # one swap: checks in flight finish on the old reference
        self.metrics.reference_rows.set(monitor.reference_rows)
        log.info("reference replaced", extra={"rows": monitor.reference_rows})

    async def start(self) -> None:
        """Fit the configured reference (off the event loop)."""
        reference = await asyncio.to_thread(load_reference, self.settings)
        self.replace(await asyncio.to_thread(fit_monitor, reference, self.config))

    def check(self, window: DriftWindow) -> dict[str, Any]:
        monitor = self.current()
        if len(window.customers) > self.settings.max_window:
            raise ApiError(
                413,
                f"window of {len(window.customers)} customers exceeds max_window="
                f"{self.settings.max_window}",
                "customers",
            )
        frame = window_frame([c.model_dump() for c in window.customers])
        report = monitor.detector.check(frame, monitor.scorer.scores(frame), index=window.window)
        if TARGET in frame:
            monitor.recent.append(frame)
        self.metrics.publish(report)
        body = report.as_dict()
        monitor.reports.append(
            {k: body[k] for k in ("window", "rows", "drifted", "drifted_features")}
        )
        log.info("window checked", extra={"window": window.window, "drifted": report.drifted})
        return body

    async def rebase(self, sample: ReferenceSample) -> int:
        # Every label is there (the schema requires it); the label test needs both classes.
        if len({c.Churn for c in sample.customers}) < 2:
            raise ApiError(422, "a reference needs both labels, churned and stayed", "customers")
        frame = window_frame([c.model_dump() for c in sample.customers])
        self.replace(await asyncio.to_thread(fit_monitor, frame, self.config))
        return self.current().reference_rows

    async def poll_champion(self) -> None:
        """When the champion alias moved since the last poll, re-base on the recent labelled
        windows: the world the new champion was retrained for."""
        version = await asyncio.to_thread(lambda: self.registry.champion)
        moved = self.champion is not None and version != self.champion
        self.champion = version
        monitor = self.current()
        if moved and monitor.recent:
            reference = pd.concat(list(monitor.recent), ignore_index=True)
            fresh = await asyncio.to_thread(fit_monitor, reference, self.config)
            fresh.rebased_for = version
            self.replace(fresh)

    async def watch_champion(self) -> None:
        while True:
            try:
                await self.poll_champion()
            except Exception as exc:  # keep monitoring with the reference it has
                log.warning("champion poll failed", extra={"error": f"{type(exc).__name__}: {exc}"})
            await asyncio.sleep(self.settings.poll_interval_s)
