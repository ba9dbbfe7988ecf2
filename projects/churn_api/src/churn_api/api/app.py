"""The churn service: `create_app()` wires the shared scaffolding, the model store and routes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

import churn_api
from churn_api.api.ab import AbMetrics
from churn_api.api.model_store import ModelStore
from churn_api.api.routes import router
from churn_api.config import ChurnSettings
from portfolio_shared.logging import configure_logging
from portfolio_shared.service import (
    ServiceMetrics,
    create_service,
    watcher_lifespan,
)


def create_app(settings: ChurnSettings | None = None, *, load: bool = True) -> FastAPI:
    settings = settings or ChurnSettings()
    configure_logging(settings.log_level, settings.log_format)

    def ready() -> tuple[bool, dict[str, Any]]:
        current = store.current
        if current is None:
            return False, {"model": None, "error": store.last_error or "loading"}
        challenger = store.challenger
        return True, {
            "model_version": current.version,
            "kind": current.bundle.kind,
            "challenger_version": challenger.version if challenger else None,
        }

    metrics = ServiceMetrics("churn_api")
    store = ModelStore(settings, AbMetrics(metrics))
    app = create_service(
        title="Churn API",
        version=churn_api.__version__,
        settings=settings,
        ready_check=ready,
        metrics=metrics,
        lifespan=watcher_lifespan(
            start=store.refresh if load else None,
            watch=store.watch if load else None,
            stop=store.flush,
        ),
        description="Churn risk of IBM Telco customers, with the features that drive it.",
    )
    app.state.store = store
    app.include_router(router)  # the key and rate limits: the shared guard, on every route
    return app
