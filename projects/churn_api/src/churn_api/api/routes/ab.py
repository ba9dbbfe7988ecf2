"""The A/B test's data side: delayed outcomes joined to predictions, per-variant counts (the
statistics live with the A/B analysis, which reads these over HTTP)."""

from __future__ import annotations

from fastapi import APIRouter

from churn_api.api.deps import SettingsDep, StoreDep
from churn_api.api.schemas import AbSummary, OutcomeBatch, OutcomeReceipt, VariantSummary

router = APIRouter(tags=["ab"])


@router.post(
    "/ab/outcomes",
    summary="Join delayed outcomes (did the customer churn?) to the prediction that scored them",
)
async def post_outcomes(batch: OutcomeBatch, store: StoreDep) -> OutcomeReceipt:
    joined, unknown = store.log.join([(o.customerID, o.churned) for o in batch.outcomes])
    if store.metrics is not None:
        for row in joined:
            store.metrics.outcomes.labels(row["variant"], str(row["churned"]).lower()).inc()
    return OutcomeReceipt(joined=len(joined), unknown_count=len(unknown), unknown=unknown[:100])


@router.get("/ab/summary", summary="Per-variant counts of the running A/B test")
async def ab_summary(store: StoreDep, settings: SettingsDep) -> AbSummary:
    models = {"champion": store.current, "challenger": store.challenger}
    return AbSummary(
        share=settings.ab_share if store.challenger is not None else 0.0,
        salt=settings.ab_salt,
        **{
            v: VariantSummary(
                version=m.version if (m := models[v]) is not None else None,
                **store.log.counts[v].as_dict(),
            )
            for v in ("champion", "challenger")
        },
    )
