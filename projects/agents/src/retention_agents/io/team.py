"""The team, wired once per process: tools, the SQLite checkpointer and the compiled graph.
`run()` answers a question on a thread; `state()` reads a thread back from the checkpointer."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command

from retention_agents.config import AgentsSettings
from retention_agents.core.findings import Finding
from retention_agents.core.result import RunResult
from retention_agents.graph import build_graph
from retention_agents.nodes.toolbox import Toolbox
from retention_agents.state import RunState

# Checkpoints are decoded with msgpack only (no pickle fallback): see stack-facts, CVEs.
os.environ.setdefault("LANGGRAPH_STRICT_MSGPACK", "true")


class Team:
    def __init__(self, settings: AgentsSettings, tools: Toolbox | None = None) -> None:
        self.settings = settings
        self.tools = tools or Toolbox(settings)
        settings.work_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(settings.checkpoint_path, check_same_thread=False)
        self.checkpointer = SqliteSaver(self._db)
        self.graph = build_graph(settings, self.tools, self.checkpointer)

    def close(self) -> None:
        self._db.close()
        self.tools.close()

    def _config(self, thread_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": thread_id}}

    def run(self, question: str, thread_id: str | None = None) -> RunResult:
        thread = thread_id or uuid.uuid4().hex
        started = time.perf_counter()
        final = self.graph.invoke(RunState(question=question), self._config(thread))
        return self._result(thread, final, time.perf_counter() - started)

    def resume(self, thread_id: str, approve: bool | None = None) -> RunResult | None:
        """Finish a run that stopped mid-graph, from its last checkpoint, so the steps already
        done (their tool calls included) are not run again: after a crash or a kill, or with a
        human's decision when it waits for an approval."""
        config = self._config(thread_id)
        snapshot = self.graph.get_state(config)
        if not snapshot.values:
            return None
        waiting = bool(snapshot.interrupts)
        if waiting and approve is None:
            raise ValueError("the run waits for an approval: approve or reject it")
        if not waiting and approve is not None:
            raise ValueError("the run waits for no approval")
        started = time.perf_counter()
        command: Command[Any] | None = Command(resume={"approve": approve}) if waiting else None
        final = self.graph.invoke(command, config)
        return self._result(thread_id, final, time.perf_counter() - started)

    def stream(self, question: str, thread_id: str | None = None) -> Any:
        """(node, update) pairs as each step finishes, for a live trajectory."""
        thread = thread_id or uuid.uuid4().hex
        for chunk in self.graph.stream(
            RunState(question=question), self._config(thread), stream_mode="updates"
        ):
            for node, update in chunk.items():
                yield thread, node, update

    def state(self, thread_id: str) -> RunResult | None:
        snapshot = self.graph.get_state(self._config(thread_id))
        if not snapshot.values:
            return None
        values = {**snapshot.values, "__interrupt__": list(snapshot.interrupts)}
        return self._result(thread_id, values, 0.0)

    @staticmethod
    def _result(thread: str, values: dict[str, Any], seconds: float) -> RunResult:
        findings = [Finding.model_validate(f) for f in values.get("findings", [])]
        check = values.get("check") or {}
        pending = [dict(i.value) for i in values.get("__interrupt__", [])]
        status = "awaiting_approval" if pending else values.get("status", "unanswered")
        return RunResult(
            thread_id=thread,
            answer=values.get("answer", values.get("draft", "")),
            numbers=[n for n in check.get("numbers", []) if n not in check.get("unverified", [])],
            citations=[c for f in findings for c in f.citations],
            trajectory=values.get("trajectory", []),
            status=status,
            seconds=round(seconds, 3),
            pending=pending,
        )
