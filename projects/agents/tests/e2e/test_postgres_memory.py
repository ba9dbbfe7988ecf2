"""The Postgres checkpointer by setting (`AGENTS_CHECKPOINT_URL`): a real PostgreSQL server in a
temporary cluster; a run that waits for an approval is finished by a second team (a restarted
process' view) from Postgres alone. Skipped where no PostgreSQL server binaries are installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_shared.processes import free_port
from retention_agents.config import AgentsSettings
from retention_agents.io.team import Team

pytestmark = pytest.mark.slow
QUESTION = "Which contract type churns most, and queue a retention offer for customer 7590-VHVEG"


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("no PostgreSQL server here (apt-get install postgresql)")
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        as_user = ["runuser", "-u", "postgres", "--"]
    # not under pytest's tmp folder: the postgres user must be able to reach it
    root = Path(tempfile.mkdtemp(prefix="agents-pg-"))
    data = root / "data"
    if as_user:
        shutil.chown(root, "postgres")
    port = free_port()
    initialise = [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres"]
    subprocess.run(initialise, check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {root} -h 127.0.0.1"
    # the server inherits pg_ctl's output: a log file, not a pipe (a pipe would never close)
    start = [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w",
             "start"]  # fmt: skip
    subprocess.run(start, check=True, stdout=subprocess.DEVNULL, timeout=120)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        stop = [*as_user, pg_ctl, "-D", str(data), "-m", "fast", "stop"]
        subprocess.run(stop, check=False, capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


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
