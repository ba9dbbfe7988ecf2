"""`mlops-pipeline` command line: the retraining pipeline, drift checks, A/B analysis, the demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal, cast

import typer

from mlops_pipeline import CONFIGS, DEFAULT_CONFIG
from portfolio_shared.logging import configure_logging

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="The closed loop around the churn model: pipeline, drift, retraining, A/B testing.",
)


@app.callback()
def main() -> None:
    """Commands of the MLOps loop."""


@app.command()
def run(
    config: Annotated[
        Path,
        typer.Option(
            help="pipeline YAML, or the name of a shipped one (retrain, retrain-sklearn, "
            "retrain-ray)"
        ),
    ] = DEFAULT_CONFIG,
    report: Annotated[Path | None, typer.Option(help="folder for pipeline.json/.md")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the full JSON report")] = False,
) -> None:
    """Run the retraining pipeline (cached steps are skipped); exit 1 when a step fails."""
    from pydantic import ValidationError

    from mlops_pipeline.config import MlopsSettings
    from mlops_pipeline.core.pipeline.config import PipelineConfig
    from mlops_pipeline.jobs.pipeline.run import run_pipeline

    settings = MlopsSettings()
    configure_logging(settings.log_level, settings.log_format)
    if not config.is_file():
        shipped = CONFIGS / f"{config}.yaml"
        if config.parent != Path() or not shipped.is_file():
            names = sorted(p.stem for p in CONFIGS.glob("*.yaml"))
            raise typer.BadParameter(
                f"{config}: no such file or shipped config {names}", param_hint="--config"
            )
        config = shipped
    try:
        cfg = PipelineConfig.from_yaml(config)
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise typer.BadParameter(f"{config}: {fields}", param_hint="--config") from None
    result = run_pipeline(cfg, settings, report)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, default=str))
    else:
        typer.echo(result.markdown() + f"\nReport: {result.files['markdown']}")
    if result.status == "failed":
        raise typer.Exit(1)


@app.command()
def score(
    out: Annotated[Path, typer.Option(help="where to write the scores (.csv or .parquet)")],
    alias: Annotated[
        str | None, typer.Option(help="registry alias to score with (default: the champion's)")
    ] = None,
    engine: Annotated[str, typer.Option(help="local | ray")] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address (default: local)")
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(help="customers CSV, IBM Telco schema (default: the packaged)", exists=True),
    ] = None,
) -> None:
    """Batch-score a table with a registered model, in this process or on Ray Data."""
    import time

    from churn_api.io.data import packaged_csv, read_raw
    from churn_api.io.registry import Registry
    from mlops_pipeline.config import MlopsSettings
    from mlops_pipeline.jobs.score import score_to_file

    if engine not in {"local", "ray"}:
        raise typer.BadParameter("choose local or ray", param_hint="--engine")
    if out.suffix not in {".csv", ".parquet"}:
        raise typer.BadParameter("write .csv or .parquet", param_hint="--out")
    settings = MlopsSettings()
    configure_logging(settings.log_level, settings.log_format)
    frame = read_raw(data or packaged_csv())
    started = time.perf_counter()
    alias = alias or settings.churn.model_alias
    kind = cast(Literal["local", "ray"], engine)
    scored = score_to_file(Registry(settings.churn), alias, frame, out, kind, address)
    typer.echo(
        f"scored {scored.rows} customers with v{scored.version} ({alias}) on {engine} in "
        f"{time.perf_counter() - started:.1f} s -> {out}"
    )


@app.command()
def demo(
    out: Annotated[Path | None, typer.Option(help="output folder (wiped first)")] = None,
    scenario: Annotated[str, typer.Option(help="drift to inject")] = "price_shock",
    max_windows: Annotated[int, typer.Option(min=4, help="windows at most")] = 14,
    seed: Annotated[int, typer.Option()] = 0,
) -> None:
    """The closed loop on this machine: serve, stream, drift, retrain, gate, A/B, promote."""
    from pydantic import ValidationError

    from mlops_pipeline.config import MlopsSettings
    from mlops_pipeline.jobs.demo.experiment import DemoConfig
    from mlops_pipeline.jobs.demo.loop import run_demo

    configure_logging("WARNING")
    try:
        cfg = DemoConfig(scenario=scenario, max_windows=max_windows, seed=seed)
    except ValidationError as exc:
        raise typer.BadParameter(exc.errors()[0]["msg"], param_hint="--scenario") from None
    folder = out or MlopsSettings().work_dir / "demo"
    report = run_demo(cfg, folder)
    typer.echo((folder / "report.md").read_text())
    typer.echo(f"Report: {folder / 'report.md'} and {folder / 'report.json'}")
    if not report["final"]["closed_loop"]:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address")] = None,
    port: Annotated[int | None, typer.Option(help="port")] = None,
) -> None:
    """Serve the drift monitor and A/B analysis API (Prometheus metrics on /metrics)."""
    from mlops_pipeline.api.app import create_app
    from mlops_pipeline.config import MlopsSettings
    from portfolio_shared.service import serve as run_server

    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = MlopsSettings(**overrides)  # type: ignore[arg-type]
    run_server(create_app(settings), settings)


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
    from mlops_pipeline.config import MlopsSettings
    from mlops_pipeline.core.drift.detector import DriftDetector
    from mlops_pipeline.core.drift.reference import ReferenceScorer
    from mlops_pipeline.core.simulation.scenarios import SCENARIOS
    from mlops_pipeline.core.simulation.stream import ProductionStream, split_reference

    configure_logging("WARNING")
    if scenario is not None and scenario not in SCENARIOS:
        raise typer.BadParameter(f"choose from {sorted(SCENARIOS)}", param_hint="--scenario")
    settings = MlopsSettings()
    reference, pool = split_reference(load().frame, seed=seed)
    scorer = ReferenceScorer.fit(reference, seed)
    detector = DriftDetector(
        NUMERIC, CATEGORICAL, alpha=settings.alpha, min_psi=settings.min_psi, label=TARGET
    )
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


if __name__ == "__main__":
    app()
