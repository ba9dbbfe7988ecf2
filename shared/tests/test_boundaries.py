"""The import boundaries `make lint` enforces: every contract holds on the tree as it is, and a
deliberately added forbidden import (core reaching into jobs) breaks the build."""

import os
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
    src = ROOT / "projects/churn_api/src/churn_api"
    copy = tmp_path / "churn_api"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "core" / "shortcut.py").write_text("from churn_api.jobs import train  # forbidden\n")
    result = lint_imports(ROOT / "projects/churn_api/.importlinter", tmp_path, pythonpath=tmp_path)
    assert result.returncode != 0
    assert "churn_api.core imports neither io, jobs, api nor cli BROKEN" in result.stdout
    assert "churn_api.core.shortcut -> churn_api.jobs" in result.stdout
