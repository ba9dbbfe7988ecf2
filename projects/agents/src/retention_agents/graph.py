"""The team as a LangGraph `StateGraph`, top to bottom:

    START → plan ─Send→ analyst | scorer | researcher | offer (in parallel, one per sub-task;
                      offer pauses for a human's approval with `interrupt()`)
                      → write → check ─(refused, once)→ write → check → END

Every step is checkpointed (SQLite by default), so a run resumes where it stopped.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Send

from retention_agents.config import AgentsSettings
from retention_agents.core.plan import Plan
from retention_agents.nodes import roles
from retention_agents.nodes.toolbox import Toolbox
from retention_agents.state import RunState


def fan_out(state: RunState) -> list[Send] | Literal["write"]:
    """One `Send` per sub-task to its role; straight to the writer when there is none."""
    made = Plan.model_validate(state["plan"])
    sends = [
        Send(
            task.role,
            {"index": i, "task": task.model_dump(mode="json"), "question": state["question"]},
        )
        for i, task in enumerate(made.tasks)
    ]
    return sends or "write"


def after_check(state: RunState) -> Literal["write", "__end__"]:
    return "__end__" if "answer" in state else "write"


def _node(name: str, action: Callable[..., dict[str, Any]], settings: AgentsSettings) -> Any:
    """A node function as `add_node` takes it (its overloads do not accept a plain callable),
    held for the configured fault delay when it is the fault-injection target."""
    if settings.fault_delay_node != name or settings.fault_delay_s <= 0:
        return action

    if len(inspect.signature(action).parameters) == 2:  # a node that reads its config

        def delayed_with_config(state: Any, config: RunnableConfig) -> dict[str, Any]:
            time.sleep(settings.fault_delay_s)
            return action(state, config)

        return delayed_with_config

    def delayed(state: Any) -> dict[str, Any]:
        time.sleep(settings.fault_delay_s)
        return action(state)

    return delayed


def build_graph(
    settings: AgentsSettings, tools: Toolbox, checkpointer: BaseCheckpointSaver[Any] | None
) -> CompiledStateGraph[Any, Any, Any, Any]:
    graph = StateGraph(RunState)
    graph.add_node("plan", _node("plan", roles.planner(settings), settings))
    graph.add_node("analyst", _node("analyst", roles.analyst(tools), settings))
    graph.add_node("scorer", _node("scorer", roles.scorer(tools), settings))
    graph.add_node("researcher", _node("researcher", roles.researcher(tools), settings))
    graph.add_node("offer", _node("offer", roles.offer(tools), settings))
    graph.add_node("write", _node("write", roles.write, settings))
    graph.add_node("check", _node("check", roles.checker(settings), settings))
    graph.add_edge(START, "plan")
    graph.add_conditional_edges(
        "plan", fan_out, ["analyst", "scorer", "researcher", "offer", "write"]
    )
    for role in ("analyst", "scorer", "researcher", "offer"):
        graph.add_edge(role, "write")
    graph.add_edge("write", "check")
    graph.add_conditional_edges("check", after_check, ["write", END])
    return graph.compile(checkpointer=checkpointer)
