"""The analyst suite on its own (no services needed): questions in plain words through the
whole team (planner → analyst → writer → checker), scored against gold answers computed by pandas
straight from the CSV, a path independent of the planner, the semantic layer and DuckDB. A gate:
success ≥ 0.95 and not one invented number."""

from __future__ import annotations

import time

from retention_agents.core.evaluation import score
from retention_agents.jobs.evals import suites
from retention_agents.team import Team


def test_analyst_suite(team: Team) -> None:
    tasks = suites.analyst(suites.frame())
    assert len(tasks) >= 60
    scores = []
    for task in tasks:
        started = time.perf_counter()
        scores.append(score(task, team.run(task.question), time.perf_counter() - started))
    failures = [(s.question, s.failed) for s in scores if not s.ok]
    rate = 1 - len(failures) / len(tasks)
    print(f"\nanalyst suite: {len(tasks) - len(failures)}/{len(tasks)} = {rate:.3f}")
    assert sum(s.invented for s in scores) == 0
    assert rate >= 0.95, failures[:5]
