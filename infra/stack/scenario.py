"""The cross-service scenario `make stack-test` drives against the compose stack (every service
in its image, production settings, API keys on): train into the MLflow server, churn-api serves
the new champion, rag-qa answers with citations, the drift monitor checks a window, and agents
answers a question by calling churn-api and rag-qa by service name. Then the Ray work of the
KubeRay RayJobs (infra/k8s/base/*/rayjob-*.yaml), as the operator runs it: a Ray head with token
auth inside the project's image, on the compose network, and each RayJob's entrypoint submitted
through the head's dashboard. Prints each step's time; exits 1 at the first step that fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import yaml

from churn_api.core.customer import EXAMPLE_CUSTOMER

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = os.environ.get("COMPOSE", "docker-compose").split()
URL = {"churn": "http://127.0.0.1:8000", "rag": "http://127.0.0.1:8001",
       "mlops": "http://127.0.0.1:8002", "agents": "http://127.0.0.1:8003"}  # fmt: skip
KEY = {name: {"X-API-Key": os.environ[f"{name.upper()}_API_KEY"]} for name in URL}
QUESTION = (
    "What is the churn risk of a month-to-month fiber customer paying 95 a month with 3 months "
    "of tenure, and according to the model card, what decision threshold does the churn model use?"
)


def step(name: str, action: Callable[[], str]) -> None:
    started = time.perf_counter()
    try:
        detail = action()
    except Exception as exc:
        print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
        raise SystemExit(1) from None
    print(f"PASS {name} ({time.perf_counter() - started:.1f} s): {detail}", flush=True)


def compose(*args: str, timeout: float = 900) -> str:
    done = subprocess.run([*COMPOSE, *args], capture_output=True, text=True, timeout=timeout,  # noqa: S603
                          check=False, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return done.stdout


def until(check: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if result := check():
                return result
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, f"{what} not after {seconds:.0f} s"
        time.sleep(2)


def train() -> str:
    out = compose("--profile", "jobs", "run", "--rm", "retrain")
    assert ": promoted" in out, out[-1500:]
    return out.strip().splitlines()[-1][:160]


def churn_serves_the_champion() -> str:
    until(lambda: httpx.get(f"{URL['churn']}/ready", timeout=5).status_code == 200, 120,
          "churn-api ready")  # fmt: skip
    model = httpx.get(f"{URL['churn']}/model", headers=KEY["churn"], timeout=10).json()
    assert model["alias"] == "champion", model
    customer = {**EXAMPLE_CUSTOMER, "customerID": "STACK-1"}
    r = httpx.post(f"{URL['churn']}/predict", json=customer, headers=KEY["churn"], timeout=10)
    assert r.status_code == 200, r.text
    assert httpx.post(f"{URL['churn']}/predict", json=customer, timeout=10).status_code == 401
    return f"v{model['version']} ({model['candidate']}), p={r.json()['churn_probability']:.3f}"


def rag_answers_with_citations() -> str:
    r = httpx.post(f"{URL['rag']}/ask", json={"question": "What does the global statement do?"},
                   headers=KEY["rag"], timeout=120)  # fmt: skip
    assert r.status_code == 200, r.text
    cited = [c["source"] for c in r.json()["citations"] if c["cited"]]
    assert cited, r.json()
    return f"cites {sorted(set(cited))[:3]}"


def monitor_checks_a_window() -> str:
    window = json.loads(
        (ROOT / "projects/mlops_pipeline/tests/infra/sample_window.json").read_text()
    )
    r = httpx.post(f"{URL['mlops']}/drift/check", json=window, headers=KEY["mlops"], timeout=60)
    assert r.status_code == 200, r.text
    return f"drifted={r.json()['drifted']}"


def agents_calls_both_services() -> str:
    sync = compose("exec", "-T", "agents", "agents", "sync-docs", "--wait", "120")
    assert "model_card" in sync, sync
    model = httpx.get(f"{URL['churn']}/model", headers=KEY["churn"], timeout=10).json()
    r = httpx.post(f"{URL['agents']}/runs", json={"question": QUESTION}, headers=KEY["agents"],
                   timeout=300)  # fmt: skip
    assert r.status_code == 200, r.text
    run = r.json()
    assert run["status"] == "answered", run
    assert not run["unverified"], run
    nodes = {s["node"] for s in run["trajectory"]}
    assert {"scorer", "researcher"} <= nodes, nodes
    assert any(c["source"] == "model_card.md" for c in run["citations"]), run["citations"]
    assert f"{model['threshold']:.2f}" in run["answer"], run["answer"]
    return run["answer"][:160].replace("\n", " ")


#: A RayJob as the KubeRay operator runs it in HTTPMode: `ray start --head` (token auth on, as
#: `authOptions: {mode: token}` sets it), then the entrypoint submitted to the dashboard with the
#: token, then its final status (and a wrong token refused).
RAY_JOB = """
set -eu
export RAY_AUTH_MODE=token RAY_USAGE_STATS_ENABLED=0 RAY_ADDRESS=http://127.0.0.1:8265
export GIT_PYTHON_REFRESH=quiet  # MLflow's git probe: no git in the images, no warning
export RAY_AUTH_TOKEN=$(python -c 'import secrets; print(secrets.token_hex(32))')
ray start --head --num-cpus 2 --dashboard-host 127.0.0.1 --disable-usage-stats \
  >/tmp/ray-start.log 2>&1 || {{ tail -20 /tmp/ray-start.log; exit 1; }}
ray job submit --submission-id {job} -- {entrypoint} >/tmp/{job}.log 2>&1 || {{
  echo "--- why (target missed, errors):"
  grep -E "target missed|Error|error:" /tmp/{job}.log | tail -20
  echo "--- the log's tail:"
  tail -40 /tmp/{job}.log; exit 1; }}
tail -12 /tmp/{job}.log
ray job status {job} 2>&1 | tail -1
if RAY_AUTH_TOKEN=wrong ray job status {job} >/dev/null 2>&1; then exit 1; fi
echo "refused a wrong token"
ray stop --force >/dev/null 2>&1
"""


def rayjob(name: str, *where: str) -> Callable[[], str]:
    manifest = next(
        doc
        for path in sorted((ROOT / "infra/k8s/base").glob("*/rayjob-*.yaml"))
        if (doc := yaml.safe_load(path.read_text()))["metadata"]["name"] == name
    )
    script = RAY_JOB.format(job=name, entrypoint=manifest["spec"]["entrypoint"])

    def run() -> str:
        out = compose(*where, "bash", "-c", script, timeout=1200)
        why = out.partition("--- why")[2][:2000]  # the reason first: a tail may cut it off
        assert f"Job '{name}' succeeded" in out, (why or "") + out[-3000:]
        assert "refused a wrong token" in out, out[-3000:]
        return f"{manifest['spec']['entrypoint'][:70]}...: succeeded"

    return run


def main() -> int:
    step("train into the MLflow server (retrain job)", train)
    step("churn-api serves the champion, refuses no key", churn_serves_the_champion)
    step("rag-qa answers with citations", rag_answers_with_citations)
    step("the drift monitor checks a window", monitor_checks_a_window)
    step("agents calls churn-api and rag-qa by service name", agents_calls_both_services)
    job = ("--profile", "jobs", "run", "--rm", "--no-deps", "retrain")
    step("RayJob churn-search: the pipeline's Ray Tune search", rayjob("churn-search", *job))
    step("RayJob churn-score: batch scoring on Ray Data", rayjob("churn-score", *job))
    step(
        "RayJob agents-eval: the batch evaluation on Ray",
        rayjob("agents-eval", "exec", "-T", "agents"),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
