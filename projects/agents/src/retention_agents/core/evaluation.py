"""Evaluation tasks and their scoring (pure): a task is a question and the checks its answer must
pass — figures it must contain, a probability it must match, a source it must cite. Gold values
are computed by code (`jobs.evals.suites`), never typed in by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

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


# ---------------------------------------------------------------- right / refused / wrong
Verdict = Literal["right", "refused", "wrong"]
_TOKEN = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?(?![\w])")


def _figures(answer: str) -> list[float]:
    return [float(t.rstrip("%").replace(",", "")) for t in _TOKEN.findall(answer)]


def gold_in(answer: str, kind: str, value: float | str, signless: bool = False) -> bool:
    """Whether the answer states a gold figure (as the writer rounds it) or label."""
    if kind == "label":
        return str(value).lower() in answer.lower()
    gold = float(value)
    figures = _figures(answer)
    if signless:
        gold, figures = abs(gold), [abs(f) for f in figures]
    if kind == "percent":
        return any(abs(f - gold * 100) <= 0.05 + 1e-9 for f in figures)
    if kind == "count":
        return any(f == round(gold) for f in figures)
    # both sides round to cents: one value rounded half-up and half-even differs by a cent
    return any(abs(f - gold) <= 0.01 + 1e-9 for f in figures)


def verdict(expect: str, gold: list[tuple[str, float | str]], result: RunResult,
            signless: bool = False) -> Verdict:  # fmt: skip
    """Right, refused or wrong. Right: answered with every gold figure (or, where a refusal is
    the only right answer, refused). Refused: not answered, and no figure over the customers
    stated. Wrong: anything else — a figure that is not the gold, or an answer to a question
    that should have been refused."""
    stated = any(s.get("node") == "analyst" and "error" not in s for s in result.trajectory)
    if expect == "refuse":
        return "right" if result.status != "answered" and not stated else "wrong"
    if result.status == "answered" and all(gold_in(result.answer, k, v, signless)
                                           for k, v in gold):  # fmt: skip
        return "right"
    return "refused" if result.status != "answered" and not stated else "wrong"
