"""The Postgres checkpointer by setting (`AGENTS_CHECKPOINT_URL`): a real PostgreSQL server in a
temporary cluster; a run that waits for an approval is finished by a second team (a restarted
process' view) from Postgres alone. Skipped where no PostgreSQL server binaries are installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_shared.testing.postgres import postgres_cluster
from retention_agents.config import AgentsSettings
from retention_agents.team import Team

pytestmark = pytest.mark.slow
QUESTION = "Which contract type churns most, and queue a retention offer for customer 7590-VHVEG"


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


def test_a_run_waiting_for_approval_is_finished_from_postgres(
    postgres: str, tmp_path: Path
) -> None:
    settings = AgentsSettings(data_dir=tmp_path, checkpoint_url=postgres)
    first = Team(settings)
    try:
        waiting = first.run(QUESTION, thread_id="pg-1")
    finally:
        first.close()
    assert waiting.status == "awaiting_approval"
    assert not settings.checkpoint_path.exists()  # nothing went to SQLite
    second = Team(settings)
    try:
        done = second.resume("pg-1", approve=True)
        assert done is not None
        assert done.status == "answered"
        assert "42.7% of 3,875 customers" in done.answer
        assert [s["node"] for s in done.trajectory].count("analyst") == 1
        assert len(second.tools.outbox.offers()) == 1
    finally:
        second.close()
