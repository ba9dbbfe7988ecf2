"""Metrics, the retention-campaign cost model and the decision threshold it implies."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_score,
    recall_score,
    roc_auc_score,
)


class CampaignCosts(BaseModel):
    """A retention campaign: every targeted customer gets an offer costing `offer_cost`; a
    targeted would-be churner stays with probability `success_rate`, keeping `retained_value`.

    Net value of targeting a customer with churn probability p:
    p · success_rate · retained_value − offer_cost, so in theory target when
    p > offer_cost / (success_rate · retained_value). The threshold is chosen empirically on
    out-of-fold predictions, which also absorbs any residual miscalibration.
    """

    model_config = ConfigDict(extra="forbid")  # a typo in a YAML is an error

    offer_cost: float = Field(50.0, gt=0, description="cost of one retention offer")
    retained_value: float = Field(500.0, gt=0, description="value of keeping a churner")
    success_rate: float = Field(0.35, gt=0, le=1, description="share of targeted churners kept")

    @property
    def breakeven_probability(self) -> float:
        return self.offer_cost / (self.success_rate * self.retained_value)

    def net_value(self, y: np.ndarray, targeted: np.ndarray) -> float:
        tp = float(np.sum(targeted & (y == 1)))
        return (
            tp * self.success_rate * self.retained_value - float(np.sum(targeted)) * self.offer_cost
        )


def threshold_curve(
    y: np.ndarray, p: np.ndarray, costs: CampaignCosts, grid: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Campaign net value per customer for every threshold of `grid`."""
    grid = np.round(np.arange(0.02, 0.981, 0.01), 2) if grid is None else grid
    values = np.array([costs.net_value(y, p >= t) for t in grid]) / len(y)
    return grid, values


def choose_threshold(y: np.ndarray, p: np.ndarray, costs: CampaignCosts) -> float:
    grid, values = threshold_curve(y, p, costs)
    return float(grid[int(np.argmax(values))])


def classification_metrics(
    y: np.ndarray, p: np.ndarray, threshold: float, costs: CampaignCosts
) -> dict[str, float]:
    """Ranking, calibration and decision metrics of probabilities `p` for labels `y`."""
    label = p >= threshold
    tn, fp, fn, tp = confusion_matrix(y, label, labels=[0, 1]).ravel()
    return {
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "log_loss": float(log_loss(y, p, labels=[0, 1])),
        "precision": float(precision_score(y, label, zero_division=0)),
        "recall": float(recall_score(y, label, zero_division=0)),
        "f1": float(f1_score(y, label, zero_division=0)),
        "targeted_share": float(label.mean()),
        "net_value_per_customer": costs.net_value(y, label) / len(y),
        "tp": float(tp),
        "fp": float(fp),
        "fn": float(fn),
        "tn": float(tn),
    }
