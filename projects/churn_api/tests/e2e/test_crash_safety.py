"""`kill -9` in the middle of the A/B prediction log's append: a real SIGKILL to a serving
process whose flush has written half of its lines. The restarted service replays the log
(counts and the customers awaiting an outcome survive), nothing half-written is parsed, and the
next append starts on a line of its own. A hook in the child only holds it at that point."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from churn_api.api.app import create_app
from churn_api.config import ChurnSettings
from churn_api.core.customer import EXAMPLE_CUSTOMER
from portfolio_shared.testing.crash import kill_when_held

SERVER = r"""
import sys, time
from pathlib import Path
from fastapi.testclient import TestClient
from churn_api.api import ab
from churn_api.api.app import create_app
from churn_api.config import ChurnSettings
from churn_api.core.customer import EXAMPLE_CUSTOMER
from portfolio_shared.testing.crash import hold_for_kill

marker, tear = Path(sys.argv[1]), Path(sys.argv[2])
real_append = ab.append_lines

def append_lines(path, lines):
    if tear.exists():  # a line and a piece of the next, as a kill inside write(2) leaves them
        blob = "\n".join(lines) + "\n"
        with path.open("a") as handle:
            handle.write(blob[: blob.index("\n") + 20])
        hold_for_kill(marker, str(len(lines)))
    real_append(path, lines)

ab.append_lines = append_lines
with TestClient(create_app(ChurnSettings())) as client:
    for i in range(30):
        body = {**EXAMPLE_CUSTOMER, "customerID": f"K-{i:03d}", "tenure": i}
        assert client.post("/predict", json=body).status_code == 200
        if i == 19:  # the first 20 are flushed whole; the next flush is torn
            time.sleep(1.0)
            tear.touch()
    time.sleep(60)
"""


def customers_in(log: Path) -> list[str]:
    return [json.loads(line)["customerID"] for line in log.read_text().splitlines()]


def test_kill_9_mid_append_keeps_every_whole_line(trained: Any, tmp_path: Path) -> None:
    env = {"CHURN_DATA_DIR": str(tmp_path), "CHURN_MODEL_PATH": str(trained.bundle),
           "CHURN_RELOAD_INTERVAL_S": "0", "CHURN_LOG_FLUSH_S": "0.2",
           "CHURN_ACCESS_LOG": "false", "CHURN_LOG_LEVEL": "WARNING"}  # fmt: skip
    marker = tmp_path / "held"
    torn_lines = int(kill_when_held(SERVER, str(marker), str(tmp_path / "tear"),
                                    marker=marker, env=env))  # fmt: skip
    settings = ChurnSettings(data_dir=tmp_path, model_path=trained.bundle, reload_interval_s=0,
                             log_flush_s=0.1, access_log=False)  # fmt: skip
    log = settings.prediction_log_dir / "predictions.jsonl"
    assert torn_lines >= 1
    assert not log.read_bytes().endswith(b"\n")  # the kill tore a line

    with TestClient(create_app(settings)) as client:  # the restarted service
        whole = customers_in(log)  # readable now: the torn tail was cut at start-up
        assert whole[:20] == [f"K-{i:03d}" for i in range(20)]
        assert client.get("/ab/summary").json()["champion"]["predictions"] == len(whole)
        receipt = client.post("/ab/outcomes", json={"outcomes": [
            {"customerID": "K-003", "churned": True}, {"customerID": "K-999", "churned": False},
        ]}).json()  # fmt: skip
        assert receipt["joined"] == 1
        assert receipt["unknown"] == ["K-999"]
        after = {**EXAMPLE_CUSTOMER, "customerID": "AFTER-1"}
        assert client.post("/predict", json=after).status_code == 200
        deadline = time.monotonic() + 10
        while "AFTER-1" not in log.read_text():
            assert time.monotonic() < deadline, "the next append never landed"
            time.sleep(0.05)
    assert customers_in(log) == [*whole, "AFTER-1"]  # every line whole, the new one on its own
