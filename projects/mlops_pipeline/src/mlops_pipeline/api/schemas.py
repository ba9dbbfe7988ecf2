"""Request models of the monitor API. Customers are churn_api's request schema (from its
`core`), extended with the delayed label."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from churn_api.core.customer import Customer


class LabelledCustomer(Customer):
    """A customer as churn_api takes it, with the delayed label when it is known."""

    # Lax like `tenure`: JSON Schema's "integer" includes 1.0; booleans and strings stay refused.
    Churn: int | None = Field(
        None, ge=0, le=1, strict=False, description="1 churned, 0 stayed; null: unknown"
    )

    @field_validator("Churn", mode="before")
    @classmethod
    def _label_is_a_json_integer(cls, value: object) -> object:
        return cls._json_integers_only(value)


class ReferenceCustomer(LabelledCustomer):
    """A reference row: the label is required."""

    Churn: int = Field(ge=0, le=1, strict=False, description="1 churned, 0 stayed")


class DriftWindow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window: int | None = Field(None, description="a caller's window number, echoed back")
    customers: list[LabelledCustomer] = Field(min_length=50, max_length=100_000)


class ReferenceSample(BaseModel):
    """A new reference: labelled customers the current champion should expect (e.g. the recent
    production windows it was retrained on)."""

    model_config = ConfigDict(extra="forbid")

    customers: list[ReferenceCustomer] = Field(
        min_length=200,
        max_length=100_000,
        description="labelled customers; both labels (churned and stayed) must occur",
    )


class ArmCounts(BaseModel):
    """One arm's totals; `successes` cannot exceed `customers` (a 422 naming the field)."""

    model_config = ConfigDict(extra="forbid")

    customers: int = Field(ge=0, description="customers with a joined outcome")
    successes: int = Field(ge=0, description="customers with the metric's event (e.g. churned)")


#: The smallest |mde| an A/B analysis accepts (0.01 percentage points).
MIN_MDE = 1e-4


class AbRequest(BaseModel):
    """Running totals of an A/B test on a binary business metric (default: churn rate)."""

    model_config = ConfigDict(extra="forbid")

    experiment: str = Field(min_length=1, max_length=128)
    champion: ArmCounts
    challenger: ArmCounts
    mde: float = Field(
        -0.03,
        gt=-1,
        lt=1,
        allow_inf_nan=False,
        description=f"smallest change worth detecting (absolute, larger than {MIN_MDE} in size; "
        "baseline + mde must stay strictly between 0 and 1)",
        json_schema_extra={"not": {"minimum": -MIN_MDE, "maximum": MIN_MDE}},
    )
    lower_is_better: bool = True
    require: Literal["not_worse", "better"] = "not_worse"
    #: Below 1e-6 the fixed-horizon sample size stops being a number (found by `make fuzz`).
    alpha: float = Field(0.05, ge=1e-6, lt=0.5)

    @field_validator("mde")
    @classmethod
    def _detectable(cls, mde: float) -> float:
        # smaller changes need more customers than can be counted (math.ceil(inf): a 500 once)
        if abs(mde) <= MIN_MDE:
            raise ValueError(f"mde must be larger than {MIN_MDE} in size")
        return mde


class ReferenceReceipt(BaseModel):
    reference_rows: int
