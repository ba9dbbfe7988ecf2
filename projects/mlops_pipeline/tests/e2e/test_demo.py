"""`make pipeline-demo` end to end: real MLflow server, churn_api and the drift monitor as
separate processes, drift injected and detected, retraining, the gate, the A/B test, promotion
and churn_api serving the new version."""

import json
from pathlib import Path

import pytest

from mlops_pipeline.jobs.demo.experiment import DemoConfig
from mlops_pipeline.jobs.demo.loop import run_demo

pytestmark = pytest.mark.slow


def test_the_loop_closes(tmp_path: Path) -> None:
    """Seed 0 is deterministic end to end (data split, stream, campaign, models): one story."""
    report = run_demo(DemoConfig(max_windows=10, seed=0), tmp_path / "demo")
    windows = report["windows"]
    before = [w for w in windows if not w["after_promotion"]]
    assert [w["drifted"] for w in before] == [False, False, True, True, True, True, True, True]
    retrain = report["retrain"]
    assert (retrain["window"], retrain["status"], retrain["version"]) == (3, "registered", "2")
    assert retrain["reason"].startswith("drift in 2 consecutive windows")
    assert all("challenger" in w["served"] for w in windows[4:8])
    assert [w["ab"]["decision"] for w in windows[4:8]] == ["continue"] * 3 + ["promote"]
    final = report["final"]
    assert final["decision"] == "promote"
    assert final["closed_loop"] is True
    assert final["served_version"] == final["champion_alias"] == "2"
    assert final["challenger_after"] is None
    # re-based on what the new champion was trained on, the new normal is quiet
    after = [w for w in windows if w["after_promotion"]]
    assert [w["window"] for w in after] == [8, 9]
    assert report["rebase"] == {"rows": 2000, "version": "2"}  # the last two labelled windows
    assert not any(w["drifted"] for w in after)
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
