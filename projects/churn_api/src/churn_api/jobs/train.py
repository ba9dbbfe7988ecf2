"""Training job: cross-validate the candidates, tune the threshold for the campaign cost model,
evaluate on held-out data, log everything to MLflow, register, gate and set aliases."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mlflow
import numpy as np
import pandas as pd
import sklearn
import yaml
from mlflow.data.pandas_dataset import from_pandas
from mlflow.models import infer_signature
from pydantic import BaseModel, ConfigDict, Field
from sklearn.base import BaseEstimator, clone
from sklearn.inspection import permutation_importance
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from tqdm.auto import tqdm

import churn_api
import portfolio_shared
from churn_api.config import ChurnSettings
from churn_api.core.evaluation import (
    CampaignCosts,
    choose_threshold,
    classification_metrics,
    summarize_folds,
    threshold_curve,
)
from churn_api.core.features import (
    baseline_pipeline,
    compile_dense_encoder,
    compile_gam,
    gam_pipeline,
    records,
)
from churn_api.core.mlp_config import MLPConfig
from churn_api.core.schema import FEATURES, TARGET
from churn_api.core.scorer import load_bundle, write_bundle
from churn_api.io import data as data_io
from churn_api.io import pyfunc_model
from churn_api.io.registry import MANIFEST_TAG
from churn_api.jobs import report
from portfolio_shared.logging import get_logger
from portfolio_shared.tracking import (
    client,
    ensure_experiment,
    experiment_name,
    flatten_params,
    set_alias,
    version_by_alias,
)

log = get_logger(__name__)


class GamConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a typo in a YAML is an error

    n_knots: int = Field(5, ge=2)
    degree: int = Field(3, ge=1, le=5)
    C: float = Field(0.3, gt=0)


class GateConfig(BaseModel):
    """A candidate is promoted only if it clears every absolute threshold and is not worse than
    the current champion on the same held-out rows by more than the margin."""

    model_config = ConfigDict(extra="forbid")  # a typo in a YAML is an error

    min_cv_roc_auc: float = 0.84
    min_test_roc_auc: float = 0.82
    max_test_brier: float = 0.16
    non_inferiority_margin: float = 0.005


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


DESCRIPTIONS = {
    "logreg_baseline": "one-hot + standardised numerics, logistic regression (reference only)",
    "gam": "logistic GAM: one-hot categoricals, cubic splines on log numerics, two interactions",
    "mlp": "torch MLP (64-32, dropout, AdamW, early stopping) on one-hot + standardised inputs",
}
SERVABLE = {"gam", "mlp"}


@dataclass
class CandidateResult:
    name: str
    cv: dict[str, dict[str, Any]]
    oof: np.ndarray
    threshold: float
    test_p: np.ndarray
    test: dict[str, float]
    importance: dict[str, float]
    run_id: str
    version: str | None = None
    gate: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.gate.get("passed"))


@dataclass
class TrainingReport:
    parent_run_id: str
    candidates: dict[str, CandidateResult]
    champion: str | None
    champion_version: str | None
    challenger_version: str | None
    seconds: float

    def summary(self) -> dict[str, Any]:
        return {
            "parent_run_id": self.parent_run_id,
            "champion": self.champion,
            "champion_version": self.champion_version,
            "challenger_version": self.challenger_version,
            "seconds": round(self.seconds, 1),
            "candidates": {
                n: {
                    "cv_roc_auc": round(c.cv["roc_auc"]["mean"], 4),
                    "cv_roc_auc_std": round(c.cv["roc_auc"]["std"], 4),
                    "cv_brier": round(c.cv["brier"]["mean"], 4),
                    "test_roc_auc": round(c.test["roc_auc"], 4),
                    "test_pr_auc": round(c.test["pr_auc"], 4),
                    "test_brier": round(c.test["brier"], 4),
                    "threshold": c.threshold,
                    "precision": round(c.test["precision"], 3),
                    "recall": round(c.test["recall"], 3),
                    "f1": round(c.test["f1"], 3),
                    "version": c.version,
                    "gate": c.gate.get("passed"),
                }
                for n, c in self.candidates.items()
            },
        }


def _log_figure(figure: Any, path: str) -> None:
    """Log a matplotlib figure to the active run and free it."""
    import matplotlib.pyplot as plt

    mlflow.log_figure(figure, path)
    plt.close(figure)


def make_estimator(name: str, cfg: TrainConfig) -> BaseEstimator:
    match name:
        case "logreg_baseline":
            return baseline_pipeline(seed=cfg.seed)
        case "gam":
            return gam_pipeline(cfg.gam.n_knots, cfg.gam.degree, cfg.gam.C, seed=cfg.seed)
        case "mlp":
            try:
                from churn_api.core.mlp import TorchMLPClassifier
            except ImportError as exc:  # an install without torch (e.g. the mlops image)
                raise ValueError(
                    "the mlp candidate needs torch: install churn-api[train] with torch "
                    "(`make setup`), or leave mlp out of the candidates"
                ) from exc
            return TorchMLPClassifier(cfg.mlp, seed=cfg.seed)
    raise ValueError(f"unknown candidate {name!r}; choose from {sorted(DESCRIPTIONS)}")


def cross_validate(
    name: str,
    estimator: BaseEstimator,
    X: pd.DataFrame,
    y: np.ndarray,
    cv: StratifiedKFold,
    bar: tqdm,
) -> tuple[dict[str, dict[str, Any]], np.ndarray]:
    """Per-fold metrics and out-of-fold probabilities; every fold refits the whole pipeline."""
    oof = np.zeros(len(y))
    per_fold: dict[str, list[float]] = {"roc_auc": [], "pr_auc": [], "brier": []}
    for train_idx, valid_idx in cv.split(X, y):
        model = clone(estimator).fit(X.iloc[train_idx], y[train_idx])
        p = model.predict_proba(X.iloc[valid_idx])[:, 1]
        oof[valid_idx] = p
        per_fold["roc_auc"].append(roc_auc_score(y[valid_idx], p))
        per_fold["pr_auc"].append(average_precision_score(y[valid_idx], p))
        per_fold["brier"].append(brier_score_loss(y[valid_idx], p))
        bar.set_postfix_str(f"{name} auc={per_fold['roc_auc'][-1]:.3f}")
        bar.update()
    return {k: summarize_folds(v) for k, v in per_fold.items()}, oof


@dataclass(frozen=True)
class BuiltBundle:
    """A serving bundle written and verified against the model it was compiled from."""

    path: Path
    manifest_sha256: str
    kind: str
    max_abs_diff: float


def build_bundle(
    name: str,
    model: BaseEstimator,
    X_train: pd.DataFrame,
    X_check: pd.DataFrame,
    threshold: float,
    meta: dict[str, Any],
    out: Path,
) -> BuiltBundle:
    """Compile a fitted candidate into a checksummed serving bundle at `out`, then load it back
    and check that the served scorer reproduces the model on `X_check` (max |Δp| ≤ 1e-4)."""
    if name == "gam":
        manifest_sha = write_bundle(out, "additive", compile_gam(model, X_train), threshold, meta)
    elif name == "mlp":
        from churn_api.core.mlp import TorchMLPClassifier

        assert isinstance(model, TorchMLPClassifier)
        with tempfile.TemporaryDirectory() as tmp:
            onnx_path = Path(tmp) / "model.onnx"
            model.export_onnx(onnx_path)
            spec = {
                "file": "model.onnx",
                "preprocess": compile_dense_encoder(model.encoder_, X_train),
            }
            manifest_sha = write_bundle(
                out, "onnx", spec, threshold, meta, files={"model.onnx": onnx_path.read_bytes()}
            )
    else:
        raise ValueError(f"{name} is not servable")
    bundle = load_bundle(out, manifest_sha)
    served = np.array([s.probability for s in bundle.scorer.score_many(records(X_check), top_k=0)])
    diff = float(np.max(np.abs(served - model.predict_proba(X_check)[:, 1])))
    if diff > 1e-4:
        raise RuntimeError(f"{out}: served scores differ from the model by {diff:.2e}")
    return BuiltBundle(out, manifest_sha, bundle.kind, diff)


def alias_scores(
    settings: ChurnSettings, alias: str, X: pd.DataFrame
) -> tuple[str | None, np.ndarray | None]:
    """The version behind `alias` and its served scores on `X` (None, None without one): how a
    new candidate is compared with the current champion on the same rows."""
    from churn_api.io.registry import download_alias

    if version_by_alias(client(settings.tracking_uri), settings.model_name, alias) is None:
        return None, None
    with tempfile.TemporaryDirectory() as tmp:
        reg = download_alias(settings.tracking_uri, settings.model_name, alias, Path(tmp))
        bundle = load_bundle(reg.path, reg.manifest_sha256)
        p = np.array([s.probability for s in bundle.scorer.score_many(records(X), 0)])
    return reg.version, p


def _champion_test_auc(
    settings: ChurnSettings, X_test: pd.DataFrame, y_test: np.ndarray
) -> tuple[str | None, float | None]:
    """Score the current champion on today's held-out rows (same data, fair comparison)."""
    version, p = alias_scores(settings, settings.model_alias, X_test)
    return version, None if p is None else float(roc_auc_score(y_test, p))


def gate(
    cv_roc_auc: float, test: Mapping[str, float], cfg: GateConfig, champion_auc: float | None
) -> dict[str, Any]:
    """Absolute thresholds on CV and held-out metrics, and non-inferiority against the
    champion's ROC AUC on the same held-out rows (skipped when there is no champion yet)."""
    checks = {
        "cv_roc_auc": cv_roc_auc >= cfg.min_cv_roc_auc,
        "test_roc_auc": test["roc_auc"] >= cfg.min_test_roc_auc,
        "test_brier": test["brier"] <= cfg.max_test_brier,
        "non_inferior": champion_auc is None
        or test["roc_auc"] >= champion_auc - cfg.non_inferiority_margin,
    }
    return {
        "passed": all(checks.values()),
        **{f"check_{k}": v for k, v in checks.items()},
        "thresholds": cfg.model_dump(),
        "champion_test_roc_auc": champion_auc,
    }


def run_training(
    cfg: TrainConfig, settings: ChurnSettings, data_path: Path | None = None
) -> TrainingReport:
    started = time.perf_counter()
    dataset = data_io.load(data_path)
    frame = dataset.frame
    X, y = frame[list(FEATURES)], frame[TARGET].to_numpy()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=cfg.test_size, stratify=y, random_state=cfg.seed
    )
    folds = StratifiedKFold(cfg.folds, shuffle=True, random_state=cfg.seed)
    ensure_experiment(
        experiment_name(churn_api.PROJECT), settings.tracking_uri, settings.artifact_root
    )
    with warnings.catch_warnings():  # source-type guessing and integer-column hints
        warnings.simplefilter("ignore", UserWarning)
        mlflow_dataset = from_pandas(
            frame,
            source=dataset.source,
            name=dataset.name,
            targets=TARGET,
            digest=dataset.sha256[:16],
        )
    data_info = {
        "name": dataset.name,
        "rows": len(frame),
        "churn_rate": float(y.mean()),
        "source": dataset.source,
        "sha256": dataset.sha256,
        "train_rows": len(X_train),
        "test_rows": len(X_test),
        "folds": cfg.folds,
    }
    champion_version, champion_auc = (None, None)
    if cfg.register_models:
        champion_version, champion_auc = _champion_test_auc(settings, X_test, y_test)

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
        mlflow.log_input(mlflow_dataset, context="training")
        bar = tqdm(total=len(cfg.candidates) * (cfg.folds + 1), desc="train", unit="fit")
        for name in cfg.candidates:
            baseline = results.get("logreg_baseline")
            data_info["baseline_cv_roc_auc"] = baseline.cv["roc_auc"]["mean"] if baseline else None
            results[name] = _train_candidate(
                name,
                cfg,
                settings,
                X_train,
                y_train,
                X_test,
                y_test,
                folds,
                bar,
                mlflow_dataset,
                data_info,
                champion_auc,
            )
        bar.close()
        champion, champ_v, chall_v = _promote(cfg, settings, results, champion_version)
        curves = {n: (y_test, r.test_p) for n, r in results.items()}
        _log_figure(report.roc_plot(curves), "plots/roc_all.png")
        _log_figure(report.calibration_plot(curves), "plots/calibration_all.png")
        for n, r in results.items():
            mlflow.log_metric(f"{n}.cv_roc_auc", r.cv["roc_auc"]["mean"])
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
    settings: ChurnSettings,
    X_train: pd.DataFrame,
    y_train: np.ndarray,
    X_test: pd.DataFrame,
    y_test: np.ndarray,
    folds: StratifiedKFold,
    bar: tqdm,
    mlflow_dataset: Any,
    data_info: dict[str, Any],
    champion_auc: float | None,
) -> CandidateResult:
    estimator = make_estimator(name, cfg)
    with mlflow.start_run(run_name=name, nested=True) as run:
        mlflow.set_tags({"candidate": name, "description": DESCRIPTIONS[name]})
        mlflow.log_input(mlflow_dataset, context="training")
        cv, oof = cross_validate(name, estimator, X_train, y_train, folds, bar)
        threshold = choose_threshold(y_train, oof, cfg.costs)
        model = clone(estimator).fit(X_train, y_train)
        bar.update()
        test_p = model.predict_proba(X_test)[:, 1]
        test = classification_metrics(y_test, test_p, threshold, cfg.costs)
        perm = permutation_importance(
            model, X_test, y_test, scoring="roc_auc", n_repeats=5, random_state=cfg.seed
        )
        importance = {
            c: float(v) for c, v in zip(X_test.columns, perm.importances_mean, strict=True)
        }
        for metric, summary in cv.items():
            mlflow.log_metric(f"cv_{metric}", summary["mean"])
            mlflow.log_metric(f"cv_{metric}_std", summary["std"])
            for i, v in enumerate(summary["folds"]):
                mlflow.log_metric(f"cv_{metric}_fold", v, step=i)
        mlflow.log_metric("threshold", threshold)
        mlflow.log_metrics({f"test_{k}": v for k, v in test.items()})
        grid, values = threshold_curve(y_train, oof, cfg.costs)
        curves = {name: (y_test, test_p)}
        _log_figure(report.roc_plot(curves), "plots/roc.png")
        _log_figure(report.pr_plot(curves), "plots/pr.png")
        _log_figure(report.calibration_plot(curves), "plots/calibration.png")
        _log_figure(report.confusion_plot(test, threshold), "plots/confusion.png")
        _log_figure(
            report.importance_plot(importance, f"{name}: permutation importance"),
            "plots/feature_importance.png",
        )
        _log_figure(
            report.threshold_plot(grid, values, threshold, cfg.costs.breakeven_probability),
            "plots/threshold.png",
        )
        mlflow.log_dict({"importance": importance, "cv": cv}, "evaluation.json")
        result = CandidateResult(
            name, cv, oof, threshold, test_p, test, importance, run.info.run_id
        )
        result.gate = gate(result.cv["roc_auc"]["mean"], result.test, cfg.gate, champion_auc)
        mlflow.log_dict(result.gate, "gate.json")
        mlflow.set_tag("gate", "passed" if result.passed else "failed")
        if name in SERVABLE and cfg.register_models:
            result.version = _log_and_register(
                name, model, cfg, settings, X_train, X_test, result, data_info
            )
    return result


def bundle_metadata(
    name: str,
    run_id: str,
    cv: dict[str, dict[str, Any]],
    test: dict[str, float],
    costs: CampaignCosts,
    data_sha256: str,
) -> dict[str, Any]:
    """What a bundle carries about its training (served on `/model`)."""
    return {
        "candidate": name,
        "description": DESCRIPTIONS[name],
        "run_id": run_id,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data_sha256": data_sha256,
        "costs": costs.model_dump(),
        "metrics": {
            "cv_roc_auc": cv["roc_auc"]["mean"],
            "cv_roc_auc_std": cv["roc_auc"]["std"],
            "cv_brier": cv["brier"]["mean"],
            **{f"test_{k}": v for k, v in test.items()},
        },
    }


def register_bundle(
    built: BuiltBundle,
    example: pd.DataFrame,
    model_name: str,
    tracking_uri: str,
    tags: dict[str, str],
    card: Callable[[str], str],
) -> str:
    """Log the bundle as a models-from-code pyfunc in the active run, register it, tag it and
    attach its model card (`card(version)`). All or nothing: when a step after the version
    exists fails, the version is deleted again, so the registry never holds a half-described
    model."""
    with warnings.catch_warnings():  # integer columns are never missing under the contract
        warnings.simplefilter("ignore", UserWarning)
        signature = infer_signature(
            example, pd.DataFrame({"churn_probability": [0.5] * len(example), "churn": 0})
        )
    # Explicit pip requirements + code_paths make the model portable; MLflow's copy of the
    # workspace uv.lock would add nothing but a pointer to a local torch wheel.
    with warnings.catch_warnings(), _env(MLFLOW_LOG_UV_FILES="false"):
        warnings.filterwarnings("ignore", message="Hint: Inferred schema contains integer")
        info = mlflow.pyfunc.log_model(
            name="model",
            python_model=str(Path(pyfunc_model.__file__ or "")),
            artifacts={"bundle": str(built.path)},
            signature=signature,
            input_example=example,
            code_paths=[
                str(Path(churn_api.__file__).parent),
                str(Path(portfolio_shared.__file__ or ".").parent),
            ],
            pip_requirements=_pip_requirements(),
            registered_model_name=model_name,
        )
    version = str(info.registered_model_version)
    mlflow_client = client(tracking_uri)
    try:
        all_tags = {MANIFEST_TAG: built.manifest_sha256, "kind": built.kind, **tags}
        for key, value in all_tags.items():
            mlflow_client.set_model_version_tag(model_name, version, key, value)
        text = card(version)
        mlflow.log_text(text, "model_card.md")
        mlflow_client.update_model_version(model_name, version, description=text)
    except BaseException:
        mlflow_client.delete_model_version(model_name, version)
        log.warning("registration rolled back", extra={"model": model_name, "version": version})
        raise
    return version


def _log_and_register(
    name: str,
    model: BaseEstimator,
    cfg: TrainConfig,
    settings: ChurnSettings,
    X_train: pd.DataFrame,
    X_test: pd.DataFrame,
    result: CandidateResult,
    data_info: dict[str, Any],
) -> str:
    meta = bundle_metadata(
        name, result.run_id, result.cv, result.test, cfg.costs, data_info["sha256"]
    )
    with tempfile.TemporaryDirectory() as tmp:
        built = build_bundle(
            name, model, X_train, X_test, result.threshold, meta, Path(tmp) / "bundle"
        )
        mlflow.log_metric("bundle_max_abs_diff", built.max_abs_diff)

        def card(version: str) -> str:
            return report.model_card(
                version=version,
                name=settings.model_name,
                candidate=name,
                description=DESCRIPTIONS[name],
                data=data_info,
                cv=result.cv,
                test=result.test,
                threshold=result.threshold,
                costs=cfg.costs.model_dump(),
                breakeven=cfg.costs.breakeven_probability,
                importance=result.importance,
                gate=result.gate,
                run_id=result.run_id,
                baseline_cv_auc=data_info.get("baseline_cv_roc_auc"),
            )

        return register_bundle(
            built,
            X_test.head(3),
            settings.model_name,
            settings.tracking_uri,
            {
                "candidate": name,
                "threshold": str(result.threshold),
                "gate": str(result.passed),
                "cv_roc_auc": f"{result.cv['roc_auc']['mean']:.4f}",
                "test_roc_auc": f"{result.test['roc_auc']:.4f}",
                "test_brier": f"{result.test['brier']:.4f}",
            },
            card,
        )


@contextlib.contextmanager
def _env(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of a block."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _pip_requirements() -> list[str]:
    import importlib.metadata as md

    return [
        f"{p}=={md.version(p)}"
        for p in ("numpy", "pandas", "onnxruntime", "mlflow-skinny", "pydantic")
    ]


def _promote(
    cfg: TrainConfig,
    settings: ChurnSettings,
    results: dict[str, CandidateResult],
    previous: str | None,
) -> tuple[str | None, str | None, str | None]:
    """Champion: the best registered candidate by CV ROC AUC that passed the gate.
    Challenger: the next passing one. Without a passing candidate, aliases stay untouched."""
    if not cfg.register_models:
        return None, None, None
    passing = sorted(
        (r for r in results.values() if r.version and r.passed),
        key=lambda r: -r.cv["roc_auc"]["mean"],
    )
    if not passing:
        log.warning(
            "no candidate passed the gate; aliases unchanged", extra={"previous_champion": previous}
        )
        return None, None, None
    mlflow_client = client(settings.tracking_uri)
    best = passing[0]
    set_alias(mlflow_client, settings.model_name, settings.model_alias, best.version or "")
    challenger = passing[1].version if len(passing) > 1 else None
    if challenger:
        set_alias(mlflow_client, settings.model_name, "challenger", challenger)
    return best.name, best.version, challenger


def write_summary(training: TrainingReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(training.summary(), indent=2) + "\n")
