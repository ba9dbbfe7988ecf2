"""A run as server-sent events: the plan, each step (node, tool, arguments, result, time) as it
finishes, an approval the run waits for, the checked answer word by word, then the result."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from retention_agents.api.deps import MetricsDep, TeamDep, question_of
from retention_agents.api.schemas import RunRequest
from retention_agents.core.budget import Limit
from retention_agents.core.result import RunResult
from retention_agents.team import Team

router = APIRouter(tags=["runs"])


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


async def events(
    team: Team, body: RunRequest, question: str, on_result: Callable[[RunResult], None]
) -> AsyncIterator[str]:
    """Every event of a run; the last is `result` (the same JSON as `POST /runs`)."""
    started = time.perf_counter()
    thread, limits = body.thread_id or "", list[Limit]()
    async for thread, node, update in team.astream(question, body.thread_id, body.user_id):
        if node == "plan" and "plan" in update:
            yield sse("plan", {"thread_id": thread, **update["plan"].model_dump(mode="json")})
        if node == "__interrupt__":
            yield sse("approval", [getattr(i, "value", i) for i in update.get("__interrupt__", [])])
        limits += update.get("stopped", []) if node == "__stopped__" else []
        for step in update.get("trajectory", []):
            yield sse("step", step)
    result = await team.astate(thread, time.perf_counter() - started, limits)
    if result is None:  # pragma: no cover - a run just made has a state
        yield sse("error", {"detail": "the run left no state"})
        return
    on_result(result)
    for i, word in enumerate(result.answer.split(" ")):
        yield sse("token", {"text": (" " if i else "") + word})
    yield sse("result", result.model_dump(mode="json"))


@router.post(
    "/runs/stream",
    summary="Answer a question as server-sent events: plan, steps, approval, tokens, result",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def stream_run(body: RunRequest, team: TeamDep, metrics: MetricsDep) -> StreamingResponse:
    question = question_of(body)
    return StreamingResponse(
        events(team, body, question, metrics.observe), media_type="text/event-stream"
    )
