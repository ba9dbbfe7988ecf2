"""Copy-out as a test (`make test-copyout`): each project goes through `scripts/copy_project.sh`
into a fresh folder, which must name no project it left behind (`copy_out` greps every file it
tracks), and the copy's own `make lint` and `make test` must pass there, on its own lock and
virtual environment. A copy runs the tests of the project it is a copy *of*
(`TESTS=projects/<p>/tests`): the projects it brings along are proven by their own copies,
shared/ and infra/ by the monorepo's run. With `PORTFOLIO_TEST_IDS` set, each run writes its test
ids there (`make test-ids` checks the union). Its set-up is cheap, not skipped: uv links the
copy's environment from its cache, and mypy starts from the monorepo's cache (`.mypy_cache`,
when `make lint` has run here).
Slow by nature: not part of `make test`.

    make test-copyout                          every project
    make test-copyout COPYOUT=<project>        one (a folder of projects/)
    COPYOUT_JOBS=1 make test-copyout           one copy at a time (default: 2 at once)
Logs: build/copyout/<project>-{lint,test}.log; each step's time is printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from portfolio_shared.testing.copy_out import copy_out, project_names, repo_root

ROOT = repo_root(Path(__file__).resolve())
LOGS = ROOT / "build" / "copyout"
CHOSEN = os.environ.get("COPYOUT", "").split()
PROJECTS = [p for p in project_names(ROOT) if not CHOSEN or p in CHOSEN]
JOBS = int(os.environ.get("COPYOUT_JOBS", "2"))


def cost(project: str) -> int:
    """Longest first: a copy runs its own project's tests (counted in test files)."""
    return -len(list((ROOT / "projects" / project / "tests").rglob("test_*.py")))


def copy_env() -> dict[str, str]:
    """This environment minus the monorepo's virtual environment: the copy uses its own."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"}
    }
    ours = str(ROOT / ".venv")
    env["PATH"] = os.pathsep.join(
        p for p in env["PATH"].split(os.pathsep) if not p.startswith(ours)
    )
    env["UV_LINK_MODE"] = "hardlink"  # a throwaway copy: link from uv's cache, do not copy
    env["PORTFOLIO_TEST_IDS"] = os.environ.get("COPYOUT_TEST_IDS", "")  # the copies' ids only
    return env


def make(target: str, copy: Path, log: Path, *args: str) -> tuple[int, float]:
    started = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(  # noqa: S603
            ["make", target, *args],  # noqa: S607
            cwd=copy,
            env=copy_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=3000,
        )
    return done.returncode, time.perf_counter() - started


@dataclass
class CopyRun:
    copy: Path
    seconds: dict[str, float]
    failed: str | None  # the make target that failed, and the end of its log


def copy_and_check(project: str, folder: Path) -> CopyRun:
    started = time.perf_counter()
    copy = copy_out(project, folder / project, ROOT).dest
    if (ROOT / ".mypy_cache").is_dir():  # a warm start: mypy re-checks what differs
        shutil.copytree(ROOT / ".mypy_cache", copy / ".mypy_cache")
    seconds = {"copy": time.perf_counter() - started}
    # its own project's tests only, one process (COPYOUT_JOBS copies share the cores)
    steps = {"lint": (), "test": (f"TESTS=projects/{project}/tests", "WORKERS=0")}
    for target, args in steps.items():
        log = LOGS / f"{project}-{target}.log"
        code, seconds[target] = make(target, copy, log, *args)
        if code:
            tail = "".join(log.read_text().splitlines(keepends=True)[-40:])
            return CopyRun(copy, seconds, f"`make {target}` failed in the copy:\n{tail}")
    return CopyRun(copy, seconds, None)


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[CopyRun]]]:
    """Every copy's run, COPYOUT_JOBS at a time (the longest first): the suites start their
    servers on free ports and keep to their own folders, so copies can share the machine."""
    LOGS.mkdir(parents=True, exist_ok=True)
    folder = tmp_path_factory.mktemp("copies")
    with ThreadPoolExecutor(JOBS) as pool:
        yield {p: pool.submit(copy_and_check, p, folder) for p in sorted(PROJECTS, key=cost)}


@pytest.mark.slow
@pytest.mark.timeout(6000)
@pytest.mark.parametrize("project", PROJECTS)
def test_a_copy_passes_its_own_lint_and_tests(
    project: str, runs: dict[str, Future[CopyRun]]
) -> None:
    run = runs[project].result()
    times = ", ".join(f"{step} {s:.0f} s" for step, s in run.seconds.items())
    print(f"\ncopy-out {project}: {times}")
    assert run.failed is None, run.failed
    log = (LOGS / f"{project}-test.log").read_text().splitlines()
    summary = [line for line in log if re.search(r"\d+ (passed|failed)", line)]
    print(f"copy-out {project}: {summary[0] if summary else log[-1]}")
