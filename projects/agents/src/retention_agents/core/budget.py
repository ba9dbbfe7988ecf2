"""Run budgets, decided before anything runs where they can be: the plan's tool calls are counted
up front (a what-if costs two), and the sub-tasks past the budget are skipped with the reason."""

from __future__ import annotations

from typing import Literal

from retention_agents.core.plan import ScorerTask, SubTask

#: Why a run ended short of a full answer.
Limit = Literal["tool_calls", "wall_time", "steps", "tokens"]

LIMIT_TEXT: dict[Limit, str] = {
    "tool_calls": "the run's tool-call budget",
    "wall_time": "the run's time budget",
    "steps": "the run's step budget",
    "tokens": "the run's token budget",
}


def cost(task: SubTask) -> int:
    """Tool calls a sub-task makes: a what-if scores the customer twice."""
    return 2 if isinstance(task, ScorerTask) and task.what_if else 1


def allocate(tasks: list[SubTask], max_calls: int) -> tuple[list[SubTask], list[SubTask]]:
    """(kept, skipped): sub-tasks in the question's order while their calls fit the budget."""
    kept: list[SubTask] = []
    skipped: list[SubTask] = []
    spent = 0
    for task in tasks:
        if skipped or spent + cost(task) > max_calls:
            skipped.append(task)
        else:
            kept.append(task)
            spent += cost(task)
    return kept, skipped


UNITS: dict[Limit, str] = {
    "tool_calls": "calls",
    "wall_time": "s",
    "steps": "steps",
    "tokens": "tokens",
}


def skipped_reason(limit: Limit, amount: float | int) -> str:
    return f"skipped: {LIMIT_TEXT[limit]} ({amount:g} {UNITS[limit]}) is spent"
