"""The training job end to end on the real data: MLflow runs, registry, gate, aliases, card."""

from pathlib import Path
from typing import Any

import pytest

from churn_api.config import ChurnSettings
from churn_api.core.gate import GateConfig
from churn_api.io.registry import MANIFEST_TAG, Registry
from churn_api.jobs.train import TrainConfig, run_training
from portfolio_shared.tracking import client, version_by_alias


def test_champion_is_the_best_passing_candidate(trained: Any) -> None:
    summary = trained.summary
    cands = summary["candidates"]
    assert summary["champion"] == "gam"
    assert cands["gam"]["cv_roc_auc"] >= 0.850
    assert cands["gam"]["cv_roc_auc"] > cands["logreg_baseline"]["cv_roc_auc"]
    assert cands["logreg_baseline"]["version"] is None  # the reference is never registered
    assert summary["challenger_version"] == cands["mlp"]["version"]


def test_registry_versions_carry_checksums_metrics_and_a_model_card(trained: Any) -> None:
    s = trained.settings
    c = client(s.tracking_uri)
    champion = version_by_alias(c, s.model_name, "champion")
    assert champion is not None
    assert len(champion.tags[MANIFEST_TAG]) == 64
    assert float(champion.tags["cv_roc_auc"]) >= 0.85
    card = champion.description
    assert "# Model card: churn-classifier" in card
    assert trained.summary["candidates"]["gam"]["cv_roc_auc"] == pytest.approx(
        float(champion.tags["cv_roc_auc"]), abs=1e-4
    )
    run = c.get_run(champion.run_id)
    assert run.data.metrics["cv_roc_auc"] >= 0.85
    assert {"test_brier", "test_pr_auc", "test_f1", "threshold"} <= set(run.data.metrics)
    artifacts = {a.path for a in c.list_artifacts(champion.run_id, "plots")}
    assert {
        "plots/roc.png",
        "plots/pr.png",
        "plots/calibration.png",
        "plots/confusion.png",
        "plots/feature_importance.png",
        "plots/threshold.png",
    } <= artifacts
    assert run.inputs.dataset_inputs, "dataset lineage is logged"


def test_pyfunc_model_scores_like_the_bundle(trained: Any, dataset: Any) -> None:
    import mlflow.pyfunc

    s = trained.settings
    mlflow.set_registry_uri(s.tracking_uri)
    mlflow.set_tracking_uri(s.tracking_uri)
    model = mlflow.pyfunc.load_model(f"models:/{s.model_name}@champion")
    frame = dataset.frame.drop(columns=["Churn", "customerID"]).head(20)
    out = model.predict(frame)
    assert list(out.columns) == ["churn_probability", "churn"]
    assert out["churn_probability"].between(0, 1).all()


def test_downloaded_bundle_verifies(trained: Any, tmp_path: Path) -> None:
    s = trained.settings
    reg = Registry(s).download(s.model_alias, tmp_path)
    assert reg.manifest_sha256
    assert (reg.path / "bundle.json").is_file()


def test_failing_gate_sets_no_alias(tmp_path: Path) -> None:
    settings = ChurnSettings(data_dir=tmp_path)
    cfg = TrainConfig(candidates=["gam"], gate=GateConfig(min_cv_roc_auc=0.99))
    report = run_training(cfg, settings)
    assert report.champion is None
    assert report.candidates["gam"].version is not None  # registered, but not promoted
    assert version_by_alias(client(settings.tracking_uri), settings.model_name, "champion") is None
