"""HTTP clients of the two services the loop drives, churn_api and the drift monitor, with the
fields the loop reads typed (unknown fields are ignored: the services may answer more)."""

from __future__ import annotations

from typing import Any, Literal

import httpx
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from churn_api.core.schema import TARGET

Variant = Literal["champion", "challenger"]


class Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ScoredCustomer(Answer):
    customerID: str | None  # noqa: N815 (the dataset's column name)
    churn_probability: float
    variant: Variant


class Receipt(Answer):
    joined: int


class TestOutcome(Answer):
    name: str
    psi: float


class DriftVerdict(Answer):
    drifted: bool
    drifted_features: list[str]
    results: list[TestOutcome]


class ArmTotals(Answer):
    outcomes: int
    churned: int


class AbTotals(Answer):
    share: float
    champion: ArmTotals
    challenger: ArmTotals

    def arm(self, variant: Variant) -> ArmTotals:
        return self.champion if variant == "champion" else self.challenger


class TwoProportion(Answer):
    rate_a: float
    rate_b: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float


class AbAnalysis(Answer):
    test: TwoProportion
    sequential_p_value: float
    horizon_per_arm: int
    decision: str
    reason: str


class ServedModel(Answer):
    version: str
    metrics: dict[str, float]


class Readiness(Answer):
    challenger_version: str | None = None  # churn_api
    rebased_for: str | None = None  # the monitor
    reference_rows: int | None = None  # the monitor


def customers(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Labelled rows as churn_api's request bodies (the label dropped)."""
    return [
        {str(k): v for k, v in row.items()}
        for row in frame.drop(columns=[TARGET]).to_dict(orient="records")
    ]


class Services:
    def __init__(self, churn: str, monitor: str) -> None:
        self.churn = httpx.Client(base_url=churn, timeout=60)
        self.monitor = httpx.Client(base_url=monitor, timeout=60)

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        response.raise_for_status()
        return response.json()

    def predict(self, frame: pd.DataFrame, chunk: int) -> list[ScoredCustomer]:
        out: list[ScoredCustomer] = []
        rows = customers(frame)
        for i in range(0, len(rows), chunk):
            body = {"instances": rows[i : i + chunk]}
            answer = self._json(self.churn.post("/predict/batch", json=body))
            out.extend(ScoredCustomer.model_validate(p) for p in answer["predictions"])
        return out

    def outcomes(self, ids: list[str], churned: np.ndarray) -> Receipt:
        pairs = zip(ids, churned, strict=True)
        body = {"outcomes": [{"customerID": i, "churned": bool(c)} for i, c in pairs]}
        return Receipt.model_validate(self._json(self.churn.post("/ab/outcomes", json=body)))

    def ab_totals(self) -> AbTotals:
        return AbTotals.model_validate(self._json(self.churn.get("/ab/summary")))

    def model(self) -> ServedModel:
        return ServedModel.model_validate(self._json(self.churn.get("/model")))

    def churn_ready(self) -> Readiness:
        return Readiness.model_validate(self._json(self.churn.get("/ready")))

    def reload(self) -> None:
        self.churn.post("/model/reload")

    def drift(self, index: int, frame: pd.DataFrame) -> DriftVerdict:
        body = {"window": index, "customers": frame.to_dict(orient="records")}
        return DriftVerdict.model_validate(self._json(self.monitor.post("/drift/check", json=body)))

    def monitor_ready(self) -> Readiness:
        """Read even when not ready (a 503 carries the same fields)."""
        return Readiness.model_validate(self.monitor.get("/ready").json())

    def analyze(self, body: dict[str, Any]) -> AbAnalysis:
        return AbAnalysis.model_validate(self._json(self.monitor.post("/ab/analyze", json=body)))
