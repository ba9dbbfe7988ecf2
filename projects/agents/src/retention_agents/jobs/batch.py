"""Batch runs on a Ray actor pool (`agents eval --engine ray`): each worker builds one team (its
tools, the router's model, the language model when one is configured) once and answers
questions one after another.

Every question carries its own thread id, so a run is idempotent: the same id reaches the same
checkpoints, and any worker can resume any thread, because all state is in the checkpointer
(SQLite under `data_dir` for workers on one machine, Postgres for a cluster). The session is
`portfolio_shared.ray_session` (local by default; `address` for a cluster)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from portfolio_shared.ray_session import ray_session
from retention_agents.config import AgentsSettings
from retention_agents.core.result import RunResult
from retention_agents.io.warehouse import Warehouse
from retention_agents.team import Team


@dataclass(frozen=True)
class BatchItem:
    question: str
    thread_id: str


class TeamWorker:
    """One team per actor process, built once."""

    def __init__(self, settings: AgentsSettings) -> None:
        self.team = Team(settings)

    def run(self, item: BatchItem) -> tuple[dict[str, Any], float]:
        started = time.perf_counter()
        result = self.team.run_once(item.question, item.thread_id)
        return result.model_dump(mode="json"), time.perf_counter() - started

    def ready(self) -> bool:
        return True


@dataclass(frozen=True)
class Batch:
    #: every item's result and seconds, in input order
    results: list[tuple[RunResult, float]]
    #: seconds to start the actors and build their teams (models loaded once per worker)
    setup_s: float
    #: seconds from the first question sent to the last answer back
    run_s: float


def run_batch(
    settings: AgentsSettings,
    items: Sequence[BatchItem],
    workers: int,
    address: str | None = None,
) -> Batch:
    """Every item through a pool of `workers` actors (one CPU each)."""
    Warehouse(settings).close()  # built once here, not raced by the workers
    with ray_session(address, num_cpus=None if address else max(workers, 1)) as ray:
        from ray.util import ActorPool

        # A worker that dies is restarted and its question retried: by thread id, so what the
        # dead worker checkpointed is finished, not redone.
        actor = ray.remote(num_cpus=1, max_restarts=1, max_task_retries=1)(TeamWorker)
        started = time.perf_counter()
        actors = [actor.remote(settings) for _ in range(workers)]
        ray.get([a.ready.remote() for a in actors])  # every model loaded before the clock runs
        ready = time.perf_counter()
        pool = ActorPool(actors)
        done = list(pool.map(lambda a, item: a.run.remote(item), list(items)))
        finished = time.perf_counter()
    results = [(RunResult.model_validate(payload), seconds) for payload, seconds in done]
    return Batch(results, round(ready - started, 3), round(finished - ready, 3))


__all__ = ["Batch", "BatchItem", "TeamWorker", "run_batch"]
