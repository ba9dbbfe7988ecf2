"""The churn service: `create_app()` wires the shared scaffolding, the model store and routes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Depends, FastAPI

import churn_api
from churn_api.api.ab import AbMetrics
from churn_api.api.model_store import ModelStore
from churn_api.api.routes import router
from churn_api.config import ChurnSettings
from portfolio_shared.logging import configure_logging
from portfolio_shared.service import api_key_dependency, create_service


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

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        watcher = None
        if load:
            await store.refresh()
            if settings.reload_interval_s > 0:
                watcher = asyncio.create_task(store.watch())
        yield
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        await store.flush()

    app = create_service(
        title="Churn API",
        version=churn_api.__version__,
        settings=settings,
        ready_check=ready,
        metrics_namespace="churn_api",
        lifespan=lifespan,
        description="Churn risk of IBM Telco customers, with the features that drive it.",
    )
    store = ModelStore(settings, AbMetrics(app.state.metrics))
    app.state.store = store
    # Without an API key there is no dependency at all: nothing to solve per request.
    guard = [Depends(api_key_dependency(settings))] if settings.api_key else []
    app.include_router(router, dependencies=guard)
    return app
