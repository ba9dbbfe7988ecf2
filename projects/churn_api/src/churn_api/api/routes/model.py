"""The served model: its metadata, and a reload when the registry alias moved."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import PlainTextResponse

from churn_api.api.deps import ModelDep, SettingsDep, StoreDep
from churn_api.api.schemas import ModelInfo

router = APIRouter(tags=["model"])


@router.get("/model", summary="Metadata and metrics of the served model")
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


@router.get(
    "/model/card",
    summary="The served model's card (Markdown, with its measured figures)",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/markdown": {}}},
        404: {"description": "The model was loaded from a local bundle, without a registry"},
    },
)
async def model_card(model: ModelDep, store: StoreDep) -> PlainTextResponse:
    if model.alias is None:
        raise HTTPException(404, "the served model has no registry version (a local bundle)")
    text = await asyncio.to_thread(store.registry.card, str(model.version))
    if not text:
        raise HTTPException(404, f"version {model.version} has no model card")
    return PlainTextResponse(text, media_type="text/markdown")


@router.post(
    "/model/reload",
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
