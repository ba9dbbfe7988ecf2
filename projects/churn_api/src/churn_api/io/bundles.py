"""Serving bundles compiled from fitted candidates: written, loaded back and checked against the
model they came from, before anything registers them."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from churn_api.core.candidates import DESCRIPTIONS
from churn_api.core.evaluation import CampaignCosts
from churn_api.core.features import compile_dense_encoder, compile_gam, records
from churn_api.core.lifecycle import CVResult
from churn_api.io.bundle_files import Bundle, load_bundle, write_bundle

#: Largest |served − trained| probability a bundle may differ by.
MAX_ABS_DIFF = 1e-4


@dataclass(frozen=True)
class BuiltBundle:
    """A serving bundle written and verified against the model it was compiled from."""

    path: Path
    manifest_sha256: str
    kind: str
    max_abs_diff: float

    def load(self) -> Bundle:
        return load_bundle(self.path, self.manifest_sha256)


def served_scores(bundle: Bundle, X: pd.DataFrame) -> np.ndarray:
    """Churn probabilities of `X` as the service computes them."""
    return np.array([s.probability for s in bundle.scorer.score_many(records(X), 0)])


def bundle_metadata(
    name: str,
    run_id: str,
    cv: CVResult,
    test: dict[str, float],
    costs: CampaignCosts,
    data_sha256: str,
) -> dict[str, Any]:
    """What a bundle carries about its training (served on `/model`)."""
    return {
        "candidate": name,
        "description": DESCRIPTIONS[name],
        "run_id": run_id,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data_sha256": data_sha256,
        "costs": costs.model_dump(),
        "metrics": {
            "cv_roc_auc": cv.roc_auc.mean,
            "cv_roc_auc_std": cv.roc_auc.std,
            "cv_brier": cv.brier.mean,
            **{f"test_{k}": v for k, v in test.items()},
        },
    }


def build_bundle(
    name: str,
    model: BaseEstimator,
    X_train: pd.DataFrame,
    X_check: pd.DataFrame,
    threshold: float,
    meta: dict[str, Any],
    out: Path,
) -> BuiltBundle:
    """Compile a fitted candidate into a checksummed serving bundle at `out`, then load it back
    and check that the served scorer reproduces the model on `X_check`."""
    if name == "gam":
        manifest_sha = write_bundle(out, "additive", compile_gam(model, X_train), threshold, meta)
    elif name == "mlp":
        from churn_api.core.mlp import TorchMLPClassifier

        assert isinstance(model, TorchMLPClassifier)
        with tempfile.TemporaryDirectory() as tmp:
            onnx_path = Path(tmp) / "model.onnx"
            model.export_onnx(onnx_path)
            spec = {
                "file": "model.onnx",
                "preprocess": compile_dense_encoder(model.encoder_, X_train),
            }
            manifest_sha = write_bundle(
                out, "onnx", spec, threshold, meta, files={"model.onnx": onnx_path.read_bytes()}
            )
    else:
        raise ValueError(f"{name} is not servable")
    bundle = load_bundle(out, manifest_sha)
    diff = float(
        np.max(np.abs(served_scores(bundle, X_check) - model.predict_proba(X_check)[:, 1]))
    )
    if diff > MAX_ABS_DIFF:
        raise RuntimeError(f"{out}: served scores differ from the model by {diff:.2e}")
    return BuiltBundle(out, manifest_sha, bundle.kind, diff)
