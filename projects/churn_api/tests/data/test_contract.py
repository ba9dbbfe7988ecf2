"""The data contract on the real IBM Telco file."""

from pathlib import Path

import pandas as pd
import pytest
from pandera.errors import SchemaErrors

from churn_api.core.contract import RawTelco
from churn_api.io import data as data_io
from churn_api.io.data import DataUnavailableError, Dataset


def test_packaged_file_is_the_known_copy() -> None:
    path = data_io.packaged_csv()
    assert data_io.file_sha256(path) == data_io.PACKAGED_SHA256


def test_shape_and_churn_rate(dataset: Dataset) -> None:
    assert dataset.frame.shape == (7043, 21)
    assert dataset.frame["Churn"].mean() == pytest.approx(0.2654, abs=5e-4)
    assert dataset.frame["customerID"].is_unique


def test_blank_total_charges_quirk() -> None:
    raw = data_io.read_raw(data_io.packaged_csv())
    blank = raw[raw["TotalCharges"].isna()]
    assert len(blank) == 11
    assert (blank["tenure"] == 0).all()
    assert (raw.loc[raw["tenure"] == 0, "TotalCharges"].isna()).all()


def test_clean_imputes_zero_for_new_customers(dataset: Dataset) -> None:
    new = dataset.frame[dataset.frame["tenure"] == 0]
    assert len(new) == 11
    assert (new["TotalCharges"] == 0).all()
    assert not dataset.frame.isna().any().any()


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return data_io.read_raw(data_io.packaged_csv())


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("tenure", -3, "in_range"),
        ("Contract", "Three year", "isin"),
        ("Churn", "Maybe", "isin"),
        ("MonthlyCharges", -1.0, "in_range"),
    ],
)
def test_contract_rejects_bad_values(raw: pd.DataFrame, column: str, value: object,
                                     message: str) -> None:
    bad = raw.head(50).copy()
    bad.loc[bad.index[3], column] = value
    with pytest.raises(SchemaErrors, match=message):
        RawTelco.validate(bad, lazy=True)


def test_contract_rejects_blank_total_for_tenured_customer(raw: pd.DataFrame) -> None:
    bad = raw.head(50).copy()
    bad.loc[bad.index[5], "TotalCharges"] = float("nan")
    bad.loc[bad.index[5], "tenure"] = 12
    with pytest.raises(SchemaErrors, match="blank while tenure"):
        RawTelco.validate(bad, lazy=True)


def test_contract_rejects_duplicate_ids_and_extra_columns(raw: pd.DataFrame) -> None:
    dup = pd.concat([raw.head(5), raw.head(1)])
    with pytest.raises(SchemaErrors):
        RawTelco.validate(dup, lazy=True)
    with pytest.raises(SchemaErrors):
        RawTelco.validate(raw.head(5).assign(extra=1), lazy=True)


def test_user_csv_of_the_same_schema(tmp_path: Path, raw: pd.DataFrame) -> None:
    path = tmp_path / "mine.csv"
    raw.head(300).to_csv(path, index=False)
    ds = data_io.load(path)
    assert len(ds.frame) == 300
    assert ds.source == str(path)


def test_missing_columns_are_named(tmp_path: Path, raw: pd.DataFrame) -> None:
    path = tmp_path / "bad.csv"
    raw.drop(columns=["Contract"]).head(10).to_csv(path, index=False)
    with pytest.raises(ValueError, match="Contract"):
        data_io.load(path)


def test_clear_error_without_any_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_io, "PACKAGE", "not-an-installed-package")
    with pytest.raises(DataUnavailableError, match="--data PATH"):
        data_io.packaged_csv()
    with pytest.raises(DataUnavailableError, match="no such file"):
        data_io.load(Path("/nonexistent.csv"))


def test_checksum_mismatch_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_io, "PACKAGED_SHA256", "0" * 64)
    with pytest.raises(DataUnavailableError, match="does not match"):
        data_io.packaged_csv()
