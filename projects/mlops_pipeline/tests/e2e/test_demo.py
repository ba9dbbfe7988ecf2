"""`make pipeline-demo` end to end: real MLflow server, churn_api and the drift monitor as
separate processes, drift injected and detected, retraining, the gate, the A/B test, promotion
and churn_api serving the new version."""

import json
from pathlib import Path

import pytest

from mlops_pipeline.demo import DemoConfig, run_demo

pytestmark = pytest.mark.slow


def test_the_loop_closes(tmp_path: Path) -> None:
    report = run_demo(DemoConfig(max_windows=10), tmp_path / "demo")
    windows = report["windows"]
    before = [w for w in windows if not w["after_promotion"]]
    assert not any(w["drifted"] for w in before[:2])  # no drift injected yet
    assert all(w["drifted"] for w in before[2:])
    retrain = report["retrain"]
    assert retrain["status"] == "registered"
    assert retrain["window"] >= 3
    assert any("challenger" in w["served"] for w in windows[retrain["window"] + 1 :])
    final = report["final"]
    assert final["decision"] in {"promote", "reject", "keep_champion"}
    assert final["closed_loop"] is True
    if final["decision"] == "promote":
        assert final["served_version"] == retrain["version"] == final["champion_alias"]
        # re-based on what the new champion was trained on, the new normal is quiet
        after = [w for w in windows if w["after_promotion"]]
        assert len(after) == 2
        assert report["rebase"]["rows"] == 2000  # the last two labelled windows
        assert sum(w["drifted"] for w in after) <= 1
    assert final["challenger_after"] is None
    saved = json.loads((tmp_path / "demo" / "report.json").read_text())
    assert saved["mlflow_run_id"]
    assert (tmp_path / "demo" / "report.md").read_text().startswith("# Closed-loop demo")
    assert (tmp_path / "demo" / "drift.png").stat().st_size > 10_000
    assert [p["phase"] for p in report["phases"]][:4] == [
        "prepare data",
        "start MLflow tracking server",
        "bootstrap: pipeline trains the first champion",
        "start churn_api and the drift monitor",
    ]
