"""Batch runs on a Ray actor pool (`jobs/batch.py`): the answers are the ones a team in this
process gives; the same batch run again is read back, not redone (runs are idempotent by thread
id); and a thread another process stopped mid-graph is finished by whichever worker gets it,
from the shared checkpointer. Ray listens on every interface, so the check runs in a private
network namespace (`unshare --net`, loopback only)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from portfolio_shared.testing.services import run_in_private_network

pytestmark = pytest.mark.slow

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from portfolio_shared.ray_session import ray_session
    from retention_agents.config import AgentsSettings
    from retention_agents.jobs.batch import BatchItem, run_batch
    from retention_agents.team import Team

    settings = AgentsSettings(data_dir=Path(sys.argv[2]))
    questions = [
        "Which contract type churns most?",
        "What is the churn rate by payment method?",
        "How many customers have fiber?",
        "What is the average monthly charges of customers who churned?",
        "Break down attrition for each internet service.",
        "What is the median tenure by contract type?",
    ]
    items = [BatchItem(q, f"batch-{i}") for i, q in enumerate(questions)]
    team = Team(settings.model_copy(update={"max_steps": 3}))
    stopped = team.run(questions[0], thread_id="stopped-early")
    team.close()
    local = Team(settings)
    here = [local.run(q).answer for q in questions]
    local.close()
    with ray_session(num_cpus=2):
        first = run_batch(settings, items, workers=2).results
        again = run_batch(settings, items, workers=1).results
        late = [BatchItem(questions[0], "stopped-early")]
        finished = run_batch(settings, late, workers=1).results
    out = {
        "here": here,
        "first": [r.answer for r, _ in first],
        "again": [r.answer for r, _ in again],
        "first_steps": [len(r.trajectory) for r, _ in first],
        "again_steps": [len(r.trajectory) for r, _ in again],
        "first_trajectories": [r.trajectory for r, _ in first],
        "again_trajectories": [r.trajectory for r, _ in again],
        "stopped": [stopped.status, stopped.stopped],
        "finished": [finished[0][0].status, finished[0][0].answer],
    }
    Path(sys.argv[1]).write_text(json.dumps(out))
    """
)


def test_a_ray_pool_answers_like_the_team_and_resumes_any_thread(tmp_path: Path) -> None:
    script = tmp_path / "ray_batch.py"
    script.write_text(SCRIPT)
    result_file = tmp_path / "result.json"
    run_in_private_network(script, str(result_file), str(tmp_path))
    out = json.loads(result_file.read_text())
    assert out["first"] == out["here"]
    assert all(out["first"])
    assert out["again"] == out["first"]
    assert out["again_steps"] == out["first_steps"]
    # read back from the checkpointer: the same steps with the same timings, nothing run again
    assert out["again_trajectories"] == out["first_trajectories"]
    status, stopped = out["stopped"]
    assert "steps" in stopped
    status, answer = out["finished"]
    assert status == "answered"
    assert answer == out["here"][0]
