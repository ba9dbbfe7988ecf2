"""FastAPI scaffolding every service shares.

`create_service()` returns an app with:
- `GET /health` (liveness), `GET /ready` (readiness: the project's own check), `GET /metrics`
  (Prometheus: request counts by route/method/status and latency histograms by route);
- one pure-ASGI middleware for request IDs (`X-Request-ID` in and out), body-size limits, metrics
  and an access log (no per-request threadpool or response copying);
- error handlers that answer validation errors with 422 naming each field, and never leak a 500's
  internals;
- the guard (`portfolio_shared.guard`): `X-API-Key` on every route but the probes, the API
  description and the paths the app declares public, and rate limits per key and address;
- `watcher_lifespan()`: load at start-up, watch in the background, clean up at shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
)

from portfolio_shared.errors import (
    ApiError,
    BodyTooLargeError,
    ErrorBody,
    FieldError,
    document_errors,
    error_responses,
    install_error_handlers,
    json_body_openapi,
    json_response,
    parse_body,
    validation_errors,
)
from portfolio_shared.guard import Guard, GuardMiddleware, document_security, public_paths
from portfolio_shared.middleware import (
    LATENCY_BUCKETS,
    PROBE_PATHS,
    ServiceMetrics,
    ServiceMiddleware,
)
from portfolio_shared.settings import BaseServiceSettings

ReadyCheck = Callable[[], tuple[bool, dict[str, Any]]]
Hook = Callable[[], Coroutine[Any, Any, Any]]
Lifespan = Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]

__all__ = [
    "LATENCY_BUCKETS",
    "PROBE_PATHS",
    "ApiError",
    "BodyTooLargeError",
    "ErrorBody",
    "FieldError",
    "ServiceMetrics",
    "ServiceMiddleware",
    "create_service",
    "error_responses",
    "install_error_handlers",
    "json_body_openapi",
    "json_response",
    "parse_body",
    "serve",
    "validation_errors",
    "watcher_lifespan",
]


def watcher_lifespan(
    *, start: Hook | None = None, watch: Hook | None = None, stop: Hook | None = None
) -> Lifespan:
    """A lifespan that awaits `start` (load what the service serves), runs `watch` as a
    background task while the app is up (poll for a new model, a moved alias), then cancels it
    and awaits `stop` (flush buffers) at shutdown. Pass None for a step the service lacks."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if start is not None:
            await start()
        watcher = asyncio.create_task(watch()) if watch is not None else None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            if stop is not None:
                await stop()

    return lifespan


def create_service(
    *,
    title: str,
    version: str,
    settings: BaseServiceSettings,
    ready_check: ReadyCheck | None = None,
    metrics_namespace: str = "service",
    metrics: ServiceMetrics | None = None,
    description: str = "",
    lifespan: Lifespan | None = None,
    public: Iterable[str] = (),
) -> FastAPI:
    """A FastAPI app with probes, metrics, request IDs, error handlers, body limits, API keys and
    rate limits wired in. Pass `metrics` when the project's own collectors must exist before the
    app (they share its registry); otherwise the app makes its own in `metrics_namespace`.
    `public`: paths that need no key (a UI page holding no data, which asks for the key)."""
    app = FastAPI(title=title, version=version, description=description, lifespan=lifespan)
    metrics = metrics or ServiceMetrics(metrics_namespace)
    app.state.metrics = metrics
    app.state.settings = settings
    install_error_handlers(app)
    document_errors(app)
    open_paths = public_paths(settings, public)
    document_security(app, settings, open_paths)
    # Added first, so it runs inside the service middleware: refusals get request IDs and metrics.
    app.add_middleware(GuardMiddleware, guard=Guard(settings), public=open_paths)
    app.add_middleware(
        ServiceMiddleware,
        metrics=metrics,
        max_body_bytes=settings.max_body_bytes,
        access_log=settings.access_log,
    )

    @app.get("/health", tags=["probes"], summary="Liveness: the process answers")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/ready",
        tags=["probes"],
        summary="Readiness: able to serve traffic",
        responses={503: {"description": "Not ready"}},
    )
    async def ready() -> JSONResponse:
        ok, details = ready_check() if ready_check else (True, {})
        return JSONResponse(
            {"status": "ready" if ok else "not ready", **details}, status_code=200 if ok else 503
        )

    @app.get("/metrics", tags=["probes"], summary="Prometheus metrics", response_class=Response)
    async def prometheus_metrics() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    return app


def serve(app: FastAPI, settings: BaseServiceSettings, **uvicorn_options: Any) -> None:
    """Run `app` under uvicorn on the settings' host and port. Logging stays the project's own
    (structured, configured from settings): uvicorn's log config and access log are off."""
    import uvicorn

    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        **uvicorn_options,
    )
