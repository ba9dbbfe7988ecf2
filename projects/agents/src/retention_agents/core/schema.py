"""The customer table the analyst may query: its columns, their kinds and their levels (the data
contract of the IBM Telco data, checked against the real file by the data tests)."""

from __future__ import annotations

TABLE = "customers"
ID_COLUMN = "customerID"
#: 1 when the customer churned, 0 otherwise (the CSV's Yes/No).
TARGET = "Churn"

_YES_NO = ("No", "Yes")
_ADDON = ("No", "No internet service", "Yes")

#: Categorical columns and every level they take: the only values a filter may name.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "gender": ("Female", "Male"),
    "SeniorCitizen": ("0", "1"),
    "Partner": _YES_NO,
    "Dependents": _YES_NO,
    "PhoneService": _YES_NO,
    "MultipleLines": ("No", "No phone service", "Yes"),
    "InternetService": ("DSL", "Fiber optic", "No"),
    "OnlineSecurity": _ADDON,
    "OnlineBackup": _ADDON,
    "DeviceProtection": _ADDON,
    "TechSupport": _ADDON,
    "StreamingTV": _ADDON,
    "StreamingMovies": _ADDON,
    "Contract": ("Month-to-month", "One year", "Two year"),
    "PaperlessBilling": _YES_NO,
    "PaymentMethod": (
        "Bank transfer (automatic)",
        "Credit card (automatic)",
        "Electronic check",
        "Mailed check",
    ),
}
#: Numeric columns: what `mean`, `median`, `sum`, `min` and `max` may aggregate. TotalCharges is
#: missing (blank in the CSV) for the 11 customers with tenure 0.
MEASURES: tuple[str, ...] = ("tenure", "MonthlyCharges", "TotalCharges")
COLUMNS: tuple[str, ...] = (ID_COLUMN, *DIMENSIONS, *MEASURES, TARGET)

#: The level that means a customer has a yes/no service or trait ("with tech support").
HAS = "Yes"
#: Columns a customer has or lacks: every dimension with a "Yes" level, and internet (any level
#: but "No"). "Without X" means X is not "Yes" (so it includes "No internet service").
SERVICES: tuple[str, ...] = tuple(c for c, levels in DIMENSIONS.items() if HAS in levels)
#: Valid ranges of the measures, as churn_api's contract states them (a stated value outside is
#: refused, never clipped); the data's own ranges are narrower (tenure 0–72 months).
MEASURE_RANGES: dict[str, tuple[float, float]] = {
    "tenure": (0, 600),
    "MonthlyCharges": (0, 10_000.0),
    "TotalCharges": (0, 10_000_000.0),
}
MEASURE_UNITS: dict[str, str] = {
    "tenure": "months",
    "MonthlyCharges": "dollars a month",
    "TotalCharges": "dollars",
}
#: Measures that may be missing (blank in the CSV).
NULLABLE: tuple[str, ...] = ("TotalCharges",)
