"""Drift routes: check a window, replace the reference, recent verdicts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mlops_pipeline.api.deps import ServiceDep
from mlops_pipeline.api.schemas import DriftWindow, ReferenceReceipt, ReferenceSample
from portfolio_shared.service import error_responses

router = APIRouter(
    prefix="/drift",
    tags=["drift"],
    responses=error_responses({503: "the reference is still being fitted; see /ready"}),
)


@router.post("/check", summary="Test one window against the reference")
async def check(window: DriftWindow, service: ServiceDep) -> dict[str, Any]:
    return service.check(window)


@router.put(
    "/reference",
    summary="Replace the reference (after a promotion: what the new champion should expect)",
)
async def rebase(sample: ReferenceSample, service: ServiceDep) -> ReferenceReceipt:
    return ReferenceReceipt(reference_rows=await service.rebase(sample))


@router.get("/recent", summary="Verdicts of the last 100 windows")
async def recent(service: ServiceDep) -> list[dict[str, Any]]:
    return [] if service.monitor is None else list(service.monitor.reports)
