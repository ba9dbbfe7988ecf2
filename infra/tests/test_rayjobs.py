"""The Ray work as KubeRay RayJobs (`infra/k8s/overlays/ray`), offline. kubernetes-validate has
no schema for KubeRay's kinds, so test_k8s.py validates their pod templates as PodTemplates and
holds them to the code like every workload; this file holds the rest of each RayJob to KubeRay's
v1 API (the fields of RayJob, RayCluster, head and worker groups as of KubeRay 1.5), and the
entrypoints to the CLIs: each parses with the real command and options, names a shipped config
and real Services, and runs on the Ray the image carries (`rayVersion` is the locked one)."""

from __future__ import annotations

import functools
import importlib
import shlex
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import typer
import yaml

from portfolio_shared.testing.tools import kustomize

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = ROOT / "infra" / "k8s" / "overlays" / "ray"
pytestmark = pytest.mark.skipif(not OVERLAY.is_dir(), reason="no Ray overlay in this copy")

#: KubeRay v1's fields (ray-operator/apis/ray/v1, release 1.5): unknown ones are errors, as
#: with `kubectl apply --validate=strict`.
RAYJOB_SPEC = {"activeDeadlineSeconds", "backoffLimit", "rayClusterSpec", "submitterPodTemplate",
               "metadata", "clusterSelector", "submitterConfig", "managedBy", "deletionStrategy",
               "entrypoint", "runtimeEnvYAML", "jobId", "submissionMode", "entrypointResources",
               "entrypointNumCpus", "entrypointNumGpus", "ttlSecondsAfterFinished",
               "shutdownAfterJobFinishes", "suspend"}  # fmt: skip
CLUSTER_SPEC = {"headGroupSpec", "workerGroupSpecs", "rayVersion", "enableInTreeAutoscaling",
                "autoscalerOptions", "headServiceAnnotations", "suspend", "managedBy",
                "authOptions", "gcsFaultToleranceOptions"}  # fmt: skip
HEAD_GROUP = {"serviceType", "headService", "enableIngress", "rayStartParams", "template"}
WORKER_GROUP = {"groupName", "replicas", "minReplicas", "maxReplicas", "numOfHosts",
                "rayStartParams", "template", "scaleStrategy", "idleTimeoutSeconds",
                "suspend"}  # fmt: skip
SUBMISSION_MODES = {"K8sJobMode", "HTTPMode", "InteractiveMode"}


@functools.cache
def docs() -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(kustomize(OVERLAY)) if d]


def rayjobs() -> list[dict[str, Any]]:
    return [d for d in docs() if d["kind"] == "RayJob"] if OVERLAY.is_dir() else []


def locked_ray() -> str:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return next(p["version"] for p in lock["package"] if p["name"] == "ray")


def test_the_overlay_holds_the_ray_work_of_every_project_here() -> None:
    names = {d["metadata"]["name"] for d in rayjobs()}
    assert names, "no RayJob rendered"
    expected: set[str] = set()  # the Ray work of the projects in this tree
    expected |= {"churn-search", "churn-score"}  # only: mlops_pipeline
    expected.add("agents-eval")  # only: agents
    assert names == expected


@pytest.mark.parametrize("job", rayjobs(), ids=lambda d: d["metadata"]["name"])
def test_rayjob_fields_are_kuberays(job: dict[str, Any]) -> None:
    assert job["apiVersion"] == "ray.io/v1"
    spec = job["spec"]
    assert set(spec) <= RAYJOB_SPEC, set(spec) - RAYJOB_SPEC
    assert spec["submissionMode"] in SUBMISSION_MODES
    cluster = spec["rayClusterSpec"]
    assert set(cluster) <= CLUSTER_SPEC, set(cluster) - CLUSTER_SPEC
    head = cluster["headGroupSpec"]
    assert set(head) <= HEAD_GROUP, set(head) - HEAD_GROUP
    assert {"rayStartParams", "template"} <= set(head)
    for group in cluster["workerGroupSpecs"]:
        assert set(group) <= WORKER_GROUP, set(group) - WORKER_GROUP
        assert {"groupName", "rayStartParams", "template"} <= set(group)
        assert group["minReplicas"] <= group["replicas"] <= group["maxReplicas"]
    for params in [
        head["rayStartParams"],
        *(g["rayStartParams"] for g in cluster["workerGroupSpecs"]),
    ]:
        assert all(isinstance(v, str) for v in params.values()), params  # map[string]string


@pytest.mark.parametrize("job", rayjobs(), ids=lambda d: d["metadata"]["name"])
def test_rayjob_is_secured_bounded_and_on_the_locked_ray(job: dict[str, Any]) -> None:
    spec, cluster = job["spec"], job["spec"]["rayClusterSpec"]
    assert cluster["rayVersion"] == locked_ray(), "rayVersion must be the Ray in the image"
    assert cluster["authOptions"] == {"mode": "token"}  # every Ray endpoint needs the token
    assert spec["submissionMode"] == "HTTPMode"  # no submitter pod to secure
    assert spec["shutdownAfterJobFinishes"] is True
    assert spec["activeDeadlineSeconds"] > 0
    assert cluster["workerGroupSpecs"], "the work goes to workers"
    for template in [cluster["headGroupSpec"]["template"],
                     *(g["template"] for g in cluster["workerGroupSpecs"])]:  # fmt: skip
        mounts = {m["mountPath"] for c in template["spec"]["containers"] for m in c["volumeMounts"]}
        assert {"/tmp", "/dev/shm"} <= mounts  # Ray's session folder and its object store
        images = {c["image"] for c in template["spec"]["containers"]}
        assert images == {cluster["headGroupSpec"]["template"]["spec"]["containers"][0]["image"]}


def command_of(script: str) -> Any:
    """The click command behind a console script of a project here."""
    for pyproject in ROOT.glob("projects/*/pyproject.toml"):
        scripts = tomllib.loads(pyproject.read_text())["project"].get("scripts", {})
        if script in scripts:
            module, attr = scripts[script].split(":")
            return typer.main.get_command(getattr(importlib.import_module(module), attr))
    raise AssertionError(f"{script}: no project's console script")


@pytest.mark.parametrize("job", rayjobs(), ids=lambda d: d["metadata"]["name"])
def test_entrypoint_is_a_real_command_with_real_options(job: dict[str, Any]) -> None:
    script, name, *args = shlex.split(job["spec"]["entrypoint"])
    group = command_of(script)
    assert hasattr(group, "get_command"), f"{script} has no subcommands"
    with group.make_context(script, [name, *args]) as parent:
        command = group.get_command(parent, name)
        assert command is not None, f"{script} has no command {name}"
        ctx = command.make_context(name, args, parent=parent)  # unknown options raise here
    params = ctx.params
    assert params.get("address") == "auto" or params.get("config"), "it must run on the cluster"
    if params.get("engine") is not None:
        assert params["engine"] == "ray"
    if config := params.get("config"):
        shipped = next(ROOT.glob(f"projects/*/src/*/configs/{config}.yaml"))
        search = yaml.safe_load(shipped.read_text())["train"]["search"]
        assert (search["engine"], search["address"]) == ("ray", "auto")
    services = {d["metadata"]["name"]: d for d in docs() if d["kind"] == "Service"}
    for value in params.values():
        if isinstance(value, str) and value.startswith("http://"):
            url = urlsplit(value)
            assert url.hostname in services, value
            assert url.port in {p["port"] for p in services[url.hostname]["spec"]["ports"]}, value


@pytest.mark.parametrize("job", rayjobs(), ids=lambda d: d["metadata"]["name"])
def test_the_image_carries_ray_and_its_dashboard(job: dict[str, Any]) -> None:
    """RayJob submission goes through the head's dashboard: the image's project installs the
    extra that brings `ray[default]`."""
    image = job["spec"]["rayClusterSpec"]["headGroupSpec"]["template"]["spec"]["containers"][0][
        "image"
    ]
    # build.sh names a project's image after its folder: ai-portfolio/<folder with dashes>.
    name = image.split("/")[-1].split(":")[0]
    dockerfile = ROOT / "projects" / name.replace("-", "_") / "Dockerfile"
    meta = tomllib.loads((dockerfile.parent / "pyproject.toml").read_text())
    extras = meta["project"].get("optional-dependencies", {})
    installed = {e for e in extras if f"--extra {e}" in dockerfile.read_text()}
    specs = [s for e in installed for s in extras[e]]
    shared = tomllib.loads((ROOT / "shared/pyproject.toml").read_text())
    specs += [s for s in shared["project"]["optional-dependencies"]["ray"]
              if any("portfolio-shared[ray]" in x for x in specs)]  # fmt: skip
    assert any(s.startswith("ray[") and "default" in s for s in specs), (dockerfile, specs)
