"""Live servers for tests: an ASGI app on a real uvicorn server, a script in a private network
namespace, and a sweep of every route without a key."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def running_app(app: Any, timeout_s: float = 60) -> Iterator[str]:
    """An ASGI app on a real uvicorn server (127.0.0.1, a free port) in a thread; yields its URL."""
    import threading

    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not (server.started and server.servers):
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def run_in_private_network(script: Path, *args: str, timeout_s: float = 600) -> str:
    """Run a Python script in a private network namespace (`unshare --net`, loopback only) and
    return its stderr; for Ray, which listens on every interface. Skips the calling test where
    that needs root or `unshare` it does not have; fails it when the script fails."""
    import os
    import sys

    import pytest

    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare for a private network namespace")
    command = " ".join(["ip link set lo up && exec", sys.executable, str(script), *args])
    proc = subprocess.run(  # noqa: S603 - the test's own script, in this interpreter
        [unshare, "--net", "sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return proc.stderr


def routes_open_without_a_key(app: Any) -> tuple[int, list[str]]:
    """Call every operation in `app`'s OpenAPI schema with no key (path parameters filled with a
    placeholder, no body). Returns how many were called and those that did not answer 401."""
    from fastapi.testclient import TestClient

    probes = {"/health", "/ready", "/metrics"}
    client = TestClient(app, raise_server_exceptions=False)
    called, open_ = 0, []
    for path, operations in app.openapi()["paths"].items():
        if path in probes:
            continue
        url = re.sub(r"\{[^}]+\}", "x", path)
        for method in operations:
            called += 1
            status = client.request(method.upper(), url).status_code
            if status != 401:
                open_.append(f"{method.upper()} {path} → {status}")
    return called, open_
