"""Dependency-injection aliases for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from churn_api.api.model_store import LoadedModel, ModelStore
from churn_api.config import ChurnSettings


def get_store(request: Request) -> ModelStore:
    store: ModelStore = request.app.state.store
    return store


def get_model(request: Request) -> LoadedModel:
    model = request.app.state.store.current
    if model is None:
        raise HTTPException(503, "no model loaded yet; see /ready for the reason")
    loaded: LoadedModel = model
    return loaded


def get_settings(request: Request) -> ChurnSettings:
    settings: ChurnSettings = request.app.state.settings
    return settings


StoreDep = Annotated[ModelStore, Depends(get_store)]
ModelDep = Annotated[LoadedModel, Depends(get_model)]
SettingsDep = Annotated[ChurnSettings, Depends(get_settings)]
