"""Append-only JSON-lines logs that survive `kill -9`: each append is one `O_APPEND` write of
whole lines, and a reader first cuts a torn last line (a write the kill interrupted) off the
file, so the next append starts on a line of its own and nothing half-written is ever parsed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from portfolio_shared.logging import get_logger

log = get_logger(__name__)


def append_lines(path: Path, lines: list[str]) -> None:
    """Append `lines` (no newlines inside) in as few `write` calls as the kernel allows."""
    data = ("\n".join(lines) + "\n").encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def repair(path: Path) -> int:
    """Cut a torn last line (no trailing newline) off `path`; returns the bytes removed."""
    if not path.is_file():
        return 0
    with path.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return 0
        keep, step = size, 1 << 16  # scan back for the last newline, a block at a time
        while keep > 0:
            start = max(0, keep - step)
            handle.seek(start)
            block = handle.read(keep - start)
            cut = block.rfind(b"\n")
            if cut >= 0:
                keep = start + cut + 1
                break
            keep = start
        handle.truncate(keep)
    log.warning("torn log line removed", extra={"path": str(path), "bytes": size - keep})
    return size - keep


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every whole record of `path`, after `repair`; a line that is not a JSON object (never
    written by `append_lines`) is skipped with a warning rather than failing start-up."""
    repair(path)
    if not path.is_file():
        return []
    records, bad = [], 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(record, dict):
                records.append(record)
            else:
                bad += 1
    if bad:
        log.warning("unreadable log lines skipped", extra={"path": str(path), "lines": bad})
    return records
