"""Static checks of the agents image and compose service (the image itself is built and
smoke-tested by `make image-agents`, which CI runs)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from portfolio_shared.testing import dockerfiles
from portfolio_shared.testing.copy_out import repo_root

ROOT = repo_root(Path(__file__).resolve())
DOCKERFILE = ROOT / "projects/agents/Dockerfile"


def test_hadolint_is_clean() -> None:
    dockerfiles.check_hadolint(DOCKERFILE)


def test_runtime_stage_is_non_root_with_healthcheck_and_classic_syntax() -> None:
    dockerfiles.check_runtime_stage(DOCKERFILE)
    dockerfiles.check_classic_build(DOCKERFILE, ROOT)


def test_serving_dependencies_have_no_torch_and_no_other_project() -> None:
    result = subprocess.run(
        ["uv", "export", "--frozen", "--no-dev", "--package", "retention-agents", "--no-hashes"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    lowered = result.stdout.lower()
    for absent in ("torch==", "nvidia-", "churn-api", "rag-qa", "scikit-learn=="):
        assert absent not in lowered, absent
    for needed in ("langgraph==", "duckdb==", "sqlglot==", "langgraph-checkpoint-sqlite=="):
        assert needed in lowered, needed


def test_compose_service_calls_the_others_by_service_name() -> None:
    compose = yaml.safe_load((ROOT / "infra/compose.yaml").read_text())
    service = compose["services"]["agents"]
    assert service["build"]["dockerfile"] == "projects/agents/Dockerfile"
    assert service["environment"]["AGENTS_CHURN_URL"] == "http://churn-api:8000"
    assert service["environment"]["AGENTS_RAG_URL"] == "http://rag-qa:8001"
    assert service["ports"] == ["127.0.0.1:8003:8003"]
    assert "healthcheck" in service
    assert "agents-data" in compose["volumes"]
