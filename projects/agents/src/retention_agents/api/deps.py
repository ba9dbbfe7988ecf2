"""Dependency-injection aliases for the routes, and the checks every route shares."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from portfolio_shared.service import ApiError
from retention_agents.api.metrics import AgentMetrics
from retention_agents.api.schemas import RunRequest
from retention_agents.team import Team


async def get_team(request: Request) -> Team:
    team: Team = request.app.state.team
    return team


async def get_metrics(request: Request) -> AgentMetrics:
    metrics: AgentMetrics = request.app.state.metrics
    return metrics


TeamDep = Annotated[Team, Depends(get_team)]
MetricsDep = Annotated[AgentMetrics, Depends(get_metrics)]


def question_of(body: RunRequest, field: str = "question") -> str:
    question = body.question.strip()
    if not question:
        raise ApiError(422, "the question is empty", field)
    return question
