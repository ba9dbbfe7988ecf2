"""Artefacts a test session builds once (a trained registry, an exported model, an index) and
every pytest-xdist worker of that session shares: the first worker to ask builds it under a
file lock, the others wait and reuse the folder. Without xdist it is a plain session folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from filelock import FileLock

DONE = ".built"


def session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this session sees: xdist gives each worker (named in
    `PYTEST_XDIST_WORKER`) its own base temp under one common parent."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """`session_root/name`, filled by `build(folder)` exactly once per session. A build that
    fails leaves no folder behind (the next worker tries again and fails the same way)."""
    from filelock import FileLock

    root = session_root(tmp_path_factory)
    folder = root / name
    with FileLock(str(root / f"{name}.lock")):
        if not (folder / DONE).is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            try:
                build(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            (folder / DONE).touch()
    return folder


def locked(path: Path) -> FileLock:
    """A file lock beside `path`, for a cache outside the session (several sessions or workers
    filling it at once)."""
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path) + ".lock")
