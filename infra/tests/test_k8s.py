"""The Kubernetes manifests, offline: every overlay renders with `kubectl kustomize` and passes
`kubernetes-validate --strict`, and what they say matches the code: images are the ones compose
builds, ports and users are the Dockerfiles', probe paths are routes of the apps, every
environment variable is a field of the settings class that reads it (and the values load),
service URLs name real Services, network policies let exactly the callers the settings name
through, and no secret is written in them."""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from portfolio_shared.testing.dockerfiles import runtime_stage
from portfolio_shared.testing.tools import kustomize

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "infra" / "k8s"
OVERLAYS = sorted(p.parent.name for p in (K8S / "overlays").glob("*/kustomization.yaml"))


@functools.cache
def render_text(overlay: str) -> str:
    return kustomize(K8S / "overlays" / overlay)


def rendered(overlay: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(render_text(overlay)) if d]


def of_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


@dataclass(frozen=True)
class Workload:
    kind: str
    name: str
    pod: dict[str, Any]  # the pod spec
    labels: dict[str, str]  # the pod template's labels

    def containers(self) -> Iterator[dict[str, Any]]:
        yield from self.pod.get("initContainers", [])
        yield from self.pod["containers"]


def pod_templates(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The pod templates of a workload, by name (a RayJob's: its head and each worker group)."""
    name, spec = doc["metadata"]["name"], doc.get("spec", {})
    if doc["kind"] == "Deployment":
        return {name: spec["template"]}
    if doc["kind"] == "CronJob":
        return {name: spec["jobTemplate"]["spec"]["template"]}
    if doc["kind"] == "RayJob":
        cluster = spec["rayClusterSpec"]
        groups = {f"{name}-head": cluster["headGroupSpec"]["template"]}
        for group in cluster.get("workerGroupSpecs", []):
            groups[f"{name}-{group['groupName']}"] = group["template"]
        return groups
    return {}


def workloads(docs: list[dict[str, Any]]) -> list[Workload]:
    return [Workload(d["kind"], name, template["spec"], template["metadata"]["labels"])
            for d in docs for name, template in pod_templates(d).items()]  # fmt: skip


def compose_images() -> dict[str, Path]:
    """Image name (no tag) → the Dockerfile compose builds it from."""
    services = yaml.safe_load((ROOT / "infra" / "compose.yaml").read_text())["services"]
    return {s["image"].split(":")[0]: ROOT / s["build"]["dockerfile"]
            for s in services.values() if "build" in s}  # fmt: skip


@dataclass(frozen=True)
class Project:
    name: str
    package: str
    settings: type  # its BaseServiceSettings subclass
    prefix: str  # its environment prefix, e.g. CHURN_

    def create_app(self) -> Any:
        return importlib.import_module(f"{self.package}.api.app").create_app


@functools.cache
def projects() -> dict[str, Project]:
    """Every project of this checkout, by folder name."""
    from portfolio_shared.settings import BaseServiceSettings

    found = {}
    for config in sorted(ROOT.glob("projects/*/src/*/config.py")):
        package = config.parent.name
        module = importlib.import_module(f"{package}.config")
        members = inspect.getmembers(module, inspect.isclass)
        classes = [
            c
            for _, c in members
            if issubclass(c, BaseServiceSettings) and c.__module__ == package + ".config"
        ]
        assert len(classes) == 1, f"{config}: one settings class expected"
        settings = classes[0]
        found[config.parents[2].name] = Project(
            config.parents[2].name, package, settings, settings.model_config["env_prefix"]
        )
    return found


def env_of(container: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Name → value (a ConfigMap's literal) or the `valueFrom` mapping, for one container."""
    maps = of_kind(docs, "ConfigMap")
    env: dict[str, Any] = {}
    for source in container.get("envFrom", []):
        env.update(maps[source["configMapRef"]["name"]]["data"])
    for item in container.get("env", []):
        env[item["name"]] = item.get("value", item.get("valueFrom"))
    return env


#: Variables of the MLflow server image (not a project's settings): its store, by setting.
MLFLOW_ENV = {"MLFLOW_BACKEND_STORE_URI", "MLFLOW_ARTIFACTS_DESTINATION", "MLFLOW_S3_ENDPOINT_URL",
              "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # fmt: skip
SECRET_NAME = re.compile(r"KEY|SECRET|PASSWORD|TOKEN|STORE_URI|CHECKPOINT_URL")


def dockerfile_of(image: str) -> Path:
    images = compose_images()
    name = image.split(":", maxsplit=1)[0].split("/", 1)[-1] if "/" in image else image
    matches = [p for i, p in images.items() if i.split("/")[-1] == name.split("/")[-1]]
    assert matches, f"{image}: no compose service builds it"
    return matches[0]


def project_of(dockerfile: Path) -> str | None:
    parts = dockerfile.relative_to(ROOT).parts
    return parts[1] if parts[0] == "projects" else None


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_and_passes_strict_schema_validation(overlay: str, tmp_path: Path) -> None:
    # KubeRay's RayJobs have no schema there: their pod templates are checked as PodTemplates
    # (test_rayjobs.py holds the rest of a RayJob to KubeRay's API).
    docs = rendered(overlay)
    checked = [d for d in docs if d["kind"] != "RayJob"]
    checked += [{"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": name},
                 "template": template}
                for d in docs if d["kind"] == "RayJob"
                for name, template in pod_templates(d).items()]  # fmt: skip
    out = tmp_path / f"{overlay}.yaml"
    out.write_text(yaml.safe_dump_all(checked))
    validator = shutil.which("kubernetes-validate")
    assert validator, "kubernetes-validate is a dev dependency (make setup)"
    result = subprocess.run([validator, "--strict", str(out)], capture_output=True, text=True,
                            check=False)  # fmt: skip
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "Couldn't find schema" not in report, report  # every kind checked, none skipped
    assert report.count("passed for resource") == len(checked), report


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_images_ports_users_and_probes_are_the_codes(overlay: str, tmp_path: Path) -> None:
    docs = rendered(overlay)
    apps: dict[str, set[str]] = {}
    for load in workloads(docs):
        assert load.pod["securityContext"]["runAsNonRoot"] is True, load.name
        assert load.pod.get("automountServiceAccountToken") is False, load.name
        for c in load.containers():
            dockerfile = dockerfile_of(c["image"])
            final = runtime_stage(dockerfile)
            user = [i["value"] for i in final if i["instruction"] == "USER"][-1]
            assert str(load.pod["securityContext"]["runAsUser"]) == user, (load.name, dockerfile)
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, c["name"]
            assert sc["allowPrivilegeEscalation"] is False, c["name"]
            assert set(c["resources"]) == {"requests", "limits"}, c["name"]
            mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
            assert "/tmp" in mounts or c["name"] == "seed-index", c["name"]
            exposed = {int(p.split("/")[0]) for i in final if i["instruction"] == "EXPOSE"
                       for p in i["value"].split()}  # fmt: skip
            for port in c.get("ports", []):
                assert port["containerPort"] in exposed, (c["name"], exposed)
            if load.kind == "CronJob" or "readinessProbe" not in c:
                continue
            paths = {c[p]["httpGet"]["path"] for p in ("startupProbe", "readinessProbe",
                                                       "livenessProbe")}  # fmt: skip
            project = project_of(dockerfile)
            if project is None:  # MLflow's own server: its health route is its HEALTHCHECK's
                health = next(i["value"] for i in final if i["instruction"] == "HEALTHCHECK")
                assert all(p in health for p in paths), (paths, health)
                continue
            if project not in apps:
                apps[project] = app_routes(project, tmp_path)
            assert paths <= apps[project], (c["name"], paths)
            assert paths == {"/health", "/ready"}, paths


def app_routes(project: str, tmp_path: Path) -> set[str]:
    p = projects()[project]
    settings = p.settings(data_dir=tmp_path / project, access_log=False)
    app = p.create_app()(settings)
    return {getattr(r, "path", "") for r in app.routes}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_variable_is_a_setting_and_the_values_load(
    overlay: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = rendered(overlay)
    by_prefix = {p.prefix: p for p in projects().values()}
    for load in workloads(docs):
        for c in load.pod["containers"]:
            env = env_of(c, docs)
            dockerfile = dockerfile_of(c["image"])
            if project_of(dockerfile) is None:
                assert set(env) <= MLFLOW_ENV, set(env) - MLFLOW_ENV
                for ref in re.findall(r"\$\((\w+)\)", " ".join(c.get("args", []))):
                    assert ref in env, f"args use $({ref}), which no variable sets"
                continue
            readers = set()
            for name in env:
                prefix = next((x for x in by_prefix if name.startswith(x)), None)
                assert prefix is not None, f"{load.name}: {name} is no project's setting"
                fields = by_prefix[prefix].settings.model_fields
                assert name[len(prefix) :].lower() in fields, (
                    f"{load.name}: {name} is read by nothing"
                )
                readers.add(prefix)
            with monkeypatch.context() as mp:  # the values load (a strong key stands in)
                for name, value in env.items():
                    if isinstance(value, str):
                        mp.setenv(name, value)
                    elif "CHECKPOINT_URL" in name:
                        mp.setenv(name, "postgresql://app@postgres:5432/app")
                    else:
                        mp.setenv(name, secrets.token_urlsafe(32))
                for prefix in readers:
                    by_prefix[prefix].settings()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_is_written_and_every_secret_is_documented(overlay: str) -> None:
    docs = rendered(overlay)
    assert not of_kind(docs, "Secret"), "Secrets are created out of band, never committed"
    readme = (ROOT / "infra" / "k8s" / "README.md").read_text()
    for load in workloads(docs):
        for c in load.pod["containers"]:
            for name, value in env_of(c, docs).items():
                if (SECRET_NAME.search(name) and not name.endswith("_URI")) or "KEY" in name:
                    assert isinstance(value, dict), f"{name} is written as a literal"
                if isinstance(value, dict) and "secretKeyRef" in value:
                    ref = value["secretKeyRef"]
                    assert f"`{ref['name']}`" in readme, ref
                    assert f"`{ref['key']}`" in readme, ref


def service_calls(docs: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(caller app, callee Service) for every http:// URL in a workload's settings, checked to
    name a Service of the rendering on one of its ports."""
    services = of_kind(docs, "Service")
    calls = set()
    for load in workloads(docs):
        for c in load.pod["containers"]:
            for name, value in env_of(c, docs).items():
                if not (isinstance(value, str) and value.startswith("http://")):
                    continue
                url = urlsplit(value)
                assert url.hostname in services, f"{load.name}: {name} names no Service"
                ports = {p["port"] for p in services[url.hostname]["spec"]["ports"]}
                assert url.port in ports, f"{load.name}: {name} uses a port {url.hostname} lacks"
                calls.add((load.labels["app.kubernetes.io/name"], url.hostname))
    return calls


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_select_their_pods_and_urls_name_services(overlay: str) -> None:
    docs = rendered(overlay)
    pods = {w.labels["app.kubernetes.io/name"]: w for w in workloads(docs)}
    for name, svc in of_kind(docs, "Service").items():
        app = svc["spec"]["selector"]["app.kubernetes.io/name"]
        assert app in pods, name
        names = {p["name"] for c in pods[app].pod["containers"] for p in c.get("ports", [])}
        assert {p["targetPort"] for p in svc["spec"]["ports"]} <= names, name
    present = set(pods)
    expected: set[tuple[str, str]] = set()  # the calls of the projects in this tree
    expected |= {("churn-api", "mlflow")}  # only: churn_api
    expected |= {("mlops-monitor", "mlflow"), ("retrain", "mlflow")}  # only: mlops_pipeline
    expected |= {("agents", "churn-api"), ("agents", "rag-qa")}  # only: agents
    assert service_calls(docs) >= {(a, b) for a, b in expected if {a, b} <= present}


def test_prod_scales_budgets_and_lets_only_the_callers_through() -> None:
    docs = rendered("prod")
    hpas, pdbs = of_kind(docs, "HorizontalPodAutoscaler"), of_kind(docs, "PodDisruptionBudget")
    deployments = of_kind(docs, "Deployment")
    scaled: set[str] = set()  # the HTTP services of the projects in this tree
    scaled.add("churn-api")  # only: churn_api
    scaled.add("rag-qa")  # only: rag_qa
    scaled.add("agents")  # only: agents
    assert set(hpas) == scaled
    for name in scaled:
        target = hpas[name]["spec"]["scaleTargetRef"]
        assert (target["kind"], target["name"]) == ("Deployment", name)
        assert hpas[name]["spec"]["metrics"][0]["resource"]["name"] == "cpu"
        assert hpas[name]["spec"]["minReplicas"] >= 2
        assert pdbs[name]["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] == name
    assert deployments["mlflow"]["spec"]["replicas"] == 2  # stateless on PostgreSQL + S3
    policies = of_kind(docs, "NetworkPolicy")
    deny = policies.pop("default-deny-ingress")["spec"]
    assert deny["podSelector"] == {}
    assert "ingress" not in deny
    apps = {w.labels["app.kubernetes.io/name"] for w in workloads(docs)}
    allowed: set[tuple[str, str]] = set()
    for policy in policies.values():
        callee = policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        assert callee in apps, policy["metadata"]["name"]
        for rule in policy["spec"]["ingress"]:
            for peer in rule["from"]:
                if "podSelector" in peer:
                    caller = peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
                    assert caller in apps, (policy["metadata"]["name"], caller)
                    allowed.add((caller, callee))
    assert service_calls(docs) <= allowed, service_calls(docs) - allowed
    selected = {p["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
                for p in policies.values()}  # fmt: skip
    assert set(deployments) <= selected, "every service has its own ingress policy"


def test_dev_is_one_replica_each_on_sqlite() -> None:
    docs = rendered("dev")
    assert all(d["spec"]["replicas"] == 1 for d in of_kind(docs, "Deployment").values())
    assert not of_kind(docs, "HorizontalPodAutoscaler")
    volumes = of_kind(docs, "Deployment")["mlflow"]["spec"]["template"]["spec"]["volumes"]
    store = next(v for v in volumes if v["name"] == "store")
    assert store["persistentVolumeClaim"]["claimName"] in of_kind(docs, "PersistentVolumeClaim")


# >>> mlops_pipeline
def test_the_cronjob_runs_a_config_the_pipeline_ships() -> None:
    job = of_kind(rendered("dev"), "CronJob")["retrain"]
    assert job["spec"]["concurrencyPolicy"] == "Forbid"
    command = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"]
    config = command[command.index("--config") + 1]
    shipped = ROOT / "projects/mlops_pipeline/src/mlops_pipeline/configs" / f"{config}.yaml"
    assert shipped.is_file(), shipped


# <<< mlops_pipeline
