"""`agents eval`: build the suites (gold computed by code), run every task through the team,
score it, and write what people read — `report.md` (success per suite, steps, tool calls,
tokens, p50/p95 latency, invented figures), a plot, every trajectory — and log it all to MLflow."""

from __future__ import annotations

import json
import statistics
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from portfolio_shared.logging import get_logger
from retention_agents.config import AgentsSettings
from retention_agents.core.evaluation import EvalTask, TaskScore, score
from retention_agents.core.result import RunResult
from retention_agents.io.clients import ChurnClient
from retention_agents.jobs.drills import DRILLS, run_drill
from retention_agents.jobs.evals import suites
from retention_agents.team import Team

log = get_logger(__name__)
ALL_SUITES = ("analyst", "scorer", "researcher", "composite", "paraphrased", "faults")


@dataclass(frozen=True)
class SuiteSummary:
    suite: str
    provider: str
    tasks: int
    success: float
    steps: float
    tool_calls: float
    tokens: float
    p50_s: float
    p95_s: float
    invented: int


def build(settings: AgentsSettings, names: Iterable[str]) -> dict[str, list[EvalTask]]:
    """The suites asked for, generated now from the data and the live services."""
    wanted = set(names)
    frame = suites.frame()
    churn = ChurnClient(settings)
    out: dict[str, list[EvalTask]] = {}
    analyst = suites.analyst(frame)
    scorer = suites.scorer(frame, churn) if wanted & {"scorer", "composite"} else []
    researcher = (
        suites.researcher(frame, churn.model()) if wanted & {"researcher", "composite"} else []
    )
    for name, tasks in (("analyst", analyst), ("scorer", scorer), ("researcher", researcher)):
        if name in wanted:
            out[name] = tasks
    if "composite" in wanted:
        out["composite"] = suites.composite(analyst, scorer, researcher)
    if "paraphrased" in wanted:
        out["paraphrased"] = suites.paraphrased(frame, churn)
    return out


def run_suite(team: Team, tasks: list[EvalTask]) -> list[tuple[TaskScore, RunResult]]:
    done = []
    for task in tqdm(tasks, desc=tasks[0].suite if tasks else "suite", leave=False):
        started = time.perf_counter()
        result = team.run(task.question)
        done.append((score(task, result, time.perf_counter() - started), result))
    return done


def run_suite_on_ray(
    settings: AgentsSettings, tasks: list[EvalTask], workers: int, address: str | None
) -> list[tuple[TaskScore, RunResult]]:
    """The suite on a Ray actor pool; each task's thread id is fixed for this evaluation, so a
    retried task resumes its thread instead of running twice."""
    from retention_agents.jobs.batch import BatchItem, run_batch

    run_id = uuid.uuid4().hex[:8]
    items = [BatchItem(t.question, f"eval-{run_id}-{t.suite}-{i:04d}") for i, t in enumerate(tasks)]
    batch = run_batch(settings, items, workers, address)
    log.info("batch done", extra={"workers": workers, "setup_s": batch.setup_s,
                                  "run_s": batch.run_s, "tasks": len(tasks)})  # fmt: skip
    return [(score(t, r, s), r) for t, (r, s) in zip(tasks, batch.results, strict=True)]


def run_faults(data_dir: Path) -> list[tuple[TaskScore, RunResult]]:
    done = []
    for drill in tqdm(DRILLS, desc="faults", leave=False):
        outcome = run_drill(drill, data_dir)
        r = outcome.result
        done.append((TaskScore("faults", drill.name, outcome.ok, outcome.problems, r.status,
                               outcome.seconds, len(r.trajectory), r.tool_calls, r.tokens,
                               len(r.unverified)), r))  # fmt: skip
    return done


def _quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def summarise(suite: str, provider: str, scores: list[TaskScore]) -> SuiteSummary:
    n = len(scores) or 1
    seconds = [s.seconds for s in scores]
    return SuiteSummary(
        suite=suite,
        provider=provider,
        tasks=len(scores),
        success=round(sum(s.ok for s in scores) / n, 4),
        steps=round(sum(s.steps for s in scores) / n, 2),
        tool_calls=round(sum(s.tool_calls for s in scores) / n, 2),
        tokens=round(sum(s.tokens for s in scores) / n, 1),
        p50_s=round(_quantile(seconds, 0.5), 4),
        p95_s=round(_quantile(seconds, 0.95), 4),
        invented=sum(s.invented for s in scores),
    )


def report_md(summaries: list[SuiteSummary], scores: list[TaskScore]) -> str:
    lines = [
        "# Agents evaluation",
        "",
        "| suite | provider | tasks | success | steps | tool calls | tokens | p50 s | p95 s "
        "| invented |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {s.suite} | {s.provider} | {s.tasks} | {s.success:.3f} | {s.steps} | {s.tool_calls} "
        f"| {s.tokens} | {s.p50_s} | {s.p95_s} | {s.invented} |"
        for s in summaries
    ]
    failed = [s for s in scores if not s.ok]
    lines += ["", f"## Failed tasks ({len(failed)})", ""]
    lines += [f"- **{s.suite}** {s.question} — {'; '.join(s.failed)}" for s in failed[:200]]
    return "\n".join(lines) + "\n"


def plot(summaries: list[SuiteSummary], path: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # the `eval` extra is not installed: the report stands without it
        return None
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    names = [f"{s.suite}\n{s.provider}" for s in summaries]
    left.bar(names, [s.success for s in summaries], color="#40668D")
    left.set_ylim(0, 1.05)
    left.set_title("success rate")
    right.bar(names, [s.p50_s for s in summaries], label="p50", color="#7FA7CF")
    right.bar(names, [s.p95_s - s.p50_s for s in summaries], bottom=[s.p50_s for s in summaries],
              label="p95", color="#D7E6F4")  # fmt: skip
    right.set_title("latency per task (s)")
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write(
    out: Path, summaries: list[SuiteSummary], runs: list[tuple[TaskScore, RunResult]]
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    scores = [s for s, _ in runs]
    report = out / "report.md"
    report.write_text(report_md(summaries, scores))
    (out / "summary.json").write_text(json.dumps([asdict(s) for s in summaries], indent=2))
    with (out / "trajectories.jsonl").open("w") as fh:
        for s, r in runs:
            fh.write(json.dumps({"score": asdict(s), "result": r.model_dump(mode="json")}) + "\n")
    written = [report, out / "summary.json", out / "trajectories.jsonl"]
    if (figure := plot(summaries, out / "eval.png")) is not None:
        written.append(figure)
    return written


def log_mlflow(tracking_uri: str, summaries: list[SuiteSummary], files: list[Path]) -> str:
    """One MLflow run per evaluation: a metric per suite and figure, the report as artifacts."""
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment("agents-eval")
    with mlflow.start_run() as run:
        for s in summaries:
            prefix = f"{s.suite}.{s.provider}"
            for key in ("success", "steps", "tool_calls", "tokens", "p50_s", "p95_s", "invented"):
                mlflow.log_metric(f"{prefix}.{key}", float(getattr(s, key)))
        for path in files:
            mlflow.log_artifact(str(path))
        return str(run.info.run_id)


#: The issue's targets on the default offline configuration (success rate per suite); the
#: paraphrased suite's is ours: the nearest-neighbour router must carry most of it.
TARGETS = {"analyst": 0.95, "scorer": 0.95, "composite": 0.85, "paraphrased": 0.75, "faults": 1.0}


DEFAULT_PROVIDER = "neighbours"


def missed(summaries: list[SuiteSummary]) -> list[str]:
    """Targets the default configuration did not reach (other providers are compared, not
    gated), and invented figures, which must be zero for every provider."""
    out = [f"{s.suite}: success {s.success:.3f} < {TARGETS[s.suite]}"
           for s in summaries if s.provider == DEFAULT_PROVIDER and s.suite in TARGETS
           and s.success < TARGETS[s.suite]]  # fmt: skip
    out += [f"{s.suite}: {s.invented} invented figure(s)" for s in summaries if s.invented]
    return out


#: Providers of `agents eval --provider`: the settings each one runs the team with.
PROVIDERS: dict[str, dict[str, str]] = {
    "rules": {"router": "rules", "llm": "none"},
    "neighbours": {"router": "neighbours", "llm": "none"},
    "local": {"router": "neighbours", "llm": "local"},
    "openai": {"router": "neighbours", "llm": "openai"},
}


def provider_settings(settings: AgentsSettings, provider: str) -> AgentsSettings:
    return settings.model_copy(update=PROVIDERS[provider])


def evaluate(
    settings: AgentsSettings,
    names: Iterable[str],
    out: Path,
    provider: str = DEFAULT_PROVIDER,
    engine: str = "local",
    workers: int = 2,
    address: str | None = None,
) -> tuple[list[SuiteSummary], list[tuple[TaskScore, RunResult]]]:
    """Every suite asked for, with the team as `provider` configures it, in this process
    (`engine="local"`) or on a Ray actor pool of `workers` (the fault drills always run here:
    they start their own stand-in services)."""
    names = list(names)
    settings = provider_settings(settings, provider)
    built = build(settings, [n for n in names if n != "faults"])
    runs: list[tuple[TaskScore, RunResult]] = []
    summaries = []
    team = Team(settings) if engine == "local" and built else None
    try:
        for name, tasks in built.items():
            if team is not None:
                done = run_suite(team, tasks)
            else:
                done = run_suite_on_ray(settings, tasks, workers, address)
            runs += done
            summaries.append(summarise(name, provider, [s for s, _ in done]))
            log.info("suite done", extra=asdict(summaries[-1]))
    finally:
        if team is not None:
            team.close()
    if "faults" in names:
        done = run_faults(out / "drills")
        runs += done
        summaries.append(summarise("faults", provider, [s for s, _ in done]))
    return summaries, runs


__all__ = [
    "ALL_SUITES",
    "PROVIDERS",
    "TARGETS",
    "evaluate",
    "log_mlflow",
    "missed",
    "provider_settings",
    "summarise",
    "write",
]
