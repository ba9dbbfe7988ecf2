"""What every node returns about itself: its step in the trajectory, and for a role its finding
(the writer's only source of figures)."""

from __future__ import annotations

import time
from typing import Any

from retention_agents.core.findings import Citation, Finding
from retention_agents.core.plan import Role
from retention_agents.state import TaskInput


def step(node: str, started: float, **details: Any) -> dict[str, Any]:
    return {"node": node, "ms": round((time.perf_counter() - started) * 1000, 2), **details}


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
    """A role's update: its finding (what the writer reads) and its step (the trajectory)."""
    finding = Finding(
        task=item["index"],
        role=role,
        ask=ask,
        ok=error is None,
        data=data or {},
        citations=citations or [],
        error=error,
        tool_calls=calls,
    )
    outcome = {"error": error} if error is not None else {"summary": summary, **details}
    entry = step(role, started, tool=tool, args=args, **outcome)
    return {"findings": [finding.model_dump(mode="json")], "trajectory": [entry]}
