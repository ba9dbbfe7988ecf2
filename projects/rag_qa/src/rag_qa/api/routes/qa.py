"""Questions: one answer with citations (JSON), or the answer as it is written (SSE)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from portfolio_shared.service import error_responses, json_response
from rag_qa.api.deps import check_question, check_sources, engine_of, require_index
from rag_qa.api.schemas import AskRequest, AskResponse

router = APIRouter()
ASK_ERRORS = error_responses(
    {404: "a document named in `sources` is not indexed", 503: "the index is empty"}
)


@router.post(
    "/ask",
    response_model=AskResponse,
    tags=["qa"],
    summary="Answer with citations",
    responses=ASK_ERRORS,
)
async def ask(body: AskRequest, request: Request) -> Response:
    engine = engine_of(request)
    require_index(engine)
    question = check_question(engine, body.question, "question")
    sources = check_sources(engine, body.sources, "sources")
    result = await run_in_threadpool(
        engine.pipeline.answer,
        question,
        body.top_k,
        body.mode,
        body.mmr,
        sources,
        bool(body.extractive),
    )
    return json_response(result.as_dict())


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/ask/stream",
    tags=["qa"],
    summary="Answer as server-sent events: sources, token..., done",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, **ASK_ERRORS},
)
async def ask_stream(body: AskRequest, request: Request) -> StreamingResponse:
    engine = engine_of(request)
    require_index(engine)
    question = check_question(engine, body.question, "question")
    sources = check_sources(engine, body.sources, "sources")

    def events() -> Iterator[str]:
        try:
            stream = engine.pipeline.stream(
                question, body.top_k, body.mode, body.mmr, sources, bool(body.extractive)
            )
            for kind, payload in stream:
                if kind == "sources":
                    yield _sse("sources", payload)
                elif kind == "token":
                    yield _sse("token", {"text": payload})
                else:
                    yield _sse("done", payload.as_dict())
        except Exception as exc:  # headers are sent: report in-band, then close
            yield _sse("error", {"detail": f"generation failed: {type(exc).__name__}"})

    return StreamingResponse(
        iterate_in_threadpool(events()),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
