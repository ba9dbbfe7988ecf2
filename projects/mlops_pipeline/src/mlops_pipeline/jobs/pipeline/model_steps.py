"""The pipeline's model steps, over churn_api's lifecycle library (`core`, `io`): train the
candidates, evaluate their bundles against the champion on the same rows, gate."""

from __future__ import annotations

import functools
import time
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from tqdm.auto import tqdm

from churn_api.core import report
from churn_api.core.candidates import DESCRIPTIONS, SERVABLE, make_estimator
from churn_api.core.evaluation import classification_metrics
from churn_api.core.gate import gate
from churn_api.core.hyperparams import GamConfig
from churn_api.core.lifecycle import permutation_importance, train_candidate
from churn_api.core.schema import FEATURES, TARGET
from churn_api.io.bundles import BuiltBundle, build_bundle, bundle_metadata, served_scores
from churn_api.io.registry import Registry
from mlops_pipeline.core.pipeline.config import (
    PipelineConfig,
    TrainStepConfig,
)
from mlops_pipeline.core.pipeline.outputs import (
    BundleInfo,
    CandidateEvaluation,
    ChampionScore,
    Evaluated,
    Gated,
    SearchSummary,
    SearchTrial,
    Splits,
    Trained,
    TrainedCandidateOutput,
)
from mlops_pipeline.jobs.pipeline.runner import StepResult
from mlops_pipeline.jobs.pipeline.search import search
from portfolio_shared.logging import get_logger

log = get_logger(__name__)

#: Rows of the training table a bundle is checked on (served == trained).
BUNDLE_CHECK_ROWS = 500
#: Permutation-importance repeats per column, on the served bundle and the held-out rows.
IMPORTANCE_REPEATS = 3


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


def built_bundle(trained: StepResult[Trained], name: str) -> BuiltBundle:
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
        bundle = built_bundle(trained, name).load()
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
