"""Plots and the model card, made from the real figures of a training run."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from sklearn.calibration import calibration_curve
from sklearn.metrics import precision_recall_curve, roc_curve

from churn_api.core.gate import GateVerdict
from churn_api.core.lifecycle import CVResult

Curves = Mapping[str, tuple[np.ndarray, np.ndarray]]


def _figure() -> tuple[Figure, Any]:
    fig, ax = plt.subplots(figsize=(5.5, 4.5), dpi=110)
    return fig, ax


def roc_plot(curves: Curves) -> Figure:
    from sklearn.metrics import roc_auc_score

    fig, ax = _figure()
    for name, (y, p) in curves.items():
        fpr, tpr, _ = roc_curve(y, p)
        ax.plot(fpr, tpr, label=f"{name} (AUC {roc_auc_score(y, p):.3f})")
    ax.plot([0, 1], [0, 1], ls=":", c="grey")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC, held-out test")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def pr_plot(curves: Curves) -> Figure:
    from sklearn.metrics import average_precision_score

    fig, ax = _figure()
    for name, (y, p) in curves.items():
        precision, recall, _ = precision_recall_curve(y, p)
        ax.plot(recall, precision, label=f"{name} (AP {average_precision_score(y, p):.3f})")
    base = float(np.mean(next(iter(curves.values()))[0]))
    ax.axhline(base, ls=":", c="grey", label=f"churn rate {base:.3f}")
    ax.set(xlabel="recall", ylabel="precision", title="Precision-recall, held-out test")
    ax.legend(loc="upper right")
    fig.tight_layout()
    return fig


def calibration_plot(curves: Curves, bins: int = 10) -> Figure:
    fig, ax = _figure()
    for name, (y, p) in curves.items():
        frac, mean_pred = calibration_curve(y, p, n_bins=bins, strategy="quantile")
        ax.plot(mean_pred, frac, marker="o", label=name)
    ax.plot([0, 1], [0, 1], ls=":", c="grey", label="perfect")
    ax.set(
        xlabel="predicted churn probability",
        ylabel="observed churn rate",
        title="Calibration (quantile bins), test",
    )
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def confusion_plot(metrics: Mapping[str, float], threshold: float) -> Figure:
    fig, ax = plt.subplots(figsize=(4.2, 3.8), dpi=110)
    grid = np.array([[metrics["tn"], metrics["fp"]], [metrics["fn"], metrics["tp"]]])
    ax.imshow(grid, cmap="Blues")
    for (i, j), v in np.ndenumerate(grid):
        ax.text(
            j,
            i,
            f"{int(v)}",
            ha="center",
            va="center",
            color="white" if v > grid.max() / 2 else "black",
            fontsize=13,
        )
    ax.set(
        xticks=[0, 1],
        yticks=[0, 1],
        xticklabels=["stay", "churn"],
        yticklabels=["stay", "churn"],
        xlabel="predicted",
        ylabel="actual",
        title=f"Confusion at threshold {threshold:.2f}",
    )
    fig.tight_layout()
    return fig


def importance_plot(importance: Mapping[str, float], title: str) -> Figure:
    items = sorted(importance.items(), key=lambda kv: kv[1])
    fig, ax = plt.subplots(figsize=(6, 0.28 * len(items) + 1.2), dpi=110)
    ax.barh([k for k, _ in items], [v for _, v in items], color="#3b7dd8")
    ax.set(title=title, xlabel="drop in test ROC AUC when shuffled")
    fig.tight_layout()
    return fig


def threshold_plot(grid: np.ndarray, values: np.ndarray, chosen: float, breakeven: float) -> Figure:
    fig, ax = _figure()
    ax.plot(grid, values)
    ax.axvline(chosen, c="C3", label=f"chosen {chosen:.2f}")
    ax.axvline(breakeven, c="grey", ls=":", label=f"break-even p {breakeven:.2f}")
    ax.set(
        xlabel="decision threshold",
        ylabel="campaign net value per customer",
        title="Retention campaign value (out-of-fold)",
    )
    ax.legend()
    fig.tight_layout()
    return fig


def model_card(
    *,
    name: str,
    version: str | None,
    candidate: str,
    description: str,
    data: Mapping[str, Any],
    cv: CVResult,
    test: Mapping[str, float],
    threshold: float,
    costs: Mapping[str, float],
    breakeven: float,
    importance: Mapping[str, float],
    gate: GateVerdict,
    run_id: str,
    baseline_cv_auc: float | None,
) -> str:
    """A markdown model card filled from the run's measured figures."""
    top = sorted(importance.items(), key=lambda kv: -kv[1])[:8]
    lines = [
        f"# Model card: {name}" + (f" v{version}" if version else ""),
        "",
        f"*Generated {datetime.now(UTC):%Y-%m-%d %H:%M UTC} from MLflow run `{run_id}`.*",
        "",
        "## Model",
        f"- Candidate: **{candidate}** — {description}",
        f"- Decision threshold: **{threshold:.2f}** (churn probability), chosen on out-of-fold "
        "predictions to maximise the retention campaign's net value.",
        f"- Campaign cost model: offer cost {costs['offer_cost']:g}, value of a kept churner "
        f"{costs['retained_value']:g}, success rate {costs['success_rate']:g} "
        f"(break-even probability {breakeven:.3f}).",
        "",
        "## Intended use",
        "Rank existing telecom customers by churn risk to target retention offers. Not for "
        "decisions about individuals without human review; not validated outside the IBM Telco "
        "population (one US provider, one snapshot).",
        "",
        "## Data",
        f"- {data['name']}: {data['rows']} rows, churn rate {data['churn_rate']:.3f}; "
        f"source `{data['source']}`; sha256 `{data['sha256'][:16]}…`.",
        f"- Split: stratified held-out test of {data['test_rows']} rows; "
        f"{data['folds']}-fold stratified CV on the {data['train_rows']} training rows "
        "(all preprocessing fit inside each fold).",
        "",
        "## Performance",
        "| metric | 5-fold CV (mean ± sd) | held-out test |",
        "| --- | --- | --- |",
    ]
    for metric in ("roc_auc", "pr_auc", "brier"):
        c = cv.metrics()[metric]
        lines.append(f"| {metric} | {c.mean:.4f} ± {c.std:.4f} | {test[metric]:.4f} |")
    lines += [
        "",
        f"Reference: plain logistic regression, CV ROC AUC {baseline_cv_auc:.4f}."
        if baseline_cv_auc is not None
        else "Reference model not trained in this run.",
        "",
        f"At the threshold: precision {test['precision']:.3f}, recall {test['recall']:.3f}, "
        f"F1 {test['f1']:.3f}; {test['targeted_share']:.1%} of customers targeted; net value "
        f"{test['net_value_per_customer']:.2f} per customer.",
        "",
        "## Most important features (permutation, test ROC AUC drop)",
        *(f"- {k}: {v:.4f}" for k, v in top),
        "",
        "## Quality gate",
        f"- passed: {gate.passed}",
        *(f"- check {k}: {v}" for k, v in gate.checks.items()),
        f"- thresholds: {gate.thresholds.model_dump()}",
        f"- champion test ROC AUC on the same rows: {gate.champion_test_roc_auc}",
        "",
        "## Limitations",
        "- Cross-sectional data: no time ordering, so no out-of-time validation.",
        "- Contributions returned by the service are on the logit scale relative to the "
        "training average (exact for the additive model, occlusion-based for the MLP).",
        "",
    ]
    return "\n".join(lines)
