"""The agents API through the shared scaffolding: runs, threads read back from the
checkpointer, 4xx naming the field, and a degraded answer (never a 500) when a service is down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from portfolio_shared.testing.services import routes_open_without_a_key
from retention_agents.api.app import create_app
from retention_agents.config import AgentsSettings
from retention_agents.team import Team


@pytest.fixture(scope="module")
def api(settings: AgentsSettings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, Team(settings))) as client:
        yield client


def test_a_run_answers_with_checked_figures_and_reads_back(api: TestClient) -> None:
    r = api.post("/runs", json={"question": "Which contract type churns most?", "thread_id": "t-1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "answered"
    assert "Month-to-month" in body["answer"]
    assert body["numbers"] == ["42.7%", "3,875"]
    assert [s["node"] for s in body["trajectory"]] == ["plan", "analyst", "write", "check"]
    again = api.get("/runs/t-1")
    assert again.status_code == 200
    assert again.json()["answer"] == body["answer"]


def test_a_service_that_is_down_gives_a_clear_partial_answer(api: TestClient) -> None:
    question = "What is the churn risk of a month-to-month customer paying 80 a month?"
    r = api.post("/runs", json={"question": question})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "partial"
    assert "Could not answer" in body["answer"]
    assert "churn_api" in body["answer"]
    assert "Connect" in body["answer"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "question"),
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({"question": "ok", "thread_id": "../etc"}, "thread_id"),
        ({"question": "ok", "tools": ["shell"]}, "tools"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(api: TestClient, body: dict, field: str) -> None:
    r = api.post("/runs", json=body)
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]


def test_unknown_threads_are_404_and_probes_answer(api: TestClient) -> None:
    assert api.get("/runs/never-seen").status_code == 404
    assert api.get("/health").json() == {"status": "ok"}
    assert api.get("/ready").status_code == 200
    assert "agents_http_requests_total" in api.get("/metrics").text


def test_every_route_needs_the_key(settings: AgentsSettings) -> None:
    key = "agents-test-key-6Tp1zK8wM3xR5nJd"
    keyed = settings.model_copy(update={"api_key": SecretStr(key)})
    with TestClient(create_app(keyed, Team(keyed))) as client:
        called, still_open = routes_open_without_a_key(client.app)
        assert called >= 6
        assert still_open == []
        assert client.get("/runs/nobody", headers={"X-API-Key": key}).status_code == 404
        assert client.get("/").status_code == 200  # the page; it asks for the key itself
