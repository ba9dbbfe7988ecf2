"""The pipeline's steps. Each is a plain function of its typed config and the folders of the
steps it reads from; it writes its files into `out` and returns a JSON-able summary (what the
step report and MLflow show). The model code is churn_api's, imported as a library."""

from __future__ import annotations

import hashlib
import json
import time
import warnings
from pathlib import Path
from typing import Any

import mlflow
import numpy as np
import pandas as pd
import pandera.errors
from mlflow.data.pandas_dataset import from_pandas
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from tqdm.auto import tqdm

from churn_api.core.contract import RawTelco
from churn_api.core.evaluation import choose_threshold, classification_metrics
from churn_api.core.features import records
from churn_api.core.schema import FEATURES, ID_COLUMN, TARGET
from churn_api.core.scorer import load_bundle
from churn_api.io import data as data_io
from churn_api.jobs import report
from churn_api.jobs.train import (
    DESCRIPTIONS,
    SERVABLE,
    BuiltBundle,
    GamConfig,
    TrainConfig,
    alias_scores,
    build_bundle,
    bundle_metadata,
    cross_validate,
    gate,
    make_estimator,
    register_bundle,
)
from mlops_pipeline.pipeline.config import (
    NotifyConfig,
    PipelineConfig,
    PromoteConfig,
    Source,
    TrainStepConfig,
    ValidateConfig,
)
from mlops_pipeline.pipeline.runner import StepFailedError, StepResult
from mlops_pipeline.pipeline.search import search
from portfolio_shared.integrity import file_sha256
from portfolio_shared.logging import get_logger
from portfolio_shared.tracking import alias_versions, client, set_alias

log = get_logger(__name__)

BATCH = "_batch"
ALIASES = ("champion", "challenger", "previous")
PIPELINE_KEY_TAG = "pipeline_key"


def frame_sha256(frame: pd.DataFrame) -> str:
    """Content hash of a table (values and column names, not the index)."""
    digest = hashlib.sha256(",".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _log_lineage(frame: pd.DataFrame, name: str, source: str, context: str) -> str:
    digest = frame_sha256(frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        dataset = from_pandas(
            frame.drop(columns=[BATCH], errors="ignore"),
            source=source,
            name=name,
            targets=TARGET if TARGET in frame else None,
            digest=digest[:16],
        )
        mlflow.log_input(dataset, context=context)
    return digest


def source_fingerprint(source: Source) -> str:
    """sha256 of a source file (the packaged CSV's known digest): part of the ingest key."""
    if source.path == "packaged":
        return data_io.PACKAGED_SHA256
    path = Path(source.path)
    return file_sha256(path) if path.is_file() else "missing"


# ---------------------------------------------------------------- ingest
def ingest(sources: list[Source], out: Path) -> dict[str, Any]:
    """Read every batch as-is (raw schema); an unreadable batch is recorded, not fatal here."""
    batches: list[dict[str, Any]] = []
    (out / "batches").mkdir()
    for i, source in enumerate(sources):
        path = data_io.packaged_csv() if source.path == "packaged" else Path(source.path)
        entry: dict[str, Any] = {"batch": source.label, "source": str(path)}
        try:
            frame = data_io.read_raw(path)
        except (OSError, ValueError) as exc:
            entry["error"] = f"{type(exc).__name__}: {exc}"
            batches.append(entry)
            continue
        frame[BATCH] = source.label
        file = out / "batches" / f"{i:03d}.parquet"
        frame.to_parquet(file, index=False)
        entry |= {
            "file": file.name,
            "rows": len(frame),
            "sha256": file_sha256(path),
            "digest": _log_lineage(frame, source.label, str(path), "ingest"),
        }
        batches.append(entry)
    return {"batches": batches, "rows": sum(b.get("rows", 0) for b in batches)}


# ---------------------------------------------------------------- validate
def _failure_summary(exc: pandera.errors.SchemaErrors) -> list[dict[str, Any]]:
    cases = exc.failure_cases
    rows = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
        examples = [str(v) for v in group["failure_case"].head(5)]
        rows.append(
            {
                "column": None if pd.isna(column) else str(column),
                "check": str(check),
                "failures": len(group),
                "examples": examples,
            }
        )
    return rows


def _validation_markdown(batches: list[dict[str, Any]]) -> str:
    lines = ["# Data validation", "", "| batch | rows | verdict |", "| --- | ---: | --- |"]
    for b in batches:
        lines.append(f"| {b['batch']} | {b.get('rows', '-')} | {b['verdict']} |")
    for b in batches:
        if b["verdict"] != "accepted":
            lines += ["", f"## {b['batch']}: {b['verdict']}", ""]
            if "error" in b:
                lines.append(f"- {b['error']}")
            for f in b.get("failures", []):
                lines.append(
                    f"- `{f['column']}` failed `{f['check']}` on {f['failures']} rows "
                    f"(e.g. {', '.join(f['examples'][:3])})"
                )
    return "\n".join(lines) + "\n"


def validate(cfg: ValidateConfig, ingested: StepResult, out: Path) -> dict[str, Any]:
    """Check each batch against churn_api's pandera contract. Broken batches are reported and
    never trained on; the accepted ones are cleaned (churn_api's rules) and combined."""
    accepted: list[pd.DataFrame] = []
    verdicts: list[dict[str, Any]] = []
    for batch in ingested.outputs["batches"]:
        entry = {"batch": batch["batch"], "rows": batch.get("rows")}
        if "error" in batch:
            verdicts.append({**entry, "verdict": "rejected", "error": batch["error"]})
            continue
        frame = pd.read_parquet(ingested.path("batches") / batch["file"])
        try:
            RawTelco.validate(frame.drop(columns=[BATCH]), lazy=True)
        except pandera.errors.SchemaErrors as exc:
            verdicts.append({**entry, "verdict": "rejected", "failures": _failure_summary(exc)})
            continue
        verdicts.append({**entry, "verdict": "accepted"})
        accepted.append(frame)
    report_md = _validation_markdown(verdicts)
    (out / "validation.md").write_text(report_md)
    mlflow.log_text(report_md, "validation.md")
    rejected = [v["batch"] for v in verdicts if v["verdict"] != "accepted"]
    if rejected and cfg.on_failure == "fail":
        raise StepFailedError("validate", f"batches {rejected} break the data contract")
    if not accepted:
        raise StepFailedError("validate", "no batch passed the data contract; nothing to train on")
    combined = pd.concat(accepted, ignore_index=True)
    duplicates = 0
    if cfg.deduplicate:
        before = len(combined)
        combined = combined.drop_duplicates(ID_COLUMN, keep="last").reset_index(drop=True)
        duplicates = before - len(combined)
    batch_names = combined[BATCH]
    clean = data_io.clean(combined.drop(columns=[BATCH]))
    clean[BATCH] = batch_names.to_numpy()
    clean.to_parquet(out / "clean.parquet", index=False)
    return {
        "batches": verdicts,
        "rejected": rejected,
        "rows": len(clean),
        "duplicates_dropped": duplicates,
        "churn_rate": round(float(clean[TARGET].mean()), 4),
        "digest": _log_lineage(clean, "validated", "validate", "validated"),
    }


# ---------------------------------------------------------------- split
def split(test_size: float, seed: int, validated: StepResult, out: Path) -> dict[str, Any]:
    """Stratified by label and batch, so the held-out rows mirror the recent batches too."""
    frame = pd.read_parquet(validated.path("clean.parquet"))
    strata = frame[TARGET].astype(str) + "|" + frame[BATCH].astype(str)
    if strata.value_counts().min() < 2:
        strata = frame[TARGET]
    train, test = train_test_split(frame, test_size=test_size, stratify=strata, random_state=seed)
    train.to_parquet(out / "train.parquet", index=False)
    test.to_parquet(out / "test.parquet", index=False)
    return {
        "train_rows": len(train),
        "test_rows": len(test),
        "train_digest": _log_lineage(train, "train", "split", "training"),
        "test_digest": _log_lineage(test, "test", "split", "evaluation"),
    }


# ---------------------------------------------------------------- train
def _churn_config(cfg: TrainStepConfig) -> TrainConfig:
    return TrainConfig(
        seed=cfg.seed,
        folds=cfg.folds,
        gam=cfg.gam,
        mlp=cfg.mlp,
        costs=cfg.costs,
        candidates=list(cfg.candidates),
    )


def train(cfg: TrainStepConfig, splits: StepResult, out: Path) -> dict[str, Any]:
    """Cross-validate every candidate (after an optional GAM search), pick its campaign
    threshold on out-of-fold scores, refit on all training rows and compile servable ones into
    verified bundles."""
    frame = pd.read_parquet(splits.path("train.parquet"))
    X, y = frame[list(FEATURES)], frame[TARGET].to_numpy()
    churn_cfg = _churn_config(cfg)
    summary: dict[str, Any] = {"candidates": {}}
    if cfg.search.engine != "none" and "gam" in cfg.candidates:
        started = time.perf_counter()
        found = search(
            cfg.search.engine,
            cfg.gam,
            cfg.search.grid,
            X,
            y,
            cfg.folds,
            cfg.seed,
            cfg.search.address,
        )
        best = found[0]
        churn_cfg = churn_cfg.model_copy(update={"gam": GamConfig.model_validate(best.params)})
        summary["search"] = {
            "engine": cfg.search.engine,
            "trials": [{"params": t.params, "cv_roc_auc": round(t.cv_roc_auc, 4)} for t in found],
            "best": best.params,
            "seconds": round(time.perf_counter() - started, 2),
        }
        mlflow.log_dict(summary["search"], "search.json")
        mlflow.log_metric("search_best_cv_roc_auc", best.cv_roc_auc)
    folds = StratifiedKFold(cfg.folds, shuffle=True, random_state=cfg.seed)
    bar = tqdm(total=len(cfg.candidates) * (cfg.folds + 1), desc="train", unit="fit")
    check = X.head(500)
    for name in cfg.candidates:
        with mlflow.start_run(run_name=name, nested=True) as run:
            mlflow.set_tags({"candidate": name, "description": DESCRIPTIONS[name]})
            estimator = make_estimator(name, churn_cfg)
            cv, oof = cross_validate(name, estimator, X, y, folds, bar)
            threshold = choose_threshold(y, oof, cfg.costs)
            for metric, s in cv.items():
                mlflow.log_metric(f"cv_{metric}", s["mean"])
                mlflow.log_metric(f"cv_{metric}_std", s["std"])
            mlflow.log_metric("threshold", threshold)
            entry: dict[str, Any] = {"cv": cv, "threshold": threshold, "run_id": run.info.run_id}
            if name in SERVABLE:
                model = clone(estimator).fit(X, y)
                meta = bundle_metadata(
                    name, run.info.run_id, cv, {}, cfg.costs, splits.outputs["train_digest"]
                )
                built = build_bundle(name, model, X, check, threshold, meta, out / name)
                mlflow.log_metric("bundle_max_abs_diff", built.max_abs_diff)
                entry |= {
                    "bundle": name,
                    "max_abs_diff": built.max_abs_diff,
                    "manifest_sha256": built.manifest_sha256,
                    "kind": built.kind,
                }
            bar.update()
        summary["candidates"][name] = entry
    bar.close()
    summary["gam"] = churn_cfg.gam.model_dump()
    return summary


# ---------------------------------------------------------------- evaluate
def permutation_importance(
    scorer: Any, X: pd.DataFrame, y: np.ndarray, repeats: int = 3, seed: int = 0
) -> dict[str, float]:
    """ROC AUC drop when one field is shuffled, measured on the served scorer itself."""
    rng = np.random.default_rng(seed)
    rows = records(X)
    base = roc_auc_score(y, _scores(scorer, rows))
    out = {}
    for column in map(str, X.columns):
        values = [r[column] for r in rows]
        drops = []
        for _ in range(repeats):
            order = rng.permutation(len(values))
            shuffled = [{**r, column: values[i]} for r, i in zip(rows, order, strict=True)]
            drops.append(base - roc_auc_score(y, _scores(scorer, shuffled)))
        out[column] = float(np.mean(drops))
    return out


def _scores(scorer: Any, rows: list[dict[str, Any]]) -> np.ndarray:
    return np.array([s.probability for s in scorer.score_many(rows, 0)])


def evaluate(
    cfg: TrainStepConfig,
    champion_version: str | None,
    churn_settings: Any,
    splits: StepResult,
    trained: StepResult,
    out: Path,
) -> dict[str, Any]:
    """Score every candidate's bundle and the current champion on the same held-out rows."""
    test = pd.read_parquet(splits.path("test.parquet"))
    X, y = test[list(FEATURES)], test[TARGET].to_numpy()
    curves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    results: dict[str, Any] = {}
    for name, entry in trained.outputs["candidates"].items():
        if "bundle" not in entry:
            continue
        bundle = load_bundle(trained.path(entry["bundle"]), entry["manifest_sha256"])
        p = _scores(bundle.scorer, records(X))
        curves[name] = (y, p)
        metrics = classification_metrics(y, p, entry["threshold"], cfg.costs)
        results[name] = {
            "test": metrics,
            "importance": permutation_importance(bundle.scorer, X, y),
        }
        mlflow.log_metrics({f"{name}.test_{k}": v for k, v in metrics.items()})
    champion: dict[str, Any] | None = None
    if champion_version is not None:
        version, served = alias_scores(churn_settings, churn_settings.model_alias, X)
        if served is not None:
            curves[f"champion v{version}"] = (y, served)
            champion = {
                "version": version,
                "roc_auc": float(roc_auc_score(y, served)),
                "brier": float(np.mean((served - y) ** 2)),
            }
            mlflow.log_metric("champion.test_roc_auc", champion["roc_auc"])
    figure = report.roc_plot(curves)
    figure.savefig(out / "roc.png", dpi=110)
    mlflow.log_figure(figure, "plots/roc_vs_champion.png")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return {"candidates": results, "champion": champion}


# ---------------------------------------------------------------- gate
def run_gate(config: PipelineConfig, trained: StepResult, evaluated: StepResult) -> dict[str, Any]:
    """Absolute thresholds and non-inferiority against the champion, for every servable
    candidate; the winner is the passing one with the best CV ROC AUC."""
    champion = evaluated.outputs["champion"]
    champion_auc = None if champion is None else champion["roc_auc"]
    verdicts = {}
    for name, ev in evaluated.outputs["candidates"].items():
        cv_auc = trained.outputs["candidates"][name]["cv"]["roc_auc"]["mean"]
        verdicts[name] = gate(cv_auc, ev["test"], config.gate, champion_auc)
    passing = [n for n, v in verdicts.items() if v["passed"]]
    winner = max(
        passing,
        key=lambda n: trained.outputs["candidates"][n]["cv"]["roc_auc"]["mean"],
        default=None,
    )
    mlflow.log_dict(verdicts, "gate.json")
    mlflow.set_tag("winner", winner or "none")
    return {"verdicts": verdicts, "winner": winner, "champion_test_roc_auc": champion_auc}


# ---------------------------------------------------------------- register
def _version_with_key(mlflow_client: Any, model_name: str, key: str) -> str | None:
    from mlflow.exceptions import MlflowException

    try:
        versions = mlflow_client.search_model_versions(f"name='{model_name}'")
    except MlflowException:
        return None
    for mv in versions:
        if mv.tags.get(PIPELINE_KEY_TAG) == key:
            return str(mv.version)
    return None


def register(
    config: PipelineConfig,
    tracking_uri: str,
    pipeline_run_id: str,
    validated: StepResult,
    splits: StepResult,
    trained: StepResult,
    evaluated: StepResult,
    gated: StepResult,
) -> dict[str, Any]:
    """Register the gate's winner once per trained model: a re-run (or a later run whose
    train step hit the cache) finds the version by its tag and registers nothing."""
    winner = gated.outputs["winner"]
    key = f"{trained.key[:32]}:{winner}"
    mlflow_client = client(tracking_uri)
    existing = _version_with_key(mlflow_client, config.model_name, key)
    if existing is not None:
        return {"version": existing, "candidate": winner, "reused": True}
    entry = trained.outputs["candidates"][winner]
    ev = evaluated.outputs["candidates"][winner]
    built = BuiltBundle(
        trained.path(entry["bundle"]),
        entry["manifest_sha256"],
        entry["kind"],
        entry["max_abs_diff"],
    )
    test = pd.read_parquet(splits.path("test.parquet"))
    data_info = {
        "name": "telco-customer-churn (pipeline batches)",
        "rows": validated.outputs["rows"],
        "churn_rate": validated.outputs["churn_rate"],
        "source": ", ".join(
            b["batch"] for b in validated.outputs["batches"] if b["verdict"] == "accepted"
        ),
        "sha256": validated.outputs["digest"],
        "train_rows": splits.outputs["train_rows"],
        "test_rows": splits.outputs["test_rows"],
        "folds": config.train.folds,
    }
    baseline = trained.outputs["candidates"].get("logreg_baseline")

    def card(version: str) -> str:
        return report.model_card(
            name=config.model_name,
            version=version,
            candidate=winner,
            description=DESCRIPTIONS[winner],
            data=data_info,
            cv=entry["cv"],
            test=ev["test"],
            threshold=entry["threshold"],
            costs=config.train.costs.model_dump(),
            breakeven=config.train.costs.breakeven_probability,
            importance=ev["importance"],
            gate=gated.outputs["verdicts"][winner],
            run_id=entry["run_id"],
            baseline_cv_auc=baseline["cv"]["roc_auc"]["mean"] if baseline else None,
        )

    version = register_bundle(
        built,
        test[list(FEATURES)].head(3),
        config.model_name,
        tracking_uri,
        {
            PIPELINE_KEY_TAG: key,
            "pipeline_run_id": pipeline_run_id,
            "candidate": winner,
            "threshold": str(entry["threshold"]),
            "gate": "True",
            "data_digest": validated.outputs["digest"][:16],
            "cv_roc_auc": f"{entry['cv']['roc_auc']['mean']:.4f}",
            "test_roc_auc": f"{ev['test']['roc_auc']:.4f}",
            "test_brier": f"{ev['test']['brier']:.4f}",
        },
        card,
    )
    return {"version": version, "candidate": winner, "reused": False}


# ---------------------------------------------------------------- promote
def promote(cfg: PromoteConfig, model_name: str, tracking_uri: str, version: str) -> dict[str, Any]:
    """Move aliases to the new version; in champion mode the old champion stays reachable as
    `previous` (one alias move rolls back)."""
    mlflow_client = client(tracking_uri)
    before = alias_versions(mlflow_client, model_name, ALIASES)
    if cfg.mode == "champion":
        if before["champion"] not in (None, version):
            set_alias(mlflow_client, model_name, "previous", before["champion"] or "")
        if before["champion"] != version:
            set_alias(mlflow_client, model_name, "champion", version)
        if before["challenger"] == version:
            mlflow_client.delete_registered_model_alias(model_name, "challenger")
    elif before["challenger"] != version:
        set_alias(mlflow_client, model_name, "challenger", version)
    after = alias_versions(mlflow_client, model_name, ALIASES)
    return {"mode": cfg.mode, "before": before, "after": after, "changed": before != after}


# ---------------------------------------------------------------- notify
def notify(cfg: NotifyConfig) -> dict[str, Any]:
    """Ask each churn_api to reload now; a service that cannot be reached still picks the new
    alias up on its next poll, so this never fails the pipeline."""
    import httpx

    answers = {}
    for base in cfg.services:
        url = base.rstrip("/") + "/model/reload"
        try:
            response = httpx.post(url, timeout=cfg.timeout_s)
            answers[base] = {"status": response.status_code, **response.json()}
        except (httpx.HTTPError, json.JSONDecodeError, ValueError) as exc:
            answers[base] = {"error": f"{type(exc).__name__}: {exc}"}
            log.warning("reload notification failed", extra={"service": base})
    return {"services": answers}
