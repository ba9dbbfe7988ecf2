"""Runs: ask the team a question (the whole run in one answer), read a thread back."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Path
from starlette.concurrency import run_in_threadpool

from portfolio_shared.service import ApiError
from retention_agents.api.deps import MetricsDep, TeamDep, question_of
from retention_agents.api.schemas import Decision, RunRequest
from retention_agents.core.result import RunResult

router = APIRouter(tags=["runs"])


@router.post("/runs", summary="Answer a question: plan, tools, draft, check")
async def create_run(body: RunRequest, team: TeamDep, metrics: MetricsDep) -> RunResult:
    result = await team.arun(question_of(body), body.thread_id, body.user_id)
    metrics.observe(result)
    return result


@router.get(
    "/runs/{thread_id}",
    summary="A thread's answer and trajectory, from the checkpointer",
    responses={404: {"description": "No such thread"}},
)
async def read_run(
    team: TeamDep,
    thread_id: str = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$"),
) -> RunResult:
    result = await team.astate(thread_id)
    if result is None:
        raise HTTPException(404, f"no run on thread {thread_id!r}")
    return result


@router.get("/users/{user_id}/facts", summary="What a user's runs learned (long-term memory)")
async def read_facts(
    team: TeamDep,
    user_id: str = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-.@]+$"),
) -> list[dict[str, Any]]:
    return await run_in_threadpool(team.tools.facts, user_id)


@router.post(
    "/runs/{thread_id}/resume",
    summary="Approve or reject the action a run waits for, and finish the run",
    responses={404: {"description": "No such thread"}, 409: {"description": "Nothing to decide"}},
)
async def resume_run(
    body: Decision,
    team: TeamDep,
    metrics: MetricsDep,
    thread_id: str = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$"),
) -> RunResult:
    before = await team.astate(thread_id)
    try:
        result = await team.aresume(thread_id, body.approve)
    except ValueError as exc:
        raise ApiError(409, str(exc), "approve") from None
    if result is None:
        raise HTTPException(404, f"no run on thread {thread_id!r}")
    metrics.observe(result, skip=len(before.trajectory) if before else 0)
    return result
