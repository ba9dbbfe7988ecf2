"""The churn service plus a naive baseline endpoint, for the benchmark only.

`/predict/naive` does what a first implementation usually does: build a one-row DataFrame and
call the fitted scikit-learn Pipeline. The Pipeline is refit here with the champion's recipe on
the same data and split; `bench_serving.py` checks both paths return the same probabilities.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from fastapi import FastAPI
from sklearn.model_selection import train_test_split

from churn_api.api.app import create_app
from churn_api.api.schemas import Customer
from churn_api.config import ChurnSettings
from churn_api.core.features import gam_pipeline
from churn_api.core.hyperparams import GamConfig
from churn_api.core.schema import FEATURES, TARGET
from churn_api.io.data import load


def fitted_pipeline(seed: int = 42):  # type: ignore[no-untyped-def]
    frame = load().frame
    X, y = frame[list(FEATURES)], frame[TARGET].to_numpy()
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)
    return gam_pipeline(GamConfig(), seed).fit(X_train, y_train)


def create_bench_app() -> FastAPI:
    settings = ChurnSettings(model_path=Path(os.environ["BENCH_BUNDLE"]), reload_interval_s=0)
    app = create_app(settings)
    pipeline = fitted_pipeline()

    @app.post("/predict/naive")
    async def predict_naive(customer: Customer) -> dict[str, float]:
        row = pd.DataFrame([customer.model_dump(exclude={"customerID"})])
        row["TotalCharges"] = row["TotalCharges"].fillna(row["tenure"] * row["MonthlyCharges"])
        return {"churn_probability": float(pipeline.predict_proba(row[list(FEATURES)])[0, 1])}

    return app
