"""The pipeline's steps. Each is a plain function of its typed config and the results of the
steps it reads from; it writes its files into `out` and returns its typed outputs (what the
step report and MLflow show). The model lifecycle is churn_api's library (`core`, `io`): the
candidates, cross-validation, the gate, bundles and the registry with its promotion policy.
"""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pandera.errors
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from tqdm.auto import tqdm

from churn_api.core import report
from churn_api.core.candidates import BASELINE, DESCRIPTIONS, SERVABLE, make_estimator
from churn_api.core.contract import RawTelco
from churn_api.core.evaluation import classification_metrics
from churn_api.core.gate import gate
from churn_api.core.hyperparams import GamConfig
from churn_api.core.lifecycle import permutation_importance, train_candidate
from churn_api.core.schema import FEATURES, ID_COLUMN, TARGET
from churn_api.io import data as data_io
from churn_api.io.bundles import BuiltBundle, build_bundle, bundle_metadata, served_scores
from churn_api.io.registry import Registry
from mlops_pipeline.core.pipeline.config import (
    NotifyConfig,
    PipelineConfig,
    PromoteConfig,
    Source,
    TrainStepConfig,
    ValidateConfig,
)
from mlops_pipeline.core.pipeline.outputs import (
    BatchVerdict,
    BundleInfo,
    CandidateEvaluation,
    ChampionScore,
    Evaluated,
    Gated,
    Ingested,
    IngestedBatch,
    Notified,
    Promoted,
    Registered,
    SearchSummary,
    SearchTrial,
    ServiceAnswer,
    Splits,
    Trained,
    TrainedCandidateOutput,
    Validated,
)
from mlops_pipeline.jobs.pipeline.lineage import BATCH, log_lineage
from mlops_pipeline.jobs.pipeline.runner import StepFailedError, StepResult
from mlops_pipeline.jobs.pipeline.search import search
from mlops_pipeline.jobs.pipeline.validation import failure_summary, validation_markdown
from portfolio_shared.integrity import file_sha256
from portfolio_shared.logging import get_logger

log = get_logger(__name__)

PIPELINE_KEY_TAG = "pipeline_key"
#: Rows of the training table a bundle is checked on (served == trained).
BUNDLE_CHECK_ROWS = 500
#: Permutation-importance repeats per column, on the served bundle and the held-out rows.
IMPORTANCE_REPEATS = 3


def source_fingerprint(source: Source) -> str:
    """sha256 of a source file (the packaged CSV's known digest): part of the ingest key."""
    if source.path == "packaged":
        return data_io.PACKAGED_SHA256
    path = Path(source.path)
    return file_sha256(path) if path.is_file() else "missing"


# ---------------------------------------------------------------- ingest
def ingest(sources: list[Source], out: Path) -> Ingested:
    """Read every batch as-is (raw schema); an unreadable batch is recorded, not fatal here."""
    batches: list[IngestedBatch] = []
    (out / "batches").mkdir()
    for i, source in enumerate(sources):
        path = data_io.packaged_csv() if source.path == "packaged" else Path(source.path)
        try:
            frame = data_io.read_raw(path)
        except (OSError, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"
            batches.append(IngestedBatch(batch=source.label, source=str(path), error=error))
            continue
        frame[BATCH] = source.label
        file = out / "batches" / f"{i:03d}.parquet"
        frame.to_parquet(file, index=False)
        batches.append(
            IngestedBatch(
                batch=source.label,
                source=str(path),
                file=file.name,
                rows=len(frame),
                sha256=file_sha256(path),
                digest=log_lineage(frame, source.label, str(path), "ingest"),
            )
        )
    return Ingested(batches=batches, rows=sum(b.rows or 0 for b in batches))


# ---------------------------------------------------------------- validate
def validate(cfg: ValidateConfig, ingested: StepResult[Ingested], out: Path) -> Validated:
    """Check each batch against churn_api's pandera contract. Broken batches are reported and
    never trained on; the accepted ones are cleaned (churn_api's rules) and combined."""
    accepted: list[pd.DataFrame] = []
    verdicts: list[BatchVerdict] = []
    for batch in ingested.outputs.batches:
        if batch.error is not None or batch.file is None:
            verdicts.append(
                BatchVerdict(
                    batch=batch.batch, rows=batch.rows, verdict="rejected", error=batch.error
                )
            )
            continue
        frame = pd.read_parquet(ingested.path("batches") / batch.file)
        try:
            RawTelco.validate(frame.drop(columns=[BATCH]), lazy=True)
        except pandera.errors.SchemaErrors as exc:
            verdicts.append(
                BatchVerdict(
                    batch=batch.batch,
                    rows=batch.rows,
                    verdict="rejected",
                    failures=failure_summary(exc),
                )
            )
            continue
        verdicts.append(BatchVerdict(batch=batch.batch, rows=batch.rows, verdict="accepted"))
        accepted.append(frame)
    report_md = validation_markdown(verdicts)
    (out / "validation.md").write_text(report_md)
    mlflow.log_text(report_md, "validation.md")
    rejected = [v.batch for v in verdicts if v.verdict != "accepted"]
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
    return Validated(
        batches=verdicts,
        rejected=rejected,
        rows=len(clean),
        duplicates_dropped=duplicates,
        churn_rate=round(float(clean[TARGET].mean()), 4),
        digest=log_lineage(clean, "validated", "validate", "validated"),
    )


# ---------------------------------------------------------------- split
def split(test_size: float, seed: int, validated: StepResult[Validated], out: Path) -> Splits:
    """Stratified by label and batch, so the held-out rows mirror the recent batches too."""
    frame = pd.read_parquet(validated.path("clean.parquet"))
    strata = frame[TARGET].astype(str) + "|" + frame[BATCH].astype(str)
    if strata.value_counts().min() < 2:
        strata = frame[TARGET]
    train, test = train_test_split(frame, test_size=test_size, stratify=strata, random_state=seed)
    train.to_parquet(out / "train.parquet", index=False)
    test.to_parquet(out / "test.parquet", index=False)
    return Splits(
        train_rows=len(train),
        test_rows=len(test),
        train_digest=log_lineage(train, "train", "split", "training"),
        test_digest=log_lineage(test, "test", "split", "evaluation"),
    )


# ---------------------------------------------------------------- train
def _search(cfg: TrainStepConfig, X: pd.DataFrame, y: np.ndarray) -> SearchSummary:
    started = time.perf_counter()
    s = cfg.search
    found = search(s.engine, cfg.gam, s.grid, X, y, cfg.folds, cfg.seed, s.address)
    summary = SearchSummary(
        engine=s.engine,
        trials=[SearchTrial(params=t.params, cv_roc_auc=round(t.cv_roc_auc, 4)) for t in found],
        best=found[0].params,
        seconds=round(time.perf_counter() - started, 2),
    )
    mlflow.log_dict(summary.model_dump(), "search.json")
    mlflow.log_metric("search_best_cv_roc_auc", found[0].cv_roc_auc)
    return summary


def train(cfg: TrainStepConfig, splits: StepResult[Splits], out: Path) -> Trained:
    """Train every candidate with churn_api's lifecycle (after an optional GAM search): CV, the
    campaign threshold on out-of-fold scores, a refit on all training rows; servable ones are
    compiled into verified bundles."""
    frame = pd.read_parquet(splits.path("train.parquet"))
    X, y = frame[list(FEATURES)], frame[TARGET].to_numpy()
    gam_cfg, found = cfg.gam, None
    if cfg.search.engine != "none" and "gam" in cfg.candidates:
        found = _search(cfg, X, y)
        gam_cfg = GamConfig.model_validate(found.best)
    folds = StratifiedKFold(cfg.folds, shuffle=True, random_state=cfg.seed)
    bar = tqdm(total=len(cfg.candidates) * (cfg.folds + 1), desc="train", unit="fit")
    candidates: dict[str, TrainedCandidateOutput] = {}
    for name in cfg.candidates:
        with mlflow.start_run(run_name=name, nested=True) as run:
            mlflow.set_tags({"candidate": name, "description": DESCRIPTIONS[name]})
            estimator = make_estimator(name, gam_cfg, cfg.mlp, cfg.seed)
            trained = train_candidate(
                name, estimator, X, y, folds, cfg.costs, lambda note: bar.update()
            )
            for metric, s in trained.cv.metrics().items():
                mlflow.log_metric(f"cv_{metric}", s.mean)
                mlflow.log_metric(f"cv_{metric}_std", s.std)
            mlflow.log_metric("threshold", trained.threshold)
            entry = TrainedCandidateOutput(
                cv=trained.cv, threshold=trained.threshold, run_id=run.info.run_id
            )
            if name in SERVABLE:
                meta = bundle_metadata(
                    name, run.info.run_id, trained.cv, {}, cfg.costs, splits.outputs.train_digest
                )
                built = build_bundle(
                    name,
                    trained.model,
                    X,
                    X.head(BUNDLE_CHECK_ROWS),
                    trained.threshold,
                    meta,
                    out / name,
                )
                mlflow.log_metric("bundle_max_abs_diff", built.max_abs_diff)
                entry.bundle = BundleInfo(
                    folder=name,
                    manifest_sha256=built.manifest_sha256,
                    kind=built.kind,
                    max_abs_diff=built.max_abs_diff,
                )
        candidates[name] = entry
    bar.close()
    return Trained(candidates=candidates, gam=gam_cfg, search=found)


def _built(trained: StepResult[Trained], name: str) -> BuiltBundle:
    info = trained.outputs.candidates[name].bundle
    assert info is not None, f"{name} is not servable"
    return BuiltBundle(
        trained.path(info.folder), info.manifest_sha256, info.kind, info.max_abs_diff
    )


# ---------------------------------------------------------------- evaluate
def evaluate(
    cfg: TrainStepConfig,
    registry: Registry,
    splits: StepResult[Splits],
    trained: StepResult[Trained],
    out: Path,
) -> Evaluated:
    """Score every candidate's bundle and the current champion on the same held-out rows."""
    test = pd.read_parquet(splits.path("test.parquet"))
    X, y = test[list(FEATURES)], test[TARGET].to_numpy()
    curves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    results: dict[str, CandidateEvaluation] = {}
    for name, entry in trained.outputs.candidates.items():
        if entry.bundle is None:
            continue
        bundle = _built(trained, name).load()
        p = served_scores(bundle, X)
        curves[name] = (y, p)
        metrics = classification_metrics(y, p, entry.threshold, cfg.costs)
        importance = permutation_importance(
            functools.partial(served_scores, bundle), X, y, IMPORTANCE_REPEATS, 0
        )
        results[name] = CandidateEvaluation(test=metrics, importance=importance)
        mlflow.log_metrics({f"{name}.test_{k}": v for k, v in metrics.items()})
    champion = None
    version, served = registry.scores(registry.aliases["champion"], X)
    if version is not None and served is not None:
        curves[f"champion v{version}"] = (y, served)
        champion = ChampionScore(
            version=version,
            roc_auc=float(roc_auc_score(y, served)),
            brier=float(np.mean((served - y) ** 2)),
        )
        mlflow.log_metric("champion.test_roc_auc", champion.roc_auc)
    figure = report.roc_plot(curves)
    figure.savefig(out / "roc.png", dpi=110)
    mlflow.log_figure(figure, "plots/roc_vs_champion.png")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return Evaluated(candidates=results, champion=champion)


# ---------------------------------------------------------------- gate
def run_gate(
    config: PipelineConfig, trained: StepResult[Trained], evaluated: StepResult[Evaluated]
) -> Gated:
    """Absolute thresholds and non-inferiority against the champion, for every servable
    candidate; the winner is the passing one with the best CV ROC AUC."""
    champion = evaluated.outputs.champion
    champion_auc = None if champion is None else champion.roc_auc
    cv_auc = {n: c.cv.roc_auc.mean for n, c in trained.outputs.candidates.items()}
    verdicts = {
        name: gate(cv_auc[name], ev.test, config.gate, champion_auc)
        for name, ev in evaluated.outputs.candidates.items()
    }
    passing = [n for n, v in verdicts.items() if v.passed]
    winner = max(passing, key=lambda n: cv_auc[n], default=None)
    mlflow.log_dict({n: v.model_dump() for n, v in verdicts.items()}, "gate.json")
    mlflow.set_tag("winner", winner or "none")
    return Gated(verdicts=verdicts, winner=winner, champion_test_roc_auc=champion_auc)


# ---------------------------------------------------------------- register
def register(
    config: PipelineConfig,
    registry: Registry,
    pipeline_run_id: str,
    validated: StepResult[Validated],
    splits: StepResult[Splits],
    trained: StepResult[Trained],
    evaluated: StepResult[Evaluated],
    gated: StepResult[Gated],
) -> Registered:
    """Register the gate's winner once per trained model: a re-run (or a later run whose
    train step hit the cache) finds the version by its tag and registers nothing."""
    winner = gated.outputs.winner
    assert winner is not None, "register runs only after a passing gate"
    key = f"{trained.key[:32]}:{winner}"
    existing = registry.find_version(PIPELINE_KEY_TAG, key)
    if existing is not None:
        return Registered(version=existing, candidate=winner, reused=True)
    entry = trained.outputs.candidates[winner]
    ev = evaluated.outputs.candidates[winner]
    v, s = validated.outputs, splits.outputs
    data_info = {
        "name": "telco-customer-churn (pipeline batches)",
        "rows": v.rows,
        "churn_rate": v.churn_rate,
        "source": ", ".join(v.accepted),
        "sha256": v.digest,
        "train_rows": s.train_rows,
        "test_rows": s.test_rows,
        "folds": config.train.folds,
    }
    baseline = trained.outputs.candidates.get(BASELINE)

    def card(version: str) -> str:
        return report.model_card(
            name=registry.model_name,
            version=version,
            candidate=winner,
            description=DESCRIPTIONS[winner],
            data=data_info,
            cv=entry.cv,
            test=ev.test,
            threshold=entry.threshold,
            costs=config.train.costs.model_dump(),
            breakeven=config.train.costs.breakeven_probability,
            importance=ev.importance,
            gate=gated.outputs.verdicts[winner],
            run_id=entry.run_id,
            baseline_cv_auc=baseline.cv.roc_auc.mean if baseline else None,
        )

    test = pd.read_parquet(splits.path("test.parquet"))
    tags = {
        PIPELINE_KEY_TAG: key,
        "pipeline_run_id": pipeline_run_id,
        "candidate": winner,
        "threshold": str(entry.threshold),
        "gate": "True",
        "data_digest": v.digest[:16],
        "cv_roc_auc": f"{entry.cv.roc_auc.mean:.4f}",
        "test_roc_auc": f"{ev.test['roc_auc']:.4f}",
        "test_brier": f"{ev.test['brier']:.4f}",
    }
    version = registry.register(_built(trained, winner), test[list(FEATURES)].head(3), tags, card)
    return Registered(version=version, candidate=winner, reused=False)


# ---------------------------------------------------------------- promote
def promote(cfg: PromoteConfig, registry: Registry, version: str) -> Promoted:
    """Move aliases with churn_api's one promotion policy (champion: the old one stays as
    `previous`; challenger: wait for an A/B test)."""
    moved = registry.promote(version, cfg.mode)
    return Promoted(mode=cfg.mode, before=moved.before, after=moved.after, changed=moved.changed)


# ---------------------------------------------------------------- notify
def notify(cfg: NotifyConfig) -> Notified:
    """Ask each churn_api to reload now; a service that cannot be reached still picks the new
    alias up on its next poll, so this never fails the pipeline."""
    import httpx

    answers: dict[str, ServiceAnswer] = {}
    for base in cfg.services:
        url = base.rstrip("/") + "/model/reload"
        try:
            response = httpx.post(url, timeout=cfg.timeout_s)
            answers[base] = ServiceAnswer(status=response.status_code, **response.json())
        except (httpx.HTTPError, json.JSONDecodeError, ValueError) as exc:
            answers[base] = ServiceAnswer(error=f"{type(exc).__name__}: {exc}")
            log.warning("reload notification failed", extra={"service": base})
    return Notified(services=answers)
