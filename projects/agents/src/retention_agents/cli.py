"""`agents` command line: ask the team a question, or serve it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from portfolio_shared.logging import configure_logging
from retention_agents.config import AgentsSettings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="A multi-agent retention analyst: planner, analyst, scorer, researcher, writer, checker.",
)


@app.callback()
def main() -> None:
    """Commands of the agents team."""


@app.command()
def run(
    question: Annotated[str, typer.Argument(help="a business question in plain words")],
    as_json: Annotated[bool, typer.Option("--json", help="print the whole result as JSON")] = False,
    thread_id: Annotated[str | None, typer.Option(help="continue or name a thread")] = None,
    user: Annotated[str, typer.Option(help="whose long-term memory to read and add to")] = (
        "anonymous"
    ),
) -> None:
    """Answer a question, printing each step (node, tool, arguments, result, time) as it ends."""
    from retention_agents.team import Team

    settings = AgentsSettings()
    configure_logging("WARNING")
    team = Team(settings)
    started = time.perf_counter()
    thread = thread_id
    try:
        for current, node, update in team.stream(question, thread_id, user):
            thread = current
            for step in (update or {}).get("trajectory", []):
                if not as_json:
                    details = {k: v for k, v in step.items() if k not in {"node", "ms", "sql"}}
                    typer.echo(f"[{time.perf_counter() - started:6.2f} s] {node:<10} "
                               f"{json.dumps(details, default=str)[:160]}")  # fmt: skip
        result = team.state(thread or "")
    finally:
        team.close()
    if result is None:
        raise typer.Exit(1)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    elif result.pending:
        typer.echo(f"\nwaiting for approval: {result.pending}\n"
                   f"agents resume {result.thread_id} --approve   (or --reject)")  # fmt: skip
    else:
        typer.echo(f"\n{result.answer}\n\nstatus: {result.status}   thread: {result.thread_id}")


@app.command()
def resume(
    thread_id: Annotated[str, typer.Argument(help="the thread of a run that stopped mid-graph")],
    decision: Annotated[
        bool | None,
        typer.Option("--approve/--reject", help="for a run that waits for an approval"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the whole result as JSON")] = False,
) -> None:
    """Finish a stopped run from its last checkpoint (finished steps are not run again), with
    a human's decision when it waits for one."""
    from retention_agents.team import Team

    configure_logging("WARNING")
    team = Team(AgentsSettings())
    try:
        result = team.resume(thread_id, decision)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--approve/--reject") from None
    finally:
        team.close()
    if result is None:
        typer.echo(f"no run on thread {thread_id!r}", err=True)
        raise typer.Exit(1)
    typer.echo(result.model_dump_json(indent=2) if as_json else result.answer)


@app.command("sync-docs")
def sync_docs(
    wait: Annotated[float, typer.Option(help="seconds to wait for the services to come up")] = 0,
) -> None:
    """Ingest the served model's card (churn_api `/model/card`) into rag_qa as model_card.md."""
    from retention_agents.io.clients import ToolError
    from retention_agents.jobs.docs import sync_model_card

    configure_logging("WARNING")
    try:
        report = sync_model_card(AgentsSettings(), wait)
    except ToolError as exc:
        typer.echo(f"could not sync the model card: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(report, default=str))


@app.command("questions")
def questions(
    sets: Annotated[
        str,
        typer.Option(help="comma-separated: test, hand (never tuned on), tuning, tuning2-8"),
    ] = "test,hand",
    out: Annotated[Path, typer.Option(help="folder for questions.md/json and the misses")] = Path(
        "reports/agents-questions"
    ),
    gate: Annotated[bool, typer.Option(help="exit 1 when a target is missed")] = False,
) -> None:
    """Score the question sets right / refused / wrong through the whole team (rules router;
    no services needed: nothing here scores a customer or reads the docs)."""
    import tempfile

    from retention_agents.jobs.evals.questions import NAMES, missed, question_sets, score_set
    from retention_agents.jobs.evals.questions import write as write_questions
    from retention_agents.team import Team

    names = [n.strip() for n in sets.split(",") if n.strip()]
    if bad := sorted(set(names) - set(NAMES)):
        raise typer.BadParameter(f"unknown set(s) {bad}", param_hint="--sets")
    configure_logging("WARNING")
    with tempfile.TemporaryDirectory() as scratch:
        settings = AgentsSettings(data_dir=Path(scratch), router="rules")
        team = Team(settings)
        try:
            results = [score_set(team, n, asked) for n, asked in question_sets(names).items()]
        finally:
            team.close()
    write_questions(out, results)
    for r in results:
        typer.echo(r.line())
    failures = missed(results)
    for line in failures:
        typer.echo(f"target missed: {line}", err=True)
    if gate and failures:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    suites: Annotated[
        str,
        typer.Option(
            help="comma-separated: analyst, scorer, researcher, composite, paraphrased, faults"
        ),
    ] = "analyst,scorer,researcher,composite,paraphrased,faults",
    out: Annotated[Path, typer.Option(help="folder for report.md, plots, trajectories")] = Path(
        "reports/agents-eval"
    ),
    tracking_uri: Annotated[
        str | None, typer.Option(help="MLflow tracking URI to log the run to (none: not logged)")
    ] = None,
    gate: Annotated[bool, typer.Option(help="exit 1 when a target is missed")] = False,
    provider: Annotated[
        list[str] | None,
        typer.Option(
            help="rules, neighbours (the default), local (SmolLM2 or AGENTS_LLM_MODEL_"
            "PATH), openai (AGENTS_OPENAI_BASE_URL); repeat to compare"
        ),
    ] = None,
    engine: Annotated[str, typer.Option(help="local (this process) or ray (an actor pool)")] = (
        "local"
    ),
    workers: Annotated[int, typer.Option(min=1, help="Ray actors (--engine ray)")] = 2,
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address (none: a local Ray)")
    ] = None,
) -> None:
    """Run the evaluation suites against the live services; write the report; log to MLflow."""
    from retention_agents.jobs.evals.run import (
        ALL_SUITES,
        PROVIDERS,
        evaluate,
        log_mlflow,
        missed,
        write,
    )

    names = [n.strip() for n in suites.split(",") if n.strip()]
    unknown = sorted(set(names) - set(ALL_SUITES))
    if unknown:
        raise typer.BadParameter(f"unknown suite(s) {unknown}", param_hint="--suites")
    providers = provider or ["neighbours"]
    if bad := sorted(set(providers) - set(PROVIDERS)):
        raise typer.BadParameter(f"unknown provider(s) {bad}", param_hint="--provider")
    if engine not in ("local", "ray"):
        raise typer.BadParameter("local or ray", param_hint="--engine")
    configure_logging("WARNING")
    summaries, runs = [], []
    for name in providers:
        done, ran = evaluate(AgentsSettings(), names, out, name, engine, workers, address)
        summaries += done
        runs += ran
    files = write(out, summaries, runs)
    typer.echo((out / "report.md").read_text())
    if tracking_uri:
        typer.echo(f"MLflow run {log_mlflow(tracking_uri, summaries, files)}")
    failures = missed(summaries)
    for line in failures:
        typer.echo(f"target missed: {line}", err=True)
    if gate and failures:
        raise typer.Exit(1)


@app.command()
def mcp(
    transport: Annotated[
        str, typer.Option(help="stdio (a client starts this process) or streamable-http")
    ] = "stdio",
    port: Annotated[
        int | None, typer.Option(help="port for streamable-http (endpoint /mcp)")
    ] = None,
) -> None:
    """Serve the team's tools over MCP: query_customers, score_customer, ask_docs, ask_team."""
    import uvicorn

    from retention_agents.api.mcp_server import build_server, http_app
    from retention_agents.team import Team

    if transport not in {"stdio", "streamable-http"}:
        raise typer.BadParameter("stdio or streamable-http", param_hint="--transport")
    configure_logging("WARNING")
    settings = AgentsSettings(**({"mcp_port": port} if port is not None else {}))  # type: ignore[arg-type]
    team = Team(settings)
    try:
        if transport == "stdio":  # the client that started this process is the only caller
            build_server(settings, team).run("stdio")
        else:
            app = http_app(settings, team)
            uvicorn.run(app, host=settings.host, port=settings.mcp_port, log_level="warning")
    finally:
        team.close()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address")] = None,
    port: Annotated[int | None, typer.Option(help="port")] = None,
) -> None:
    """Serve the team's API on 127.0.0.1:8003."""
    from portfolio_shared.service import serve as run_server
    from retention_agents.api.app import create_app

    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = AgentsSettings(**overrides)  # type: ignore[arg-type]
    run_server(create_app(settings), settings)


if __name__ == "__main__":
    app()
