"""The neural challenger: a small torch MLP on one-hot + standardised inputs, sklearn-compatible
so cross-validation treats it like any other estimator, and exportable to ONNX for serving."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from torch import nn

from churn_api.core.features import dense_encoder
from churn_api.core.hyperparams import MLPConfig

__all__ = ["MLPConfig", "TorchMLPClassifier"]


class _Net(nn.Module):
    def __init__(self, width: int, hidden: list[int], dropout: float) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        for size in hidden:
            layers += [nn.Linear(width, size), nn.ReLU(), nn.Dropout(dropout)]
            width = size
        layers.append(nn.Linear(width, 1))
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.body(x)
        return out.squeeze(-1)


class TorchMLPClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Encoder (fit inside `fit`, so inside each CV fold) + MLP trained with early stopping on a
    stratified 10 % validation split of the data it is given."""

    def __init__(self, config: MLPConfig | None = None, seed: int = 0) -> None:
        self.config = config
        self.seed = seed

    def _cfg(self) -> MLPConfig:
        return self.config or MLPConfig()

    def fit(self, X: pd.DataFrame, y: Any) -> TorchMLPClassifier:
        cfg = self._cfg()
        torch.manual_seed(self.seed)
        torch.set_num_threads(cfg.threads)
        y_arr = np.asarray(y, dtype=np.float32)
        self.classes_ = np.array([0, 1])
        self.encoder_ = dense_encoder().fit(X)
        features = self.encoder_.transform(X).astype(np.float32)
        x_tr, x_va, y_tr, y_va = train_test_split(
            features, y_arr, test_size=0.1, stratify=y_arr, random_state=self.seed
        )
        self.net_ = _Net(features.shape[1], cfg.hidden, cfg.dropout)
        optimizer = torch.optim.AdamW(
            self.net_.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay
        )
        loss_fn = nn.BCEWithLogitsLoss()
        xt, yt = torch.from_numpy(x_tr), torch.from_numpy(y_tr)
        xv = torch.from_numpy(x_va)
        generator = torch.Generator().manual_seed(self.seed)
        best, best_state, stale = np.inf, copy.deepcopy(self.net_.state_dict()), 0
        self.epochs_ = 0
        for _epoch in range(cfg.max_epochs):
            self.net_.train()
            order = torch.randperm(len(xt), generator=generator)
            for start in range(0, len(order), cfg.batch_size):
                idx = order[start : start + cfg.batch_size]
                optimizer.zero_grad()
                loss = loss_fn(self.net_(xt[idx]), yt[idx])
                loss.backward()
                optimizer.step()
            self.epochs_ += 1
            self.net_.eval()
            with torch.no_grad():
                val = log_loss(y_va, torch.sigmoid(self.net_(xv)).numpy(), labels=[0, 1])
            if val < best - 1e-5:
                best, best_state, stale = val, copy.deepcopy(self.net_.state_dict()), 0
            else:
                stale += 1
                if stale >= cfg.patience:
                    break
        self.net_.load_state_dict(best_state)
        self.net_.eval()
        self.best_val_log_loss_ = float(best)
        return self

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        features = torch.from_numpy(self.encoder_.transform(X).astype(np.float32))
        with torch.no_grad():
            return np.asarray(self.net_(features).numpy(), dtype=float)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def export_onnx(self, path: Path) -> None:
        """Write the network (encoded features → logit) as ONNX with a dynamic batch axis."""
        first = self.net_.body[0]
        assert isinstance(first, nn.Linear)
        width = first.in_features
        torch.onnx.export(
            self.net_,
            (torch.zeros(2, width),),
            str(path),
            dynamo=False,
            input_names=["features"],
            output_names=["logit"],
            dynamic_axes={"features": {0: "batch"}, "logit": {0: "batch"}},
        )
