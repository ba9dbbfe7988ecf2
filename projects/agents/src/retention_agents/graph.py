"""The team as a LangGraph `StateGraph`, top to bottom:

    START → plan ─Send→ analyst | scorer | researcher | offer (in parallel, one per sub-task;
                      offer pauses for a human's approval with `interrupt()`)
                      → write → check ─(refused, once)→ write → check → END

Every step is checkpointed, so a run resumes where it stopped. Every node runs off the event loop
(its work is blocking: DuckDB, HTTP, a local model) under LangGraph's timeout, is retried on a
timeout or a transient error, and ends in an error handler when its attempts are spent: a role's
failure becomes a failed finding the answer reports, never an exception out of the run.

Every update a node (or its error handler) returns is validated into the state's types
(`state.UPDATE`), so what the next node reads, and what is checkpointed, is typed.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, Literal

import httpx
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.errors import NodeError, NodeTimeoutError
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.store.base import BaseStore
from langgraph.types import Command, RetryPolicy, Send
from pydantic import TypeAdapter

from retention_agents.config import AgentsSettings
from retention_agents.core.plan import Plan
from retention_agents.nodes import recovery, roles
from retention_agents.nodes.toolbox import Toolbox
from retention_agents.state import UPDATE, RunState, TaskInput

ROLES = ("analyst", "scorer", "researcher", "offer", "external")
#: Where a run goes on after a node's error handler: the edges below, but a failed writer or
#: checker ends the run (nothing unchecked is given out).
NEXT = {"plan": "write", **dict.fromkeys(ROLES, "write"), "write": END, "check": END}


class InjectedFaultError(Exception):
    """An injected failure that a retry may cure (fault-injection drills and tests)."""


class Attempts:
    """Attempts per LangGraph task (its checkpoint namespace is stable across retries): a
    retried step says which attempt succeeded, a failed one how many were made."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    @staticmethod
    def _task(config: RunnableConfig) -> str:
        # an error handler runs in `<failed task>|__error_handler__...`
        return str(config.get("metadata", {}).get("langgraph_checkpoint_ns", "")).split("|")[0]

    def start(self, config: RunnableConfig) -> int:
        with self._lock:
            self._counts[self._task(config)] += 1
            return self._counts[self._task(config)]

    def made(self, config: RunnableConfig) -> int:
        with self._lock:
            return self._counts[self._task(config)]


class Faults:
    """Fault injection by setting: hold `fault_node` for `fault_delay_s`, or raise a transient
    error, on its first `fault_failures` attempts (0: on every attempt)."""

    def __init__(self, settings: AgentsSettings) -> None:
        self.settings = settings

    def hit(self, node: str, attempt: int) -> None:
        s = self.settings
        if s.fault_node != node or (s.fault_failures and attempt > s.fault_failures):
            return
        if s.fault_kind == "delay":
            time.sleep(s.fault_delay_s)
        else:
            raise InjectedFaultError(f"injected fault in {node}, attempt {attempt}")


def fan_out(state: RunState) -> list[Send] | Literal["write"]:
    """One `Send` per sub-task to its role; straight to the writer when there is none."""
    made = Plan.model_validate(state["plan"])
    sends = [
        Send(task.role, TaskInput(index=i, task=task, question=state["question"]))
        for i, task in enumerate(made.tasks)
    ]
    return sends or "write"


def after_check(state: RunState) -> Literal["write", "__end__"]:
    return "__end__" if "answer" in state else "write"


def retryable(exc: Exception) -> bool:
    """Retry what may pass: a timeout, a dropped connection, an injected transient fault."""
    return isinstance(exc, NodeTimeoutError | InjectedFaultError | httpx.TransportError)


#: A role's input (the planner's `Send`), validated: a task read back from a checkpoint is typed.
TASK_INPUT: TypeAdapter[TaskInput] = TypeAdapter(TaskInput)


def _typed(update: dict[str, Any]) -> dict[str, Any]:
    """A node's update in the state's types (the roles return theirs as JSON)."""
    return dict(UPDATE.validate_python(update))


def _node(
    name: str,
    action: Callable[..., dict[str, Any]],
    settings: AgentsSettings,
    attempts: Attempts,
    faults: Faults,
) -> Any:
    """The async node LangGraph runs (and can time out): the blocking `action` in a worker thread
    (contextvars copied, so `interrupt()` works there), skipped once the run is out of time."""
    takes_config = len(inspect.signature(action).parameters) == 2

    def attempt(state: Any, config: RunnableConfig) -> dict[str, Any]:
        number = attempts.start(config)
        faults.hit(name, number)
        update = action(state, config) if takes_config else action(state)
        if number > 1:  # the earlier attempts failed: say so in the trajectory
            update["trajectory"] = [{**s, "attempt": number} for s in update["trajectory"]]
        return _typed(update)

    async def node(state: Any, config: RunnableConfig) -> dict[str, Any]:
        if name not in ROLES:
            return await asyncio.to_thread(attempt, state, config)
        item = TASK_INPUT.validate_python(state)
        deadline = config.get("configurable", {}).get("deadline")
        if deadline is not None and time.time() > float(deadline):
            return _typed(recovery.out_of_time(item, name, settings.wall_time_s))  # type: ignore[arg-type]
        return await asyncio.to_thread(attempt, item, config)

    return node


def _handler(
    name: str, on_error: Callable[..., dict[str, Any]], attempts: Attempts, then: str
) -> Any:
    """An error handler as LangGraph calls it (`error: NodeError`), told the attempts made. It
    names the next node itself: a handler is a node of its own, which the failed node's edges
    do not leave from (when every branch of a step fails, nothing else would go on)."""

    def handle(state: Any, error: NodeError, config: RunnableConfig) -> Command[str]:
        if name in ROLES:
            state = TASK_INPUT.validate_python(state)
        update = on_error(state, error, attempts.made(config))
        return Command(update=_typed(update), goto=then)

    return handle


def build_graph(
    settings: AgentsSettings,
    tools: Toolbox,
    checkpointer: BaseCheckpointSaver[Any] | None,
    store: BaseStore | None = None,
) -> CompiledStateGraph[Any, Any, Any, Any]:
    faults, attempts = Faults(settings), Attempts()
    retry = RetryPolicy(
        max_attempts=settings.node_attempts,
        initial_interval=settings.retry_backoff_s,
        jitter=False,
        retry_on=retryable,
    )
    actions: dict[str, tuple[Callable[..., dict[str, Any]], Callable[..., dict[str, Any]]]] = {
        "plan": (roles.planner(settings, tools), recovery.plan_failed),
        "analyst": (roles.analyst(tools), recovery.failed("analyst")),
        "scorer": (roles.scorer(tools), recovery.failed("scorer")),
        "researcher": (roles.researcher(settings, tools), recovery.failed("researcher")),
        "offer": (roles.offer(tools), recovery.failed("offer")),
        "external": (roles.external(tools), recovery.failed("external")),
        "write": (roles.write, recovery.write_failed),
        "check": (roles.checker(settings, tools), recovery.check_failed),
    }
    graph = StateGraph(RunState)
    for name, (action, on_error) in actions.items():
        graph.add_node(
            name,
            _node(name, action, settings, attempts, faults),
            timeout=settings.node_timeout_s,
            retry_policy=retry,
            error_handler=_handler(name, on_error, attempts, NEXT[name]),
        )
    graph.add_edge(START, "plan")
    graph.add_conditional_edges("plan", fan_out, [*ROLES, "write"])
    for role in ROLES:
        graph.add_edge(role, "write")
    graph.add_edge("write", "check")
    graph.add_conditional_edges("check", after_check, ["write", END])
    return graph.compile(checkpointer=checkpointer, store=store)
