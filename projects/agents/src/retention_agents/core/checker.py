"""The checker: every number in the answer must appear in a tool output of this run, and every
claim from the researcher must carry a citation. Nothing here trusts the writer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from retention_agents.core.findings import Finding

NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?(?![\w])")


@dataclass(frozen=True)
class Check:
    numbers: list[str]  # every figure in the text, as written
    unverified: list[str] = field(default_factory=list)
    uncited: list[int] = field(default_factory=list)  # researcher findings with no citation

    @property
    def ok(self) -> bool:
        return not self.unverified and not self.uncited


def tool_numbers(value: Any) -> Iterator[float]:
    """Every number in a tool output, nested or inside text (a cited answer's figures)."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, str):  # tokenised as the answer is (`FIBER-20` holds 20, not -20)
        for token in NUMBER.findall(value):
            yield float(token.rstrip("%").replace(",", ""))
    elif isinstance(value, dict):
        for item in value.values():
            yield from tool_numbers(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from tool_numbers(item)


def _matches(token: str, known: Iterable[float]) -> bool:
    percent = token.endswith("%")
    text = token.rstrip("%").replace(",", "")
    decimals = len(text.split(".")[1]) if "." in text else 0
    value = float(text)
    for v in known:
        candidates = (v * 100, v) if percent else (v,)
        if any(round(c, decimals) == value for c in candidates):
            return True
    return False


def check(text: str, findings: list[Finding], *trusted: str) -> Check:
    """Numbers in `text` not found in any finding's output (nor in the trusted texts: the question
    itself, which may restate a customer's figures, and the run's own failure reports) are
    unverified."""
    # A tool's own error message is its output too (a failed call is reported, not hidden).
    known = [n for f in findings for n in tool_numbers([f.data, f.error or ""])]
    known += list(tool_numbers(list(trusted)))
    numbers = NUMBER.findall(text)
    unverified = [n for n in numbers if not _matches(n, known)]
    uncited = [f.task for f in findings if f.role == "researcher" and f.ok and not f.citations]
    return Check(numbers, unverified, uncited)
