"""Scoring routes: one customer (the hot path) and a batch, each customer by its A/B variant."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from churn_api.api.ab import Variant
from churn_api.api.deps import ModelDep, SettingsDep, StoreDep
from churn_api.api.model_store import LoadedModel, ModelStore
from churn_api.api.schemas import BatchPrediction, BatchRequest, Customer, Prediction
from churn_api.core.scorer import Scored
from portfolio_shared.service import ApiError, json_body_openapi, json_response, parse_body

router = APIRouter(tags=["predict"])


def _prediction(
    customer_id: str | None, scored: Scored, model: LoadedModel, variant: Variant, churn: bool
) -> dict[str, Any]:
    """A `Prediction` as a plain dict: serialised by pydantic-core without building models
    (the response schema is still declared on the route and checked by the schema tests)."""
    return {
        "customerID": customer_id,
        "churn_probability": scored.probability,
        "churn": churn,
        "threshold": model.bundle.threshold,
        "model_version": model.version,
        "variant": variant,
        "top_features": [
            {"feature": c.feature, "value": c.value, "contribution": c.contribution}
            for c in scored.contributions
        ],
    }


@router.post(
    "/predict",
    summary="Churn risk of one customer",
    response_model=Prediction,
    openapi_extra=json_body_openapi(Customer),
)
async def predict(request: Request) -> Response:
    # The hot path: bytes -> validated Customer in pydantic-core, its __dict__ is the row the
    # scorer reads (no DataFrame, no copy), one Rust serialisation out. No DI, no threadpool.
    store: ModelStore = request.app.state.store
    customer = await parse_body(request, Customer)
    variant, model = store.route(customer.customerID)
    if model is None:
        raise HTTPException(503, "no model loaded yet; see /ready for the reason")
    scored = model.bundle.scorer.score(customer.__dict__, request.app.state.settings.top_k_features)
    churn = store.observe(customer.customerID, variant, model, scored.probability)
    return json_response(_prediction(customer.customerID, scored, model, variant, churn))


@router.post(
    "/predict/batch",
    summary="Churn risk of many customers",
    response_model=BatchPrediction,
)
async def predict_batch(
    batch: BatchRequest, model: ModelDep, settings: SettingsDep, store: StoreDep
) -> Response:
    if len(batch.instances) > settings.max_batch:
        raise ApiError(
            413,
            f"batch of {len(batch.instances)} instances exceeds max_batch={settings.max_batch}",
            "instances",
        )
    # Each customer keeps its variant; each variant scores its customers in one call.
    routed = [store.route(c.customerID) for c in batch.instances]
    predictions: list[dict[str, Any] | None] = [None] * len(batch.instances)
    for variant in ("champion", "challenger"):
        idx = [i for i, (v, _) in enumerate(routed) if v == variant]
        if not idx:
            continue
        served = routed[idx[0]][1] or model
        rows = [batch.instances[i].__dict__ for i in idx]
        scored = served.bundle.scorer.score_many(rows, settings.top_k_features)
        for i, s in zip(idx, scored, strict=True):
            cid = batch.instances[i].customerID
            churn = store.observe(cid, variant, served, s.probability)
            predictions[i] = _prediction(cid, s, served, variant, churn)
    return json_response({"model_version": model.version, "predictions": predictions})
