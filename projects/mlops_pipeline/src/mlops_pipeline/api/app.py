"""The drift monitor service: `POST /drift/check` tests a window of production customers against
the reference sample and publishes the verdict as Prometheus metrics (`/metrics`), next to the
shared `/health` and `/ready` probes; `POST /ab/analyze` runs the A/B test.

    mlops-pipeline serve            # 127.0.0.1:8002
"""

from __future__ import annotations

from fastapi import FastAPI

import mlops_pipeline
from mlops_pipeline.api.experiments import Experiments
from mlops_pipeline.api.metrics import DriftMetrics
from mlops_pipeline.api.monitor import DriftService
from mlops_pipeline.api.routes import ab, drift
from mlops_pipeline.config import MlopsSettings
from portfolio_shared.logging import configure_logging
from portfolio_shared.service import (
    ServiceMetrics,
    create_service,
    watcher_lifespan,
)


def create_app(settings: MlopsSettings | None = None) -> FastAPI:
    settings = settings or MlopsSettings()
    configure_logging(settings.log_level, settings.log_format)
    metrics = ServiceMetrics("mlops")
    drift_metrics = DriftMetrics(metrics)
    service = DriftService(settings, drift_metrics)
    app = create_service(
        title="MLOps drift monitor",
        version=mlops_pipeline.__version__,
        settings=settings,
        ready_check=service.ready,
        metrics=metrics,
        lifespan=watcher_lifespan(
            start=service.start,
            watch=service.watch_champion if settings.rebase_on_promotion else None,
        ),
        description="Feature, prediction and label drift of production windows of churn customers.",
    )
    app.state.drift = service
    app.state.experiments = Experiments(drift_metrics)
    app.include_router(drift.router)  # the key and rate limits: the shared guard, every route
    app.include_router(ab.router)
    return app
