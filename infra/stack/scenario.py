"""The cross-service scenario `make stack-test` drives against the compose stack (every service
in its image, production settings, API keys on): train into the MLflow server, churn-api serves
the new champion, rag-qa answers with citations, the drift monitor checks a window, and agents
answers a question by calling churn-api and rag-qa by service name. Prints each step's time;
exits 1 at the first step that fails."""

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


def main() -> int:
    step("train into the MLflow server (retrain job)", train)
    step("churn-api serves the champion, refuses no key", churn_serves_the_champion)
    step("rag-qa answers with citations", rag_answers_with_citations)
    step("the drift monitor checks a window", monitor_checks_a_window)
    step("agents calls churn-api and rag-qa by service name", agents_calls_both_services)
    return 0


if __name__ == "__main__":
    sys.exit(main())
