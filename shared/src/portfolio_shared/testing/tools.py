"""System tools a test needs (skipped without them, or failed where CI requires them), and the
Kubernetes overlays rendered with one of them (`kubectl kustomize`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


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
