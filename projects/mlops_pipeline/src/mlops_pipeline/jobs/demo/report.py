"""Plots and the markdown report of the closed-loop demo, and its MLflow run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np


def _save(figure: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def drift_heatmap(windows: list[dict[str, Any]], path: Path) -> None:
    """PSI of every test in every window; drifted windows and injected drift marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(windows[0]["psi"])
    values = np.array([[w["psi"][n] for w in windows] for n in names])
    figure, ax = plt.subplots(figsize=(1.2 + 0.55 * len(windows), 0.3 * len(names) + 1.6))
    image = ax.imshow(values, aspect="auto", cmap="magma_r", vmin=0, vmax=max(0.1, values.max()))
    ax.set_yticks(range(len(names)), names, fontsize=7)
    labels = [
        f"{w['window']}{'*' if w['injected'] else ''}{' D' if w['drifted'] else ''}"
        for w in windows
    ]
    ax.set_xticks(range(len(windows)), labels, fontsize=7)
    rebased = [i for i, w in enumerate(windows) if w.get("after_promotion")]
    if rebased:
        ax.axvline(rebased[0] - 0.5, color="tab:blue", linewidth=2)
    ax.set_xlabel(
        "window (* drift injected, D drift detected"
        + ("; blue line: reference re-based)" if rebased else ")")
    )
    ax.set_title("PSI against the reference, per test and window")
    figure.colorbar(image, ax=ax, label="PSI")
    _save(figure, path)


def ab_plot(windows: list[dict[str, Any]], path: Path) -> None:
    """Churn rate per arm and the always-valid p-value, look by look."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    looks = [w for w in windows if "ab" in w]
    x = [w["window"] for w in looks]
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    for arm in ("champion", "challenger"):
        left.plot(x, [w["ab"]["churn_rate"][arm] for w in looks], marker="o", label=arm)
    left.set_xlabel("window")
    left.set_ylabel("churn rate after the campaign")
    left.legend()
    left.set_title("A/B business metric (cumulative)")
    right.semilogy(x, [w["ab"]["sequential_p_value"] for w in looks], marker="o", label="mSPRT")
    right.semilogy(
        x,
        [max(w["ab"]["fixed_p_value"], 1e-6) for w in looks],
        marker=".",
        linestyle=":",
        label="z-test (if peeked)",
    )
    right.axhline(0.05, color="grey", linestyle="--", label="alpha")
    right.set_xlabel("window")
    right.set_ylabel("p-value")
    right.legend(fontsize=7)
    right.set_title("Always-valid p-value")
    from matplotlib.ticker import MaxNLocator

    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _save(figure, path)


def markdown(report: dict[str, Any]) -> str:
    final = report.get("final", {})
    rebase = report.get("rebase")
    after = [w for w in report["windows"] if w.get("after_promotion")]
    lines = [
        "# Closed-loop demo",
        "",
        f"Wall time **{report['wall_seconds']:.1f} s**. Decision: **{final.get('decision')}**; "
        f"churn_api serves version **{final.get('served_version')}** "
        f"(expected {final.get('expected_version')}; loop closed: {final.get('closed_loop')}).",
        "",
        "## Steps",
        "",
        "| step | seconds |",
        "| --- | ---: |",
        *(f"| {p['phase']} | {p['seconds']:.2f} |" for p in report["phases"]),
        "",
        "## Windows",
        "",
        "| window | injected | drift detected | tests flagged | served (champion/challenger) "
        "| ROC AUC on delayed labels (champion/challenger) | A/B |",
        "| ---: | --- | --- | --- | --- | ---: | --- |",
    ]
    for w in report["windows"]:
        served = f"{w['served'].get('champion', 0)}/{w['served'].get('challenger', 0)}"
        ab_cell = ""
        if "ab" in w:
            a = w["ab"]
            ab_cell = (
                f"{a['churn_rate']['champion']:.3f} vs {a['churn_rate']['challenger']:.3f}, "
                f"p_seq={a['sequential_p_value']:.3f}, {a['decision']}"
            )
        flagged = ", ".join(w["drifted_features"][:4]) + (
            "…" if len(w["drifted_features"]) > 4 else ""
        )
        lines.append(
            f"| {w['window']} | {w['injected'] or '-'} | {w['drifted']} | {flagged or '-'} | "
            f"{served} | {' / '.join(f'{v:.3f}' for v in w['auc'].values())} | {ab_cell} |"
        )
    retrain = report.get("retrain")
    if retrain:
        lines += [
            "",
            f"## Retraining (after window {retrain['window']}: {retrain['reason']})",
            "",
            f"Pipeline `{retrain['status']}` in {retrain['seconds']:.1f} s: version "
            f"{retrain['version']} ({retrain['candidate']}).",
            "",
            "| step | status | seconds |",
            "| --- | --- | ---: |",
            *(f"| {s['step']} | {s['status']} | {s['seconds']:.2f} |" for s in retrain["steps"]),
        ]
        gate = next((s for s in retrain["steps"] if s["step"] == "gate"), None)
        if gate is not None:
            lines += ["", "Gate (held-out rows shared with the champion):", ""]
            champion_auc = gate["outputs"].get("champion_test_roc_auc")
            for name, verdict in gate["outputs"]["verdicts"].items():
                failed = [k for k, ok in verdict["checks"].items() if not ok]
                lines.append(
                    f"- {name}: {'passed' if verdict['passed'] else 'failed ' + ', '.join(failed)}"
                )
            if champion_auc is not None:
                lines.append(f"- champion's ROC AUC on the same rows: {champion_auc:.4f}")
    ab = report.get("ab")
    if ab:
        lines += [
            "",
            "## A/B test",
            "",
            f"- Customers with outcomes: champion {ab['champion']['customers']}, challenger "
            f"{ab['challenger']['customers']} (horizon {ab['horizon_per_arm']} per arm).",
            f"- Churn rate after the campaign: champion {ab['churn_rate']['champion']:.4f}, "
            f"challenger {ab['churn_rate']['challenger']:.4f}; difference {ab['difference']:+.4f} "
            f"(95 % CI {ab['ci95'][0]:+.4f} to {ab['ci95'][1]:+.4f}).",
            f"- Always-valid p-value {ab['sequential_p_value']:.4f}: **{ab['decision']}** — "
            f"{ab['reason']}.",
            "- The online test is a guardrail: the challenger already passed the offline gate "
            "(absolute floors and non-inferiority against the champion on the same rows); the "
            "A/B test can stop it early for harm (or promote early for a clear gain). A budgeted "
            "campaign turns a better ranking into only a small churn-rate change, so this test "
            "is sized for the `mde` in the config, not for the effect of one retrain.",
        ]
    if rebase:
        lines += [
            "",
            "## After the promotion",
            "",
            f"When `champion` moved to v{rebase['version']}, the drift monitor re-based itself "
            f"on the last labelled windows it had checked ({rebase['rows']} customers): the "
            "world the new champion was retrained for. "
            "Windows after that: "
            + ", ".join(f"{w['window']} drifted={w['drifted']}" for w in after)
            + ".",
        ]
    prom = report.get("prometheus")
    if prom:
        lines += [
            "",
            "## Prometheus (real server, the project's alert rules, 2 s scrapes)",
            "",
            f"- Targets up: {prom['targets_up']}; last drift verdict scraped: "
            f"{prom['drift_detected']}; predictions by variant: {prom['predictions_by_variant']}.",
            f"- Alerts: {', '.join(prom['alerts']) or 'none'} (rules with `for:` show as pending "
            "within a demo this short).",
        ]
    lines += ["", "Plots: " + ", ".join(f"`{p}`" for p in report.get("plots", {}).values()), ""]
    return "\n".join(lines)


def log_demo(report: dict[str, Any], out: Path, tracking_uri: str) -> str:
    """One MLflow run with the report and plots (experiment `mlops_pipeline/demo`)."""
    import mlflow

    from portfolio_shared.tracking import ensure_experiment, experiment_name

    ensure_experiment(experiment_name("mlops_pipeline", "demo"), tracking_uri)
    with mlflow.start_run(run_name="closed-loop-demo") as run:
        mlflow.log_metric("wall_seconds", report["wall_seconds"])
        for w in report["windows"]:
            step = w["window"]
            mlflow.log_metric("drift_detected", int(w["drifted"]), step=step)
            mlflow.log_metric("champion_auc", w["champion_auc"], step=step)
            for name, psi in w["psi"].items():
                mlflow.log_metric(f"psi.{name}", psi, step=step)
            if "ab" in w:
                mlflow.log_metric("ab_sequential_p", w["ab"]["sequential_p_value"], step=step)
        mlflow.log_dict(report, "report.json")
        mlflow.log_text(markdown(report), "report.md")
        for path in report.get("plots", {}).values():
            mlflow.log_artifact(path, "plots")
        return str(run.info.run_id)


def write_report(report: dict[str, Any], out: Path, tracking: str) -> None:
    """report.json, report.md and the plots in `out`, and one MLflow run with all of them."""
    import json

    plots = {"drift": out / "drift.png", "ab": out / "ab.png"}
    drift_heatmap(report["windows"], plots["drift"])
    if report.get("ab"):
        ab_plot(report["windows"], plots["ab"])
    else:
        plots.pop("ab")
    report["plots"] = {k: str(v) for k, v in plots.items()}
    (out / "report.json").write_text(json.dumps(report, indent=2, default=str))
    (out / "report.md").write_text(markdown(report))
    report["mlflow_run_id"] = log_demo(report, out, tracking)
    (out / "report.json").write_text(json.dumps(report, indent=2, default=str))
