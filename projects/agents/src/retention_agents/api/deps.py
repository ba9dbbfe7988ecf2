"""Dependency-injection aliases for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from retention_agents.io.team import Team


async def get_team(request: Request) -> Team:
    team: Team = request.app.state.team
    return team


TeamDep = Annotated[Team, Depends(get_team)]
