"""Long-term memory per user: a later run on a new thread reads what an earlier run of the same
user learned ("that customer" is the customer scored before); another user's runs do not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from retention_agents.api.app import create_app
from retention_agents.config import AgentsSettings
from retention_agents.io.stub import Reply, StubService
from retention_agents.jobs.drills import SCORE
from retention_agents.team import Team


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[TestClient, StubService]]:
    with StubService({"/predict": Reply(body=SCORE)}) as churn:
        settings = AgentsSettings(data_dir=tmp_path, churn_url=churn.url, access_log=False)
        with TestClient(create_app(settings, Team(settings))) as client:
            yield client, churn


def test_a_later_run_of_the_same_user_remembers_the_customer(api) -> None:  # type: ignore[no-untyped-def]
    client, _ = api
    first = client.post("/runs", json={"user_id": "ana", "question": (
        "What is the churn risk of a month-to-month fiber customer paying 95 a month with 3 "
        "months of tenure?")}).json()  # fmt: skip
    assert first["status"] == "answered"
    later = client.post("/runs", json={"user_id": "ana", "question": (
        "What if that customer moved to a one-year contract?")}).json()  # fmt: skip
    assert later["status"] == "answered", later["answer"]
    assert later["thread_id"] != first["thread_id"]
    plan = next(s for s in later["trajectory"] if s["node"] == "plan")
    assert plan["remembered"] is True
    facts = client.get("/users/ana/facts").json()
    assert any(f["key"] == "last_customer" and f["tenure"] == 3 for f in facts)
    stranger = client.post("/runs", json={"user_id": "bo", "question": (
        "What if that customer moved to a one-year contract?")}).json()  # fmt: skip
    assert stranger["status"] == "unanswered"  # nothing remembered for bo: no customer to change
    assert client.get("/users/bo/facts").json() == []


def test_user_ids_with_periods_have_their_own_memory(api) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: LangGraph's store refuses namespace labels with a period (a 500 on
    `GET /users/ana.lee@example.com/facts`); ids are escaped, and stay distinct."""
    client, _ = api
    for user in ("ana.lee@example.com", "ana_lee@example.com"):
        assert client.get(f"/users/{user}/facts").json() == []
    run = client.post("/runs", json={"user_id": "ana.lee@example.com", "question": (
        "What is the churn risk of a month-to-month fiber customer paying 95 a month with 3 "
        "months of tenure?")}).json()  # fmt: skip
    assert run["status"] == "answered"
    assert client.get("/users/ana.lee@example.com/facts").json()
    assert client.get("/users/ana_lee@example.com/facts").json() == []
