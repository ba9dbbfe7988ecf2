"""What each role hands the writer: its tool output (the only source of figures), its citations,
and whether it succeeded."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from retention_agents.core.plan import Role


class Citation(BaseModel):
    """A source rag_qa cited (its `id` is the `[n]` marker in its answer)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    number: int = Field(validation_alias=AliasChoices("id", "number"))
    source: str
    section: str | None = None
    quote: str | None = None


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
