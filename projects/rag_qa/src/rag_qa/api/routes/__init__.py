"""One router per resource: `qa` (ask), `documents`, `openai` (chat completions)."""

from fastapi import APIRouter

from rag_qa.api.routes import documents, openai, qa

router = APIRouter()
for module in (qa, documents, openai):
    router.include_router(module.router)
