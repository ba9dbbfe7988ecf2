"""What the training jobs log to the active MLflow run besides metrics: figures and CV folds."""

from __future__ import annotations

from typing import Any

import mlflow

from churn_api.core.lifecycle import CVResult


def log_figure(figure: Any, path: str) -> None:
    """Log a matplotlib figure to the active run and free it."""
    import matplotlib.pyplot as plt

    mlflow.log_figure(figure, path)
    plt.close(figure)


def log_cv(cv: CVResult) -> None:
    for metric, summary in cv.metrics().items():
        mlflow.log_metric(f"cv_{metric}", summary.mean)
        mlflow.log_metric(f"cv_{metric}_std", summary.std)
        for i, v in enumerate(summary.folds):
            mlflow.log_metric(f"cv_{metric}_fold", v, step=i)
