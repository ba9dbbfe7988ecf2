"""HTTP routes: thin wrappers around the scorer of the model being served."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from churn_api.api.deps import ModelDep, SettingsDep, StoreDep, current_model
from churn_api.api.model_store import LoadedModel
from churn_api.api.schemas import (
    BatchPrediction,
    BatchRequest,
    Customer,
    ModelInfo,
    Prediction,
)
from churn_api.core.scorer import Scored
from portfolio_shared.service import ApiError, json_body_openapi, json_response, parse_body

router = APIRouter()


def _prediction(customer_id: str | None, scored: Scored, model: LoadedModel) -> dict[str, Any]:
    """A `Prediction` as a plain dict: serialised by pydantic-core without building models
    (the response schema is still declared on the route and checked by the schema tests)."""
    threshold = model.bundle.threshold
    return {
        "customerID": customer_id,
        "churn_probability": scored.probability,
        "churn": scored.probability >= threshold,
        "threshold": threshold,
        "model_version": model.version,
        "top_features": [
            {"feature": c.feature, "value": c.value, "contribution": c.contribution}
            for c in scored.contributions
        ],
    }


@router.post(
    "/predict",
    tags=["predict"],
    summary="Churn risk of one customer",
    response_model=Prediction,
    openapi_extra=json_body_openapi(Customer),
)
async def predict(request: Request) -> Response:
    # The hot path: bytes -> validated Customer in pydantic-core, its __dict__ is the row the
    # scorer reads (no DataFrame, no copy), one Rust serialisation out. No DI, no threadpool.
    model = current_model(request)
    customer = await parse_body(request, Customer)
    scored = model.bundle.scorer.score(customer.__dict__, request.app.state.settings.top_k_features)
    return json_response(_prediction(customer.customerID, scored, model))


@router.post(
    "/predict/batch",
    tags=["predict"],
    summary="Churn risk of many customers",
    response_model=BatchPrediction,
)
async def predict_batch(batch: BatchRequest, model: ModelDep, settings: SettingsDep) -> Response:
    if len(batch.instances) > settings.max_batch:
        raise ApiError(
            413,
            f"batch of {len(batch.instances)} instances exceeds max_batch={settings.max_batch}",
            "instances",
        )
    rows = [c.__dict__ for c in batch.instances]
    scored = model.bundle.scorer.score_many(rows, settings.top_k_features)
    predictions = [
        _prediction(c.customerID, s, model) for c, s in zip(batch.instances, scored, strict=True)
    ]
    return json_response({"model_version": model.version, "predictions": predictions})


@router.get("/model", tags=["model"], summary="Metadata and metrics of the served model")
async def model_info(model: ModelDep, settings: SettingsDep) -> ModelInfo:
    meta: dict[str, Any] = model.bundle.metadata
    return ModelInfo(
        name=settings.model_name,
        alias=model.alias,
        version=model.version,
        source=model.source,
        kind=model.bundle.kind,
        candidate=meta.get("candidate"),
        description=meta.get("description"),
        threshold=model.bundle.threshold,
        trained_at=meta.get("trained_at"),
        run_id=meta.get("run_id"),
        loaded_at=model.loaded_at,
        metrics={k: float(v) for k, v in meta.get("metrics", {}).items()},
        costs=meta.get("costs"),
    )


@router.post(
    "/model/reload",
    tags=["model"],
    summary="Check the registry alias now and load its version if it moved",
)
async def reload_model(store: StoreDep) -> dict[str, Any]:
    swapped = await store.refresh()
    current = store.current
    return {
        "reloaded": swapped,
        "version": current.version if current else None,
        "error": store.last_error,
    }
