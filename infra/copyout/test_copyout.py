"""Copy-out as a test (`make test-copyout`): each project goes through `scripts/copy_project.sh`
into a fresh folder, which must name no project it left behind (`copy_out` greps every file it
tracks), and the copy's own `make lint` and `make test` must pass there, on its own lock and
virtual environment. Slow by nature (a full test run per copy): not part of `make test`.

    make test-copyout                          every project
    make test-copyout COPYOUT=<project>        one (a folder of projects/)
Logs: build/copyout/<project>-{lint,test}.log; each step's time is printed.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from portfolio_shared.testing import copy_out, project_names, repo_root

ROOT = repo_root(Path(__file__).resolve())
LOGS = ROOT / "build" / "copyout"
CHOSEN = os.environ.get("COPYOUT", "").split()
PROJECTS = [p for p in project_names(ROOT) if not CHOSEN or p in CHOSEN]


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
    return env


def make(target: str, copy: Path, log: Path) -> float:
    started = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(  # noqa: S603
            ["make", target],  # noqa: S607
            cwd=copy,
            env=copy_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=3000,
        )
    seconds = time.perf_counter() - started
    tail = "".join(log.read_text().splitlines(keepends=True)[-40:])
    assert done.returncode == 0, (
        f"`make {target}` failed in the copy after {seconds:.0f} s:\n{tail}"
    )
    return seconds


@pytest.mark.slow
@pytest.mark.timeout(6000)
@pytest.mark.parametrize("project", PROJECTS)
def test_a_copy_passes_its_own_lint_and_tests(project: str, tmp_path: Path) -> None:
    LOGS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    copy = copy_out(project, tmp_path / project, ROOT).dest
    copied = time.perf_counter() - started
    lint = make("lint", copy, LOGS / f"{project}-lint.log")
    test = make("test", copy, LOGS / f"{project}-test.log")
    summary = (LOGS / f"{project}-test.log").read_text().strip().splitlines()[-1]
    print(
        f"\ncopy-out {project}: copy {copied:.0f} s, make lint {lint:.0f} s (with setup), "
        f"make test {test:.0f} s: {summary}"
    )
