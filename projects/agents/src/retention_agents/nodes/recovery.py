"""Error handlers: what a node's failure becomes once its retries are spent (LangGraph runs the
handler), and the "out of time" of a node that would start past the run's deadline. A role's
failure is a failed finding the answer states; a failed writer or checker ends the run without
an answer (a draft nobody checked is never given out)."""

from __future__ import annotations

import time
from typing import Any

from langgraph.errors import NodeError, NodeTimeoutError

from retention_agents.core.budget import skipped_reason
from retention_agents.core.plan import Plan, Role
from retention_agents.core.result import Step
from retention_agents.nodes.steps import TOOLS, report
from retention_agents.state import RunState, TaskInput


def _failure(item: TaskInput, role: Role, error: str, limit: str | None = None) -> dict[str, Any]:
    """A sub-task that did not run to the end: its finding says why, its step carries the error."""
    update = report(item, role, item["task"].ask, TOOLS[role], {},
                     time.perf_counter(), calls=0, error=error)  # fmt: skip
    return {**update, "stopped": [limit] if limit else []}


def out_of_time(item: TaskInput, role: Role, wall_time_s: float) -> dict[str, Any]:
    return _failure(item, role, skipped_reason("wall_time", wall_time_s), "wall_time")


def describe(error: object) -> str:
    """A node's failure in words (LangGraph hands the handler an exception, or after a resume
    from a checkpoint, its text)."""
    if isinstance(error, NodeTimeoutError) or "NodeTimeoutError" in str(error):
        return "timed out"
    if isinstance(error, BaseException):
        return f"{type(error).__name__}: {error}"[:300]
    return str(error)[:300]


def failed(role: Role) -> Any:
    """The error handler of a role node: runs once its retries are spent."""

    def handler(item: TaskInput, error: NodeError, attempts: int) -> dict[str, Any]:
        return _failure(item, role, f"{role} failed after {attempts} attempt(s): "
                                    f"{describe(error.error)}")  # fmt: skip

    return handler


def _failed_step(node: str, error: str, attempts: int) -> Step:
    return {"node": node, "ms": 0.0, "error": error, "attempts": attempts}


def plan_failed(state: RunState, error: NodeError, attempts: int) -> dict[str, Any]:
    """The planner failed: nothing is routed, and the answer says so."""
    reason = describe(error.error)
    made = Plan(tasks=[], failed=f"the planner failed after {attempts} attempt(s): {reason}")
    return {"plan": made, "trajectory": [_failed_step("plan", reason, attempts)]}


def write_failed(state: RunState, error: NodeError, attempts: int) -> dict[str, Any]:
    note = "The writer failed, so the team has no answer to give."
    step = _failed_step("write", describe(error.error), attempts)
    return {"answer": note, "status": "unanswered", "trajectory": [step]}


def check_failed(state: RunState, error: NodeError, attempts: int) -> dict[str, Any]:
    """A draft nobody checked is never given out."""
    note = "The draft could not be checked, so it is withheld."
    step = _failed_step("check", describe(error.error), attempts)
    return {"answer": note, "status": "unanswered", "trajectory": [step]}
