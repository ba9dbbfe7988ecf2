"""Soak runs for the services' benchmarks (`make soak`): many requests over loopback from a few
threads, every answer checked, latency percentiles, and the server's resident memory sampled
after warm-up and at the end (growth is what a leak looks like).

    with served(["my-service", "serve", "--port", "8931"], "http://127.0.0.1:8931") as server:
        result = soak(server, lambda c, i: c.post("/predict", json=...), total=50_000)
    print(result.report("my-service /predict"))
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

Send = Callable[[httpx.Client, int], httpx.Response]


@dataclass
class Server:
    url: str
    pid: int

    def pids(self) -> list[int]:
        """The server and every process under it (a server that forks workers, like MLflow's)."""
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                with contextlib.suppress(OSError):
                    todo += [int(child) for child in task.read_text().split()]
        return found

    def rss_mb(self) -> float:
        """Resident memory of the server's processes (Linux /proc), in MiB: summed, so pages
        its workers share are counted once each (an upper bound)."""
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError):  # a worker that just exited
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        return total / 1024

    def cpu_seconds(self) -> float:
        """User + system CPU time the server's processes have used (Linux /proc), in seconds."""
        ticks = 0
        for pid in self.pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def served(
    command: list[str],
    url: str,
    env: dict[str, str] | None = None,
    ready_s: float = 300,
    ready_path: str = "/ready",
) -> Iterator[Server]:
    """Start a server process, wait for its `ready_path` to answer 200, and stop it afterwards."""
    proc = subprocess.Popen(  # noqa: S603 - the caller's own command
        command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + ready_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}{ready_path}", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} not ready after {ready_s} s")
            time.sleep(0.5)
        yield Server(url, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class SoakResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    rss_after_warmup_mb: float
    rss_end_mb: float
    first_errors: list[str]
    #: RSS after each tenth of the measured requests: a leak climbs, an allocator plateaus.
    rss_trace_mb: list[float] = field(default_factory=list)
    #: CPU the server used while measured, in cores (what a container's CPU request is sized by).
    cpu_cores: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

    @property
    def rss_growth(self) -> float:
        return self.rss_end_mb / self.rss_after_warmup_mb - 1

    def verdict(self, name: str, max_growth: float = 0.05) -> int:
        """Print the report and the first errors; 0 when there were none and RSS grew less than
        `max_growth` after warm-up, else 1 (a script's exit code)."""
        print(self.report(name))
        for error in self.first_errors:
            print("  error:", error)
        return 0 if self.errors == 0 and self.rss_growth < max_growth else 1

    def report(self, name: str) -> str:
        trace = " ".join(f"{mb:.0f}" for mb in self.rss_trace_mb)
        return (
            f"{name}: {self.requests} requests in {self.seconds:.0f} s "
            f"({self.requests / self.seconds:.0f}/s), {self.errors} errors, "
            f"p50 {self.percentile(0.5):.1f} ms, p99 {self.percentile(0.99):.1f} ms, "
            f"RSS {self.rss_after_warmup_mb:.0f} MiB after warm-up -> {self.rss_end_mb:.0f} MiB "
            f"({self.rss_growth:+.1%}); server CPU {self.cpu_cores:.2f} cores; "
            f"RSS by tenths: {trace}"
        )


@dataclass
class _Load:
    """`count` requests numbered from `offset`, shared by `threads` client threads."""

    server: Server
    send: Send
    ok: Callable[[httpx.Response], bool]
    timeout_s: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)

    def run(self, count: int, offset: int, threads: int) -> None:
        lock = threading.Lock()
        counter = iter(range(count))
        tenth = max(1, count // 10)

        def worker() -> None:
            with httpx.Client(base_url=self.server.url, timeout=self.timeout_s) as client:
                while True:
                    with lock:
                        i = next(counter, None)
                    if i is None:
                        return
                    start = time.perf_counter()
                    try:
                        response = self.send(client, offset + i)
                        good = self.ok(response)
                        why = f"HTTP {response.status_code}: {response.text[:120]}"
                    except httpx.HTTPError as exc:
                        good, why = False, f"{type(exc).__name__}: {exc}"
                    elapsed = (time.perf_counter() - start) * 1000
                    with lock:
                        self.latencies.append(elapsed)
                        if not good:
                            self.errors.append(why)
                        if len(self.latencies) % tenth == 0:
                            self.rss.append(self.server.rss_mb())

        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()


def soak(
    server: Server,
    send: Send,
    *,
    total: int,
    warmup: int | None = None,
    threads: int = 4,
    ok: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200,
    timeout_s: float = 120,
) -> SoakResult:
    """`warmup` requests (default: a tenth) first, unmeasured but at the same concurrency (so
    the server's worker threads, their allocator arenas and caches exist before the baseline);
    then `total`, from `threads` threads, each answer checked with `ok`."""
    warmup = total // 10 if warmup is None else warmup
    _Load(server, send, ok, timeout_s).run(warmup, 0, threads)
    rss_start = server.rss_mb()
    load = _Load(server, send, ok, timeout_s)
    started, cpu_start = time.perf_counter(), server.cpu_seconds()
    load.run(total, warmup, threads)
    seconds = time.perf_counter() - started
    cores = (server.cpu_seconds() - cpu_start) / seconds
    return SoakResult(total, len(load.errors), seconds, load.latencies, rss_start,
                      server.rss_mb(), load.errors[:5], load.rss, cores)  # fmt: skip
