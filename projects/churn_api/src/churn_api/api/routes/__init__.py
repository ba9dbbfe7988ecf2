"""One router per resource: `predict`, `model`, `ab`."""

from fastapi import APIRouter

from churn_api.api.routes import ab, model, predict
from portfolio_shared.service import error_responses

# Every route reads the served model: before one is loaded, each answers 503.
router = APIRouter(responses=error_responses({503: "no model loaded yet; see /ready"}))
for module in (predict, model, ab):
    router.include_router(module.router)
