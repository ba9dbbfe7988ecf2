"""`scripts/copy_project.sh agents` makes a standalone repository with the team and the two
services it calls over HTTP (churn_api, rag_qa: `[tool.portfolio] services`), and nothing else."""

from __future__ import annotations

from pathlib import Path

from portfolio_shared.testing.copy_out import copy_out, repo_root

ROOT = repo_root(Path(__file__).resolve())


def test_copy_out_brings_the_services_the_team_calls(tmp_path: Path) -> None:
    copy = copy_out("agents", tmp_path / "my-agents", ROOT)
    assert copy.projects == ["agents", "churn_api", "rag_qa"]
    for target in ("test-agents:", "run-agents:", "eval-agents:", "run-churn:", "run-rag:"):
        assert target in copy.makefile
    assert copy.compose_services == ["agents", "churn-api", "mlflow", "rag-qa"]
    assert sorted(copy.ci_filters) == ["agents", "churn_api", "rag_qa"]
    assert {"retention-agents", "churn-api", "rag-qa"} <= copy.lock_members
