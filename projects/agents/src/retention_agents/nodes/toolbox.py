"""The tools the roles call, built once per process from settings (allow-listed: nothing else
is reachable from a node)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from langchain_core.language_models import BaseChatModel
from langgraph.store.base import BaseStore

from retention_agents.config import AgentsSettings
from retention_agents.core.memory import namespace
from retention_agents.io.clients import ChurnClient, RagClient
from retention_agents.io.external import ExternalTool
from retention_agents.io.llm import make_llm
from retention_agents.io.outbox import Outbox
from retention_agents.io.router import NeighbourRouter, make_router
from retention_agents.io.warehouse import Warehouse


@dataclass
class Toolbox:
    settings: AgentsSettings
    warehouse: Warehouse = field(init=False)
    churn: ChurnClient = field(init=False)
    rag: RagClient = field(init=False)
    outbox: Outbox = field(init=False)
    #: Allow-listed tools of other MCP servers (the team loads them at start).
    external: dict[str, ExternalTool] = field(default_factory=dict)
    #: The nearest-neighbour router for what the rules leave unrouted (`AGENTS_ROUTER`).
    router: NeighbourRouter | None = None
    #: The optional language model that routes what the rules leave unrouted (`AGENTS_LLM`).
    llm: BaseChatModel | None = None
    #: The long-term store (the team sets it when it opens its memory).
    store: BaseStore | None = None

    def recall(self, user: str, key: str) -> dict[str, Any] | None:
        if self.store is None:
            return None
        item = self.store.get(namespace(user), key)
        return None if item is None else dict(item.value)

    def remember(self, user: str, items: dict[str, dict[str, Any]]) -> None:
        if self.store is not None:
            for key, value in items.items():  # keyed: a re-run of the node writes the same rows
                self.store.put(namespace(user), key, value)

    def facts(self, user: str, limit: int = 100) -> list[dict[str, Any]]:
        if self.store is None:
            return []
        found = self.store.search(namespace(user), limit=limit)
        return [{"key": i.key, **i.value, "updated_at": i.updated_at.isoformat()} for i in found]

    def __post_init__(self) -> None:
        self.warehouse = Warehouse(self.settings)
        self.churn = ChurnClient(self.settings)
        self.rag = RagClient(self.settings)
        self.outbox = Outbox(self.settings.outbox_path)
        self.router = make_router(self.settings)
        self.llm = make_llm(self.settings)

    def close(self) -> None:
        self.warehouse.close()
        self.outbox.close()

    @property
    def external_arguments(self) -> dict[str, str]:
        return {name: t.argument for name, t in self.external.items()}

    @cached_property
    def typical(self) -> dict[str, Any]:
        """The typical customer (what the scorer assumes for fields a question leaves out)."""
        return self.warehouse.profile()
