"""One router per resource: `runs`."""

from fastapi import APIRouter

from retention_agents.api.routes import runs

router = APIRouter()
router.include_router(runs.router)
