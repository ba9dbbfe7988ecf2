"""Feature pipelines (scikit-learn) and their compilation into serving specs.

The champion family is a logistic GAM: one-hot categoricals, `log1p → standardise → cubic
B-spline` per numeric field, and two named interactions that the data supports (new
month-to-month customers leave; fibre customers are price-sensitive). Everything is fit inside
the pipeline, so cross-validation refits it per fold (no leakage).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    OneHotEncoder,
    SplineTransformer,
    StandardScaler,
)

from churn_api.core.hyperparams import GamConfig
from churn_api.core.schema import CATEGORICAL, CATEGORIES, NUMERIC


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts: the shape the serving scorers take."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


@dataclass(frozen=True)
class Interaction:
    """`factor · g(numeric) · [categorical == level]`, g = log1p or identity."""

    numeric: str
    categorical: str
    level: str
    log1p: bool
    factor: float

    @property
    def name(self) -> str:
        return f"{self.numeric}×{self.categorical}"


INTERACTIONS = (
    Interaction("tenure", "Contract", "Month-to-month", log1p=True, factor=1.0),
    Interaction("MonthlyCharges", "InternetService", "Fiber optic", log1p=False, factor=0.01),
)
_INTERACTION_INPUTS = sorted({c for i in INTERACTIONS for c in (i.numeric, i.categorical)})


def interaction_features(frame: pd.DataFrame) -> np.ndarray:
    """One column per interaction, in `INTERACTIONS` order."""
    columns = []
    for inter in INTERACTIONS:
        x = frame[inter.numeric].to_numpy(dtype=float)
        g = np.log1p(x) if inter.log1p else x
        columns.append(inter.factor * g * (frame[inter.categorical].to_numpy() == inter.level))
    return np.column_stack(columns)


def _one_hot() -> OneHotEncoder:
    return OneHotEncoder(
        categories=[list(CATEGORIES[c]) for c in CATEGORICAL],
        handle_unknown="error",
        sparse_output=False,
    )


def gam_pipeline(cfg: GamConfig, seed: int) -> Pipeline:
    """The champion candidate: a spline logistic GAM with named interactions."""
    numeric = Pipeline(
        [
            ("log1p", FunctionTransformer(np.log1p, feature_names_out="one-to-one")),
            ("scale", StandardScaler()),
            (
                "spline",
                SplineTransformer(n_knots=cfg.n_knots, degree=cfg.degree, extrapolation="constant"),
            ),
        ]
    )
    features = ColumnTransformer(
        [
            ("cat", _one_hot(), list(CATEGORICAL)),
            ("num", numeric, list(NUMERIC)),
            ("inter", FunctionTransformer(interaction_features), _INTERACTION_INPUTS),
        ],
        verbose_feature_names_out=False,
    )
    model = LogisticRegression(C=cfg.C, max_iter=5000, random_state=seed)
    return Pipeline([("features", features), ("model", model)])


def baseline_pipeline(seed: int) -> Pipeline:
    """The reference: plain one-hot + standardised numerics + logistic regression."""
    features = ColumnTransformer(
        [
            ("cat", _one_hot(), list(CATEGORICAL)),
            ("num", StandardScaler(), list(NUMERIC)),
        ]
    )
    return Pipeline(
        [("features", features), ("model", LogisticRegression(max_iter=5000, random_state=seed))]
    )


def dense_encoder() -> ColumnTransformer:
    """Inputs for the neural challenger: one-hot categoricals and log1p-standardised numerics."""
    numeric = Pipeline(
        [
            ("log1p", FunctionTransformer(np.log1p, feature_names_out="one-to-one")),
            ("scale", StandardScaler()),
        ]
    )
    return ColumnTransformer(
        [("cat", _one_hot(), list(CATEGORICAL)), ("num", numeric, list(NUMERIC))]
    )


def compile_gam(pipeline: Pipeline, train: pd.DataFrame) -> dict[str, Any]:
    """The additive spec `AdditiveScorer.from_spec` serves: lookup tables per category,
    B-spline coefficients per numeric field, interaction weights, and each term's mean over
    `train` (the baseline contributions are measured against)."""
    features: ColumnTransformer = pipeline.named_steps["features"]
    lr: LogisticRegression = pipeline.named_steps["model"]
    w = lr.coef_.ravel()
    blocks = features.output_indices_
    encoder: OneHotEncoder = features.named_transformers_["cat"]
    cat_w = w[blocks["cat"]]
    categorical: dict[str, dict[str, float]] = {}
    offset = 0
    for name, cats in zip(CATEGORICAL, encoder.categories_, strict=True):
        categorical[name] = {str(c): float(cat_w[offset + j]) for j, c in enumerate(cats)}
        offset += len(cats)
    num_pipe: Pipeline = features.named_transformers_["num"]
    scaler: StandardScaler = num_pipe.named_steps["scale"]
    spline: SplineTransformer = num_pipe.named_steps["spline"]
    num_w = w[blocks["num"]]
    numeric: dict[str, dict[str, Any]] = {}
    offset = 0
    for j, name in enumerate(NUMERIC):
        bspl = spline.bsplines_[j]
        n_basis = len(bspl.t) - bspl.k - 1
        numeric[name] = {
            "log1p": True,
            "mean": float(scaler.mean_[j]),
            "scale": float(scaler.scale_[j]),
            "knots": [float(v) for v in bspl.t],
            "degree": int(bspl.k),
            "coef": [float(v) for v in num_w[offset : offset + n_basis]],
        }
        offset += n_basis
    inter_w = w[blocks["inter"]]
    interactions = [
        {
            "name": i.name,
            "numeric": i.numeric,
            "log1p": i.log1p,
            "factor": i.factor,
            "categorical": i.categorical,
            "level": i.level,
            "weight": float(inter_w[k]),
        }
        for k, i in enumerate(INTERACTIONS)
    ]
    spec: dict[str, Any] = {
        "intercept": float(lr.intercept_[0]),
        "categorical": categorical,
        "numeric": numeric,
        "interactions": interactions,
        "baseline": {},
    }
    spec["baseline"] = _term_means(spec, train)
    return spec


def _term_means(spec: dict[str, Any], train: pd.DataFrame) -> dict[str, float]:
    from churn_api.core.scorer import AdditiveScorer

    zero = {
        **spec,
        "baseline": dict.fromkeys(
            [*spec["categorical"], *spec["numeric"], *(i["name"] for i in spec["interactions"])],
            0.0,
        ),
    }
    scorer = AdditiveScorer.from_spec(zero)
    sums: dict[str, float] = {}
    for row in records(train):
        for c in scorer.terms(row)[1]:
            sums[c.feature] = sums.get(c.feature, 0.0) + c.contribution
    return {k: v / len(train) for k, v in sums.items()}


def compile_dense_encoder(encoder: ColumnTransformer, train: pd.DataFrame) -> dict[str, Any]:
    """The encoding `OnnxScorer` applies in Python, plus the occlusion baseline row
    (most frequent category, median numeric value)."""
    one_hot: OneHotEncoder = encoder.named_transformers_["cat"]
    scaler: StandardScaler = encoder.named_transformers_["num"].named_steps["scale"]
    baseline: dict[str, Any] = {c: str(train[c].mode().iloc[0]) for c in CATEGORICAL}
    baseline.update({n: float(train[n].median()) for n in NUMERIC})
    # Lists, not dicts: the encoding order must survive JSON round trips with sorted keys.
    return {
        "categorical": [
            {"name": n, "categories": [str(c) for c in cats]}
            for n, cats in zip(CATEGORICAL, one_hot.categories_, strict=True)
        ],
        "numeric": [
            {
                "name": n,
                "log1p": True,
                "mean": float(scaler.mean_[j]),
                "scale": float(scaler.scale_[j]),
            }
            for j, n in enumerate(NUMERIC)
        ],
        "baseline_row": baseline,
    }
