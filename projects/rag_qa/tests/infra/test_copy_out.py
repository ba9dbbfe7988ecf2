"""`scripts/copy_project.sh rag_qa` makes a standalone repository with only rag_qa's pieces."""

from __future__ import annotations

from pathlib import Path

from portfolio_shared.testing.copy_out import copy_out, repo_root

ROOT = repo_root(Path(__file__).resolve())


def test_copy_out_keeps_only_rag_qa(tmp_path: Path) -> None:
    copy = copy_out("rag_qa", tmp_path / "my-rag", ROOT)
    assert copy.projects == ["rag_qa"]
    for target in ("test-rag_qa:", "run-rag:", "image-rag:", "eval-rag:", "bench-rag:"):
        assert target in copy.makefile
    assert "churn" not in copy.makefile
    assert copy.compose_services == ["mlflow", "rag-qa"]
    assert copy.ci_filters == ["rag_qa"]
