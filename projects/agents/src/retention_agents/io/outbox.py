"""The outbox: retention offers a human approved, for the campaign system to send. One row per
(thread, task): a node that runs again after its approval cannot queue the same offer twice."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class QueuedOffer:
    thread_id: str
    task: int
    customer_id: str
    queued_at: float


class Outbox:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS offers (thread_id TEXT NOT NULL, task INTEGER NOT NULL, "
            "customer_id TEXT NOT NULL, queued_at REAL NOT NULL, PRIMARY KEY (thread_id, task))"
        )

    def queue(self, thread_id: str, task: int, customer_id: str) -> bool:
        """Queue once; True when this call wrote the row (False: it was queued already)."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO offers VALUES (?, ?, ?, ?)",
            (thread_id, task, customer_id, time.time()),
        )
        return cursor.rowcount == 1

    def offers(self) -> list[QueuedOffer]:
        rows = self._db.execute("SELECT * FROM offers ORDER BY queued_at").fetchall()
        return [QueuedOffer(*row) for row in rows]

    def close(self) -> None:
        self._db.close()
