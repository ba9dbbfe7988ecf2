"""Durable runs: a process killed with SIGKILL in the middle of the graph leaves its last
checkpoint in SQLite, and a new process finishes the run from there without running the steps
(and tool calls) that had finished; a kill on either side of the approved offer's outbox write
queues the offer exactly once."""

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

from portfolio_shared.testing.crash import kill_when_held
from retention_agents.config import AgentsSettings
from retention_agents.team import Team

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


APPROVER = r"""
import sys
from pathlib import Path
from retention_agents.config import AgentsSettings
from retention_agents.io import outbox
from retention_agents.team import Team
from portfolio_shared.testing.crash import hold_for_kill

point, marker, thread = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
real_queue = outbox.Outbox.queue

def queue(self, *args):
    if point == "before":  # approved, the offer not yet written
        hold_for_kill(marker, point)
    wrote = real_queue(self, *args)
    hold_for_kill(marker, f"{point}:{wrote}")  # written, the step's result not checkpointed

outbox.Outbox.queue = queue
Team(AgentsSettings()).resume(thread, approve=True)
"""


@pytest.mark.parametrize("point", ["before", "after"])
def test_a_kill_around_the_outbox_write_queues_the_offer_exactly_once(
    point: str, tmp_path: Path
) -> None:
    """The one side effect: kill -9 just before and just after the approved offer's row is
    written. The run stays resumable, the resumed run queues the offer exactly once."""
    thread = f"offer-{point}"
    question = (
        "Which contract type churns most, and queue a retention offer for customer 7590-VHVEG"
    )
    settings = AgentsSettings(data_dir=tmp_path, churn_url="http://127.0.0.1:9",
                              rag_url="http://127.0.0.1:9", access_log=False)  # fmt: skip
    team = Team(settings)
    try:
        assert team.run(question, thread_id=thread).status == "awaiting_approval"
    finally:
        team.close()
    marker = tmp_path / "held"
    env = {"AGENTS_DATA_DIR": str(tmp_path), "AGENTS_CHURN_URL": "http://127.0.0.1:9",
           "AGENTS_RAG_URL": "http://127.0.0.1:9", "AGENTS_LOG_LEVEL": "WARNING"}  # fmt: skip
    held = kill_when_held(APPROVER, point, str(marker), thread, marker=marker, env=env)
    assert held == ("before" if point == "before" else "after:True")

    team = Team(settings)  # the restarted service
    try:
        queued = len(team.tools.outbox.offers())
        assert queued == (0 if point == "before" else 1)  # nothing half-written either way
        assert team.state(thread).status == "awaiting_approval"  # type: ignore[union-attr]
        result = team.resume(thread, approve=True)
        offers = team.tools.outbox.offers()
    finally:
        team.close()
    assert result is not None
    assert result.status == "answered", result
    assert "approved and queued" in result.answer
    assert [(o.thread_id, o.customer_id) for o in offers] == [(thread, "7590-VHVEG")]
