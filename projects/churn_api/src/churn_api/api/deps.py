"""Dependency-injection aliases for the routes.

All `async def`: FastAPI runs plain `def` dependencies in a threadpool, a hop per request that
cost 5x throughput on `/predict` (measured with bench/bench_serving.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from churn_api.api.model_store import LoadedModel, ModelStore
from churn_api.config import ChurnSettings


async def get_store(request: Request) -> ModelStore:
    store: ModelStore = request.app.state.store
    return store


def current_model(request: Request) -> LoadedModel:
    """The model being served now (503 while none is loaded)."""
    model = request.app.state.store.current
    if model is None:
        raise HTTPException(503, "no model loaded yet; see /ready for the reason")
    loaded: LoadedModel = model
    return loaded


async def get_model(request: Request) -> LoadedModel:
    return current_model(request)


async def get_settings(request: Request) -> ChurnSettings:
    settings: ChurnSettings = request.app.state.settings
    return settings


StoreDep = Annotated[ModelStore, Depends(get_store)]
ModelDep = Annotated[LoadedModel, Depends(get_model)]
SettingsDep = Annotated[ChurnSettings, Depends(get_settings)]
