"""The team, wired once per process: tools, memory (checkpointer and store) and the compiled graph
(`graph.py`), on the team's own event loop. It is the one place that builds and runs the graph:
the service, the CLI and the jobs ask their questions through it. `arun()`/`aresume()`/
`astate()`/`astream()` are the async API (the service awaits them); `run()`/`resume()`/`state()`/
`stream()` call them from plain code."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.errors import GraphRecursionError
from langgraph.types import Command

from retention_agents.config import AgentsSettings
from retention_agents.core.budget import LIMIT_TEXT, Limit
from retention_agents.core.checker import check
from retention_agents.core.findings import Finding
from retention_agents.core.memory import ANONYMOUS
from retention_agents.core.plan import Plan
from retention_agents.core.result import RunResult
from retention_agents.core.understanding.planning import warm_up
from retention_agents.graph import build_graph
from retention_agents.io.external import load_external
from retention_agents.io.memory import open_memory
from retention_agents.io.portal import Portal
from retention_agents.nodes.toolbox import Toolbox
from retention_agents.state import UPDATE, RunState

#: (thread, node, update) as each step of a run finishes.
Update = tuple[str, str, dict[str, Any]]


class Team:
    def __init__(self, settings: AgentsSettings, tools: Toolbox | None = None) -> None:
        self.settings = settings
        self.tools = tools or Toolbox(settings)
        self.portal = Portal()
        self._stack = AsyncExitStack()
        self.checkpointer, self.store = self.portal.call(open_memory(settings, self._stack))
        self.tools.external = self.portal.call(load_external(settings))
        self.tools.store = self.store
        self.graph = build_graph(settings, self.tools, self.checkpointer, self.store)
        warm_up()  # the linker's patterns compiled now, not inside the first run's time budget

    def close(self) -> None:
        self.portal.call(self._stack.aclose())
        self.portal.close()
        self.tools.close()

    def _config(self, thread_id: str, user_id: str = ANONYMOUS) -> RunnableConfig:
        """Each invocation (a run, or a resume) gets the whole time budget from now."""
        return {
            "configurable": {
                "thread_id": thread_id,
                "user_id": user_id,
                "deadline": time.time() + self.settings.wall_time_s,
            },
            "recursion_limit": self.settings.max_steps,
        }

    # ---- async API (on the team's loop)
    async def _invoke(self, payload: Any, thread: str, user: str = ANONYMOUS) -> RunResult | None:
        started = time.perf_counter()
        limits: list[Limit] = []
        try:
            await self.graph.ainvoke(payload, self._config(thread, user))
        except GraphRecursionError:  # the step budget: what was checked so far is kept
            limits.append("steps")
        return await self._read(thread, time.perf_counter() - started, limits)

    async def _resume(
        self, thread_id: str, approve: bool | None, user: str = ANONYMOUS
    ) -> RunResult | None:
        snapshot = await self.graph.aget_state(self._config(thread_id))
        if not snapshot.values:
            return None
        waiting = bool(snapshot.interrupts)
        if waiting and approve is None:
            raise ValueError("the run waits for an approval: approve or reject it")
        if not waiting and approve is not None:
            raise ValueError("the run waits for no approval")
        command: Command[Any] | None = Command(resume={"approve": approve}) if waiting else None
        return await self._invoke(command, thread_id, user)

    async def _read(
        self, thread_id: str, seconds: float, limits: list[Limit] | None = None
    ) -> RunResult | None:
        snapshot = await self.graph.aget_state(self._config(thread_id))
        if not snapshot.values:
            return None
        values = {**snapshot.values, "__interrupt__": list(snapshot.interrupts)}
        values["stopped"] = [*values.get("stopped", []), *(limits or [])]
        return self._result(thread_id, values, seconds)

    async def _once(self, question: str, thread: str, user: str = ANONYMOUS) -> RunResult | None:
        snapshot = await self.graph.aget_state(self._config(thread))
        if not snapshot.values:
            return await self._invoke(RunState(question=question), thread, user)
        if snapshot.next and not snapshot.interrupts:  # stopped mid-graph: finish it
            return await self._invoke(None, thread, user)
        return await self._read(thread, 0.0)  # done, or waiting for a human: as it stands

    async def arun(
        self, question: str, thread_id: str | None = None, user_id: str = ANONYMOUS
    ) -> RunResult:
        thread = thread_id or uuid.uuid4().hex
        result = await self.portal.wait(self._invoke(RunState(question=question), thread, user_id))
        assert result is not None  # a run just made has a state
        return result

    async def aresume(
        self, thread_id: str, approve: bool | None = None, user_id: str = ANONYMOUS
    ) -> RunResult | None:
        return await self.portal.wait(self._resume(thread_id, approve, user_id))

    async def astate(
        self, thread_id: str, seconds: float = 0.0, limits: list[Limit] | None = None
    ) -> RunResult | None:
        return await self.portal.wait(self._read(thread_id, seconds, limits))

    def astream(
        self, question: str, thread_id: str | None = None, user_id: str = ANONYMOUS
    ) -> AsyncIterator[Update]:
        """(thread, node, update) as each step finishes, awaited from another event loop."""
        thread = thread_id or uuid.uuid4().hex
        return self.portal.aiterate(self._updates(question, thread, user_id))

    async def _updates(
        self, question: str, thread: str, user: str = ANONYMOUS
    ) -> AsyncIterator[Update]:
        try:
            async for chunk in self.graph.astream(
                RunState(question=question), self._config(thread, user), stream_mode="updates"
            ):
                for node, update in chunk.items():
                    yield thread, node, update if isinstance(update, dict) else {}
        except GraphRecursionError:
            yield thread, "__stopped__", {"stopped": ["steps"]}

    # ---- plain API (from any thread but the team's loop)
    def run(
        self, question: str, thread_id: str | None = None, user_id: str = ANONYMOUS
    ) -> RunResult:
        thread = thread_id or uuid.uuid4().hex
        result = self.portal.call(self._invoke(RunState(question=question), thread, user_id))
        assert result is not None
        return result

    def run_once(self, question: str, thread_id: str, user_id: str = ANONYMOUS) -> RunResult:
        """Idempotent by thread: a new thread runs; one stopped mid-graph (a crashed worker's)
        is finished from its last checkpoint; a finished one, or one waiting for an approval,
        is read back as it stands. Batch runs retry through this."""
        result = self.portal.call(self._once(question, thread_id, user_id))
        assert result is not None
        return result

    def resume(
        self, thread_id: str, approve: bool | None = None, user_id: str = ANONYMOUS
    ) -> RunResult | None:
        """Finish a run that stopped mid-graph, from its last checkpoint, so the steps already
        done (their tool calls included) are not run again: after a crash or a kill, or with a
        human's decision when it waits for an approval."""
        return self.portal.call(self._resume(thread_id, approve, user_id))

    def state(self, thread_id: str) -> RunResult | None:
        return self.portal.call(self._read(thread_id, 0.0))

    def stream(
        self, question: str, thread_id: str | None = None, user_id: str = ANONYMOUS
    ) -> Iterator[Update]:
        """(thread, node, update) as each step finishes, for a live trajectory."""
        thread = thread_id or uuid.uuid4().hex
        return self.portal.iterate(self._updates(question, thread, user_id))

    @staticmethod
    def _invented(values: RunState, findings: list[Finding]) -> list[str]:
        """Figures of the final answer, checked again here: none may lack a tool output."""
        plan = values.get("plan") or Plan(tasks=[])
        answer = values.get("answer", "")
        return check(answer, findings, values.get("question", ""), plan.failed or "").unverified

    @staticmethod
    def _result(thread: str, values: dict[str, Any], seconds: float) -> RunResult:
        pending = [dict(i.value) for i in values.get("__interrupt__", [])]
        state = UPDATE.validate_python({k: v for k, v in values.items() if k != "__interrupt__"})
        # the writer's and the checker's view: any role's finding, its output as JSON
        findings = [Finding.model_validate(f) for f in state.get("findings", [])]
        verdict = state.get("check")
        stopped: list[Limit] = list(dict.fromkeys(state.get("stopped", [])))
        status = "awaiting_approval" if pending else state.get("status", "unanswered")
        if stopped and status == "answered":
            status = "partial"
        reason = "; ".join(f"{LIMIT_TEXT[s]} was reached" for s in stopped) or None
        answer = state.get("answer", "")  # only a checked answer is given out, never a draft
        if not answer and reason and not pending:
            answer = f"The run stopped before it had a checked answer: {reason}."
        numbers = verdict["numbers"] if verdict else []
        unverified = verdict["unverified"] if verdict else []
        return RunResult(
            thread_id=thread,
            answer=answer,
            numbers=[n for n in numbers if n not in unverified],
            citations=[c for f in findings for c in f.citations],
            trajectory=state.get("trajectory", []),
            status=status,
            seconds=round(seconds, 3),
            pending=pending,
            stopped=stopped,
            reason=reason,
            unverified=Team._invented(state, findings),
            tool_calls=sum(f.tool_calls for f in findings),
            tokens=state.get("tokens", 0),
        )
