"""The MLflow pyfunc face of a serving bundle.

`mlflow.pyfunc.load_model("models:/churn-classifier@champion")` scores a DataFrame with the same
scorer the service uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from mlflow.pyfunc.model import PythonModel

from churn_api.io.bundle_files import Bundle, load_bundle


class ChurnBundleModel(PythonModel):
    def load_context(self, context: Any) -> None:
        self.bundle: Bundle = load_bundle(Path(context.artifacts["bundle"]))

    def predict(
        self, context: Any, model_input: pd.DataFrame, params: dict[str, Any] | None = None
    ) -> pd.DataFrame:
        rows = [{str(k): v for k, v in r.items()} for r in model_input.to_dict(orient="records")]
        for row in rows:
            if row.get("TotalCharges") is not None and pd.isna(row["TotalCharges"]):
                row["TotalCharges"] = None
        scored = self.bundle.scorer.score_many(rows, top_k=0)
        probability = [s.probability for s in scored]
        return pd.DataFrame(
            {
                "churn_probability": probability,
                "churn": [int(p >= self.bundle.threshold) for p in probability],
            }
        )
