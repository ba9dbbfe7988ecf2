"""The planner's output: typed sub-tasks, one role each. Independent sub-tasks run in parallel."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from retention_agents.core.semantic import Query

Role = Literal["analyst", "scorer", "researcher", "offer", "external"]


class Task(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ask: str = Field(description="the part of the question this task answers")


class AnalystTask(Task):
    role: Literal["analyst"] = "analyst"
    query: Query


class ScorerTask(Task):
    role: Literal["scorer"] = "scorer"
    #: What the question says about the customer (column → value); the rest is assumed typical.
    stated: dict[str, Any]
    #: A what-if: the same customer with these values changed.
    what_if: dict[str, Any] | None = None


class ResearcherTask(Task):
    role: Literal["researcher"] = "researcher"
    question: str


class OfferTask(Task):
    """The one side effect: queue a retention offer for a customer (always asks a human)."""

    role: Literal["offer"] = "offer"
    customer_id: str = Field(pattern=r"^\d{4}-[A-Z]{5}$")


class ExternalTask(Task):
    """A tool loaded from another MCP server (by configuration), called with the clause's text
    as its one text argument."""

    role: Literal["external"] = "external"
    tool: str
    argument: str
    text: str


SubTask = Annotated[
    AnalystTask | ScorerTask | ResearcherTask | OfferTask | ExternalTask,
    Field(discriminator="role"),
]


class Refused(BaseModel):
    """A part of the question that was understood as a task but names something that cannot be
    used (a condition the table does not record, a value outside the contract): said so."""

    model_config = ConfigDict(extra="forbid")

    ask: str
    phrase: str
    reason: str


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tasks: list[SubTask]
    #: Parts of the question no role could take (said so in the answer, never guessed).
    unrouted: list[str] = []
    #: Parts refused, naming the phrase that could not be used (never a wider answer).
    refused: list[Refused] = []
    #: Why there is no plan, when the planner itself failed.
    failed: str | None = None
