"""The OpenAI-compatible chat API: any OpenAI client can ask the team (the last user message is
the question; the answer carries its sources, and the run rides along as `run`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse

from portfolio_shared.openai_compat import (
    ChatCompletionRequest,
    Completion,
    last_user_text,
    models,
)
from portfolio_shared.service import ApiError, json_response
from retention_agents.api.deps import MetricsDep, TeamDep
from retention_agents.core.result import RunResult

router = APIRouter(tags=["openai"])
MODEL_ID = "retention-agents"


def content_of(result: RunResult) -> str:
    if result.pending:
        actions = ", ".join(f"{p['action']} {p.get('customerID', '')}" for p in result.pending)
        return (f"The run waits for a human's approval ({actions}): "
                f"POST /runs/{result.thread_id}/resume")  # fmt: skip
    if not result.citations:
        return result.answer
    lines = [f"[{c.number}] {c.source}" + (f" — {c.section}" if c.section else "")
             for c in result.citations]  # fmt: skip
    return result.answer + "\n\nSources:\n" + "\n".join(lines)


@router.get("/v1/models", summary="OpenAI-compatible model list")
async def list_models() -> dict[str, Any]:
    return models(MODEL_ID, "retention-agents")


@router.post(
    "/v1/chat/completions",
    summary="OpenAI-compatible chat completions: the team's checked answer, streaming or not",
)
async def chat_completions(
    body: ChatCompletionRequest, team: TeamDep, metrics: MetricsDep
) -> Response:
    question = last_user_text(body)
    if len(question) > 2000:
        raise ApiError(422, "the question is longer than 2000 characters", "messages")
    completion = Completion(MODEL_ID)
    result = await team.arun(question.strip())
    metrics.observe(result)
    run = result.model_dump(mode="json", include={"thread_id", "status", "numbers", "reason"})
    content = content_of(result)
    if not body.stream:
        return json_response(completion.message(content, run=run))

    async def chunks() -> AsyncIterator[str]:
        yield completion.chunk({"role": "assistant", "content": ""})
        for i, word in enumerate(content.split(" ")):
            yield completion.chunk({"content": (" " if i else "") + word})
        for tail in completion.done():
            yield tail

    return StreamingResponse(chunks(), media_type="text/event-stream")
