"""Scale-out: tasks per minute in this process and on a Ray actor pool of 1 and 2 workers,
for the analyst suite (81 tasks, gold by pandas, no services needed; the success rate must not
change) or, `--workload llm`, runs whose clause goes to SmolLM2 (CPU-bound, one thread per
worker). Each worker builds its team once before the clock starts (that setup is reported
apart). Ray listens on every interface, so as root this re-runs itself in a private network
namespace (`unshare --net`, loopback only). A benchmark, not a test.

    uv run python projects/agents/bench/bench_ray.py [--workload llm] [--repeat 4] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portfolio_shared.ray_session import ray_session
from retention_agents.config import AgentsSettings
from retention_agents.core.evaluation import score
from retention_agents.jobs.batch import BatchItem, run_batch
from retention_agents.jobs.evals import suites
from retention_agents.jobs.evals.run import run_suite
from retention_agents.team import Team

#: Questions no route takes, so each goes to the language model (`--workload llm`).
UNROUTED = (
    "Tell me a joke about phone bills.",
    "Write a haiku about autumn.",
    "What is the capital of Peru?",
    "Can you book me a taxi to the airport?",
)


def measure_llm(args: argparse.Namespace) -> list[dict[str, object]]:
    """CPU-bound work: each run puts its clause to SmolLM2 (one thread per worker)."""
    questions = list(UNROUTED) * args.repeat
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = AgentsSettings(data_dir=Path(tmp), llm="local", llm_threads=1)
        team = Team(settings)
        team.run(questions[0])
        started = time.perf_counter()
        for q in questions:
            team.run(q)
        seconds = time.perf_counter() - started
        team.close()
        rows.append(_rate("local (this process)", 1, len(questions), seconds))
        with ray_session(num_cpus=max(args.workers)):
            for n in args.workers:
                items = [BatchItem(q, f"llm-{n}-{i}") for i, q in enumerate(questions)]
                batch = run_batch(settings, items, n)
                rows.append({**_rate("ray", n, len(questions), batch.run_s),
                             "setup_s": batch.setup_s})  # fmt: skip
    return rows


def _rate(engine: str, workers: int, tasks: int, seconds: float) -> dict[str, object]:
    return {"engine": engine, "workers": workers, "tasks": tasks, "seconds": round(seconds, 2),
            "tasks_per_min": round(tasks / seconds * 60, 1), "success": "-"}  # fmt: skip


def measure(args: argparse.Namespace) -> list[dict[str, object]]:
    tasks = suites.analyst(suites.frame()) * args.repeat
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = AgentsSettings(data_dir=Path(tmp))
        team = Team(settings)
        team.run(tasks[0].question)  # warm: models loaded, warehouse open
        started = time.perf_counter()
        done = run_suite(team, tasks)
        seconds = time.perf_counter() - started
        team.close()
        rows.append(_row("local (this process)", 1, done, seconds))
        with ray_session(num_cpus=max(args.workers)):
            for n in args.workers:
                items = [BatchItem(t.question, f"bench-{n}-{i}") for i, t in enumerate(tasks)]
                batch = run_batch(settings, items, n)
                done = [(score(t, r, s), r) for t, (r, s) in zip(tasks, batch.results,
                                                                 strict=True)]  # fmt: skip
                row = _row("ray", n, done, batch.run_s)
                rows.append({**row, "setup_s": batch.setup_s})
    return rows


def _row(engine: str, workers: int, done: list, seconds: float) -> dict[str, object]:
    return {
        "engine": engine,
        "workers": workers,
        "tasks": len(done),
        "seconds": round(seconds, 2),
        "tasks_per_min": round(len(done) / seconds * 60, 1),
        "success": round(sum(s.ok for s, _ in done) / len(done), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=4, help="the suite this many times over")
    parser.add_argument("--workers", default="1,2", help="comma-separated pool sizes")
    parser.add_argument(
        "--workload",
        choices=["analyst", "llm"],
        default="analyst",
        help="the analyst suite (I/O-light graph runs) or LLM-routed runs",
    )
    parser.add_argument("--out", type=Path, default=Path("reports/agents-ray.json"))
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.workers = [int(w) for w in str(args.workers).split(",")]
    if not args.inside and os.geteuid() == 0 and shutil.which("unshare"):
        argv = " ".join([sys.executable, *sys.argv, "--inside"])
        raise SystemExit(subprocess.call(["unshare", "--net", "sh", "-c",
                                          f"ip link set lo up && exec {argv}"]))  # fmt: skip
    rows = measure_llm(args) if args.workload == "llm" else measure(args)
    base = float(rows[0]["tasks_per_min"])  # type: ignore[arg-type]
    print(f"{'engine':<22} {'workers':>7} {'tasks':>6} {'seconds':>8} {'tasks/min':>10} "
          f"{'vs local':>9} {'success':>8} {'setup s':>8}")  # fmt: skip
    for r in rows:
        print(f"{r['engine']:<22} {r['workers']:>7} {r['tasks']:>6} {r['seconds']:>8} "
              f"{r['tasks_per_min']:>10} {float(r['tasks_per_min']) / base:>8.2f}x "  # type: ignore[arg-type]
              f"{r['success']:>8} {r.get('setup_s', '-'):>8}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
