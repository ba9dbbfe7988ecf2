"""FastAPI scaffolding every service shares.

`create_service()` returns an app with:
- `GET /health` (liveness), `GET /ready` (readiness: the project's own check), `GET /metrics`
  (Prometheus: request counts by route/method/status and latency histograms by route);
- one pure-ASGI middleware for request IDs (`X-Request-ID` in and out), body-size limits, metrics
  and an access log (no per-request threadpool or response copying);
- error handlers that answer validation errors with 422 naming each field, and never leak a 500's
  internals;
- `require_api_key`, a dependency that enforces `X-API-Key` when the settings define one;
- `watcher_lifespan()`: load at start-up, watch in the background, clean up at shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from typing import Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from pydantic import BaseModel, Field, ValidationError
from pydantic_core import to_json
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portfolio_shared.logging import get_logger, request_id_var
from portfolio_shared.settings import BaseServiceSettings

log = get_logger("portfolio_shared.access")

PROBE_PATHS = frozenset({"/health", "/ready", "/metrics"})
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
ReadyCheck = Callable[[], tuple[bool, dict[str, Any]]]
Hook = Callable[[], Coroutine[Any, Any, Any]]
Lifespan = Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]


class FieldError(BaseModel):
    field: str = Field(description="dotted path of the offending field, e.g. `instances.3.tenure`")
    message: str
    type: str | None = None
    input: Any = None


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer: a readable summary and, where it applies, the fields at fault."""

    detail: str
    errors: list[FieldError] | None = None


def _document_errors(app: FastAPI) -> None:
    """Make the OpenAPI schema describe the 422 body this service really sends."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            if "HTTPValidationError" in components:
                body = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(body.pop("$defs", {}))
                components["HTTPValidationError"] = body
                components.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


class ServiceMetrics:
    """Prometheus collectors in a registry of their own (one per app, so tests stay isolated)."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = self.counter(
            "http_requests_total",
            "HTTP requests by route template, method and status code.",
            ("route", "method", "status"),
        )
        self.latency = self.histogram(
            "http_request_duration_seconds",
            "HTTP request latency by route template and method.",
            ("route", "method"),
            LATENCY_BUCKETS,
        )

    # A project adds its own collectors to the same registry and namespace through these.
    def counter(self, name: str, doc: str, labels: tuple[str, ...] = ()) -> Counter:
        return Counter(name, doc, labels, namespace=self.namespace, registry=self.registry)

    def gauge(self, name: str, doc: str, labels: tuple[str, ...] = ()) -> Gauge:
        return Gauge(name, doc, labels, namespace=self.namespace, registry=self.registry)

    def histogram(
        self, name: str, doc: str, labels: tuple[str, ...], buckets: tuple[float, ...]
    ) -> Histogram:
        return Histogram(
            name, doc, labels, namespace=self.namespace, buckets=buckets, registry=self.registry
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)


class ServiceMiddleware:
    """Request ID, body-size limit, metrics and access log in one pass."""

    def __init__(
        self, app: ASGIApp, metrics: ServiceMetrics, max_body_bytes: int, access_log: bool
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        rid = _request_id(scope)
        token = request_id_var.set(rid)
        status = 500
        started = False
        rid_header = (b"x-request-id", rid.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                message["headers"] = [*message.get("headers", []), rid_header]
            await send(message)

        try:
            declared = _content_length(scope)
            if declared is not None and declared > self.max_body_bytes:
                response = _error(
                    413,
                    f"request body of {declared} bytes exceeds "
                    f"the limit of {self.max_body_bytes} bytes",
                    "body",
                )
                await response(scope, receive, send_with_id)
            else:
                # A declared length is enforced by the HTTP parser; only a streamed body
                # (no Content-Length) needs counting as it arrives.
                guarded = (
                    receive if declared is not None else _limited(receive, self.max_body_bytes)
                )
                await self.app(scope, guarded, send_with_id)
        except Exception:
            # Log with the request ID, answer without internals; never a second response.
            log.exception("unhandled error", extra={"path": scope["path"]})
            if not started:
                await _error(500, "internal error; see the service log for this request ID")(
                    scope, receive, send_with_id
                )
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            self.metrics.requests.labels(template, method, str(status)).inc()
            self.metrics.latency.labels(template, method).observe(elapsed)
            if self.access_log and template not in PROBE_PATHS:
                log.info(
                    "request",
                    extra={
                        "method": method,
                        "path": scope["path"],
                        "status": status,
                        "ms": round(elapsed * 1000, 3),
                    },
                )
            request_id_var.reset(token)


class ApiError(Exception):
    """Raise from a route for a 4xx answer that names the offending field."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


class BodyTooLargeError(Exception):
    """Raised while streaming a body without Content-Length that exceeds the limit."""


def _limited(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLargeError(f"request body exceeds the limit of {limit} bytes")
        return message

    return wrapped


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate: str = value.decode("latin-1")[:128]
            if candidate.isprintable() and candidate.strip():
                return candidate
    return uuid.uuid4().hex


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _error(
    status: int, message: str, field: str | None = None, errors: list[dict[str, Any]] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"detail": message}
    if errors is not None:
        body["errors"] = errors
    elif field is not None:
        body["errors"] = [{"field": field, "message": message}]
    return JSONResponse(body, status_code=status)


def _field_name(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"} and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) if parts else "body"


def validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Pydantic errors as `{field, message, type}` items; `field` is a dotted path such as
    `instances.3.tenure`."""
    out = []
    for err in exc.errors():
        item = {
            "field": _field_name(err.get("loc", ())),
            "message": err.get("msg", "invalid"),
            "type": err.get("type", "value_error"),
        }
        if "input" in err and not isinstance(err["input"], dict | list):
            value = err["input"]
            # Echo the offending scalar, but never one JSON cannot carry (NaN, inf, bytes).
            if (isinstance(value, float) and not math.isfinite(value)) or isinstance(value, bytes):
                value = repr(value)
            item["input"] = value
        out.append(item)
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
        return _error(422, f"invalid request: {fields}", errors=errors)

    @app.exception_handler(ApiError)
    async def _on_api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.message, exc.field)

    @app.exception_handler(BodyTooLargeError)
    async def _on_too_large(_: Request, exc: BodyTooLargeError) -> JSONResponse:
        return _error(413, str(exc), "body")


ModelT = TypeVar("ModelT", bound=BaseModel)


async def parse_body(request: Request, model: type[ModelT]) -> ModelT:
    """Validate a JSON body straight from bytes with pydantic-core (no intermediate dict).

    For hot routes: errors surface exactly like FastAPI's own (422 naming `body.<field>`).
    Pair it with `openapi_extra=json_body_openapi(model)` so the schema still documents the body.
    """
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(
            [{**err, "loc": ("body", *err.get("loc", ()))} for err in exc.errors()]
        ) from None


def json_body_openapi(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` documenting a required JSON body of `model` (self-contained schema)."""
    schema = model.model_json_schema()
    if "$defs" in schema:
        raise ValueError(f"{model.__name__} needs $defs; declare it as a FastAPI body instead")
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def json_response(content: Any, status_code: int = 200) -> Response:
    """Serialise once with pydantic-core (models, dicts, lists alike) and skip FastAPI's
    response re-validation; declare `response_model=` on the route to document the shape."""
    return Response(to_json(content), status_code=status_code, media_type="application/json")


_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def api_key_dependency(settings: BaseServiceSettings) -> Callable[..., Awaitable[None]]:
    """A dependency enforcing `X-API-Key` when `settings.api_key` is set. Without a key it takes
    no parameters, so the OpenAPI schema advertises no security scheme that is not enforced."""
    if settings.api_key is None:

        async def open_access() -> None:
            return None

        return open_access

    expected = settings.api_key.get_secret_value().encode()

    async def require_api_key(key: str | None = Depends(_api_key_header)) -> None:
        if key is None:
            raise HTTPException(
                401, "missing X-API-Key header", headers={"WWW-Authenticate": "APIKey"}
            )
        if not secrets.compare_digest(key.encode(), expected):
            raise HTTPException(401, "invalid API key", headers={"WWW-Authenticate": "APIKey"})

    return require_api_key


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
) -> FastAPI:
    """A FastAPI app with probes, metrics, request IDs, error handlers and body limits wired in.
    Pass `metrics` when the project's own collectors must exist before the app (they share its
    registry); otherwise the app makes its own in `metrics_namespace`."""
    app = FastAPI(title=title, version=version, description=description, lifespan=lifespan)
    metrics = metrics or ServiceMetrics(metrics_namespace)
    app.state.metrics = metrics
    app.state.settings = settings
    install_error_handlers(app)
    _document_errors(app)
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
