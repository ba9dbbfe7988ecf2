import json
import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from portfolio_shared.logging import JsonFormatter, request_id_var
from portfolio_shared.service import ApiError, create_service
from portfolio_shared.settings import BaseServiceSettings


class Item(BaseModel):
    name: str
    count: int = Field(ge=0)


def make_app(ready: bool = True, **settings: object) -> FastAPI:
    s = BaseServiceSettings(access_log=False, **settings)  # type: ignore[arg-type]
    app = create_service(
        title="t", version="0", settings=s, ready_check=lambda: (ready, {"why": "test"})
    )

    @app.post("/items")
    async def create(item: Item) -> Item:
        if item.name == "taken":
            raise ApiError(409, "name already exists", "name")
        return item

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    return app


@pytest.fixture
def client() -> TestClient:
    return TestClient(make_app(), raise_server_exceptions=False)


def test_probes(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "ready", "why": "test"}
    not_ready = TestClient(make_app(ready=False)).get("/ready")
    assert not_ready.status_code == 503
    assert not_ready.json()["status"] == "not ready"


def test_validation_errors_name_the_field(client: TestClient) -> None:
    r = client.post("/items", json={"name": "a", "count": -1})
    assert r.status_code == 422
    body = r.json()
    assert body["errors"][0]["field"] == "count"
    assert "count" in body["detail"]
    r = client.post("/items", json={"count": "x"})
    assert {e["field"] for e in r.json()["errors"]} == {"name", "count"}


def test_invalid_json_is_a_4xx(client: TestClient) -> None:
    r = client.post("/items", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_api_error_names_the_field(client: TestClient) -> None:
    r = client.post("/items", json={"name": "taken", "count": 1})
    assert r.status_code == 409
    assert r.json()["errors"] == [{"field": "name", "message": "name already exists"}]


def test_unhandled_errors_do_not_leak(client: TestClient) -> None:
    r = client.get("/boom")
    assert r.status_code == 500
    assert "secret" not in r.text
    assert r.headers["x-request-id"]


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    assert client.get("/health", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == (
        "abc-123"
    )
    generated = client.get("/health").headers["x-request-id"]
    assert len(generated) == 32


def test_body_limit() -> None:
    c = TestClient(make_app(max_body_bytes=100))
    r = c.post(
        "/items",
        content=json.dumps({"name": "x" * 200, "count": 1}),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert r.json()["errors"][0]["field"] == "body"


def test_metrics_count_by_route_template_and_status(client: TestClient) -> None:
    client.post("/items", json={"name": "a", "count": 1})
    client.post("/items", json={"name": "a", "count": -1})
    client.get("/does-not-exist")
    text = client.get("/metrics").text
    assert 'service_http_requests_total{method="POST",route="/items",status="200"} 1.0' in text
    assert 'service_http_requests_total{method="POST",route="/items",status="422"} 1.0' in text
    assert 'route="unmatched",status="404"' in text
    assert (
        'service_http_request_duration_seconds_bucket{le="0.001",method="POST",route="/items"}'
        in text
    )


def test_json_log_lines_carry_the_request_id() -> None:
    record = logging.makeLogRecord(
        {"msg": "hello", "levelname": "INFO", "name": "t", "status": 200}
    )
    token = request_id_var.set("rid-1")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["event"] == "hello"
    assert line["request_id"] == "rid-1"
    assert line["status"] == 200


def test_non_finite_input_is_reported_not_crashed(client: TestClient) -> None:
    r = client.post(
        "/items",
        content=b'{"name": "a", "count": NaN}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "count"
