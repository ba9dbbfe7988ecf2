"""Refinements of the rules, in order: the nearest-neighbour router (`io.router`) takes the
clauses the rules left unrouted; the language model, when one is configured, gets what is still
left, each clause as one forced, schema-constrained tool call that becomes a sub-task only when
its arguments validate (`core.toolcalls.task_from_call`). Tokens count against the budget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from portfolio_shared.logging import get_logger
from retention_agents.core.plan import Plan, ScorerTask, SubTask
from retention_agents.core.toolcalls import PROMPT, TOOLS, task_from_call
from retention_agents.io.router import NeighbourRouter

log = get_logger(__name__)


def model_route(model: BaseChatModel, question: str) -> tuple[str | None, dict[str, Any], int]:
    """One forced, schema-constrained tool call by a chat model."""
    bound = model.bind_tools(TOOLS, tool_choice="required")
    reply: Any = bound.invoke([SystemMessage(PROMPT), HumanMessage(question)])
    calls = getattr(reply, "tool_calls", [])
    usage = getattr(reply, "usage_metadata", None) or {}
    if not calls:
        return None, {}, int(usage.get("total_tokens", 0))
    return calls[0]["name"], dict(calls[0]["args"]), int(usage.get("total_tokens", 0))


@dataclass(frozen=True)
class Refined:
    plan: Plan
    tokens: int
    routed: int
    out_of_tokens: bool


def reroute(
    made: Plan, router: NeighbourRouter, remembered: dict[str, Any] | None, max_tasks: int
) -> tuple[Plan, int]:
    """The nearest-neighbour router takes the unrouted clauses it can place (within the task
    cap). Refused clauses stay refused: a refusal names what could not be used."""
    tasks: list[SubTask] = list(made.tasks)
    left: list[str] = []
    previous = next((t for t in reversed(tasks) if isinstance(t, ScorerTask)), None)
    if previous is None and remembered:
        previous = ScorerTask(ask="remembered", stated=remembered)
    for clause in made.unrouted:
        placed = router.route(clause, previous) if len(tasks) < max_tasks else None
        if placed is None:
            left.append(clause)
        else:
            tasks.append(placed)
    return Plan(tasks=tasks, unrouted=left, refused=made.refused), len(tasks) - len(made.tasks)


def refine(made: Plan, model: BaseChatModel, max_tokens: int) -> Refined:
    tasks: list[SubTask] = list(made.tasks)
    left: list[str] = []
    used, routed, out = 0, 0, False
    for clause in made.unrouted:
        if used >= max_tokens:
            left.append(clause)
            out = True
            continue
        try:
            name, args, tokens = model_route(model, clause)
        except Exception as exc:  # a model that fails leaves the clause unrouted, as before
            log.warning("the model could not route a clause", extra={"error": str(exc)})
            left.append(clause)
            continue
        used += tokens
        task = task_from_call(clause, name, args) if name else None
        if task is None:
            left.append(clause)
        else:
            tasks.append(task)
            routed += 1
    return Refined(Plan(tasks=tasks, unrouted=left, refused=made.refused), used, routed, out)
