"""The OpenAI-compatible chat API: any OpenAI client can ask the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from portfolio_shared.openai_compat import (
    ChatCompletionRequest,
    Completion,
    last_user_text,
    models,
)
from portfolio_shared.service import error_responses, json_response
from rag_qa.api.deps import check_question, engine_of, require_index

router = APIRouter()
MODEL_ID = "rag-qa"


def _with_sources(answer: str, citations: list[dict[str, Any]]) -> str:
    cited = [c for c in citations if c["cited"]]
    if not cited:
        return answer
    lines = [f"[{c['id']}] {c['source']} — {c['section'] or c['title']}" for c in cited]
    return answer + "\n\nSources:\n" + "\n".join(lines)


@router.get("/v1/models", tags=["openai"], summary="OpenAI-compatible model list")
async def list_models() -> dict[str, Any]:
    return models(MODEL_ID, "rag-qa")


@router.post(
    "/v1/chat/completions",
    tags=["openai"],
    summary="OpenAI-compatible chat completions (the answer with its sources), streaming or not",
    responses={
        200: {"content": {"application/json": {}, "text/event-stream": {}}},
        **error_responses({503: "the index is empty"}),
    },
)
async def chat_completions(body: ChatCompletionRequest, request: Request) -> Response:
    engine = engine_of(request)
    require_index(engine)
    question = check_question(engine, last_user_text(body), "messages")
    completion = Completion(MODEL_ID)

    if not body.stream:
        result = await run_in_threadpool(engine.pipeline.answer, question)
        content = _with_sources(result.answer, result.citations)
        return json_response(completion.message(content, citations=result.citations))

    chunk = completion.chunk

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        sent: list[str] = []
        for kind, payload in engine.pipeline.stream(question):
            if kind == "sentence":  # grounded and cited: final text, safe to send now
                yield chunk({"content": (" " if sent else "") + payload})
                sent.append(payload)
            elif kind == "done":
                if not sent:  # declined, extractive, or nothing grounded: the final text
                    yield chunk({"content": payload.answer})
                tail = _with_sources("", payload.citations)
                if tail:
                    yield chunk({"content": tail})
        yield from completion.done()

    async def body_iter() -> AsyncIterator[str]:
        async for item in iterate_in_threadpool(events()):
            yield item

    return StreamingResponse(body_iter(), media_type="text/event-stream")
