"""`mlops-pipeline` command line (the loop is being built in stages; see README)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from portfolio_shared.logging import configure_logging

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="The closed loop around the churn model: stream simulation and drift detection.",
)


@app.callback()
def main() -> None:
    """Commands of the MLOps loop."""


@app.command()
def drift(
    scenario: Annotated[str | None, typer.Option(help="drift to inject (default: none)")] = None,
    windows: Annotated[int, typer.Option(min=1, help="windows to replay")] = 6,
    drift_from: Annotated[int, typer.Option(min=0, help="first drifting window")] = 3,
    size: Annotated[int, typer.Option(min=50, help="customers per window")] = 1000,
    severity: Annotated[float, typer.Option(min=0.0, max=3.0)] = 1.0,
    seed: Annotated[int, typer.Option()] = 0,
) -> None:
    """Replay production windows (optionally drifting) and print each window's drift verdict."""
    from churn_api.core.schema import CATEGORICAL, NUMERIC, TARGET
    from churn_api.io.data import load
    from mlops_pipeline.drift.detector import DriftDetector
    from mlops_pipeline.monitoring import ReferenceScorer
    from mlops_pipeline.simulation.scenarios import SCENARIOS
    from mlops_pipeline.simulation.stream import ProductionStream, split_reference

    configure_logging("WARNING")
    if scenario is not None and scenario not in SCENARIOS:
        raise typer.BadParameter(f"choose from {sorted(SCENARIOS)}", param_hint="--scenario")
    reference, pool = split_reference(load().frame, seed=seed)
    scorer = ReferenceScorer.fit(reference)
    detector = DriftDetector(NUMERIC, CATEGORICAL, label=TARGET)
    detector.fit(reference, scorer.scores(reference))
    stream = ProductionStream(pool, size, seed=seed)
    for window in stream.replay(windows, scenario, drift_from, severity):
        report = detector.check(window.frame, scorer.scores(window.frame), index=window.index)
        typer.echo(
            json.dumps(
                {
                    "window": window.index,
                    "injected": window.scenario,
                    "drifted": report.drifted,
                    "features": report.drifted_features,
                }
            )
        )
