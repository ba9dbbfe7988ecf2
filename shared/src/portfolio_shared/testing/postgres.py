"""A real PostgreSQL server in a temporary cluster, for the tests of production stores."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """A real PostgreSQL server in a temporary cluster on loopback (Debian's server binaries;
    as the `postgres` user when run as root, which PostgreSQL refuses); yields its URL
    (`postgresql://postgres@127.0.0.1:PORT/postgres`, trust auth). Skips the test without it."""
    import os
    import tempfile

    import pytest

    from portfolio_shared.processes import free_port

    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("no PostgreSQL server here (apt-get install postgresql)")
    as_user: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        as_user = ["runuser", "-u", "postgres", "--"]
    # not under pytest's tmp folder: the postgres user must be able to reach it
    root = Path(tempfile.mkdtemp(prefix="portfolio-pg-"))
    data = root / "data"
    if as_user:
        shutil.chown(root, "postgres")
    port = free_port()
    initialise = [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres"]
    subprocess.run(initialise, check=True, capture_output=True, timeout=120)  # noqa: S603
    options = f"-p {port} -k {root} -h 127.0.0.1"
    # the server inherits pg_ctl's output: a log file, not a pipe (a pipe would never close)
    start = [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w",
             "start"]  # fmt: skip
    subprocess.run(start, check=True, stdout=subprocess.DEVNULL, timeout=120)  # noqa: S603
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        stop = [*as_user, pg_ctl, "-D", str(data), "-m", "fast", "stop"]
        subprocess.run(stop, check=False, capture_output=True, timeout=60)  # noqa: S603
        shutil.rmtree(root, ignore_errors=True)
