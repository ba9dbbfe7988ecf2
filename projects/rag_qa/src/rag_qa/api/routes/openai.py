"""The OpenAI-compatible chat API: any OpenAI client can ask the bot."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from portfolio_shared.service import ApiError, json_response
from rag_qa.api.deps import check_question, engine_of, require_index
from rag_qa.api.schemas import ChatCompletionRequest

router = APIRouter()
MODEL_ID = "rag-qa"


def _question_from(body: ChatCompletionRequest) -> str:
    for message in reversed(body.messages):
        if message.role == "user":
            content = message.content
            if isinstance(content, list):
                content = " ".join(
                    str(part.get("text", "")) for part in content if part.get("type") == "text"
                )
            if content and content.strip():
                return content
    raise ApiError(422, "no user message with text content", "messages")


def _with_sources(answer: str, citations: list[dict[str, Any]]) -> str:
    cited = [c for c in citations if c["cited"]]
    if not cited:
        return answer
    lines = [f"[{c['id']}] {c['source']} — {c['section'] or c['title']}" for c in cited]
    return answer + "\n\nSources:\n" + "\n".join(lines)


@router.get("/v1/models", tags=["openai"], summary="OpenAI-compatible model list")
async def list_models() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "rag-qa"}],
    }


@router.post(
    "/v1/chat/completions",
    tags=["openai"],
    summary="OpenAI-compatible chat completions (the answer with its sources), streaming or not",
)
async def chat_completions(body: ChatCompletionRequest, request: Request) -> Response:
    engine = engine_of(request)
    require_index(engine)
    question = check_question(engine, _question_from(body), "messages")
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())

    if not body.stream:
        result = await run_in_threadpool(engine.pipeline.answer, question)
        content = _with_sources(result.answer, result.citations)
        return json_response(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": MODEL_ID,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                "citations": result.citations,
            }
        )

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

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
        yield chunk({}, "stop")
        yield "data: [DONE]\n\n"

    async def body_iter() -> AsyncIterator[str]:
        async for item in iterate_in_threadpool(events()):
            yield item

    return StreamingResponse(body_iter(), media_type="text/event-stream")
