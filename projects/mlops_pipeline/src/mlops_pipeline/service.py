"""The drift monitor service: `POST /drift/check` tests a window of production customers against
the reference sample and publishes the verdict as Prometheus metrics (`/metrics`), next to the
shared `/health` and `/ready` probes.

    mlops-pipeline serve            # 127.0.0.1:8002
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

import pandas as pd
from fastapi import Depends, FastAPI
from pydantic import BaseModel, ConfigDict, Field

import mlops_pipeline
from churn_api.api.schemas import Customer
from churn_api.core.schema import CATEGORICAL, NUMERIC, TARGET
from mlops_pipeline.ab.stats import MixtureSPRT, decide, sample_size_per_arm, two_proportion_test
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.drift.detector import DriftDetector, DriftReport
from mlops_pipeline.monitoring import ReferenceScorer
from portfolio_shared.logging import configure_logging, get_logger
from portfolio_shared.service import (
    ApiError,
    ServiceMetrics,
    api_key_dependency,
    create_service,
)
from portfolio_shared.tracking import client, version_by_alias

log = get_logger(__name__)


class LabelledCustomer(Customer):
    """A customer as churn_api takes it, with the delayed label when it is known."""

    Churn: int | None = Field(None, ge=0, le=1, description="1 churned, 0 stayed; null: unknown")


class DriftWindow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window: int | None = Field(None, description="a caller's window number, echoed back")
    customers: list[LabelledCustomer] = Field(min_length=50, max_length=100_000)


class ReferenceSample(BaseModel):
    """A new reference: labelled customers the current champion should expect (e.g. the recent
    production windows it was retrained on)."""

    model_config = ConfigDict(extra="forbid")

    customers: list[LabelledCustomer] = Field(min_length=200, max_length=100_000)


class ArmCounts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customers: int = Field(ge=0, description="customers with a joined outcome")
    successes: int = Field(ge=0, description="customers with the metric's event (e.g. churned)")


class AbRequest(BaseModel):
    """Running totals of an A/B test on a binary business metric (default: churn rate)."""

    model_config = ConfigDict(extra="forbid")

    experiment: str = Field(min_length=1, max_length=128)
    champion: ArmCounts
    challenger: ArmCounts
    mde: float = Field(-0.03, description="smallest change worth detecting (absolute)")
    lower_is_better: bool = True
    require: Literal["not_worse", "better"] = "not_worse"
    alpha: float = Field(0.05, gt=0, lt=0.5)


class DriftMetrics:
    """The monitor's collectors, in the service's registry and namespace (`mlops_…`)."""

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


@dataclass
class Monitor:
    detector: DriftDetector
    scorer: ReferenceScorer
    reference_rows: int
    reports: deque[dict[str, Any]]
    #: The last labelled windows checked (what a re-base after a promotion uses).
    recent: deque[pd.DataFrame]
    rebased_for: str | None = None  # the champion version the reference was re-based for


def build_monitor(settings: MlopsSettings) -> Monitor:
    """The monitor of the configured reference (a CSV, or half of the packaged data)."""
    from churn_api.io import data as data_io
    from mlops_pipeline.simulation.stream import split_reference

    if settings.reference_csv is not None:
        reference = data_io.load(settings.reference_csv).frame
    else:
        reference, _ = split_reference(data_io.load().frame, seed=settings.seed)
    return fit_monitor(reference, settings)


def fit_monitor(reference: pd.DataFrame, settings: MlopsSettings) -> Monitor:
    """Fit the detector (and the reference model whose scores it tests) on the reference."""
    scorer = ReferenceScorer.fit(reference)
    detector = DriftDetector(
        NUMERIC, CATEGORICAL, alpha=settings.alpha, min_psi=settings.min_psi, label=TARGET
    ).fit(reference, scorer.scores(reference))
    return Monitor(
        detector, scorer, len(reference), deque(maxlen=100), deque(maxlen=settings.rebase_windows)
    )


class Experiments:
    """The sequential state of each A/B experiment (the newest 1,000 kept)."""

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
        if len(self.tests) > 1000:
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


def window_frame(customers: list[LabelledCustomer]) -> pd.DataFrame:
    frame = pd.DataFrame([c.model_dump() for c in customers])
    total = frame["TotalCharges"].astype(float)
    frame["TotalCharges"] = total.fillna(frame["tenure"] * frame["MonthlyCharges"])
    if frame[TARGET].isna().any():
        frame = frame.drop(columns=[TARGET])  # a label test needs every label
    return frame


class DriftService:
    """The monitor's state: the current reference (swapped whole), the champion it last saw."""

    def __init__(self, settings: MlopsSettings) -> None:
        self.settings = settings
        self.monitor: Monitor | None = None
        self.champion: str | None = None
        self.metrics: DriftMetrics | None = None

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
        if self.metrics is not None:
            self.metrics.reference_rows.set(monitor.reference_rows)
        log.info("reference replaced", extra={"rows": monitor.reference_rows})

    def check(self, window: DriftWindow) -> dict[str, Any]:
        monitor = self.current()
        if len(window.customers) > self.settings.max_window:
            raise ApiError(
                413,
                f"window of {len(window.customers)} customers exceeds max_window="
                f"{self.settings.max_window}",
                "customers",
            )
        frame = window_frame(window.customers)
        report = monitor.detector.check(frame, monitor.scorer.scores(frame), index=window.window)
        if TARGET in frame:
            monitor.recent.append(frame)
        if self.metrics is not None:
            self.metrics.publish(report)
        body = report.as_dict()
        monitor.reports.append(
            {k: body[k] for k in ("window", "rows", "drifted", "drifted_features")}
        )
        log.info("window checked", extra={"window": window.window, "drifted": report.drifted})
        return body

    async def rebase(self, sample: ReferenceSample) -> dict[str, Any]:
        missing = next((i for i, c in enumerate(sample.customers) if c.Churn is None), None)
        if missing is not None:
            raise ApiError(422, "a reference needs every label", f"customers.{missing}.Churn")
        frame = window_frame(sample.customers)
        self.replace(await asyncio.to_thread(fit_monitor, frame, self.settings))
        return {"reference_rows": self.current().reference_rows}

    async def poll_champion(self) -> None:
        """When `champion` moved since the last poll, re-base on the recent labelled windows."""
        s = self.settings
        mv = await asyncio.to_thread(
            version_by_alias, client(s.tracking_uri), s.model_name, "champion"
        )
        version = None if mv is None else str(mv.version)
        moved = self.champion is not None and version != self.champion
        self.champion = version
        monitor = self.current()
        if moved and monitor.recent:
            reference = pd.concat(list(monitor.recent), ignore_index=True)
            fresh = await asyncio.to_thread(fit_monitor, reference, s)
            fresh.rebased_for = version
            self.replace(fresh)

    async def watch_champion(self) -> None:
        while True:
            try:
                await self.poll_champion()
            except Exception as exc:  # keep monitoring with the reference it has
                log.warning("champion poll failed", extra={"error": f"{type(exc).__name__}: {exc}"})
            await asyncio.sleep(self.settings.poll_interval_s)


def create_app(settings: MlopsSettings | None = None) -> FastAPI:
    settings = settings or MlopsSettings()
    configure_logging(settings.log_level, settings.log_format)
    service = DriftService(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        service.replace(await asyncio.to_thread(build_monitor, settings))
        watcher = None
        if settings.rebase_on_promotion:
            watcher = asyncio.create_task(service.watch_champion())
        yield
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    app = create_service(
        title="MLOps drift monitor",
        version=mlops_pipeline.__version__,
        settings=settings,
        ready_check=service.ready,
        metrics_namespace="mlops",
        lifespan=lifespan,
        description="Feature, prediction and label drift of production windows of churn customers.",
    )
    service.metrics = DriftMetrics(app.state.metrics)
    experiments = Experiments(service.metrics)
    guard = [Depends(api_key_dependency(settings))] if settings.api_key else []

    @app.post(
        "/drift/check",
        tags=["drift"],
        summary="Test one window against the reference",
        dependencies=guard,
    )
    async def check(window: DriftWindow) -> dict[str, Any]:
        return service.check(window)

    @app.put(
        "/drift/reference",
        tags=["drift"],
        summary="Replace the reference (after a promotion: what the new champion should expect)",
        dependencies=guard,
    )
    async def rebase(sample: ReferenceSample) -> dict[str, Any]:
        return await service.rebase(sample)

    @app.get("/drift/recent", tags=["drift"], summary="Verdicts of the last 100 windows")
    async def recent() -> list[dict[str, Any]]:
        return [] if service.monitor is None else list(service.monitor.reports)

    @app.post(
        "/ab/analyze",
        tags=["ab"],
        summary="Update an A/B test with running totals; the test, its sample size and decision",
        dependencies=guard,
    )
    async def analyze(body: AbRequest) -> dict[str, Any]:
        return experiments.analyze(body)

    return app
