"""Data contracts (pandera) for the Telco churn table, raw as read and clean as trained on."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from churn_api.core.schema import (
    CATEGORIES,
    COLUMNS,
    ID_COLUMN,
    MONTHLY_CHARGES_MAX,
    TARGET,
    TENURE_MAX,
    TOTAL_CHARGES_MAX,
)


def _category_columns() -> dict[str, pa.Column]:
    return {
        name: pa.Column(int if name == "SeniorCitizen" else str, pa.Check.isin(list(values)))
        for name, values in CATEGORIES.items()
    }


def _blank_total_only_when_new(df: pd.DataFrame) -> pd.Series:
    """TotalCharges may be blank only for customers with tenure 0 (nothing billed yet)."""
    return ~df["TotalCharges"].isna() | (df["tenure"] == 0)


def _total_covers_monthly(df: pd.DataFrame) -> pd.Series:
    """A customer billed for at least one month has paid at least ~one monthly charge."""
    known = df["TotalCharges"].notna() & (df["tenure"] > 0)
    return ~known | (df["TotalCharges"] >= 0.5 * df["MonthlyCharges"])


#: The table as read from the CSV (blank TotalCharges read as missing).
RawTelco = pa.DataFrameSchema(
    {
        ID_COLUMN: pa.Column(str, unique=True, nullable=False),
        **_category_columns(),
        "tenure": pa.Column(int, pa.Check.in_range(0, TENURE_MAX)),
        "MonthlyCharges": pa.Column(float, pa.Check.in_range(0, MONTHLY_CHARGES_MAX)),
        "TotalCharges": pa.Column(float, pa.Check.in_range(0, TOTAL_CHARGES_MAX), nullable=True),
        TARGET: pa.Column(str, pa.Check.isin(["Yes", "No"])),
    },
    checks=[
        pa.Check(_blank_total_only_when_new, error="TotalCharges blank while tenure > 0"),
        pa.Check(_total_covers_monthly, error="TotalCharges below half a MonthlyCharges"),
    ],
    strict=True,
    ordered=False,
    coerce=False,
    name="RawTelco",
)

#: The table a model is trained on: no missing values, a 0/1 target.
CleanTelco = RawTelco.update_columns(
    {
        "TotalCharges": {"nullable": False},
        TARGET: {"dtype": int, "checks": [pa.Check.isin([0, 1])]},
    }
)
CleanTelco.name = "CleanTelco"

EXPECTED_COLUMNS = list(COLUMNS)
