"""What each role hands the writer: its tool output (the only source of figures), its citations,
and whether it succeeded."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from retention_agents.core.plan import Role


class Citation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    number: int
    source: str
    section: str | None = None


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task: int  # the sub-task's index in the plan
    role: Role
    ask: str
    ok: bool
    data: dict[str, Any] = {}
    citations: list[Citation] = []
    error: str | None = None
    tool_calls: int = 0
