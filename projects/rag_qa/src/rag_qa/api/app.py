"""FastAPI application: the shared service scaffold plus the Q&A routes and the browser UI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from portfolio_shared.logging import get_logger
from portfolio_shared.service import create_service
from rag_qa import __version__
from rag_qa.api.routes import router
from rag_qa.config import RagSettings
from rag_qa.io.engine import RagEngine
from rag_qa.ui import page

log = get_logger("rag_qa.api")


def create_app(settings: RagSettings | None = None, engine: RagEngine | None = None) -> FastAPI:
    """The service. Pass an `engine` to reuse one (tests); otherwise it is built at start-up,
    indexing the default corpus first when the index is empty."""
    settings = settings or RagSettings()
    holder: dict[str, RagEngine] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        built = engine or RagEngine(settings)
        if engine is None:
            built.ensure_index(progress=False)
            warm = getattr(built.pipeline.chat_model, "warm_up", None)
            if warm is not None:
                warm()
        holder["engine"] = built
        app.state.engine = built
        log.info(
            "rag_qa ready",
            extra={
                "chunks": built.snapshot.meta.chunks,
                "provider": settings.provider,
                "model": built.pipeline.model_name,
            },
        )
        yield

    def ready() -> tuple[bool, dict[str, Any]]:
        built = holder.get("engine")
        if built is None:
            return False, {"reason": "starting"}
        meta = built.snapshot.meta
        return meta.chunks > 0, {
            "chunks": meta.chunks,
            "documents": meta.documents,
            "generation": meta.generation,
            "provider": settings.provider,
            "model": built.pipeline.model_name,
        }

    app = create_service(
        title="rag_qa",
        version=__version__,
        settings=settings,
        ready_check=ready,
        metrics_namespace="rag_qa",
        description="Offline document Q&A: hybrid retrieval, cited answers, OpenAI-compatible API.",
        lifespan=lifespan,
        public=["/"],  # the page holds no data; it asks for the key and sends it
    )
    app.include_router(router)  # the key and rate limits: the shared guard, on every route

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def ui() -> HTMLResponse:
        return HTMLResponse(page.html())

    return app
