"""One event loop per team, on its own thread: the graph runs async (so LangGraph can time nodes
out by cancellation) while the CLI, the tests and the Ray workers call it like a function, and
the API awaits it without blocking its own loop."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")
#: Seconds `close()` waits for worker threads still running (a node past its timeout).
EXECUTOR_GRACE_S = 10.0
_DONE = object()


class Portal:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="team-loop", daemon=True)
        self._thread.start()

    def submit(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the team's loop and wait for its result (from any other thread)."""
        return self.submit(coro).result()

    async def wait(self, coro: Coroutine[Any, Any, T]) -> T:
        """The same, awaited from another event loop (the API's)."""
        return await asyncio.wrap_future(self.submit(coro))

    def iterate(self, items: AsyncIterator[T]) -> Iterator[T]:
        """An async iterator on the team's loop, read as a plain iterator from another thread."""
        import queue

        out: queue.Queue[Any] = queue.Queue()

        async def pump() -> None:
            try:
                async for item in items:
                    out.put(item)
            except BaseException as exc:  # handed to the reader, raised there
                out.put(exc)
            finally:
                out.put(_DONE)

        self.submit(pump())
        while (item := out.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item

    async def _cancel_pending(self) -> None:
        """Worker threads finish first (a node that outlived its timeout may still read the
        store through this loop), then background tasks (the store's batcher) are cancelled."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.loop.shutdown_default_executor(), EXECUTOR_GRACE_S)
        current = asyncio.current_task()
        pending = [t for t in asyncio.all_tasks(self.loop) if t is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def aiterate(self, items: AsyncIterator[T]) -> AsyncIterator[T]:
        """An async iterator on the team's loop, read from another event loop (the API's)."""
        caller = asyncio.get_running_loop()
        out: asyncio.Queue[Any] = asyncio.Queue()

        async def pump() -> None:
            try:
                async for item in items:
                    caller.call_soon_threadsafe(out.put_nowait, item)
            except BaseException as exc:  # handed to the reader, raised there
                caller.call_soon_threadsafe(out.put_nowait, exc)
            finally:
                caller.call_soon_threadsafe(out.put_nowait, _DONE)

        future = self.submit(pump())
        try:
            while (item := await out.get()) is not _DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            future.cancel()  # the reader went away (a client closed its stream): stop the run

    def close(self) -> None:
        if self.loop.is_closed():
            return
        self.call(self._cancel_pending())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()
