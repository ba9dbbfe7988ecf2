"""`churn-api` command line: data, train, export, serve."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.request
from pathlib import Path
from typing import Annotated

import typer

from churn_api.config import ChurnSettings
from portfolio_shared.logging import configure_logging, get_logger

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Customer churn: data, training, registry export and the API service.",
)
log = get_logger("churn_api")

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="a CSV with the IBM Telco schema (default: the packaged copy)",
        exists=True,
        dir_okay=False,
    ),
]


@app.command()
def data(path: DataOpt = None) -> None:
    """Locate, verify and contract-check the dataset; print a summary."""
    from churn_api.io.data import load

    dataset = load(path)
    frame = dataset.frame
    typer.echo(
        json.dumps(
            {
                "source": dataset.source,
                "sha256": dataset.sha256,
                "rows": len(frame),
                "columns": frame.shape[1],
                "churn_rate": round(float(frame["Churn"].mean()), 4),
            },
            indent=2,
        )
    )


@app.command()
def train(
    path: DataOpt = None,
    config: Annotated[
        Path | None,
        typer.Option(help="YAML overriding TrainConfig fields", exists=True, dir_okay=False),
    ] = None,
    register: Annotated[bool, typer.Option(help="register models and set aliases")] = True,
    summary: Annotated[Path | None, typer.Option(help="write the run summary JSON here")] = None,
) -> None:
    """Cross-validate the candidates, evaluate, log to MLflow, register, gate and promote."""
    from churn_api.jobs.train import TrainConfig, run_training, write_summary

    settings = ChurnSettings()
    configure_logging(settings.log_level, settings.log_format)
    cfg = TrainConfig.from_yaml(config) if config else TrainConfig()
    cfg = cfg.model_copy(update={"register_models": register})
    result = run_training(cfg, settings, path)
    out = result.summary()
    typer.echo(json.dumps(out, indent=2))
    if summary is not None:
        write_summary(result, summary)


@app.command("ensure-champion")
def ensure_champion(path: DataOpt = None) -> None:
    """Train only when the registry has no champion yet (what `make run-churn` calls)."""
    from churn_api.io.registry import Registry

    settings = ChurnSettings()
    configure_logging(settings.log_level, settings.log_format)
    version = Registry(settings).version(settings.model_alias)
    if version is not None:
        typer.echo(f"{settings.model_name}@{settings.model_alias} is version {version}")
        return
    typer.echo("no champion yet: training (about a minute)")
    train(path=path, config=None, register=True, summary=None)


@app.command()
def export(
    out: Annotated[Path, typer.Option(help="folder to write the bundle into")],
    alias: Annotated[
        str | None, typer.Option(help="registry alias to export (default: the champion's)")
    ] = None,
) -> None:
    """Copy the checksummed serving bundle of `models:/<name>@<alias>` to a folder."""
    import tempfile

    from churn_api.io.bundle_files import load_bundle
    from churn_api.io.registry import Registry

    settings = ChurnSettings()
    alias = alias or settings.model_alias
    with tempfile.TemporaryDirectory() as tmp:
        reg = Registry(settings).download(alias, Path(tmp))
        load_bundle(reg.path, reg.manifest_sha256)  # verify before publishing
        staging = out.with_name(out.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(reg.path, staging)
        shutil.rmtree(out, ignore_errors=True)
        staging.rename(out)
    typer.echo(f"exported {settings.model_name} v{reg.version} ({alias}) to {out}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address")] = None,
    port: Annotated[int | None, typer.Option(help="port")] = None,
    model_path: Annotated[Path | None, typer.Option(help="serve this exported bundle")] = None,
    demo: Annotated[bool, typer.Option(help="print a sample request and its answer")] = False,
) -> None:
    """Serve the API with uvicorn (Ctrl-C stops it cleanly)."""
    from churn_api.api.app import create_app
    from portfolio_shared.service import serve as run_server

    overrides = {
        k: v
        for k, v in {"host": host, "port": port, "model_path": model_path}.items()
        if v is not None
    }
    settings = ChurnSettings(**overrides)  # type: ignore[arg-type]
    application = create_app(settings)
    if demo:
        threading.Thread(target=_demo, args=(settings,), daemon=True).start()
    run_server(application, settings, loop="uvloop", http="httptools")


def _demo(settings: ChurnSettings) -> None:
    """Wait for readiness, then show a real request and the service's answer."""
    from churn_api.api.schemas import EXAMPLE_CUSTOMER
    from portfolio_shared.processes import wait_for

    base = f"http://{settings.host}:{settings.port}"
    try:
        wait_for(f"{base}/ready", 120)
    except TimeoutError:
        return  # the service logs why it is not ready; no sample to show
    body = json.dumps(EXAMPLE_CUSTOMER).encode()
    headers = {"Content-Type": "application/json"}
    if settings.api_key:
        headers["X-API-Key"] = settings.api_key.get_secret_value()
    request = urllib.request.Request(f"{base}/predict", data=body, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as resp:  # noqa: S310
        answer = json.loads(resp.read())
    print(
        f"\nSample request:\n  curl -s -X POST {base}/predict -H 'Content-Type: "
        f"application/json' -d '{json.dumps(EXAMPLE_CUSTOMER)}'\n"
        f"Answer:\n{json.dumps(answer, indent=2)}\n"
        f"Docs: {base}/docs   Metrics: {base}/metrics   Ctrl-C to stop.\n",
        flush=True,
    )


if __name__ == "__main__":
    app()
