"""Evaluation tasks and their scoring (pure): a task is a question and the checks its answer must
pass — figures it must contain, a probability it must match, a source it must cite. Gold values
are computed by code (`jobs.evals.suites`), never typed in by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retention_agents.core.result import RunResult


@dataclass(frozen=True)
class Contains:
    text: str

    def passes(self, result: RunResult) -> bool:
        return self.text in result.answer


@dataclass(frozen=True)
class Near:
    """A figure the answer gives after `label` (e.g. 'is ', 'to ') within `tolerance` of gold."""

    label: str
    value: float
    tolerance: float = 0.005

    def passes(self, result: RunResult) -> bool:
        pattern = re.escape(self.label) + r"(-?\d+(?:\.\d+)?)"
        return any(abs(float(m) - self.value) <= self.tolerance
                   for m in re.findall(pattern, result.answer))  # fmt: skip


@dataclass(frozen=True)
class Cites:
    source: str

    def passes(self, result: RunResult) -> bool:
        return any(self.source in c.source for c in result.citations)


Expect = Contains | Near | Cites


@dataclass(frozen=True)
class EvalTask:
    suite: str
    question: str
    expect: tuple[Expect, ...]
    #: Statuses that count as success (a composite with a part no role takes is "partial").
    statuses: frozenset[str] = field(default_factory=lambda: frozenset({"answered"}))


@dataclass(frozen=True)
class TaskScore:
    suite: str
    question: str
    ok: bool
    failed: list[str]
    status: str
    seconds: float
    steps: int
    tool_calls: int
    tokens: int
    invented: int


def score(task: EvalTask, result: RunResult, seconds: float) -> TaskScore:
    failed = [repr(e) for e in task.expect if not e.passes(result)]
    if result.status not in task.statuses:
        failed.insert(0, f"status {result.status}")
    return TaskScore(
        suite=task.suite,
        question=task.question,
        ok=not failed and not result.unverified,
        failed=failed + [f"invented {n}" for n in result.unverified],
        status=result.status,
        seconds=seconds,
        steps=len(result.trajectory),
        tool_calls=result.tool_calls,
        tokens=result.tokens,
        invented=len(result.unverified),
    )


def compose(suite: str, parts: list[EvalTask]) -> EvalTask:
    """One question asking every part (joined as a user would), scored on every part's checks."""
    asks = [p.question.rstrip("?. ") for p in parts]
    question = ", and ".join([asks[0], *(a[0].lower() + a[1:] for a in asks[1:])]) + "?"
    return EvalTask(suite, question, tuple(e for p in parts for e in p.expect))
