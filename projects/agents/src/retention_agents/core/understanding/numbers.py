"""Conditions on measures: numeric comparisons ("tenure over 12 months", "paying at least
$70.50 a month", "between 1,000 and 2,000 in total charges", "longer than a year") and missing
values ("blank total charges"). The measure comes from the words around the number — its name,
a unit, a verb of paying or staying — and a value is read exactly (`values`); a number whose
measure cannot be told, or that the contract does not allow, is refused naming it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from retention_agents.core.schema import MEASURES, NULLABLE
from retention_agents.core.semantic import Filter, Op
from retention_agents.core.understanding.values import (
    COMPOUND,
    NUMBER,
    ValueError_,
    in_range,
    months,
)
from retention_agents.core.understanding.values import read_number as number
from retention_agents.core.understanding.vocabulary import alternation, column_forms

COMPARATORS: dict[str, tuple[str, ...]] = {
    "gt": (
        "more than",
        "over",
        "above",
        "greater than",
        "higher than",
        "longer than",
        "exceeding",
        "exceeds",
        "exceed",
        "in excess of",
        ">",
        "bigger than",
        "larger than",
        "upwards of",
        "north of",
        "beyond",
    ),
    "ge": (
        "at least",
        "no less than",
        "not less than",
        "a minimum of",
        "minimum of",
        ">=",
        "≥",
        "no fewer than",
        "not under",
        "no shorter than",
    ),
    "lt": (
        "under",
        "less than",
        "below",
        "fewer than",
        "shorter than",
        "lower than",
        "<",
        "cheaper than",
        "beneath",
        "south of",
        "within",
    ),
    "le": (
        "at most",
        "no more than",
        "not more than",
        "up to",
        "a maximum of",
        "maximum of",
        "<=",
        "≤",
        "not over",
        "not above",
        "no longer than",
        "not exceeding",
    ),
    "ne": (
        "other than",
        "not equal to",
        "different from",
        "anything but",
        "anything other than",
        "not exactly",
        "is not",  # "whose tenure is not 27 months" (a bare "not 12 months in" is refused)
        "are not",
        "was not",
        "isn't",
        "aren't",
        "!=",
        "<>",
    ),
    "eq": (
        "exactly",
        "equal to",
        "equals",
        "of exactly",
        "=",
        "precisely",
        "of",
        "is",
        "for exactly",
    ),
}
POSTFIX: dict[str, tuple[str, ...]] = {
    "ge": (
        "or more",
        "or longer",
        "or above",
        "or higher",
        "and up",
        "and over",
        "and above",
        "+",
        "or greater",
        "plus",
        "or over",
        "at least",
    ),
    "le": (
        "or less",
        "or fewer",
        "or under",
        "or below",
        "or lower",
        "or shorter",
        "and under",
        "and below",
        "and less",
        "at most",
        "or cheaper",
    ),
}
_TENURE_UNIT = r"(?:months?|mos?|years?|yrs?|yr)"
_MONTHLY_UNIT = r"(?:(?:a|per|each|every|/)\s*month|monthly|/mo|a mo)"
_TOTAL_UNIT = r"(?:in total|total|to date|overall|lifetime|all told)(?!\s+(?:charg|bill|spend))"
_MONEY = r"(?:dollars?|usd|bucks)"
UNIT = rf"(?:{_MONEY}\s+)?(?:{_TENURE_UNIT}|{_MONTHLY_UNIT}|{_TOTAL_UNIT}|%|percent)|{_MONEY}"
PAY = (
    "pay",
    "pays",
    "paying",
    "paid",
    "spend",
    "spends",
    "spending",
    "spent",
    "charged",
    "billed",
    "bill",
    "bills",
    "cost",
    "costs",
    "priced",
    "being charged",
    "a bill of",
)
STAY = (
    "with us",
    "with the company",
    "been customers",
    "been a customer",
    "been with us",
    "stayed",
    "customers for",
    "subscribed for",
    "for",
    "been around",
    "been with the company",
    "tenure",
    "tenured",
)
LINKING = (
    r"(?:\s+(?:of|is|are|was|were|that is|which is|that are|at|for|in|by|has been|"
    r"have been|of\s+at|been|totaling|totalling|amounting to|that total|total))*"
)
MISSING = (
    "missing",
    "blank",
    "empty",
    "null",
    "no recorded",
    "no",
    "unrecorded",
    "unknown",
    "without",
    "without a",
    "without any",
    "without recorded",
    "not recorded",
    "absent",
    "no value for",
    "no data for",
    "no",
    "lacking",
)
PRESENT = (
    "recorded",
    "known",
    "non-missing",
    "non-blank",
    "with recorded",
    "present",
    "available",
    "non-empty",
    "filled in",
    "populated",
)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    phrase: str
    filter: Filter | None = None
    invalid: str | None = None


def _b(phrases: tuple[str, ...] | list[str]) -> str:
    return alternation(phrases)


@cache
def _measure_words() -> dict[str, str]:
    return {f: c for f, c in column_forms(verbs=False).items() if c in MEASURES}


@cache
def _pattern() -> re.Pattern[str]:
    measures = _b(list(_measure_words()))
    cmp = _b([p for ps in COMPARATORS.values() for p in ps if p not in {"of", "is"}])
    post = _b([p for ps in POSTFIX.values() for p in ps])
    anchor = rf"(?P<a>{measures}|{_b(PAY)}|{_b(STAY)}){LINKING}\s+"
    num = rf"(?:{NUMBER})"
    return re.compile(
        rf"(?<![\w$-])(?:{anchor})?(?:"
        rf"(?P<bw>between|from)\s+(?P<lo>{num})\s*(?P<lu>{UNIT})?\s+(?:and|to|-)\s+(?P<hi>{num})"
        rf"|(?P<cmp>{cmp})\s+(?P<v>{num})"
        rf"|(?P<v2>{num})\s*(?P<u2>{UNIT})?\s*(?P<post>{post})"
        rf"|(?!{COMPOUND})(?P<v3>{num})\s*(?:-|to)\s*(?P<v3b>{num})(?=\s*{UNIT})"
        rf"|(?P<exact>exactly|of exactly|equal to|precisely|of|for exactly)\s+(?P<v4>{num})"
        rf"(?=\s*(?:{UNIT}))"
        rf"|(?P<v5>{num})(?=\s*(?:months?|years?)\s+(?:of\s+)?(?:tenure|with us))"
        rf"|(?(a)(?P<v6>{num})|(?!)))"
        rf"\s*(?P<u>{UNIT})?(?P<t>\s+(?:of\s+|in\s+)?(?:{measures}))?"
        rf"(?:\s+(?P<post3>{post}))?(?![\w-])"  # "24 months of tenure or less"
    )


def _units(m: re.Match[str]) -> str:
    return " ".join(u for u in (m.group("u"), m.group("lu"), m.group("u2")) if u)


def _named(phrase: str | None) -> str | None:
    """The measure a phrase names ("of total charges" → TotalCharges), if any."""
    words = re.sub(r"\s+", " ", (phrase or "").strip().removeprefix("of ").removeprefix("in "))
    return _measure_words().get(words.strip())


def _measure_of(m: re.Match[str]) -> str | None:
    """The one measure the words around a number name (its name, a unit, a verb of paying or
    staying), or None when they name none or several."""
    units, anchor = _units(m), (m.group("a") or "").strip()
    named = {x for x in (_named(m.group("a")), _named(m.group("t"))) if x}
    by_unit: set[str] = set()
    if re.search(_MONTHLY_UNIT, units):
        by_unit.add("MonthlyCharges")
    elif re.search(rf"\b{_TENURE_UNIT}\b", units):
        by_unit.add("tenure")
    if re.search(_TOTAL_UNIT, units):
        by_unit = {"TotalCharges"}
    before = m.string[: m.start("a")] if m.group("a") else ""
    spent = anchor in {"spent", "paid"} and re.search(r"\b(?:have|has|had)\s+$", before)
    if not named and not by_unit and anchor in PAY:
        by_unit.add("TotalCharges" if spent else "MonthlyCharges")
    elif not named and not by_unit and anchor in STAY and anchor != "for":
        by_unit.add("tenure")
    found = named | by_unit
    return found.pop() if len(found) == 1 else None


#: The pattern's groups that hold a stated number.
VALUE_GROUPS = ("lo", "hi", "v", "v2", "v3", "v3b", "v4", "v5", "v6")


def _op(m: re.Match[str]) -> Op:
    if m.group("bw") or m.group("v3"):
        return Op.between
    if m.group("exact") or m.group("v5") or m.group("v6"):
        return Op.eq
    word = re.sub(r"\s+", " ", m.group("cmp") or m.group("post"))
    table = COMPARATORS if m.group("cmp") else POSTFIX
    return Op(next(op for op, ps in table.items() if word in ps))


def _found(m: re.Match[str]) -> Found:
    phrase = m.group(0).strip()
    start, end = m.start(), m.end()
    measure = _measure_of(m)
    units = _units(m)
    if measure is None or "%" in units or "percent" in units:
        return Found(
            start,
            end,
            phrase,
            invalid=f"“{phrase}” (I could not tell which measure "
            "it is about: tenure in months, monthly charges or total charges)",
        )
    try:
        anchor = m.group("a") or ""
        unit_of = {"lo": m.group("lu") or m.group("u") or anchor, "hi": m.group("u") or anchor}
        names = [g for g in VALUE_GROUPS if m.group(g)]
        read = [
            months(number(m.group(g)), unit_of.get(g, units or anchor))
            if measure == "tenure"
            else number(m.group(g))
            for g in names
        ]
        values = [in_range(measure, v, phrase).value for v in read]
    except ValueError_ as exc:
        return Found(start, end, phrase, invalid=str(exc))
    op = _op(m)
    said = re.sub(r"\s+", " ", m.group("cmp") or "")
    if said in {"is not", "are not", "was not", "isn't", "aren't"} and not m.group("a"):
        why = "(not which measure: say “whose tenure is not …”)"  # "who are not 12 months in"
        return Found(start, end, phrase, invalid=f"“{phrase}” {why}")
    if m.group("post3"):  # "… or less" after the measure's name
        if op != Op.eq or m.group("exact"):
            return Found(start, end, phrase, invalid=f"“{phrase}” (two comparisons at once)")
        op = Op(next(o for o, ps in POSTFIX.items() if re.sub(r"\s+", " ", m.group("post3")) in ps))
    value: float | list[float] = sorted(values) if op == Op.between else values[0]
    return Found(start, end, phrase, filter=Filter(column=measure, op=op, value=value))


@cache
def _missing() -> re.Pattern[str]:
    measures = _b(list(_measure_words()))
    blank = r"(?:missing|blank|empty|null)"
    return re.compile(
        rf"(?<![\w-])(?:(?P<miss>{_b(MISSING)})\s+(?:an?\s+|the\s+|their\s+)?(?P<m1>{measures})"
        rf"(?:\s+(?:values?|figures?|fields?|recorded|amounts?|on file|data))?"
        rf"|(?P<pres>{_b(PRESENT)})\s+(?P<m2>{measures})"
        rf"|(?P<m3>{measures})\s+(?:values?\s+)?(?:(?P<pres3>(?:is|are|was|were)\s*(?:\s+not|n't)\s+"
        rf"{blank})|(?:(?:is|are|was|were)\s+)?(?:(?P<miss2>missing|blank|empty|null|not recorded|"
        rf"unknown|absent)|(?P<pres2>recorded|known|present|filled in|populated|not\s+{blank}))))"
        rf"(?![\w-])"
    )


#: A figure of a measure just before "recorded <measure>" ("the largest recorded …").
_AGGREGATED = re.compile(
    r"(?<![\w-])(?:average|avg|mean|median|total|sum\s+of|combined|largest|smallest|highest|"
    r"lowest|biggest|maximum|minimum|max|min|the\s+most|the\s+least)\s+(?:of\s+)?(?:the\s+)?$"
)
#: "ignoring blanks": only the customers whose (one nullable) measure is recorded.
_SKIP_BLANKS = re.compile(
    r"(?<![\w-])(?:(?:ignoring|excluding|leaving out|skipping|without)\s+(?:the\s+|any\s+)?"
    r"(?:blanks|blank\s+(?:values|ones|rows|totals|total charges)|missing\s+(?:values|ones|rows"
    r"|totals)|nulls)"
    r"|blanks\s+(?:skipped|excluded|ignored|left out))(?![\w-])"
)


def numeric_links(text: str) -> list[Found]:
    """Every condition on a measure the text states, in order (overlaps dropped)."""
    out: list[Found] = []
    taken = [False] * len(text)
    for m in _SKIP_BLANKS.finditer(text):
        if len(NULLABLE) != 1:
            out.append(Found(m.start(), m.end(), m.group(0), invalid=f"“{m.group(0)}” (of which "
                             "measure?)"))  # fmt: skip
        else:
            out.append(Found(m.start(), m.end(), m.group(0),
                             Filter(column=NULLABLE[0], op=Op.not_missing)))  # fmt: skip
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    recorded: dict[int, int] = {}  # where a compared measure starts → where "recorded" does
    for m in _missing().finditer(text):
        if m.group("pres") and (n := _pattern().match(text, m.start("m2"))) and n.end() > m.end():
            recorded[m.start("m2")] = m.start()  # "recorded total charges under $1,000": a
            continue  # comparison, which blanks never pass
        if m.group("pres") and _AGGREGATED.search(text[: m.start()]):
            column = _measure_words()[re.sub(r"\s+", " ", m.group("m2"))]  # "the average
            end = m.start("m2")  # recorded total charges": the measure is left to be named
            out.append(Found(m.start(), end, text[m.start() : end].strip(),
                             Filter(column=column, op=Op.not_missing)))  # fmt: skip
            taken[m.start() : end] = [True] * (end - m.start())
            continue
        column = _measure_words()[
            re.sub(r"\s+", " ", m.group("m1") or m.group("m2") or m.group("m3"))
        ]
        op = Op.is_missing if (m.group("miss") or m.group("miss2")) else Op.not_missing
        out.append(Found(m.start(), m.end(), m.group(0), Filter(column=column, op=op)))
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    for m in _pattern().finditer(text):
        if any(taken[m.start() : m.end()]) or re.match(
            r"\s+(?:phone\s+)?lines?\b", text[m.end() :]
        ):
            continue
        found = _found(m)
        if found.start in recorded:
            start = recorded[found.start]
            found = replace(found, start=start, phrase=text[start : found.end].strip())
        out.append(found)
        taken[found.start : found.end] = [True] * (found.end - found.start)
    return sorted(out, key=lambda f: f.start)
