"""Shared fixtures: settings in a temporary data folder, and one team over the real data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from retention_agents.config import AgentsSettings
from retention_agents.io.team import Team

#: Nothing listens here: the services the team calls are down unless a test starts them.
CLOSED = "http://127.0.0.1:9"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("agents-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> AgentsSettings:
    return AgentsSettings(
        data_dir=data_dir,
        churn_url=CLOSED,
        rag_url=CLOSED,
        tool_retries=1,
        retry_backoff_s=0.01,
        access_log=False,
    )


@pytest.fixture(scope="session")
def team(settings: AgentsSettings) -> Iterator[Team]:
    built = Team(settings)
    yield built
    built.close()
