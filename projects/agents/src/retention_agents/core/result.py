"""What a run returns (CLI `--json`, `POST /runs`): the answer, its verified figures, the
researcher's citations, every step, and how the run ended."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from retention_agents.core.budget import Limit
from retention_agents.core.findings import Citation

Status = Literal["answered", "partial", "unanswered", "awaiting_approval"]


class RunResult(BaseModel):
    thread_id: str
    answer: str
    numbers: list[str]
    citations: list[Citation]
    trajectory: list[dict[str, Any]]
    status: Status
    seconds: float
    #: Actions waiting for a human (approve or reject with `resume`), when status says so.
    pending: list[dict[str, Any]] = []
    #: Budgets the run reached, and the reason in words (None when it reached none).
    stopped: list[Limit] = []
    reason: str | None = None
    #: Figures in the answer no tool output of the run backs (zero, or the checker failed).
    unverified: list[str] = []
    tool_calls: int = 0
    tokens: int = 0
