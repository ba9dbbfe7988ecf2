"""Crash tests with a real `kill -9`: the child holds at a chosen point of a write, the test
kills it there and then checks what was left behind."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def hold_for_kill(marker: Path, where: str = "held") -> None:
    """The child's side of a crash test: say where it stands (write `marker`), then wait for
    the SIGKILL that `kill_when_held` sends. A hook placed at one point of a write calls this,
    so the kill lands exactly there."""
    import os

    partial = marker.with_name(marker.name + ".partial")
    partial.write_text(where)
    os.replace(partial, marker)  # whole or absent: the killer reads it once it exists
    time.sleep(600)
    raise SystemExit(f"{where}: never killed")


def kill_when_held(
    script: str, *args: str, marker: Path, env: dict[str, str] | None = None, timeout_s: float = 180
) -> str:
    """Run `script` in a child interpreter (`python -c script *args`); once it calls
    `hold_for_kill(marker)`, kill it with SIGKILL (a real kill: no handler, no cleanup runs).
    Returns what the child wrote to the marker; fails with the child's stderr when it exits or
    times out before reaching the point."""
    import os
    import signal
    import sys
    import tempfile

    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(  # noqa: S603 - the test's own script, in this interpreter
            [sys.executable, "-c", script, *args],
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        deadline = time.monotonic() + timeout_s
        try:
            while not marker.exists():
                if child.poll() is not None or time.monotonic() > deadline:
                    err.seek(0)
                    tail = err.read().decode(errors="replace")[-3000:]
                    raise AssertionError(f"the child never reached the kill point:\n{tail}")
                time.sleep(0.05)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL, child.returncode
    return marker.read_text()
