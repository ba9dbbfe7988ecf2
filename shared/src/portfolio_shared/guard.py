"""API keys and rate limits for every route but the probes, in one pure-ASGI pass.

The guard sits in front of the whole app, so a route cannot be left unprotected by forgetting a
dependency. For each request to a path that is not public:

1. a client address that failed authentication too often lately gets 429 (brute force);
2. with keys configured, a missing or wrong `X-API-Key` (or `Authorization: Bearer`, what OpenAI
   clients send) is 401 (compared in constant time against
   every accepted key, so keys rotate without downtime) and counts as a failure;
3. the request counts against the rate limit of its key (or, without keys, nothing) and of its
   client address: over either is 429 with `Retry-After`.

Limits live in `limits` storage: in memory for one process, `redis://…` for several replicas.
Behind a proxy, run uvicorn with `--forwarded-allow-ips` so the client address is the caller's.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.types import ASGIApp, Receive, Scope, Send

from portfolio_shared.errors import error_response
from portfolio_shared.settings import BaseServiceSettings

#: Paths FastAPI serves to describe the API (no data): public, like the probes.
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})
KEY_HEADER = b"x-api-key"
SCHEMES = {
    "APIKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "BearerKey": {"type": "http", "scheme": "bearer", "description": "the same key"},
}


def presented_key(headers: list[tuple[bytes, bytes]]) -> bytes | None:
    """The key a request carries: `X-API-Key`, else an `Authorization: Bearer` token."""
    bearer = None
    for name, value in headers:
        if name == KEY_HEADER:
            return value
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            bearer = value[7:].strip()
    return bearer


class Guard:
    """The decisions, apart from ASGI: who may pass, and for how long the rest must wait."""

    def __init__(self, settings: BaseServiceSettings) -> None:
        self.keys = [k.get_secret_value().encode() for k in settings.accepted_keys]
        uri = settings.rate_limit_storage
        self.limiter = MovingWindowRateLimiter(
            storage_from_string(uri if uri.startswith("async+") else f"async+{uri}")
        )
        self.rate: RateLimitItem | None = (
            parse(settings.rate_limit) if settings.rate_limit else None
        )
        self.failures: RateLimitItem = parse(settings.auth_failure_limit)

    def _known(self, presented: bytes | None) -> bool:
        if presented is None:
            return False
        # Every key is compared (no early exit): the time does not tell which one nearly matched.
        matches = [secrets.compare_digest(presented, key) for key in self.keys]
        return any(matches)

    async def _wait(self, item: RateLimitItem, *ids: str) -> int:
        stats = await self.limiter.get_window_stats(item, *ids)
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def check(self, client: str, presented: bytes | None) -> tuple[int, str, int] | None:
        """None to let the request through, else (status, message, Retry-After seconds or 0)."""
        if self.keys:
            if not await self.limiter.test(self.failures, "auth-failures", client):
                wait = await self._wait(self.failures, "auth-failures", client)
                return 429, "too many failed authentications from this address", wait
            if not self._known(presented):
                await self.limiter.hit(self.failures, "auth-failures", client)
                if presented is None:
                    return 401, "missing X-API-Key header", 0
                return 401, "invalid API key", 0
        if self.rate is None:
            return None
        ids = [("address", client)]
        if self.keys and presented is not None:
            ids.append(("key", hashlib.sha256(presented).hexdigest()[:16]))
        for kind, who in ids:
            if not await self.limiter.hit(self.rate, kind, who):
                wait = await self._wait(self.rate, kind, who)
                return 429, f"rate limit of {self.rate} per {kind} exceeded", wait
        return None


class GuardMiddleware:
    def __init__(self, app: ASGIApp, guard: Guard, public: frozenset[str]) -> None:
        self.app = app
        self.guard = guard
        self.public = public

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.public:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else "unknown"
        presented = presented_key(scope["headers"])
        refused = await self.guard.check(address, presented)
        if refused is None:
            await self.app(scope, receive, send)
            return
        status, message, wait = refused
        response = error_response(status, message)
        if status == 401:
            response.headers["WWW-Authenticate"] = "APIKey"
        if wait:
            response.headers["Retry-After"] = str(wait)
        await response(scope, receive, send)


def guarded(app: ASGIApp, settings: BaseServiceSettings, public: Iterable[str] = ()) -> ASGIApp:
    """Any ASGI app (an MCP server's, say) behind the same keys and rate limits as the APIs:
    only `public` paths pass without them."""
    return GuardMiddleware(app, Guard(settings), frozenset(public))


def public_paths(settings: BaseServiceSettings, extra: Iterable[str] = ()) -> frozenset[str]:
    """The probes (`/metrics` too unless `protect_metrics`), the API description, and what the
    app adds (a UI page that holds no data and asks for the key itself)."""
    probes = {"/health", "/ready"} | (set() if settings.protect_metrics else {"/metrics"})
    return frozenset(probes | DOCS_PATHS | set(extra))


def document_security(app: FastAPI, settings: BaseServiceSettings, public: frozenset[str]) -> None:
    """The OpenAPI schema tells clients what the guard does: the key (when keys are set) and
    401 on every guarded operation, 429 with `Retry-After` on every guarded operation. Runs after
    `document_errors` (which adds the `ErrorBody` schema)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        if settings.accepted_keys:
            schema.setdefault("components", {}).setdefault("securitySchemes", {}).update(SCHEMES)
        error = {"$ref": "#/components/schemas/ErrorBody"}
        retry = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
        for path, operations in schema.get("paths", {}).items():
            if path in public:
                continue
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                if settings.accepted_keys:
                    operation["security"] = [{name: []} for name in SCHEMES]  # either one
                    responses.setdefault(
                        "401",
                        {"description": "missing or invalid X-API-Key",
                         "content": {"application/json": {"schema": error}}},
                    )  # fmt: skip
                if settings.rate_limit or settings.accepted_keys:
                    responses.setdefault(
                        "429",
                        {"description": "rate limited; retry after `Retry-After` seconds",
                         "headers": retry, "content": {"application/json": {"schema": error}}},
                    )  # fmt: skip
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
