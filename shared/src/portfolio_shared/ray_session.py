"""A Ray session for scale-out work (hyper-parameter search, batch scoring, batch runs).

Local mode by default: `ray.init()` starts a private Ray in this process (a few seconds), sized
to this machine. Set `address` (`auto`, `ray://head:10001`) to run the same code on a cluster;
the workers need the project installed (the image, or a runtime_env).

Ray listens on every interface, not only loopback: on a shared host run it inside a network
namespace (the tests do: `unshare --net`), or on a cluster behind its own network policy.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def ray_session(address: str | None = None, num_cpus: int | None = None) -> Iterator[Any]:
    """A connected Ray: the given cluster, or a local one that is shut down afterwards (an
    already initialised Ray is used as it is and left running)."""
    os.environ.setdefault("RAY_AIR_NEW_OUTPUT", "0")
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Under `uv run` (every make target) Ray would start its workers through `uv run` too, which
    # re-resolves the project per worker: slow, and with no network the workers die at start.
    # They belong in this same environment.
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    import ray

    if ray.is_initialized():
        yield ray
        return
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(
            num_cpus=num_cpus or os.cpu_count() or 1,
            include_dashboard=False,
            log_to_driver=False,
            _node_ip_address="127.0.0.1",
        )
    try:
        yield ray
    finally:
        ray.shutdown()


__all__ = ["ray_session"]
