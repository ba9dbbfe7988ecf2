"""The question sets nobody tuned on, scored right / refused / wrong through the whole team
(planner → analyst → writer → checker; no services needed): the generated questions' test half
(split by template from the half the linker may be tuned on) and the hand-written business
questions (written before any run, never edited after). `wrong` is the number that matters."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from retention_agents.core.evaluation import Verdict, verdict
from retention_agents.jobs.evals import generated
from retention_agents.team import Team

SETS = Path(__file__).parent / "sets"
HANDWRITTEN = SETS / "handwritten.jsonl"
#: Sets written by separate helpers apart from the linker and each other, tuned on.
WRITTEN_APART = (
    "tuning2",
    "tuning3",
    "tuning4",
    "tuning5",
    "tuning6",
    "tuning7",
    "tuning8",
)
NAMES = ("test", "hand", "tuning", *WRITTEN_APART)


@dataclass(frozen=True)
class Asked:
    id: str
    question: str
    metric: str
    expect: str
    gold: list[tuple[str, float | str]]
    template: str = ""


@dataclass
class Scored:
    name: str
    counts: Counter[str] = field(default_factory=Counter)
    by_metric: dict[str, Counter[str]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, asked: Asked, outcome: Verdict, answer: str) -> None:
        self.counts[outcome] += 1
        self.by_metric.setdefault(asked.metric, Counter())[outcome] += 1
        if outcome != "right":
            self.misses.append({"id": asked.id, "outcome": outcome, "question": asked.question,
                                "gold": asked.gold, "answer": answer})  # fmt: skip

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rate(self, outcome: str) -> float:
        return self.counts[outcome] / self.total if self.total else 0.0

    def line(self) -> str:
        return (f"{self.name}: {self.total} questions — right {self.counts['right']} "
                f"({self.rate('right'):.3f}), refused {self.counts['refused']} "
                f"({self.rate('refused'):.3f}), wrong {self.counts['wrong']} "
                f"({self.rate('wrong'):.3f})")  # fmt: skip


def load_set(path: Path) -> list[Asked]:
    """A question set written as JSON lines (id, question, metric, expect, gold)."""
    out = []
    for line in path.read_text().splitlines():
        row = json.loads(line)
        gold = [(g["kind"], g["value"]) for g in row["gold"]]
        out.append(Asked(row["id"], row["question"], row["metric"], row["expect"], gold,
                         row.get("template", "")))  # fmt: skip
    return out


def handwritten() -> list[Asked]:
    return load_set(HANDWRITTEN)


def question_sets(names: list[str]) -> dict[str, list[Asked]]:
    """The named sets: `test` and `tuning` (the generated halves), `hand` (the hand-written
    set), `tuning2` … `tuning8` (generated sets written apart from the linker and
    from each other, tuned on)."""
    out: dict[str, list[Asked]] = {}
    if {"test", "tuning"} & set(names):
        tuning, test = generated_halves()
        out.update({"tuning": tuning, "test": test})
    if "hand" in names:
        out["hand"] = handwritten()
    for name in set(WRITTEN_APART) & set(names):
        out[name] = load_set(SETS / f"{name}.jsonl")
    return {name: out[name] for name in names}


#: What the sets nobody tuned on must reach: (least right rate, most wrong answers).
TARGETS = {"test": (0.95, 0), "hand": (0.90, 0)}


def missed(results: list[Scored]) -> list[str]:
    out = []
    for r in results:
        if r.name in TARGETS:
            right, wrong = TARGETS[r.name]
            if r.rate("right") < right or r.counts["wrong"] > wrong:
                out.append(f"{r.line()} (target: right ≥ {right}, wrong ≤ {wrong})")
    return out


def generated_halves(n: int = 2400, seed: int = 7) -> tuple[list[Asked], list[Asked]]:
    """(tuning half, test half) of the generated questions, split by template."""
    tuning, test = generated.split(generated.generate(generated.load_frame(), n=n, seed=seed))

    def asked(q: generated.Question) -> Asked:
        return Asked(q.id, q.question, q.metric, q.expect, [(g.kind, g.value) for g in q.gold],
                     q.template)  # fmt: skip

    return [asked(q) for q in tuning], [asked(q) for q in test]


def score_set(team: Team, name: str, questions: list[Asked]) -> Scored:
    scored = Scored(name)
    for q in tqdm(questions, desc=name, leave=False, mininterval=30):
        result = team.run(q.question)
        outcome = verdict(q.expect, q.gold, result, signless=q.metric == "difference")
        scored.add(q, outcome, result.answer)
    return scored


def write(out: Path, results: list[Scored]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    summary = out / "questions.json"
    rows = [
        {"set": r.name, "total": r.total, **r.counts, "by_metric": r.by_metric} for r in results
    ]
    summary.write_text(json.dumps(rows, indent=2))
    misses = out / "questions-misses.jsonl"
    misses.write_text("".join(json.dumps({"set": r.name, **m}, default=str) + "\n"
                              for r in results for m in r.misses))  # fmt: skip
    report = out / "questions.md"
    table = [f"| {r.name} | {r.total} | {r.rate('right'):.3f} | {r.rate('refused'):.3f} | "
            f"{r.counts['wrong']} |" for r in results]  # fmt: skip
    report.write_text("| set | questions | right | refused | wrong |\n| --- | ---: | ---: | ---: "
                      "| ---: |\n" + "\n".join(table) + "\n")  # fmt: skip
    return [summary, misses, report]


__all__ = [
    "NAMES",
    "Asked",
    "Scored",
    "generated_halves",
    "handwritten",
    "load_set",
    "missed",
    "question_sets",
    "score_set",
    "write",
]
