"""The live interfaces: `POST /runs/stream` (server-sent events, the same result as `POST /runs`
last), the OpenAI-compatible chat API with the official `openai` client, and per-node metrics."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openai import OpenAI

from retention_agents.api.app import create_app
from retention_agents.config import AgentsSettings
from retention_agents.team import Team

QUESTION = "Which contract type churns most, and how many customers have blank total charges?"


@pytest.fixture(scope="module")
def api(settings: AgentsSettings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, Team(settings))) as client:
        yield client


def parse(stream: str) -> list[tuple[str, object]]:
    events = []
    for block in stream.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_a_streamed_run_sends_plan_steps_tokens_then_the_result(api: TestClient) -> None:
    with api.stream("POST", "/runs/stream", json={"question": QUESTION}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = parse(r.read().decode())
    kinds = [k for k, _ in events]
    assert kinds[0] == "plan"
    assert kinds[-1] == "result"
    assert [e["role"] for e in events[0][1]["tasks"]] == ["analyst", "analyst"]  # type: ignore[index]
    steps = [d["node"] for k, d in events if k == "step"]  # type: ignore[index]
    assert steps == ["plan", "analyst", "analyst", "write", "check"]
    tokens = "".join(d["text"] for k, d in events if k == "token")  # type: ignore[index]
    result = events[-1][1]
    assert tokens == result["answer"]  # type: ignore[index]
    assert "42.7% of 3,875 customers" in tokens
    assert "11 customers match" in tokens
    again = api.get(f"/runs/{result['thread_id']}").json()  # type: ignore[index]
    assert again["answer"] == result["answer"]  # type: ignore[index]


def test_a_streamed_run_names_a_bad_field(api: TestClient) -> None:
    r = api.post("/runs/stream", json={"question": "   "})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "question"


def test_the_official_openai_client_talks_to_the_team(api: TestClient) -> None:
    client = OpenAI(base_url="http://testserver/v1", api_key="unused", http_client=api)
    assert [m.id for m in client.models.list()] == ["retention-agents"]
    reply = client.chat.completions.create(
        model="retention-agents", messages=[{"role": "user", "content": QUESTION}]
    )
    text = reply.choices[0].message.content or ""
    assert "42.7% of 3,875 customers" in text
    run = reply.model_extra["run"]  # type: ignore[index]
    assert run["status"] == "answered"
    assert run["numbers"] == ["42.7%", "3,875", "11"]
    streamed = client.chat.completions.create(
        model="retention-agents", messages=[{"role": "user", "content": QUESTION}], stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in streamed) == text


def test_chat_without_a_user_message_names_messages(api: TestClient) -> None:
    r = api.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "x"}]})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "messages"


def test_metrics_count_nodes_tools_and_outcomes(api: TestClient) -> None:
    api.post("/runs", json={"question": "What is the churn risk of a month-to-month customer?"})
    text = api.get("/metrics").text
    assert 'agents_node_duration_seconds_count{node="analyst"}' in text
    assert 'agents_tool_calls_total{outcome="error",tool="churn_api.predict"}' in text
    assert 'agents_runs_total{status="partial"}' in text
    assert 'agents_node_errors_total{node="scorer"}' in text
