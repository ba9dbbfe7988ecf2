"""Build and smoke-run the churn_api image when a Docker engine is reachable.

`make image-churn` does the same on a bare machine (it starts a private engine first)."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


def engine_available() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return (
            subprocess.run(
                ["docker", "info"], capture_output=True, timeout=10, check=False
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.docker
@pytest.mark.skipif(
    not engine_available(),
    reason="no Docker engine reachable "
    "(set DOCKER_HOST, or run `make image-churn`, which starts one)",
)
def test_image_builds_and_serves(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundle = ROOT / "data" / "churn_api" / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    shutil.copytree(trained.bundle, bundle)
    started = time.monotonic()
    result = subprocess.run(
        ["bash", "infra/images/build.sh", "churn_api"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ},
    )
    print(result.stdout[-3000:], f"\nimage build + smoke: {time.monotonic() - started:.0f} s")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "PASS churn_api smoke" in result.stdout
