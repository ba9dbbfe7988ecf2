"""End to end against real processes: an MLflow tracking server (sqlite backend, proxied
artifacts), `churn-api train` into it, `churn-api serve` from it, an alias move picked up live
(the champion becomes the ONNX challenger), and a clean stop on SIGINT."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from churn_api.api.schemas import EXAMPLE_CUSTOMER
from portfolio_shared.processes import free_port, wait_for

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("mlflow-server")
    port = free_port()
    log = (root / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            str(BIN / "mlflow"),
            "server",
            "--backend-store-uri",
            f"sqlite:///{root}/mlflow.db",
            "--artifacts-destination",
            str(root / "artifacts"),
            "--serve-artifacts",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    uri = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{uri}/health", 120, proc)
        yield uri
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_train_serve_and_follow_the_alias(mlflow_server: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CHURN_MLFLOW_TRACKING_URI": mlflow_server,
        "CHURN_DATA_DIR": str(tmp_path),
        "CHURN_ACCESS_LOG": "false",
    }
    trained = subprocess.run(
        [str(BIN / "churn-api"), "train"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert trained.returncode == 0, trained.stderr[-3000:]

    from portfolio_shared.tracking import client, set_alias, version_by_alias

    registry = client(mlflow_server)
    champion = version_by_alias(registry, "churn-classifier", "champion")
    challenger = version_by_alias(registry, "churn-classifier", "challenger")
    assert champion is not None
    assert challenger is not None

    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "churn-api"), "serve", "--port", str(port)],
        env={**env, "CHURN_RELOAD_INTERVAL_S": "0.5"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/ready", 120, server)
        first = httpx.post(f"{base}/predict", json=EXAMPLE_CUSTOMER).json()
        assert first["model_version"] == str(champion.version)
        assert httpx.get(f"{base}/model").json()["kind"] == "additive"

        set_alias(registry, "churn-classifier", "champion", challenger.version)
        deadline = time.monotonic() + 60
        while httpx.get(f"{base}/model").json()["version"] != str(challenger.version):
            assert time.monotonic() < deadline, "the service never followed the alias"
            time.sleep(0.25)
        info = httpx.get(f"{base}/model").json()
        assert info["kind"] == "onnx"
        second = httpx.post(f"{base}/predict", json=EXAMPLE_CUSTOMER).json()
        assert second["model_version"] == str(challenger.version)
        assert 0 < second["churn_probability"] < 1
        assert len(second["top_features"]) == 5
        batch = httpx.post(
            f"{base}/predict/batch", json={"instances": [EXAMPLE_CUSTOMER] * 3}
        ).json()
        assert [p["churn_probability"] for p in batch["predictions"]] == [
            second["churn_probability"]
        ] * 3
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl-C sends
        out, _ = server.communicate(timeout=30)
    assert server.returncode == 0, out.decode()[-2000:]
    assert b"Traceback" not in out
