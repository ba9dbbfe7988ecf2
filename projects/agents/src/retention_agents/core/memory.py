"""Long-term memory, per user: what a user's runs learned (each verified finding, and the last
customer scored) kept in LangGraph's store, so a later run on a new thread can say "that
customer" and mean the one scored before."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from retention_agents.core.findings import Finding

ANONYMOUS = "anonymous"
REFERS_BACK = re.compile(r"\b(?:that|the same|this|the previous|the last) customer\b|\bthey\b")


def namespace(user: str) -> tuple[str, ...]:
    """The store's namespace of a user's facts. LangGraph refuses labels with a period, which
    user ids (e-mail addresses) have: "%" and "." are escaped, so distinct ids stay distinct."""
    return ("facts", user.replace("%", "%25").replace(".", "%2E"))


class Fact(BaseModel):
    """One verified finding, as a later run reads it."""

    thread_id: str
    role: str
    ask: str
    data: dict[str, Any]


def facts_of(thread_id: str, findings: list[Finding]) -> dict[str, Fact]:
    """Key → fact for every finding worth keeping (succeeded), keyed by thread and sub-task."""
    return {
        f"{thread_id}:{f.task}": Fact(thread_id=thread_id, role=f.role, ask=f.ask, data=f.data)
        for f in findings
        if f.ok
    }


def last_customer(findings: list[Finding]) -> dict[str, Any] | None:
    """What the last scoring of this run stated about its customer (for a later "that customer")."""
    scored = [f for f in findings if f.ok and f.role == "scorer"]
    if not scored:
        return None
    data = scored[-1].data
    return {k: data["customer"][k] for k in data.get("stated", [])}
