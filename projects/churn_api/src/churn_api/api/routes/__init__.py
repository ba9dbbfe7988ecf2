"""One router per resource: `predict`, `model`, `ab`."""

from fastapi import APIRouter

from churn_api.api.routes import ab, model, predict

router = APIRouter()
for module in (predict, model, ab):
    router.include_router(module.router)
