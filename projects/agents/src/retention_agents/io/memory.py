"""Durable memory: the checkpointer (every step of every run; SQLite by default, Postgres by
setting) and the long-term store (facts a user's runs learned, read by their later runs).
Checkpoints are decoded strictly: msgpack only, the state's own types only (the package's
`__init__` sets `LANGGRAPH_STRICT_MSGPACK` before LangGraph is imported)."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.store.base import BaseStore

from retention_agents.config import AgentsSettings


async def open_memory(
    settings: AgentsSettings, stack: AsyncExitStack
) -> tuple[BaseCheckpointSaver[Any], BaseStore]:
    """Open the checkpointer and the store; `stack` closes them."""
    url = settings.checkpoint_url
    if url.startswith(("postgres://", "postgresql://")):
        try:
            from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
            from langgraph.store.postgres.aio import AsyncPostgresStore
        except ImportError as exc:  # pragma: no cover - the optional extra
            raise RuntimeError(
                "a postgresql:// checkpoint_url needs the `postgres` extra "
                "(langgraph-checkpoint-postgres, psycopg)"
            ) from exc
        saver: Any = await stack.enter_async_context(AsyncPostgresSaver.from_conn_string(url))
        store: Any = await stack.enter_async_context(AsyncPostgresStore.from_conn_string(url))
    elif url:
        raise ValueError(f"checkpoint_url must be empty (SQLite) or postgresql://, not {url!r}")
    else:
        from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
        from langgraph.store.sqlite.aio import AsyncSqliteStore

        settings.work_dir.mkdir(parents=True, exist_ok=True)
        saver = await stack.enter_async_context(
            AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_path))
        )
        store = await stack.enter_async_context(
            AsyncSqliteStore.from_conn_string(str(settings.store_path))
        )
    await saver.setup()
    await store.setup()
    return saver, store
