"""`scripts/copy_project.sh` makes a standalone repository of one project."""

import subprocess
from pathlib import Path

from portfolio_shared.testing.copy_out import copy_out, repo_root

ROOT = repo_root(Path(__file__).resolve())


def test_copy_out_makes_a_standalone_locked_repo(tmp_path: Path) -> None:
    dest = tmp_path / "my-churn"
    copy = copy_out("churn_api", dest, ROOT)
    for path in (
        "Makefile",
        ".ci/run",
        "uv.lock",
        "shared/src/portfolio_shared/service.py",
        "shared/src/portfolio_shared/testing/copy_out.py",
        "projects/churn_api/Dockerfile",
        "projects/churn_api/.importlinter",
        "projects/churn_api/tests/data/test_contract.py",
        "infra/compose.yaml",
        ".github/workflows/ci.yml",
    ):
        assert (dest / path).is_file(), path
    assert copy.projects == ["churn_api"]
    assert copy.lock_members - {"churn-api", "portfolio-shared"} == {"ai-portfolio"}
    assert copy.ci_filters == ["churn_api"]
    assert "test-churn_api:" in copy.makefile
    assert "image-churn:" in copy.makefile
    assert copy.compose_services == ["churn-api", "mlflow"]  # no monitoring stack
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
