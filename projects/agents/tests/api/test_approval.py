"""Human in the loop: the one side-effect tool (queue a retention offer) always pauses for an
approval; nothing is written before it; approve and reject both finish the run; a resumed node
does not write twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from retention_agents.api.app import create_app
from retention_agents.config import AgentsSettings
from retention_agents.team import Team

QUESTION = "Which contract type churns most, and queue a retention offer for customer 7590-VHVEG"


@pytest.fixture
def setup(tmp_path) -> Iterator[tuple[TestClient, Team]]:
    settings = AgentsSettings(data_dir=tmp_path, churn_url="http://127.0.0.1:9", access_log=False)
    team = Team(settings)
    with TestClient(create_app(settings, team)) as client:
        yield client, team


def test_an_offer_waits_writes_nothing_then_is_queued_once_on_approval(setup) -> None:
    api, team = setup
    waiting = api.post("/runs", json={"question": QUESTION, "thread_id": "hitl-1"}).json()
    assert waiting["status"] == "awaiting_approval"
    assert waiting["pending"] == [{"action": "queue_retention_offer", "customerID": "7590-VHVEG"}]
    assert team.tools.outbox.offers() == []  # nothing before the approval
    assert api.get("/runs/hitl-1").json()["status"] == "awaiting_approval"
    done = api.post("/runs/hitl-1/resume", json={"approve": True})
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "answered"
    assert "42.7% of 3,875 customers" in body["answer"]
    assert "approved and queued" in body["answer"]
    nodes = [s["node"] for s in body["trajectory"]]
    assert nodes.count("analyst") == 1  # the parallel branch did not run again on resume
    offers = team.tools.outbox.offers()
    assert [(o.thread_id, o.customer_id) for o in offers] == [("hitl-1", "7590-VHVEG")]
    again = api.post("/runs/hitl-1/resume", json={"approve": True})
    assert again.status_code == 409  # nothing left to decide
    assert len(team.tools.outbox.offers()) == 1


def test_a_rejected_offer_writes_nothing_and_the_run_still_answers(setup) -> None:
    api, team = setup
    api.post("/runs", json={"question": QUESTION, "thread_id": "hitl-2"})
    body = api.post("/runs/hitl-2/resume", json={"approve": False}).json()
    assert body["status"] == "answered"
    assert "rejected: nothing was queued" in body["answer"]
    assert team.tools.outbox.offers() == []


def test_the_outbox_write_is_idempotent_per_task(setup) -> None:
    _, team = setup
    assert team.tools.outbox.queue("t", 0, "7590-VHVEG") is True
    assert team.tools.outbox.queue("t", 0, "7590-VHVEG") is False  # a re-run of the node
    assert len(team.tools.outbox.offers()) == 1


def test_an_unknown_customer_is_refused_without_asking(setup) -> None:
    api, _ = setup
    body = api.post("/runs", json={"question": "Queue a retention offer for 0000-XXXXX"}).json()
    assert body["status"] == "partial"
    assert "no customer 0000-XXXXX" in body["answer"]
    assert body["pending"] == []


def test_decisions_are_validated(setup) -> None:
    api, _ = setup
    api.post("/runs", json={"question": "Which contract type churns most?", "thread_id": "plain"})
    assert api.post("/runs/plain/resume", json={"approve": True}).status_code == 409
    assert api.post("/runs/nope/resume", json={"approve": True}).status_code == 404
    bad = api.post("/runs/plain/resume", json={"approve": "maybe"})
    assert bad.status_code == 422
    assert "approve" in [e["field"] for e in bad.json()["errors"]]
