"""HTTP clients of the two services the loop drives: churn_api and the drift monitor."""

from __future__ import annotations

from typing import Any

import httpx
import numpy as np
import pandas as pd

from churn_api.core.schema import TARGET


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

    def predict(self, frame: pd.DataFrame, chunk: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        rows = customers(frame)
        for i in range(0, len(rows), chunk):
            r = self.churn.post("/predict/batch", json={"instances": rows[i : i + chunk]})
            r.raise_for_status()
            out.extend(r.json()["predictions"])
        return out

    def outcomes(self, ids: list[str], churned: np.ndarray) -> dict[str, Any]:
        body = {
            "outcomes": [
                {"customerID": i, "churned": bool(c)} for i, c in zip(ids, churned, strict=True)
            ]
        }
        r = self.churn.post("/ab/outcomes", json=body)
        r.raise_for_status()
        result: dict[str, Any] = r.json()
        return result

    def drift(self, index: int, frame: pd.DataFrame) -> dict[str, Any]:
        rows = frame.to_dict(orient="records")
        r = self.monitor.post("/drift/check", json={"window": index, "customers": rows})
        r.raise_for_status()
        report: dict[str, Any] = r.json()
        return report

    def analyze(self, body: dict[str, Any]) -> dict[str, Any]:
        r = self.monitor.post("/ab/analyze", json=body)
        r.raise_for_status()
        analysis: dict[str, Any] = r.json()
        return analysis

    def get(self, path: str) -> dict[str, Any]:
        r = self.churn.get(path)
        r.raise_for_status()
        body: dict[str, Any] = r.json()
        return body

    def reload(self) -> None:
        self.churn.post("/model/reload")
