"""Static checks of the Dockerfiles: hadolint, and the properties we promise (root context,
non-root user, HEALTHCHECK, classic syntax, serving image free of training dependencies)."""

import re
import tomllib
from pathlib import Path

import pytest

from portfolio_shared.testing import dockerfiles
from portfolio_shared.testing.copy_out import repo_root

ROOT = repo_root(Path(__file__).resolve())
DOCKERFILES = [ROOT / "projects/churn_api/Dockerfile", ROOT / "infra/mlflow/Dockerfile"]


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.parent.name)
def test_hadolint_is_clean(path: Path) -> None:
    dockerfiles.check_hadolint(path)


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.parent.name)
def test_runtime_stage_is_non_root_with_healthcheck(path: Path) -> None:
    dockerfiles.check_runtime_stage(path)


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.parent.name)
def test_classic_syntax_and_root_context(path: Path) -> None:
    dockerfiles.check_classic_build(path, ROOT)


def test_serving_image_installs_no_training_dependencies() -> None:
    text = (ROOT / "projects/churn_api/Dockerfile").read_text()
    syncs = re.findall(r"uv sync [^\n\\]*", text)
    assert syncs
    assert all("--no-dev" in s and "--extra" not in s and "--all-extras" not in s for s in syncs)
    project = tomllib.loads((ROOT / "projects/churn_api/pyproject.toml").read_text())["project"]
    serving = " ".join(project["dependencies"]).lower()
    for heavy in ("torch", "scikit-learn", "pandas", "matplotlib", "mlflow>"):
        assert heavy not in serving, f"{heavy} must stay a training-only dependency"


def test_dockerignore_keeps_the_context_small() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".venv", ".git", "data", ".wheels"):
        assert entry in ignored
