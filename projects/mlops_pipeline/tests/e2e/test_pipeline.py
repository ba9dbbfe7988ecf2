"""The whole pipeline on the real Telco data into a private MLflow store: registration, aliases,
caching, contract rejection, the gate and all-or-nothing registration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from churn_api.config import ChurnSettings
from churn_api.io.data import packaged_csv
from churn_api.io.registry import Registry
from mlops_pipeline.config import MlopsSettings
from mlops_pipeline.core.pipeline.config import DEFAULT_CONFIG, PipelineConfig
from mlops_pipeline.jobs.pipeline.run import run_pipeline
from portfolio_shared.tracking import client

pytestmark = pytest.mark.slow
MODEL = "churn-classifier"
FAST = {"candidates": ["logreg_baseline", "gam"], "folds": 3}


def config(sources: list[Any], **overrides: Any) -> PipelineConfig:
    return PipelineConfig.from_yaml(
        DEFAULT_CONFIG, {"ingest": {"sources": sources}, "train": FAST, **overrides}
    )


def aliases(settings: MlopsSettings) -> dict[str, str | None]:
    return Registry(settings.churn).roles()


def versions(settings: MlopsSettings) -> int:
    return len(client(settings.tracking_uri).search_model_versions(f"name='{MODEL}'"))


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> MlopsSettings:
    data = tmp_path_factory.mktemp("mlops")
    return MlopsSettings(data_dir=data, churn=ChurnSettings(data_dir=data), log_level="WARNING")


@pytest.fixture(scope="module")
def bootstrap(settings: MlopsSettings) -> Any:
    """The shipped config as-is (all three candidates, the torch MLP included)."""
    return run_pipeline(PipelineConfig.from_yaml(DEFAULT_CONFIG), settings)


def test_bootstrap_registers_and_promotes_a_champion(
    bootstrap: Any, settings: MlopsSettings
) -> None:
    assert bootstrap.status == "promoted", bootstrap.error
    assert [s["step"] for s in bootstrap.steps] == [
        "ingest",
        "validate",
        "split",
        "train",
        "evaluate",
        "gate",
        "register",
        "promote",
    ]
    train = next(s for s in bootstrap.steps if s["step"] == "train")["outputs"]
    assert set(train["candidates"]) == {"logreg_baseline", "gam", "mlp"}
    assert train["candidates"]["mlp"]["bundle"]["kind"] == "onnx"
    assert train["candidates"]["logreg_baseline"]["bundle"] is None  # the reference only
    assert aliases(settings)["champion"] == bootstrap.version
    mv = client(settings.tracking_uri).get_model_version(MODEL, bootstrap.version)
    assert mv.tags["pipeline_run_id"] == bootstrap.run_id
    assert mv.tags["bundle_manifest_sha256"]
    assert mv.description.startswith(f"# Model card: {MODEL} v{bootstrap.version}")
    assert Path(bootstrap.files["markdown"]).read_text().startswith("# Pipeline")


def test_rerun_is_a_no_op(bootstrap: Any, settings: MlopsSettings) -> None:
    before = versions(settings)
    again = run_pipeline(PipelineConfig.from_yaml(DEFAULT_CONFIG), settings)
    status = {s["step"]: s["status"] for s in again.steps}
    # evaluate re-ran once: the champion it compares with is new since the first run
    assert status["ingest"] == status["validate"] == status["split"] == status["train"] == "cached"
    assert next(s for s in again.steps if s["step"] == "register")["outputs"]["reused"] is True
    assert versions(settings) == before
    third = run_pipeline(PipelineConfig.from_yaml(DEFAULT_CONFIG), settings)
    cached = [s["step"] for s in third.steps if s["status"] == "cached"]
    assert cached == ["ingest", "validate", "split", "train", "evaluate", "gate"]
    assert versions(settings) == before
    assert aliases(settings)["champion"] == bootstrap.version


def test_a_broken_batch_is_rejected_with_a_report_and_never_trained_on(
    bootstrap: Any, settings: MlopsSettings, halves: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = pd.read_csv(halves[1], keep_default_na=False)
    bad.loc[:5, "MonthlyCharges"] = -5.0
    bad.loc[10:20, "PaymentMethod"] = "Digital wallet"
    broken = tmp_path / "broken.csv"
    bad.to_csv(broken, index=False)
    result = run_pipeline(
        config([{"path": str(halves[0])}, {"path": str(broken)}], promote={"mode": "challenger"}),
        settings,
    )
    step = next(s for s in result.steps if s["step"] == "validate")
    validate = step["outputs"]
    assert validate["rejected"] == ["broken"]
    assert validate["rows"] == 3500  # only the good batch goes on
    failures = {f["column"] for b in validate["batches"] for f in b.get("failures", [])}
    assert failures == {"MonthlyCharges", "PaymentMethod"}
    report = (settings.work_dir / "steps" / "validate" / step["key"] / "validation.md").read_text()
    assert "`MonthlyCharges` failed" in report
    assert "Digital wallet" in report
    assert result.status == "registered"  # challenger mode: champion untouched
    assert aliases(settings)["challenger"] == result.version
    assert aliases(settings)["champion"] == bootstrap.version


def test_only_broken_batches_fail_the_pipeline(
    settings: MlopsSettings, tmp_path: Path, halves: tuple[Path, Path]
) -> None:
    before = (versions(settings), aliases(settings))
    missing = tmp_path / "cols.csv"
    pd.read_csv(halves[1]).drop(columns=["tenure"]).to_csv(missing, index=False)
    result = run_pipeline(config([{"path": str(missing)}]), settings)
    assert result.status == "failed"
    assert "no batch passed the data contract" in (result.error or "")
    assert (versions(settings), aliases(settings)) == before


def test_the_gate_blocks_a_weak_candidate(
    settings: MlopsSettings, halves: tuple[Path, Path]
) -> None:
    before = (versions(settings), aliases(settings))
    result = run_pipeline(
        config([{"path": str(halves[1])}], gate={"min_cv_roc_auc": 0.99}), settings
    )
    assert result.status == "rejected"
    assert [s["step"] for s in result.steps][-1] == "gate"
    gate = result.steps[-1]["outputs"]
    assert gate["winner"] is None
    assert all(not v["checks"]["cv_roc_auc"] for v in gate["verdicts"].values())
    assert (versions(settings), aliases(settings)) == before


def test_a_failed_registration_is_rolled_back(
    settings: MlopsSettings, halves: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlflow import MlflowClient

    before = (versions(settings), aliases(settings))

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("registry hiccup")

    monkeypatch.setattr(MlflowClient, "update_model_version", fail)
    result = run_pipeline(config([{"path": str(halves[1])}]), settings)
    assert result.status == "failed"
    assert "registry hiccup" in (result.error or "")
    assert (versions(settings), aliases(settings)) == before


def test_batch_scoring_with_the_registered_champion(
    bootstrap: Any, settings: MlopsSettings, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from mlops_pipeline.cli import app

    out = tmp_path / "scores.parquet"
    result = CliRunner().invoke(
        app,
        ["score", "--data", str(packaged_csv()), "--out", str(out)],
        env={
            "MLOPS_DATA_DIR": str(settings.data_dir),
            "CHURN_DATA_DIR": str(settings.churn.data_dir),
            "MLOPS_LOG_LEVEL": "WARNING",
        },
    )
    assert result.exit_code == 0, result.output
    assert f"with v{bootstrap.version} (champion) on local" in result.output
    scores = pd.read_parquet(out)
    assert len(scores) == 7043
    assert scores["churn_probability"].between(0, 1).all()
    assert not list(tmp_path.glob("*.partial"))
    bad = CliRunner().invoke(app, ["score", "--data", str(packaged_csv()), "--out", "x.txt"])
    assert bad.exit_code == 2
    assert "--out" in bad.output


def test_non_default_alias_names_are_honoured_by_every_step(
    tmp_path: Path, halves: tuple[Path, Path]
) -> None:
    """The alias names are churn_api settings: the pipeline's evaluate (champion to beat),
    promote and report, the churn service and the drift monitor all read them from there."""
    from fastapi.testclient import TestClient

    from churn_api.api.app import create_app

    churn = ChurnSettings(
        data_dir=tmp_path,
        model_name="churn-custom",
        model_alias="production",
        challenger_alias="canary",
        previous_alias="rollback",
        access_log=False,
        reload_interval_s=0,
    )
    settings = MlopsSettings(data_dir=tmp_path, churn=churn, log_level="WARNING")
    first = run_pipeline(config([{"path": str(halves[0])}]), settings)
    assert first.status == "promoted", first.error
    second = run_pipeline(config([{"path": str(halves[1])}]), settings)
    assert second.status == "promoted", second.error
    evaluate = next(s for s in second.steps if s["step"] == "evaluate")["outputs"]
    assert evaluate["champion"]["version"] == first.version  # compared with `production`
    mlflow = client(settings.tracking_uri)
    assert (
        str(mlflow.get_model_version_by_alias("churn-custom", "production").version)
        == second.version
    )
    assert (
        str(mlflow.get_model_version_by_alias("churn-custom", "rollback").version) == first.version
    )
    assert second.aliases == {
        "champion": second.version,
        "challenger": None,
        "previous": first.version,
    }
    assert not mlflow.search_model_versions("name='churn-classifier'")  # the default name unused
    with TestClient(create_app(churn)) as api:
        served = api.get("/model").json()
    assert (served["version"], served["alias"]) == (second.version, "production")
