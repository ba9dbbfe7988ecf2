"""Every recovery path ends cleanly: the fault drills (retrying nodes, failing tools, hostile
documents, budgets) against stand-in services, each with its expected status and phrase, bounded
retries and no invented figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from retention_agents.jobs.drills import DRILLS, Drill, run_drill


def test_the_suite_covers_at_least_twenty_faults() -> None:
    assert len(DRILLS) >= 20
    assert len({d.name for d in DRILLS}) == len(DRILLS)


@pytest.mark.parametrize("drill", DRILLS, ids=[d.name for d in DRILLS])
def test_drill_ends_cleanly(drill: Drill, tmp_path: Path) -> None:
    outcome = run_drill(drill, tmp_path)
    assert outcome.ok, (outcome.problems, outcome.result.trajectory)


def test_a_retried_node_says_which_attempt_succeeded(tmp_path: Path) -> None:
    drill = next(d for d in DRILLS if d.name == "analyst times out once")
    steps = run_drill(drill, tmp_path).result.trajectory
    assert [s.get("attempt") for s in steps if s["node"] == "analyst"] == [2]


def test_an_injected_instruction_does_not_change_the_plan(tmp_path: Path) -> None:
    drill = next(d for d in DRILLS if "injection" in d.name)
    outcome = run_drill(drill, tmp_path)
    roles = [s["node"] for s in outcome.result.trajectory]
    assert "offer" not in roles
    assert outcome.result.pending == []
