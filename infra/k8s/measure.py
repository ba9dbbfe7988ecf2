"""Measure what the Kubernetes resource requests and limits are sized by, for the servers no
soak loads (`make soak` covers the HTTP services): the MLflow tracking server (run logging and
registry reads) and, where the MLOps loop is here, the drift monitor (`/drift/check` on a
500-customer window). Prints RSS after warm-up and at the end, and the CPU the server used, in
cores, while loaded by 2 client threads over loopback.

    uv run python infra/k8s/measure.py        # make k8s-measure
"""

from __future__ import annotations

import json  # only: mlops_pipeline
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import httpx

from portfolio_shared.soak import served, soak

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = int(os.environ.get("MEASURE_REQUESTS", "400"))


# >>> mlops_pipeline
def monitor(data: Path) -> None:
    cli = shutil.which("mlops-pipeline") or "mlops-pipeline"
    window = json.loads(
        (ROOT / "projects/mlops_pipeline/tests/infra/sample_window.json").read_text()
    )
    env = {"MLOPS_DATA_DIR": str(data), "CHURN_DATA_DIR": str(data), "MLOPS_ACCESS_LOG": "false",
           "MLOPS_RATE_LIMIT": "1000000000/minute", "MLOPS_LOG_LEVEL": "WARNING"}  # fmt: skip
    with served([cli, "serve", "--port", "8951"], "http://127.0.0.1:8951", env) as server:
        result = soak(server, lambda c, i: c.post("/drift/check", json={**window, "window": i}),
                      total=REQUESTS, threads=2)  # fmt: skip
    print(result.report("mlops-monitor POST /drift/check"))


# <<< mlops_pipeline


def mlflow_server(data: Path) -> None:
    cli = shutil.which("mlflow") or "mlflow"
    command = [cli, "server", "--backend-store-uri", f"sqlite:///{data}/mlflow.db",
               "--artifacts-destination", str(data / "artifacts"), "--serve-artifacts",
               "--host", "127.0.0.1", "--port", "8952", "--workers", "2"]  # fmt: skip
    url = "http://127.0.0.1:8952"
    # As the image runs it (infra/mlflow/Dockerfile): no job runner (eight more processes).
    env = {"MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
    with served(command, url, env, ready_path="/health") as server:
        api = "/api/2.0/mlflow"
        experiment = f"measure-{time.time():.0f}"

        def send(client: httpx.Client, i: int) -> httpx.Response:
            if i % 2:
                return client.post(f"{api}/experiments/search", json={"max_results": 10})
            run = {"experiment_id": "0", "run_name": f"{experiment}-{i}"}
            return client.post(f"{api}/runs/create", json=run)

        result = soak(server, send, total=REQUESTS, threads=2)
    print(result.report("mlflow server (runs/create + experiments/search)"))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        # >>> mlops_pipeline
        monitor(Path(tmp) / "monitor")
        # <<< mlops_pipeline
        mlflow_server(Path(tmp) / "mlflow")
    return 0


if __name__ == "__main__":
    sys.exit(main())
