"""Durable runs: a process killed with SIGKILL in the middle of the graph leaves its last
checkpoint in SQLite, and a new process finishes the run from there without running the steps
(and tool calls) that had finished."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from langgraph.checkpoint.sqlite import SqliteSaver

from retention_agents.config import AgentsSettings
from retention_agents.io.team import Team

pytestmark = pytest.mark.slow
THREAD = "crash-1"


def checkpointed_findings(db: Path) -> list[dict]:
    if not db.is_file():
        return []
    with sqlite3.connect(db) as conn:
        try:
            saved = SqliteSaver(conn).get_tuple({"configurable": {"thread_id": THREAD}})
        except sqlite3.OperationalError:  # the tables are not there yet
            return []
    return [] if saved is None else list(saved.checkpoint["channel_values"].get("findings", []))


def test_a_killed_run_resumes_from_its_checkpoint(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "AGENTS_DATA_DIR": str(tmp_path),
        "AGENTS_FAULT_NODE": "write",  # hold the writer: the analyst has finished
        "AGENTS_FAULT_DELAY_S": "120",
    }
    question = "Which contract type churns most, and how many customers have blank total charges?"
    proc = subprocess.Popen(
        [sys.executable, "-m", "retention_agents.cli", "run", "--json", "--thread-id", THREAD,
         question],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    settings = AgentsSettings(data_dir=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while len(checkpointed_findings(settings.checkpoint_path)) < 2:
            assert proc.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "the analysts' step was never checkpointed"
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    team = Team(settings)  # a new process' view: no fault, the same checkpointer
    try:
        before = team.state(THREAD)
        assert before is not None
        assert before.answer == ""  # killed before the writer wrote
        result = team.resume(THREAD)
    finally:
        team.close()
    assert result is not None
    assert result.status == "answered", result.answer
    assert "42.7% of 3,875 customers" in result.answer
    assert "11 customers match" in result.answer
    nodes = [step["node"] for step in result.trajectory]
    assert nodes.count("plan") == 1
    assert nodes.count("analyst") == 2  # the two queries ran once each, before the kill
    assert nodes[-2:] == ["write", "check"]
