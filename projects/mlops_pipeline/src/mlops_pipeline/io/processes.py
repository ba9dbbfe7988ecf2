"""Local server processes for the demo: a group of child processes that is always stopped,
whatever happens inside it (ports and readiness waits: `portfolio_shared.processes`)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

from portfolio_shared.processes import free_port, wait_for

__all__ = ["ProcessGroup", "free_port", "wait_for"]


class ProcessGroup(contextlib.AbstractContextManager["ProcessGroup"]):
    """Children started with their output in `logs/<name>.log`; terminated (then killed) in
    reverse order on exit."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[subprocess.Popen[bytes]] = []

    def spawn(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        self.logs.mkdir(parents=True, exist_ok=True)
        handle = (self.logs / f"{name}.log").open("wb")
        full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
        proc = subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT, env=full_env)  # noqa: S603
        self.started.append(proc)
        return proc

    def __exit__(self, *exc: object) -> None:
        for proc in reversed(self.started):
            proc.terminate()
        for proc in self.started:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
