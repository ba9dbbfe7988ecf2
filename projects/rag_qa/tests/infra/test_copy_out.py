"""`scripts/copy_project.sh rag_qa` makes a standalone repository with only rag_qa's pieces."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[4]


def test_copy_out_keeps_only_rag_qa(tmp_path: Path) -> None:
    dest = tmp_path / "my-rag"
    result = subprocess.run(
        ["bash", str(ROOT / "scripts/copy_project.sh"), "rag_qa", str(dest)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in (dest / "projects").iterdir()) == ["rag_qa"]
    makefile = (dest / "Makefile").read_text()
    for target in ("test-rag_qa:", "run-rag:", "image-rag:", "eval-rag:", "bench-rag:"):
        assert target in makefile
    assert "churn" not in makefile
    compose = yaml.safe_load((dest / "infra/compose.yaml").read_text())
    assert sorted(compose["services"]) == ["mlflow", "rag-qa"]
    flow = yaml.safe_load((dest / ".github/workflows/ci.yml").read_text())
    filters = yaml.safe_load(flow["jobs"]["changes"]["steps"][1]["with"]["filters"])
    assert list(filters) == ["rag_qa"]
    dry = subprocess.run(
        ["make", "-n", "test", "images"], cwd=dest, capture_output=True, text=True, check=False
    )
    assert dry.returncode == 0, dry.stderr
    assert "churn" not in dry.stdout
