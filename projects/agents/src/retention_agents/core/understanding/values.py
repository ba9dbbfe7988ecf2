"""Stated values read exactly, or refused: a sign, decimals, thousands separators, a currency
sign, units and number words ("three months", "a year", "$70.50", "1,200", "-5"). A value outside
the contract's range is refused naming it, never clipped, re-read or replaced by a default."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from retention_agents.core.schema import MEASURE_RANGES, MEASURE_UNITS

_ONES = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "half a": 0.5,
    "a half": 0.5,
    "a dozen": 12,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD = "|".join(
    sorted([w for w in (*_ONES, *_TENS) if w not in {"a", "an"}], key=len, reverse=True)
)
#: A number word joined by a hyphen ("twenty-four"): one number, never a range "20-4".
_DIGIT_WORDS = "|".join(w for w, v in _ONES.items() if 0 < v < 10 and " " not in w)
COMPOUND = rf"(?:{'|'.join(_TENS)})-(?:{_DIGIT_WORDS})(?![\w-])"
#: A number as people write it: digits (signs, separators, decimals, exponents) or words.
NUMBER = (
    r"(?:(?:minus|negative)\s+|[-−+])?\$?\s?[-−]?"
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:e[-+]?\d+)?|\.\d+)k?"
    rf"|(?:(?:minus|negative)\s+)?(?:{_WORD}|an?(?=\s+(?:hundred|thousand)))(?:[-\s](?:{_WORD}))?"
    r"(?:\s+(?:hundred|thousand))?(?:\s+and\s+a\s+half)?"
    r"|(?<!pay )(?<!pays )(?<!paid )(?<!spend )(?<!spends )(?<!charged )(?<!billed )"
    r"an?(?=\s+(?:year|month)(?![\w-]))"  # "a year" is 12 months; "pay a month" is no tenure
)
NUMBER_RE = re.compile(rf"(?<![\w.])(?:{NUMBER})(?![\w])")


class ValueError_(ValueError):  # noqa: N801, N818 (a ValueError that names the phrase)
    """A stated value that cannot be read exactly or is outside the contract."""

    def __init__(self, phrase: str, why: str) -> None:
        super().__init__(f"“{phrase}” {why}")
        self.phrase = phrase


def read_number(text: str) -> float:
    """The number `text` states, exactly, or `ValueError_` naming it."""
    raw = text.strip()
    t = raw.lower().replace("−", "-").replace("$", "").replace(" ", " ").strip()
    negative = False
    if m := re.match(r"(?:minus|negative)\s+|-\s*", t):
        negative, t = True, t[m.end() :]
    t = t.lstrip("+").strip()
    if t.startswith("-"):
        negative, t = not negative, t[1:]
    thousands = bool(re.fullmatch(r"[\d.,]+k", t))  # "$5k"
    t = t.removesuffix("k") if thousands else t
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:e[-+]?\d+)?|\.\d+", t):
        value = float(t.replace(",", "")) * (1000 if thousands else 1)
    else:
        value = _words(t, raw)
    if not math.isfinite(value):
        raise ValueError_(raw, "is not a finite number")
    return -value if negative else value


def _words(t: str, raw: str) -> float:
    half = 0.5 if t.endswith(" and a half") else 0.0
    t = t.removesuffix(" and a half")
    scale = next((v for w, v in ((" hundred", 100), (" thousand", 1000)) if t.endswith(w)), 1)
    t = re.sub(r" (?:hundred|thousand)$", "", t)
    parts = re.split(r"[-\s]+", t)
    if t in _ONES:
        value = float(_ONES[t])
    elif len(parts) == 1 and parts[0] in _TENS:
        value = float(_TENS[parts[0]])
    elif len(parts) == 2 and parts[0] in _TENS and parts[1] in _ONES and _ONES[parts[1]] < 10:
        value = float(_TENS[parts[0]] + _ONES[parts[1]])
    else:
        raise ValueError_(raw, "is not a number I can read exactly")
    return value * scale + half


@dataclass(frozen=True)
class Stated:
    """A value stated for a measure, in the measure's own unit."""

    measure: str
    value: float
    phrase: str


def in_range(measure: str, value: float, phrase: str) -> Stated:
    low, high = MEASURE_RANGES[measure]
    if not low <= value <= high:
        unit = MEASURE_UNITS[measure]
        raise ValueError_(phrase, f"is outside the range of {measure} ({low:g} to {high:g} {unit})")
    if measure == "tenure" and value != int(value):
        raise ValueError_(phrase, "is not a whole number of months (tenure is counted in months)")
    return Stated(measure, value, phrase)


def months(value: float, unit: str | None) -> float:
    """A duration in months: years count twelve."""
    return value * 12 if unit and unit.startswith(("year", "yr")) else value
