"""Local server processes for the demo: free loopback ports, readiness waits, and a group of
child processes that is always stopped, whatever happens inside it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} not ready after {seconds:.0f} s")


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
