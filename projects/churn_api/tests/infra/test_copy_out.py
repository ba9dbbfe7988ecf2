"""`scripts/copy_project.sh` makes a standalone repository of one project."""

import subprocess
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[4]


def test_copy_out_makes_a_standalone_locked_repo(tmp_path: Path) -> None:
    dest = tmp_path / "my-churn"
    result = subprocess.run(
        ["bash", str(ROOT / "scripts/copy_project.sh"), "churn_api", str(dest)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (
        "Makefile",
        ".ci/run",
        "uv.lock",
        "shared/src/portfolio_shared/service.py",
        "projects/churn_api/Dockerfile",
        "projects/churn_api/tests/data/test_contract.py",
        "infra/compose.yaml",
        ".github/workflows/ci.yml",
    ):
        assert (dest / path).is_file(), path
    assert sorted(p.name for p in (dest / "projects").iterdir()) == ["churn_api"]
    lock = tomllib.loads((dest / "uv.lock").read_text())
    members = set(lock["manifest"]["members"])
    assert {"churn-api", "portfolio-shared"} <= members
    assert all(not m.startswith(("rag", "agents", "mlops")) for m in members)
    flow = yaml.safe_load((dest / ".github/workflows/ci.yml").read_text())
    filters = yaml.safe_load(flow["jobs"]["changes"]["steps"][1]["with"]["filters"])
    assert list(filters) == ["churn_api"]
    makefile = (dest / "Makefile").read_text()
    assert "test-churn_api:" in makefile
    assert "image-churn:" in makefile
    assert "rag-qa" not in makefile
    assert "rag_qa" not in makefile
    compose = yaml.safe_load((dest / "infra/compose.yaml").read_text())
    assert sorted(compose["services"]) == ["churn-api", "mlflow"]  # no monitoring stack
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=dest, capture_output=True, text=True, check=True
    ).stdout
    assert "Start from ai-portfolio/churn_api" in log
    again = subprocess.run(
        ["bash", str(ROOT / "scripts/copy_project.sh"), "churn_api", str(dest)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 2  # never overwrite a non-empty folder
