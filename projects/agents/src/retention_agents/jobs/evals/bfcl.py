"""A ~100-case subset of the Berkeley Function-Calling Leaderboard for the model layer
(`portfolio_shared.llm`), read from the data the `bfcl-eval` wheel ships (installed without its
dependencies: only its JSON files are read, the package is never imported).

Cases, every k-th of each category for spread: `simple_python` (one function offered, 40),
`multiple` (several offered, one right, 30) — the call forced and JSON-schema constrained, as
the team's refinement calls tools — and `irrelevance` (no offered function fits, 30), where the
model decides (`tool_choice="auto"`) and the right answer is no call.

Scoring follows BFCL's AST checker in its essentials: the function name must match; every
argument given must be one of the possible answers (numbers compared as numbers, strings
without case and surrounding spaces); a required argument may be left out only where the
possible answers allow it (`""`); no argument the function does not declare."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from portfolio_shared.embeddings import package_dir

SUBSET = {"simple_python": 40, "multiple": 30, "irrelevance": 30}
_TYPES = {
    "dict": "object",
    "float": "number",
    "tuple": "array",
    "int": "integer",
    "bool": "boolean",
}


@dataclass(frozen=True)
class BfclCase:
    id: str
    category: str
    question: str
    tools: list[dict[str, Any]]
    #: function name → argument → possible values (empty for irrelevance: no call is right)
    answer: dict[str, dict[str, list[Any]]]
    #: the tool name each BFCL function was renamed to (dots are not allowed in tool names)
    names: dict[str, str]


def data_dir() -> Path:
    return package_dir("bfcl_eval") / "data"


def _schema(node: Any) -> Any:
    """BFCL's parameter dialect ("dict", "float", "tuple", "any") as JSON Schema."""
    if isinstance(node, list):
        return [_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "type" and isinstance(value, str):
            if value != "any":
                out[key] = _TYPES.get(value, value)
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: _schema(prop) for name, prop in value.items()}
        elif key not in ("default", "optional"):
            out[key] = _schema(value)
    return out


def _tool_name(name: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_-]", "_", name)


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def cases(root: Path | None = None, subset: dict[str, int] | None = None) -> list[BfclCase]:
    root = root or data_dir()
    out = []
    for category, n in (subset or SUBSET).items():
        rows = _read(root / f"BFCL_v4_{category}.json")
        answers = {}
        if (root / "possible_answer" / f"BFCL_v4_{category}.json").is_file():
            answers = {a["id"]: a["ground_truth"] for a in
                       _read(root / "possible_answer" / f"BFCL_v4_{category}.json")}  # fmt: skip
        step = max(1, len(rows) // n)
        for row in rows[::step][:n]:
            names = {f["name"]: _tool_name(f["name"]) for f in row["function"]}
            tools = [{"type": "function", "function": {
                "name": names[f["name"]], "description": f.get("description", ""),
                "parameters": _schema(f["parameters"])}} for f in row["function"]]  # fmt: skip
            truth = answers.get(row["id"], [])
            answer = {names.get(k, k): v for call in truth for k, v in call.items()}
            turn = row["question"][0]
            question = " ".join(m["content"] for m in turn if m["role"] == "user")
            out.append(BfclCase(row["id"], category, question, tools, answer, names))
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def _arguments_ok(allowed: dict[str, list[Any]], declared: dict[str, Any],
                  args: dict[str, Any]) -> tuple[bool, str]:  # fmt: skip
    for arg in args:
        if arg not in declared:
            return False, f"argument {arg} is not declared"
    for arg, options in allowed.items():
        if arg not in args:
            if "" not in options:
                return False, f"argument {arg} missing"
            continue
        if _norm(args[arg]) not in [_norm(o) for o in options]:
            return False, f"{arg}={args[arg]!r} not in {options}"
    return True, ""


def call_ok(case: BfclCase, name: str | None, args: dict[str, Any]) -> tuple[bool, str]:
    """Whether a call (or no call: `name` None) is right for the case, and why not."""
    if not case.answer:
        return (name is None, "" if name is None else f"called {name}, no function fits")
    if name is None:
        return False, "no call"
    if name not in case.answer:
        return False, f"called {name}, not {sorted(case.answer)}"
    declared = next(t["function"]["parameters"].get("properties", {}) for t in case.tools
                    if t["function"]["name"] == name)  # fmt: skip
    return _arguments_ok(case.answer[name], declared, args)


SYSTEM = "You call functions. Pick the function that fits the request and fill its arguments."


@dataclass(frozen=True)
class BfclOutcome:
    case: BfclCase
    name: str | None
    args: dict[str, Any]
    ok: bool
    why: str
    seconds: float


def run(model: BaseChatModel, items: list[BfclCase]) -> list[BfclOutcome]:
    out = []
    for case in items:
        choice = "auto" if case.category == "irrelevance" else "required"
        started = time.perf_counter()
        try:
            bound = model.bind_tools(case.tools, tool_choice=choice)
            reply: Any = bound.invoke([SystemMessage(SYSTEM), HumanMessage(case.question)])
            calls = getattr(reply, "tool_calls", []) or []
            name = calls[0]["name"] if calls else None
            args = dict(calls[0]["args"]) if calls else {}
        except Exception as exc:  # a provider that fails on a case scores it a miss
            name, args = None, {"error": str(exc)[:200]}
            if not case.answer:  # an error is not a right refusal
                out.append(BfclOutcome(case, None, args, False, "error",
                                       time.perf_counter() - started))  # fmt: skip
                continue
        ok, why = call_ok(case, name, args)
        out.append(BfclOutcome(case, name, args, ok, why, time.perf_counter() - started))
    return out


def summary(provider: str, outcomes: list[BfclOutcome]) -> dict[str, Any]:
    by: dict[str, float] = {}
    for category in dict.fromkeys(o.case.category for o in outcomes):
        mine = [o for o in outcomes if o.case.category == category]
        by[category] = round(sum(o.ok for o in mine) / len(mine), 3)
    seconds = sorted(o.seconds for o in outcomes) or [0.0]
    return {
        "provider": provider,
        "cases": len(outcomes),
        "accuracy": round(sum(o.ok for o in outcomes) / max(1, len(outcomes)), 3),
        "by_category": by,
        "p50_s": round(seconds[len(seconds) // 2], 3),
    }


__all__ = ["SUBSET", "BfclCase", "BfclOutcome", "call_ok", "cases", "data_dir", "run", "summary"]
