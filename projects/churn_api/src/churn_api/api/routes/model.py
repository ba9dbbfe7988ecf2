"""The served model: its metadata, and a reload when the registry alias moved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

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
