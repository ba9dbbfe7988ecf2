"""The pipeline's steps with effects outside their folder (never cached, idempotent instead):
register the gate's winner, promote it with churn_api's one policy, tell the services."""

from __future__ import annotations

import json

import pandas as pd

from churn_api.core import report
from churn_api.core.candidates import BASELINE, DESCRIPTIONS
from churn_api.core.schema import FEATURES
from churn_api.io.registry import Registry
from mlops_pipeline.core.pipeline.config import (
    NotifyConfig,
    PipelineConfig,
    PromoteConfig,
)
from mlops_pipeline.core.pipeline.outputs import (
    Evaluated,
    Gated,
    Notified,
    Promoted,
    Registered,
    ServiceAnswer,
    Splits,
    Trained,
    Validated,
)
from mlops_pipeline.jobs.pipeline.model_steps import built_bundle
from mlops_pipeline.jobs.pipeline.runner import StepResult
from portfolio_shared.logging import get_logger

log = get_logger(__name__)

PIPELINE_KEY_TAG = "pipeline_key"


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
    version = registry.register(
        built_bundle(trained, winner), test[list(FEATURES)].head(3), tags, card
    )
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
