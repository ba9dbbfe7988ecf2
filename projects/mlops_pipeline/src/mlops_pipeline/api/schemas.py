"""Request models of the monitor API. Customers are churn_api's request schema (from its
`core`), extended with the delayed label."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from churn_api.core.customer import Customer


class LabelledCustomer(Customer):
    """A customer as churn_api takes it, with the delayed label when it is known."""

    Churn: int | None = Field(None, ge=0, le=1, description="1 churned, 0 stayed; null: unknown")


class DriftWindow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window: int | None = Field(None, description="a caller's window number, echoed back")
    customers: list[LabelledCustomer] = Field(min_length=50, max_length=100_000)


class ReferenceSample(BaseModel):
    """A new reference: labelled customers the current champion should expect (e.g. the recent
    production windows it was retrained on)."""

    model_config = ConfigDict(extra="forbid")

    customers: list[LabelledCustomer] = Field(min_length=200, max_length=100_000)


class ArmCounts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customers: int = Field(ge=0, description="customers with a joined outcome")
    successes: int = Field(ge=0, description="customers with the metric's event (e.g. churned)")


class AbRequest(BaseModel):
    """Running totals of an A/B test on a binary business metric (default: churn rate)."""

    model_config = ConfigDict(extra="forbid")

    experiment: str = Field(min_length=1, max_length=128)
    champion: ArmCounts
    challenger: ArmCounts
    mde: float = Field(-0.03, description="smallest change worth detecting (absolute)")
    lower_is_better: bool = True
    require: Literal["not_worse", "better"] = "not_worse"
    alpha: float = Field(0.05, gt=0, lt=0.5)


class ReferenceReceipt(BaseModel):
    reference_rows: int
