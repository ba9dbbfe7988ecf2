"""One customer as the model takes it: the request schema of churn_api's `/predict` and of
every client that posts customers (a drift monitor extends it with the label)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from churn_api.core.schema import (
    MONTHLY_CHARGES_MAX,
    TENURE_MAX,
    TOTAL_CHARGES_MAX,
    Contract,
    Gender,
    InternetAddon,
    InternetService,
    MultipleLines,
    PaymentMethod,
    SeniorFlag,
    YesNo,
)

EXAMPLE_CUSTOMER: dict[str, Any] = {
    "customerID": "7590-VHVEG",
    "gender": "Female",
    "SeniorCitizen": 0,
    "Partner": "Yes",
    "Dependents": "No",
    "tenure": 1,
    "PhoneService": "No",
    "MultipleLines": "No phone service",
    "InternetService": "DSL",
    "OnlineSecurity": "No",
    "OnlineBackup": "Yes",
    "DeviceProtection": "No",
    "TechSupport": "No",
    "StreamingTV": "No",
    "StreamingMovies": "No",
    "Contract": "Month-to-month",
    "PaperlessBilling": "Yes",
    "PaymentMethod": "Electronic check",
    "MonthlyCharges": 29.85,
    "TotalCharges": 29.85,
}


class Customer(BaseModel):
    """One customer as in the IBM Telco data. Unknown fields are refused."""

    # strict: no silent coercion (false -> 0.0, "12" -> 12, 3.0 -> 3); a typo is a 422, not a guess
    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [EXAMPLE_CUSTOMER]}
    )

    customerID: str | None = Field(  # noqa: N815 (the dataset's column name)
        None, max_length=64, description="ignored by the model"
    )
    gender: Gender
    SeniorCitizen: SeniorFlag
    Partner: YesNo
    Dependents: YesNo
    # JSON Schema's "integer" includes 12.0, so tenure is lax (12.0 -> 12, 12.5 refused) while the
    # validator below still refuses booleans and strings.
    tenure: int = Field(ge=0, le=TENURE_MAX, strict=False, description="months with the company")
    PhoneService: YesNo
    MultipleLines: MultipleLines
    InternetService: InternetService
    OnlineSecurity: InternetAddon
    OnlineBackup: InternetAddon
    DeviceProtection: InternetAddon
    TechSupport: InternetAddon
    StreamingTV: InternetAddon
    StreamingMovies: InternetAddon
    Contract: Contract
    PaperlessBilling: YesNo
    PaymentMethod: PaymentMethod
    MonthlyCharges: float = Field(ge=0, le=MONTHLY_CHARGES_MAX, allow_inf_nan=False)
    TotalCharges: float | None = Field(
        None,
        ge=0,
        le=TOTAL_CHARGES_MAX,
        allow_inf_nan=False,
        description="blank for new customers; imputed as tenure × MonthlyCharges when missing",
    )

    @field_validator("SeniorCitizen", "tenure", mode="before")
    @classmethod
    def _json_integers_only(cls, value: object) -> object:
        # bool is an int subclass, so Literal[0, 1] and lax int would take true/false.
        if isinstance(value, bool | str):
            raise ValueError(f"must be a JSON integer, not {type(value).__name__}")
        return value
