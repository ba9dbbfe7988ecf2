"""Dependency-injection aliases for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from mlops_pipeline.api.experiments import Experiments
from mlops_pipeline.api.monitor import DriftService


async def get_service(request: Request) -> DriftService:
    service: DriftService = request.app.state.drift
    return service


async def get_experiments(request: Request) -> Experiments:
    experiments: Experiments = request.app.state.experiments
    return experiments


ServiceDep = Annotated[DriftService, Depends(get_service)]
ExperimentsDep = Annotated[Experiments, Depends(get_experiments)]
