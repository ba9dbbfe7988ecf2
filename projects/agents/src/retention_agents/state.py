"""The graph's state. Values are JSON-able (checkpointed to SQLite after every step); nodes read
and write them through the typed models in `core` (Plan, Finding, Check)."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


class RunState(TypedDict, total=False):
    question: str
    plan: dict[str, Any]  # core.plan.Plan
    #: One per sub-task; parallel branches append (the reducer joins them).
    findings: Annotated[list[dict[str, Any]], operator.add]  # core.findings.Finding
    #: Every node's step: node, role, tool, arguments, result summary, milliseconds, error.
    trajectory: Annotated[list[dict[str, Any]], operator.add]
    draft: str
    check: dict[str, Any]
    revisions: int
    answer: str
    status: str  # "answered" | "partial" | "unanswered"
    #: The budgets a run reached (core.budget.Limit), said in the answer and the result.
    stopped: Annotated[list[str], operator.add]
    #: Language-model tokens used so far (prompt + completion).
    tokens: Annotated[int, operator.add]


class TaskInput(TypedDict):
    """What the planner sends to one role (LangGraph `Send`)."""

    index: int
    task: dict[str, Any]
    question: str
