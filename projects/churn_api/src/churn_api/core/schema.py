"""The customer record: one source of truth for field names, categories and limits.

Pure Python (no pandas) so the serving path imports it cheaply. The pandera contract
(`core.contract`) and the API schema (`api.schemas`) are both derived from these definitions.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

YesNo = Literal["Yes", "No"]
Gender = Literal["Female", "Male"]
SeniorFlag = Literal[0, 1]
MultipleLines = Literal["Yes", "No", "No phone service"]
InternetService = Literal["DSL", "Fiber optic", "No"]
InternetAddon = Literal["Yes", "No", "No internet service"]
Contract = Literal["Month-to-month", "One year", "Two year"]
PaymentMethod = Literal[
    "Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"
]

_CATEGORY_TYPES: Final = {
    "gender": Gender,
    "SeniorCitizen": SeniorFlag,
    "Partner": YesNo,
    "Dependents": YesNo,
    "PhoneService": YesNo,
    "MultipleLines": MultipleLines,
    "InternetService": InternetService,
    "OnlineSecurity": InternetAddon,
    "OnlineBackup": InternetAddon,
    "DeviceProtection": InternetAddon,
    "TechSupport": InternetAddon,
    "StreamingTV": InternetAddon,
    "StreamingMovies": InternetAddon,
    "Contract": Contract,
    "PaperlessBilling": YesNo,
    "PaymentMethod": PaymentMethod,
}

#: Allowed values of every categorical field, in a fixed order (the one-hot order).
CATEGORIES: Final[dict[str, tuple[str | int, ...]]] = {
    name: get_args(kind) for name, kind in _CATEGORY_TYPES.items()
}
CATEGORICAL: Final = tuple(CATEGORIES)
NUMERIC: Final = ("tenure", "MonthlyCharges", "TotalCharges")
FEATURES: Final = CATEGORICAL + NUMERIC
ID_COLUMN: Final = "customerID"
TARGET: Final = "Churn"
#: Column order of the source CSV.
COLUMNS: Final = (
    ID_COLUMN,
    "gender",
    "SeniorCitizen",
    "Partner",
    "Dependents",
    "tenure",
    "PhoneService",
    "MultipleLines",
    "InternetService",
    "OnlineSecurity",
    "OnlineBackup",
    "DeviceProtection",
    "TechSupport",
    "StreamingTV",
    "StreamingMovies",
    "Contract",
    "PaperlessBilling",
    "PaymentMethod",
    "MonthlyCharges",
    "TotalCharges",
    TARGET,
)

# Plausibility limits shared by the data contract and the API (months, currency per month/total).
TENURE_MAX: Final = 600
MONTHLY_CHARGES_MAX: Final = 10_000.0
TOTAL_CHARGES_MAX: Final = 10_000_000.0


def impute_total_charges(tenure: int, monthly: float, total: float | None) -> float:
    """The source leaves TotalCharges blank for customers in their first month (tenure 0):
    nothing has been billed yet, so 0; otherwise tenure × monthly is the best estimate."""
    if total is not None:
        return total
    return float(tenure) * monthly
