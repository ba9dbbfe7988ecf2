"""Request and response models. Field names follow the source CSV so a data row posts as-is."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from churn_api.core.customer import EXAMPLE_CUSTOMER, Customer

__all__ = ["EXAMPLE_CUSTOMER", "Customer"]

HARD_MAX_BATCH = 10_000


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instances: list[Customer] = Field(min_length=1, max_length=HARD_MAX_BATCH)


class FeatureContribution(BaseModel):
    feature: str
    value: str | int | float
    contribution: float = Field(description="logit-scale effect against the training average")


class Prediction(BaseModel):
    customerID: str | None  # noqa: N815 (the dataset's column name)
    churn_probability: float
    churn: bool = Field(description="probability ≥ the campaign-tuned threshold")
    threshold: float
    model_version: str
    variant: Literal["champion", "challenger"] = Field(
        description="which model scored this customer (sticky by customerID during an A/B test)"
    )
    top_features: list[FeatureContribution]


class BatchPrediction(BaseModel):
    model_version: str = Field(description="the champion's version")
    predictions: list[Prediction]


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    customerID: str = Field(min_length=1, max_length=64)  # noqa: N815 (the dataset's column name)
    churned: bool = Field(description="did the customer churn (after any retention offer)")


class OutcomeBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcomes: list[Outcome] = Field(min_length=1, max_length=HARD_MAX_BATCH)


class OutcomeReceipt(BaseModel):
    joined: int
    unknown_count: int = Field(description="customers with no prediction on record")
    unknown: list[str] = Field(description="the first 100 unknown customerIDs")


class VariantSummary(BaseModel):
    version: str | None
    predictions: int
    flagged: int = Field(description="customers above the threshold (retention offers)")
    outcomes: int = Field(description="predictions with a joined outcome")
    churned: int
    flagged_churned: int
    churned_unflagged: int


class AbSummary(BaseModel):
    share: float = Field(description="configured share of customers sent to the challenger")
    salt: str
    champion: VariantSummary
    challenger: VariantSummary


class ModelInfo(BaseModel):
    name: str
    alias: str | None
    version: str
    source: str
    kind: str
    candidate: str | None
    description: str | None
    threshold: float
    trained_at: str | None
    run_id: str | None
    loaded_at: str
    metrics: dict[str, float]
    costs: dict[str, float] | None
