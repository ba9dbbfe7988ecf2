"""Scale-out: tasks per minute of the analyst suite (81 tasks, gold by pandas, no services
needed) in this process and on a Ray actor pool of 1 and 2 workers, with the success rate of
each (it must not change). Each worker builds its team once before the clock starts. Ray
listens on every interface, so as root this re-runs itself in a private network namespace
(`unshare --net`, loopback only). A benchmark, not a test.

    uv run python projects/agents/bench/bench_ray.py [--repeat 2] [--workers 1,2]
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
from retention_agents.io.team import Team
from retention_agents.jobs.evals import suites
from retention_agents.jobs.evals.run import run_suite, run_suite_on_ray


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
                started = time.perf_counter()
                done = run_suite_on_ray(settings, tasks, n, None)
                rows.append(_row("ray", n, done, time.perf_counter() - started))
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
    parser.add_argument("--repeat", type=int, default=2, help="the suite this many times over")
    parser.add_argument("--workers", default="1,2", help="comma-separated pool sizes")
    parser.add_argument("--out", type=Path, default=Path("reports/agents-ray.json"))
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.workers = [int(w) for w in str(args.workers).split(",")]
    if not args.inside and os.geteuid() == 0 and shutil.which("unshare"):
        argv = " ".join([sys.executable, *sys.argv, "--inside"])
        raise SystemExit(subprocess.call(["unshare", "--net", "sh", "-c",
                                          f"ip link set lo up && exec {argv}"]))  # fmt: skip
    rows = measure(args)
    base = float(rows[0]["tasks_per_min"])  # type: ignore[arg-type]
    print(f"{'engine':<22} {'workers':>7} {'tasks':>6} {'seconds':>8} {'tasks/min':>10} "
          f"{'vs local':>9} {'success':>8}")  # fmt: skip
    for r in rows:
        print(f"{r['engine']:<22} {r['workers']:>7} {r['tasks']:>6} {r['seconds']:>8} "
              f"{r['tasks_per_min']:>10} {float(r['tasks_per_min']) / base:>8.2f}x "  # type: ignore[arg-type]
              f"{r['success']:>8}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
