"""The import boundaries `make lint` enforces: every contract holds on the tree as it is, and a
deliberately added forbidden import (core reaching into jobs) breaks the build: both the
contract that keeps core pure and the layers contract (nothing imports upwards)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = [ROOT / "shared/.importlinter", *sorted(ROOT.glob("projects/*/.importlinter"))]


def lint_imports(
    config: Path, cwd: Path, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [binary, "--no-cache", str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.parent.name)
def test_every_contract_is_kept(config: Path) -> None:
    result = lint_imports(config, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
    assert " 0 broken" in result.stdout


def test_a_forbidden_import_breaks_the_build(tmp_path: Path) -> None:
    # The first project of this tree (a copy-out holds fewer): its core reaches into its jobs.
    project = sorted(ROOT.glob("projects/*/.importlinter"))[0].parent
    src = next(p for p in (project / "src").iterdir() if (p / "core").is_dir())
    package = src.name
    copy = tmp_path / package
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "core" / "shortcut.py").write_text(f"import {package}.jobs  # forbidden\n")
    result = lint_imports(project / ".importlinter", tmp_path, pythonpath=tmp_path)
    assert result.returncode != 0
    assert re.search(rf"{package}\.core imports neither .* BROKEN", result.stdout), result.stdout
    assert re.search(rf"{package} layers.* BROKEN", result.stdout), result.stdout  # upwards too
    assert f"{package}.core.shortcut -> {package}.jobs" in result.stdout
