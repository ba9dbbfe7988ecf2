"""Request IDs, body-size limits, Prometheus metrics and the access log, in one pure-ASGI pass
(no per-request threadpool or response copying)."""

from __future__ import annotations

import time
import uuid

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portfolio_shared.errors import BodyTooLargeError, error_response
from portfolio_shared.logging import get_logger, request_id_var

log = get_logger("portfolio_shared.access")

PROBE_PATHS = frozenset({"/health", "/ready", "/metrics"})
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


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
                response = error_response(
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
                await error_response(
                    500, "internal error; see the service log for this request ID"
                )(scope, receive, send_with_id)
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
