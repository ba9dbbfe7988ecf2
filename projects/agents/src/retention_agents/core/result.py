"""What a run returns (CLI `--json`, `POST /runs`): the answer, its verified figures, the
researcher's citations, every step, and how the run ended."""

from __future__ import annotations

from typing import Any, Literal, Required

from pydantic import BaseModel, with_config
from typing_extensions import TypedDict

from retention_agents.core.budget import Limit
from retention_agents.core.findings import Citation
from retention_agents.core.plan import Role

Status = Literal["answered", "partial", "unanswered", "awaiting_approval"]


@with_config(extra="forbid")
class Step(TypedDict, total=False):
    """One node's step in the trajectory: which node, how long it took, and what it did. The
    keys are declared in the order nodes write them (a validated step keeps that order)."""

    node: Required[str]
    ms: Required[float]
    # a role's tool call
    tool: str
    args: dict[str, Any]
    error: str
    summary: str | None
    sql: str  # the analyst's statement(s)
    written: bool  # the offer: whether this call queued the row (False: queued before)
    # the planner
    tasks: list[Role]
    unrouted: list[str]
    skipped: int  # sub-tasks past the tool-call budget
    remembered: bool  # a customer recalled from the user's memory
    neighbours: int  # clauses the nearest-neighbour router placed
    refined: int  # clauses the language model placed
    uncovered: int  # analyst queries refused by the coverage check (a phrase left unused)
    tokens: int
    # the writer
    revision: int
    # the checker
    ok: bool
    numbers: list[str]
    unverified: list[str]
    uncited: list[int]
    # retries: the attempt that succeeded; a failed node's error handler: the attempts made
    attempt: int
    attempts: int


class RunResult(BaseModel):
    thread_id: str
    answer: str
    numbers: list[str]
    citations: list[Citation]
    trajectory: list[Step]
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
