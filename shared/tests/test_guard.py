"""The guard: keys on every route but the probes, rotation, rate limits, brute-force lockout,
and an OpenAPI schema that says so."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from portfolio_shared.service import create_service
from portfolio_shared.settings import BaseServiceSettings

OLD, NEW = "old-key-7Hq2vX9pLm4Rt8Wz", "new-key-3Jd6nB1cYk5Fs0Ge"


def make_app(public: tuple[str, ...] = (), **settings: Any) -> FastAPI:
    app = create_service(
        title="t",
        version="0",
        settings=BaseServiceSettings(access_log=False, **settings),
        public=public,
    )

    @app.get("/data")
    async def data() -> dict[str, int]:
        return {"rows": 1}

    @app.get("/page", include_in_schema=False)
    async def page() -> dict[str, str]:
        return {"html": "no data here"}

    return app


def test_every_route_but_the_probes_needs_a_key() -> None:
    client = TestClient(make_app(public=("/page",), api_key=OLD))
    missing = client.get("/data")
    assert missing.status_code == 401
    assert missing.json()["detail"] == "missing X-API-Key header"
    assert missing.headers["WWW-Authenticate"] == "APIKey"
    assert "x-request-id" in missing.headers  # refusals pass through the service middleware
    assert client.get("/data", headers={"X-API-Key": "wrong"}).status_code == 401
    assert client.get("/nowhere").status_code == 401  # no route map for strangers
    for path in ("/health", "/ready", "/metrics", "/openapi.json", "/docs", "/page"):
        assert client.get(path).status_code == 200, path
    assert client.get("/data", headers={"X-API-Key": OLD}).json() == {"rows": 1}
    assert client.get("/data", headers={"Authorization": f"Bearer {OLD}"}).status_code == 200
    assert client.get("/data", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_metrics_can_be_protected_too() -> None:
    client = TestClient(make_app(api_key=OLD, protect_metrics=True))
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"X-API-Key": OLD}).status_code == 200
    assert client.get("/health").status_code == 200


def test_several_keys_are_accepted_so_keys_rotate() -> None:
    client = TestClient(make_app(api_key=NEW, api_keys=OLD))
    for key in (OLD, NEW):
        assert client.get("/data", headers={"X-API-Key": key}).status_code == 200
    assert client.get("/data", headers={"X-API-Key": OLD + "x"}).status_code == 401


def test_the_rate_limit_answers_429_with_retry_after() -> None:
    client = TestClient(make_app(rate_limit="5/minute"))
    codes = [client.get("/data").status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    refused = client.get("/data")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "per address" in refused.json()["detail"]
    assert client.get("/health").status_code == 200  # probes are never limited


def test_each_key_has_its_own_budget_and_the_address_one_too() -> None:
    client = TestClient(make_app(api_key=OLD, api_keys=NEW, rate_limit="4/minute"))
    old = [client.get("/data", headers={"X-API-Key": OLD}).status_code for _ in range(4)]
    assert old == [200] * 4
    # Same address (the test client's): its budget is spent whatever the key.
    assert client.get("/data", headers={"X-API-Key": NEW}).status_code == 429


def test_failed_authentications_lock_the_address_out() -> None:
    client = TestClient(make_app(api_key=OLD, auth_failure_limit="3/minute", rate_limit=None))
    codes = [client.get("/data", headers={"X-API-Key": f"guess-{n}"}).status_code
             for n in range(5)]  # fmt: skip
    assert codes == [401, 401, 401, 429, 429]
    locked = client.get("/data", headers={"X-API-Key": OLD})  # even the right key, for a while
    assert locked.status_code == 429
    assert "failed authentications" in locked.json()["detail"]
    assert int(locked.headers["Retry-After"]) >= 1


def test_limits_are_per_client_address() -> None:
    app = make_app(rate_limit="2/minute")
    first = TestClient(app, client=("10.0.0.1", 5000))
    second = TestClient(app, client=("10.0.0.2", 5000))
    assert [first.get("/data").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/data").status_code == 200


@pytest.mark.parametrize("keyed", [True, False])
def test_openapi_documents_the_key_and_the_refusals(keyed: bool) -> None:
    settings: dict[str, Any] = {"api_key": OLD} if keyed else {}
    schema = TestClient(make_app(**settings)).get("/openapi.json").json()
    operation = schema["paths"]["/data"]["get"]
    assert "429" in operation["responses"]
    assert operation["responses"]["429"]["headers"]["Retry-After"]
    assert ("401" in operation["responses"]) is keyed
    assert ("security" in operation) is keyed
    assert ("securitySchemes" in schema["components"]) is keyed
    assert "security" not in schema["paths"]["/health"]["get"]
    assert "ErrorBody" in schema["components"]["schemas"]
