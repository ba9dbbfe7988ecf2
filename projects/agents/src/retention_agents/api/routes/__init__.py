"""One router per resource: `runs`, their event `stream`, and the OpenAI-compatible `openai`."""

from fastapi import APIRouter

from retention_agents.api.routes import openai, runs, stream

router = APIRouter()
router.include_router(stream.router)
router.include_router(runs.router)
router.include_router(openai.router)
