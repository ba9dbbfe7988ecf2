"""Static checks of the mlops_pipeline image, its compose services and the copy-out (the image is
built and smoke-tested by `make image-mlops`, which CI runs)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from portfolio_shared.testing import dockerfiles
from portfolio_shared.testing.copy_out import copy_out, repo_root

ROOT = repo_root(Path(__file__).resolve())
DOCKERFILE = ROOT / "projects/mlops_pipeline/Dockerfile"
COMPOSE = ROOT / "infra/compose.yaml"


def test_hadolint_is_clean() -> None:
    dockerfiles.check_hadolint(DOCKERFILE)


def test_image_is_non_root_healthchecked_classic_and_torch_free() -> None:
    dockerfiles.check_runtime_stage(DOCKERFILE)
    dockerfiles.check_classic_build(DOCKERFILE, ROOT)
    text = DOCKERFILE.read_text()
    syncs = re.findall(r"uv sync [^\n\\]*", text)
    assert len(syncs) == 2
    # Ray (the `scale` extra) is in: the image runs the RayJobs' nodes too.
    assert all("$UV_NO_TORCH" in s and "--no-dev" in s and "--extra scale" in s for s in syncs)
    assert "--no-install-package torch" in text


def test_shipped_configs_are_inside_the_package() -> None:
    project = tomllib.loads((ROOT / "projects/mlops_pipeline/pyproject.toml").read_text())
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [
        "src/mlops_pipeline"
    ]
    configs = ROOT / "projects/mlops_pipeline/src/mlops_pipeline/configs"
    assert sorted(p.name for p in configs.glob("*.yaml")) == [
        "retrain-ray.yaml",
        "retrain-sklearn.yaml",
        "retrain.yaml",
    ]
    sklearn = yaml.safe_load((configs / "retrain-sklearn.yaml").read_text())
    assert "mlp" not in sklearn["train"]["candidates"]
    on_ray = yaml.safe_load((configs / "retrain-ray.yaml").read_text())
    expected = {**sklearn["train"]["search"], "engine": "ray", "address": "auto"}
    assert on_ray["train"]["search"] == expected
    assert {k: v for k, v in on_ray.items() if k not in {"name", "train"}} == {
        k: v for k, v in sklearn.items() if k not in {"name", "train"}
    }


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


@pytest.mark.slow
def test_copy_out_brings_churn_api_along(tmp_path: Path) -> None:
    copy = copy_out("mlops_pipeline", tmp_path / "my-mlops", ROOT)
    assert copy.projects == ["churn_api", "mlops_pipeline"]
    assert {"mlops-pipeline", "churn-api", "portfolio-shared"} <= copy.lock_members
    assert not any(m.startswith("rag") for m in copy.lock_members)
    assert copy.compose_services == [
        "churn-api",
        "grafana",
        "mlflow",
        "mlops-monitor",
        "prometheus",
        "retrain",
    ]
    for target in ("pipeline-demo:", "image-mlops:", "run-churn:", "test-mlops_pipeline:"):
        assert target in copy.makefile
    assert "run-rag" not in copy.makefile
