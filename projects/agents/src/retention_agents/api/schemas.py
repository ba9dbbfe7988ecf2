"""Request models of the agents API (the answer is `core.result.RunResult`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Decision(BaseModel):
    """A human's answer to a run that waits for an approval."""

    model_config = ConfigDict(extra="forbid")

    approve: bool = Field(description="true: do it (queue the offer); false: do not")


class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1,
        max_length=2000,
        pattern=r"\S",  # not only blanks: the schema says what the route refuses
        description="a business question",
    )
    thread_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_\-]+$",
        description="continue (or name) a thread; a new one when absent",
    )
    user_id: str = Field(
        "anonymous",
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_\-.@]+$",
        description="whose long-term memory the run reads and adds to",
    )
