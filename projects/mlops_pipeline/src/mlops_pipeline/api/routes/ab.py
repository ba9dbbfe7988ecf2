"""A/B analysis: running totals in, the sequential test and its decision out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mlops_pipeline.api.deps import ExperimentsDep
from mlops_pipeline.api.schemas import AbRequest

router = APIRouter(prefix="/ab", tags=["ab"])


@router.post(
    "/analyze",
    summary="Update an A/B test with running totals; the test, its sample size and decision",
)
async def analyze(body: AbRequest, experiments: ExperimentsDep) -> dict[str, Any]:
    return experiments.analyze(body)
