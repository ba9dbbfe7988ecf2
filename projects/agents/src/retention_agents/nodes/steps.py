"""What every node returns about itself: its step in the trajectory, and for a role its finding
(the writer's only source of figures), as the role's own finding model."""

from __future__ import annotations

import time
from typing import Any

from pydantic import TypeAdapter

from retention_agents.core.findings import Citation, RoleFinding
from retention_agents.core.plan import Role
from retention_agents.core.result import Step
from retention_agents.state import TaskInput

STEP: TypeAdapter[Step] = TypeAdapter(Step)
FINDING: TypeAdapter[RoleFinding] = TypeAdapter(RoleFinding)


def step(node: str, started: float, **details: Any) -> Step:
    """A node's step: its name, its milliseconds, and what it did (checked against `Step`)."""
    return STEP.validate_python(
        {"node": node, "ms": round((time.perf_counter() - started) * 1000, 2), **details}
    )


TOOLS: dict[Role, str] = {
    "analyst": "query_customers",
    "scorer": "churn_api.predict",
    "researcher": "rag_qa.ask",
    "offer": "queue_retention_offer",
    "external": "mcp",
}


def report(
    item: TaskInput,
    role: Role,
    ask: str,
    tool: str,
    args: dict[str, Any],
    started: float,
    *,
    calls: int,
    data: dict[str, Any] | None = None,
    error: str | None = None,
    citations: list[Citation] | None = None,
    summary: str | None = None,
    **details: Any,
) -> dict[str, Any]:
    """A role's update: its finding (what the writer reads) and its step (the trajectory). The
    tool output `data` is checked against the role's output (`core.findings`)."""
    finding = FINDING.validate_python(
        {
            "task": item["index"],
            "role": role,
            "ask": ask,
            "ok": error is None,
            "data": data or {},
            "citations": citations or [],
            "error": error,
            "tool_calls": calls,
        }
    )
    outcome = {"error": error} if error is not None else {"summary": summary, **details}
    entry = step(role, started, tool=tool, args=args, **outcome)
    return {"findings": [finding], "trajectory": [entry]}
