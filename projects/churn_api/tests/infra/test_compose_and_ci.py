"""Offline validation of the compose file and the GitHub Actions workflow."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[4]
COMPOSE = ROOT / "infra/compose.yaml"
WORKFLOW = ROOT / ".github/workflows/ci.yml"


def assert_passes(tool: str, *args: str) -> None:
    """Run an offline validator (a dev dependency on PATH) and require a clean exit."""
    path = shutil.which(tool)
    assert path, f"{tool} is installed by `make setup` (dev dependency group)"
    result = subprocess.run([path, *args], capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_config_resolves() -> None:
    assert_passes("docker-compose", "-f", str(COMPOSE), "config", "--quiet")


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.compose-spec", COMPOSE), ("vendor.github-workflows", WORKFLOW)],
    ids=["compose-spec", "github-workflow"],
)
def test_file_matches_its_published_schema(schema: str, path: Path) -> None:
    assert_passes("check-jsonschema", "--builtin-schema", schema, str(path))


def test_compose_services_are_healthchecked_and_ordered() -> None:
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert {"mlflow", "churn-api"} <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service, name
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes beyond loopback"
    assert services["churn-api"]["depends_on"]["mlflow"]["condition"] == "service_healthy"
    assert "sqlite" in " ".join(Path(ROOT / "infra/mlflow/Dockerfile").read_text().split())
    assert "mlflow-data" in spec["volumes"]
    built = {name: s for name, s in services.items() if "build" in s}
    assert {"mlflow", "churn-api"} <= set(built)  # and every other project's service (monorepo)
    for service in built.values():
        dockerfile = ROOT / service["build"]["dockerfile"]
        assert dockerfile.is_file()
        assert service["build"]["context"] == ".."


def test_built_services_run_on_a_read_only_root_filesystem() -> None:
    """What the image smoke tests check (`--read-only --tmpfs /tmp`, a /data volume) is how
    compose runs them too: a service that needs to write elsewhere fails here, not in prod."""
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name, service in services.items():
        if "build" not in service:
            continue
        assert service.get("read_only") is True, name
        assert "/tmp" in service.get("tmpfs", []), name
        mounts = {str(v).split(":")[1] for v in service.get("volumes", [])}
        assert mounts & {"/data", "/mlflow"}, f"{name} has no writable data volume"


def test_workflow_passes_actionlint() -> None:
    assert_passes("actionlint", "-shellcheck=", str(WORKFLOW))


def test_workflow_builds_every_project_image_with_path_filters() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text())
    jobs = flow["jobs"]
    filters = yaml.safe_load(jobs["changes"]["steps"][1]["with"]["filters"])
    projects = sorted(p.name for p in (ROOT / "projects").iterdir() if (p / "Dockerfile").is_file())
    assert sorted(filters) == projects
    assert "matrix" in jobs["image"]["strategy"]
    assert "image-${{ matrix.project }}" in jobs["image"]["steps"][-1]["run"]
    makefile = (ROOT / "Makefile").read_text()
    for project in projects:
        assert f"image-{project}:" in makefile
        assert f"test-{project}:" in makefile


def test_ci_entry_runs_lint_and_the_readme_test_command() -> None:
    script = (ROOT / ".ci/run").read_text()
    assert "make lint" in script
    assert "make test" in script
    assert "make test" in (ROOT / "README.md").read_text()
