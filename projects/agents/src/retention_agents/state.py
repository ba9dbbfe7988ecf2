"""The graph's state, typed: the plan, the findings (one model per role, `core.findings`), the
trajectory's steps (`core.result.Step`) and the checker's verdict.

Nodes may return their updates as JSON (the roles do); the graph validates every update into
these types (`UPDATE`), so the state holds models, and the checkpointer stores them (LangGraph
allows exactly the types named here when it decodes a checkpoint)."""

from __future__ import annotations

import operator
from typing import Annotated

from pydantic import TypeAdapter
from typing_extensions import TypedDict

from retention_agents.core.budget import Limit
from retention_agents.core.findings import RoleFinding
from retention_agents.core.plan import Plan, SubTask
from retention_agents.core.result import Step


class CheckReport(TypedDict):
    """The checker's verdict on a draft (`core.checker.check`), as the writer reads it."""

    ok: bool
    numbers: list[str]
    unverified: list[str]
    uncited: list[int]


class RunState(TypedDict, total=False):
    question: str
    plan: Plan
    #: One per sub-task; parallel branches append (the reducer joins them).
    findings: Annotated[list[RoleFinding], operator.add]
    #: Every node's step: node, role, tool, arguments, result summary, milliseconds, error.
    trajectory: Annotated[list[Step], operator.add]
    draft: str
    check: CheckReport
    revisions: int
    answer: str
    status: str  # "answered" | "partial" | "unanswered"
    #: The budgets a run reached (core.budget.Limit), said in the answer and the result.
    stopped: Annotated[list[Limit], operator.add]
    #: Language-model tokens used so far (prompt + completion).
    tokens: Annotated[int, operator.add]


#: A node's update (any part of the state), validated into the state's types.
UPDATE: TypeAdapter[RunState] = TypeAdapter(RunState)


class TaskInput(TypedDict):
    """What the planner sends to one role (LangGraph `Send`)."""

    index: int
    task: SubTask
    question: str
