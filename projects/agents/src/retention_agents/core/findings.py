"""What each role hands the writer: its tool output (the only source of figures), its citations,
and whether it succeeded.

A finding is one of five models, one per role, told apart by `role` (`RoleFinding`, a
discriminated union): each names the keys its role's tool output may hold (`AnalystOutput`, ...;
a call that failed holds none, so every key is optional, and no other key is accepted). The
outputs stay JSON objects, so the writer and the checker read any finding through the base
`Finding`, whose output is a plain `dict[str, Any]`."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, with_config
from typing_extensions import TypedDict, TypeVar

from retention_agents.core.plan import Role


class Citation(BaseModel):
    """A source rag_qa cited (its `id` is the `[n]` marker in its answer)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    number: int = Field(validation_alias=AliasChoices("id", "number"))
    source: str
    section: str | None = None
    quote: str | None = None


@with_config(extra="forbid")
class AnalystOutput(TypedDict, total=False):
    query: dict[str, Any]  # the semantic-layer query, as JSON
    sql: str  # what it compiled to (both sides' statements for a comparison)
    rows: list[dict[str, Any]]  # column → value, one per result row
    sides: list[list[dict[str, Any]]]  # a comparison: each side's rows
    difference: float  # a comparison: first side minus second


@with_config(extra="forbid")
class WhatIf(TypedDict, total=False):
    changes: dict[str, Any]
    probability: float
    difference: float  # what-if minus as-is


@with_config(extra="forbid")
class ScorerOutput(TypedDict, total=False):
    customer: dict[str, Any]  # the fields churn_api scored
    stated: list[str]  # fields the question gave
    assumed: list[str]  # fields taken from the typical customer
    probability: float
    threshold: float
    flagged: bool
    model_version: str
    what_if: WhatIf


@with_config(extra="forbid")
class ResearcherOutput(TypedDict, total=False):
    answer: str
    supported: bool


@with_config(extra="forbid")
class OfferOutput(TypedDict, total=False):
    customerID: str
    approved: bool
    queued: bool


@with_config(extra="forbid")
class ExternalOutput(TypedDict, total=False):
    tool: str
    output: str


#: A role's tool output; the base `Finding` reads any output as a JSON object.
OutputT = TypeVar("OutputT", default=dict[str, Any])


class Finding(BaseModel, Generic[OutputT]):
    model_config = ConfigDict(extra="forbid")

    task: int  # the sub-task's index in the plan
    role: Role
    ask: str
    ok: bool
    # A TypedDict output defaults to `{}`: a failed call has no output (every key is optional).
    data: OutputT = Field(default_factory=dict)  # type: ignore[assignment]
    citations: list[Citation] = []
    error: str | None = None
    tool_calls: int = 0


class AnalystFinding(Finding[AnalystOutput]):
    role: Literal["analyst"] = "analyst"


class ScorerFinding(Finding[ScorerOutput]):
    role: Literal["scorer"] = "scorer"


class ResearcherFinding(Finding[ResearcherOutput]):
    role: Literal["researcher"] = "researcher"


class OfferFinding(Finding[OfferOutput]):
    role: Literal["offer"] = "offer"


class ExternalFinding(Finding[ExternalOutput]):
    role: Literal["external"] = "external"


RoleFinding = Annotated[
    AnalystFinding | ScorerFinding | ResearcherFinding | OfferFinding | ExternalFinding,
    Field(discriminator="role"),
]
