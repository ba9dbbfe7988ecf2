"""Training job: cross-validate the candidates, tune the threshold for the campaign cost model,
evaluate on held-out data, log everything to MLflow, register, gate and promote.

A thin orchestrator over the lifecycle library (`core.candidates`, `core.lifecycle`,
`core.gate`, `io.bundles`, `io.registry`), which a retraining pipeline can drive too."""

from __future__ import annotations

import json
import platform
import tempfile
import time
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any

import mlflow
import sklearn
import yaml
from mlflow.data.pandas_dataset import from_pandas
from pydantic import BaseModel, ConfigDict, Field
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from tqdm.auto import tqdm

import churn_api
from churn_api.config import ChurnSettings
from churn_api.core import report
from churn_api.core.candidates import BASELINE, DESCRIPTIONS, SERVABLE, make_estimator
from churn_api.core.evaluation import CampaignCosts, classification_metrics, threshold_curve
from churn_api.core.gate import GateConfig, gate
from churn_api.core.hyperparams import GamConfig, MLPConfig
from churn_api.core.lifecycle import TrainedCandidate, permutation_importance
from churn_api.core.lifecycle import train_candidate as fit_candidate
from churn_api.core.schema import FEATURES, TARGET
from churn_api.core.training import CandidateResult, Split, TrainingReport
from churn_api.io import data as data_io
from churn_api.io.bundles import build_bundle, bundle_metadata
from churn_api.io.registry import Registry
from churn_api.io.tracking import log_cv, log_figure
from portfolio_shared.logging import get_logger
from portfolio_shared.tracking import ensure_experiment, experiment_name, flatten_params

log = get_logger(__name__)

#: Permutation-importance repeats per column (on the held-out rows).
IMPORTANCE_REPEATS = 5


class TrainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a typo in a YAML is an error

    seed: int = 42
    test_size: float = Field(0.2, gt=0, lt=0.5)
    folds: int = Field(5, ge=2)
    gam: GamConfig = Field(default_factory=GamConfig)
    mlp: MLPConfig = Field(default_factory=MLPConfig)
    costs: CampaignCosts = Field(default_factory=CampaignCosts)
    gate: GateConfig = Field(default_factory=GateConfig)
    register_models: bool = True
    candidates: list[str] = Field(default_factory=lambda: ["logreg_baseline", "gam", "mlp"])

    @classmethod
    def from_yaml(cls, path: Path) -> TrainConfig:
        return cls.model_validate(yaml.safe_load(path.read_text()) or {})


def run_training(
    cfg: TrainConfig, settings: ChurnSettings, data_path: Path | None = None
) -> TrainingReport:
    started = time.perf_counter()
    registry = Registry(settings)
    dataset = data_io.load(data_path)
    frame = dataset.frame
    X, y = frame[list(FEATURES)], frame[TARGET].to_numpy()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=cfg.test_size, stratify=y, random_state=cfg.seed
    )
    split = Split(
        X_train,
        y_train,
        X_test,
        y_test,
        {
            "name": dataset.name,
            "rows": len(frame),
            "churn_rate": float(y.mean()),
            "source": dataset.source,
            "sha256": dataset.sha256,
            "train_rows": len(X_train),
            "test_rows": len(X_test),
            "folds": cfg.folds,
        },
    )
    ensure_experiment(
        experiment_name(churn_api.PROJECT), settings.tracking_uri, settings.artifact_root
    )
    with warnings.catch_warnings():  # source-type guessing and integer-column hints
        warnings.simplefilter("ignore", UserWarning)
        lineage = from_pandas(
            frame,
            source=dataset.source,
            name=dataset.name,
            targets=TARGET,
            digest=dataset.sha256[:16],
        )
    champion_auc = None
    if cfg.register_models:  # the champion scored on today's held-out rows: a fair comparison
        _, served = registry.scores(registry.aliases["champion"], X_test)
        champion_auc = None if served is None else float(roc_auc_score(y_test, served))

    results: dict[str, CandidateResult] = {}
    with mlflow.start_run(run_name=f"train-{time.strftime('%Y%m%d-%H%M%S')}") as parent:
        mlflow.set_tags(
            {
                "project": churn_api.PROJECT,
                "job": "train",
                "python": platform.python_version(),
                "sklearn": sklearn.__version__,
            }
        )
        mlflow.log_params(flatten_params(cfg.model_dump(exclude={"candidates"})))
        mlflow.log_param("candidates", ",".join(cfg.candidates))
        mlflow.log_input(lineage, context="training")
        bar = tqdm(total=len(cfg.candidates) * (cfg.folds + 1), desc="train", unit="fit")
        for name in cfg.candidates:
            baseline = results.get(BASELINE)
            split.data["baseline_cv_roc_auc"] = baseline.cv.roc_auc.mean if baseline else None
            results[name] = _train_candidate(name, cfg, registry, split, bar, lineage, champion_auc)
        bar.close()
        champion, champ_v, chall_v = _promote(cfg, registry, results)
        curves = {n: (y_test, r.test_p) for n, r in results.items()}
        log_figure(report.roc_plot(curves), "plots/roc_all.png")
        log_figure(report.calibration_plot(curves), "plots/calibration_all.png")
        for n, r in results.items():
            mlflow.log_metric(f"{n}.cv_roc_auc", r.cv.roc_auc.mean)
            mlflow.log_metric(f"{n}.test_roc_auc", r.test["roc_auc"])
        training = TrainingReport(
            parent.info.run_id, results, champion, champ_v, chall_v, time.perf_counter() - started
        )
        mlflow.log_dict(training.summary(), "summary.json")
        mlflow.set_tag("champion", f"{champion}:v{champ_v}" if champion else "none")
    return training


def _train_candidate(
    name: str,
    cfg: TrainConfig,
    registry: Registry,
    split: Split,
    bar: tqdm,
    lineage: Any,
    champion_auc: float | None,
) -> CandidateResult:
    estimator = make_estimator(name, cfg.gam, cfg.mlp, cfg.seed)
    folds = StratifiedKFold(cfg.folds, shuffle=True, random_state=cfg.seed)

    def on_fit(note: str) -> None:
        bar.set_postfix_str(f"{name} {note}")
        bar.update()

    with mlflow.start_run(run_name=name, nested=True) as run:
        mlflow.set_tags({"candidate": name, "description": DESCRIPTIONS[name]})
        mlflow.log_input(lineage, context="training")
        trained = fit_candidate(
            name, estimator, split.X_train, split.y_train, folds, cfg.costs, on_fit
        )
        test_p = trained.predict(split.X_test)
        test = classification_metrics(split.y_test, test_p, trained.threshold, cfg.costs)
        importance = permutation_importance(
            trained.predict, split.X_test, split.y_test, IMPORTANCE_REPEATS, cfg.seed
        )
        log_cv(trained.cv)
        mlflow.log_metric("threshold", trained.threshold)
        mlflow.log_metrics({f"test_{k}": v for k, v in test.items()})
        grid, values = threshold_curve(split.y_train, trained.oof, cfg.costs)
        curves = {name: (split.y_test, test_p)}
        log_figure(report.roc_plot(curves), "plots/roc.png")
        log_figure(report.pr_plot(curves), "plots/pr.png")
        log_figure(report.calibration_plot(curves), "plots/calibration.png")
        log_figure(report.confusion_plot(test, trained.threshold), "plots/confusion.png")
        log_figure(
            report.importance_plot(importance, f"{name}: permutation importance"),
            "plots/feature_importance.png",
        )
        log_figure(
            report.threshold_plot(grid, values, trained.threshold, cfg.costs.breakeven_probability),
            "plots/threshold.png",
        )
        mlflow.log_dict({"importance": importance, "cv": asdict(trained.cv)}, "evaluation.json")
        verdict = gate(trained.cv.roc_auc.mean, test, cfg.gate, champion_auc)
        mlflow.log_dict(verdict.model_dump(), "gate.json")
        mlflow.set_tag("gate", "passed" if verdict.passed else "failed")
        result = CandidateResult(
            name, trained.cv, trained.threshold, test_p, test, importance, run.info.run_id, verdict
        )
        if name in SERVABLE and cfg.register_models:
            result.version = _register(trained, result, cfg, registry, split)
    return result


def _register(
    trained: TrainedCandidate,
    result: CandidateResult,
    cfg: TrainConfig,
    registry: Registry,
    split: Split,
) -> str:
    name = trained.name
    meta = bundle_metadata(
        name, result.run_id, result.cv, result.test, cfg.costs, split.data["sha256"]
    )
    with tempfile.TemporaryDirectory() as tmp:
        built = build_bundle(
            name,
            trained.model,
            split.X_train,
            split.X_test,
            trained.threshold,
            meta,
            Path(tmp) / "bundle",
        )
        mlflow.log_metric("bundle_max_abs_diff", built.max_abs_diff)

        def card(version: str) -> str:
            return report.model_card(
                version=version,
                name=registry.model_name,
                candidate=name,
                description=DESCRIPTIONS[name],
                data=split.data,
                cv=result.cv,
                test=result.test,
                threshold=result.threshold,
                costs=cfg.costs.model_dump(),
                breakeven=cfg.costs.breakeven_probability,
                importance=result.importance,
                gate=result.gate,
                run_id=result.run_id,
                baseline_cv_auc=split.data.get("baseline_cv_roc_auc"),
            )

        return registry.register(
            built, split.X_test.head(3), version_tags(name, result.threshold, result), card
        )


def version_tags(name: str, threshold: float, result: CandidateResult) -> dict[str, str]:
    """The tags a registered version carries (searchable in the MLflow UI)."""
    return {
        "candidate": name,
        "threshold": str(threshold),
        "gate": str(result.passed),
        "cv_roc_auc": f"{result.cv.roc_auc.mean:.4f}",
        "test_roc_auc": f"{result.test['roc_auc']:.4f}",
        "test_brier": f"{result.test['brier']:.4f}",
    }


def _promote(
    cfg: TrainConfig, registry: Registry, results: dict[str, CandidateResult]
) -> tuple[str | None, str | None, str | None]:
    """Champion: the best registered candidate by CV ROC AUC that passed the gate.
    Challenger: the next passing one. Without a passing candidate, aliases stay untouched."""
    if not cfg.register_models:
        return None, None, None
    passing = sorted(
        (r for r in results.values() if r.version and r.passed), key=lambda r: -r.cv.roc_auc.mean
    )
    if not passing:
        log.warning("no candidate passed the gate; aliases unchanged")
        return None, None, None
    best = passing[0]
    registry.promote(best.version or "", "champion")
    challenger = passing[1].version if len(passing) > 1 else None
    if challenger:
        registry.promote(challenger, "challenger")
    return best.name, best.version, challenger


def write_summary(training: TrainingReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(training.summary(), indent=2) + "\n")
