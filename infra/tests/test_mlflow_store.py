"""MLflow's production store, for real: the server as the prod overlay runs it (its arguments and
variables read from the rendered manifest) over a temporary PostgreSQL cluster and an S3
stand-in (moto's server). A run with a parameter, a metric and an artifact, a registered version
with an alias: read back through the API, the rows in PostgreSQL, the artifact in the bucket."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from portfolio_shared.processes import free_port, wait_for
from portfolio_shared.testing.postgres import postgres_cluster
from portfolio_shared.testing.tools import kustomize

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def prod_mlflow() -> tuple[list[str], dict[str, str]]:
    """The MLflow container of the prod overlay: its args and its ConfigMap's variables."""
    docs = [d for d in yaml.safe_load_all(kustomize(ROOT / "infra/k8s/overlays/prod")) if d]
    deployment = next(d for d in docs if d["kind"] == "Deployment" and
                      d["metadata"]["name"] == "mlflow")  # fmt: skip
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    maps = {d["metadata"]["name"]: d["data"] for d in docs if d["kind"] == "ConfigMap"}
    env: dict[str, str] = {}
    for source in container["envFrom"]:
        env.update(maps[source["configMapRef"]["name"]])
    return container["args"], env


@pytest.fixture
def process_group() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:  # the MLflow server forks workers: stop the whole group
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def start(command: list[str], env: dict[str, str], group: list[Any], log: Path) -> Any:
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env={**os.environ, **env}, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    group.append(proc)
    return proc


def test_the_prod_store_is_postgres_and_s3(process_group: list[Any], tmp_path: Path) -> None:
    import boto3
    import mlflow
    import psycopg2
    from mlflow import MlflowClient

    pinned = re.search(
        r"^mlflow==(\S+)", (ROOT / "infra/mlflow/requirements.txt").read_text(), re.M
    )
    assert pinned, "the image pins mlflow"
    assert mlflow.__version__ == pinned.group(1), "the server tested here is the image's version"
    args, settings = prod_mlflow()
    assert settings["MLFLOW_ARTIFACTS_DESTINATION"].startswith("s3://")
    bucket = settings["MLFLOW_ARTIFACTS_DESTINATION"].removeprefix("s3://").split("/")[0]
    s3_port, port = free_port(), free_port()
    s3_url = f"http://127.0.0.1:{s3_port}"
    moto = shutil.which("moto_server")
    assert moto, "moto[server] is a dev dependency (make setup)"
    start([moto, "-H", "127.0.0.1", "-p", str(s3_port)], {}, process_group, tmp_path / "s3.log")
    wait_for(f"{s3_url}/moto-api/", 60)
    keys = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip
    s3 = boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
    s3.create_bucket(Bucket=bucket)

    with postgres_cluster() as postgres:
        admin = psycopg2.connect(postgres)
        admin.autocommit = True
        admin.cursor().execute("CREATE DATABASE mlflow")
        admin.close()
        store = postgres.replace("postgresql://", "postgresql+psycopg2://").rsplit("/", 1)[0]
        env = {**settings, **keys, "MLFLOW_S3_ENDPOINT_URL": s3_url,  # the setting, pointed here
               "MLFLOW_BACKEND_STORE_URI": f"{store}/mlflow",
               "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}  # fmt: skip
        command = [re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], a) for a in args]
        command[0] = shutil.which("mlflow") or "mlflow"  # the image's version (3.17.2 both)
        command[command.index("--host") + 1] = "127.0.0.1"
        command[command.index("--port") + 1] = str(port)
        hosts = command.index("--allowed-hosts") + 1
        command[hosts] += f",127.0.0.1:{port}"
        server = start(command, env, process_group, tmp_path / "mlflow.log")
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{url}/health", 180, server)
        except (TimeoutError, RuntimeError):
            pytest.fail((tmp_path / "mlflow.log").read_text()[-3000:])

        client = MlflowClient(tracking_uri=url, registry_uri=url)
        experiment = client.create_experiment("prod-store")
        run = client.create_run(experiment)
        client.log_param(run.info.run_id, "candidate", "gam")
        client.log_metric(run.info.run_id, "roc_auc", 0.851)
        notes = tmp_path / "notes.txt"
        notes.write_text("stored in S3 through the tracking server\n")
        client.log_artifact(run.info.run_id, str(notes))
        client.set_terminated(run.info.run_id)
        client.create_registered_model("churn-classifier")
        version = client.create_model_version("churn-classifier",
                                              f"{run.info.artifact_uri}/notes.txt",
                                              run_id=run.info.run_id)  # fmt: skip
        client.set_registered_model_alias("churn-classifier", "champion", version.version)

        back = client.get_run(run.info.run_id)
        assert back.data.params == {"candidate": "gam"}
        assert back.data.metrics == {"roc_auc": 0.851}
        champion = client.get_model_version_by_alias("churn-classifier", "champion")
        assert champion.version == version.version
        fetched = Path(client.download_artifacts(run.info.run_id, "notes.txt", str(tmp_path / "d")))
        assert fetched.read_text() == notes.read_text()
        objects = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        assert any(k.endswith(f"{run.info.run_id}/artifacts/notes.txt") for k in objects), objects
        db = psycopg2.connect(f"{postgres.rsplit('/', 1)[0]}/mlflow")
        with db.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM runs")
            assert cursor.fetchone() == (1,)
            cursor.execute("SELECT alias, version FROM registered_model_aliases")
            assert cursor.fetchall() == [("champion", int(version.version))]
        db.close()
        assert httpx.get(f"{url}/health", timeout=5).status_code == 200
        os.killpg(server.pid, signal.SIGTERM)  # before the cluster goes
        server.wait(timeout=30)
