"""Schema linking: every span of a clause bound to the data contract — a condition (a level, a
service had or lacked, leaving or staying, a missing value, a numeric comparison), a measure, a
grouping, or a metric cue — and every word bound to nothing reported.

Spans are claimed most specific first and never overlap. What is left must be framing words
(`lexicon.FRAMING`); any other word is `unknown`, and a stated value that cannot be read exactly
or falls outside the contract is `invalid`: the parser refuses both, naming them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from retention_agents.core.schema import MEASURES, TARGET
from retention_agents.core.semantic import Filter, Op
from retention_agents.core.understanding import lexicon as lx
from retention_agents.core.understanding.numbers import numeric_links
from retention_agents.core.understanding.vocabulary import (
    SERVICE_VERBS,
    alternation,
    column_forms,
    level_forms,
    service_forms,
)

Kind = Literal["condition", "measure", "dimension", "cue"]


@dataclass(frozen=True)
class Link:
    kind: Kind
    start: int
    end: int
    phrase: str
    condition: Filter | None = None
    column: str | None = None
    #: count | share | rate | mean | median | sum | most | least | compare | back
    cue: str | None = None
    k: int | None = None
    grouped: bool = False
    #: A condition said by a bare churn word ("churn"), not by a clause about who left.
    churn_word: bool = False


@dataclass
class Linked:
    text: str
    links: list[Link] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def kind(self, kind: Kind) -> list[Link]:
        return [link for link in self.links if link.kind == kind]

    def cues(self, *names: str) -> list[Link]:
        return [link for link in self.links if link.kind == "cue" and link.cue in names]


class _Claims:
    def __init__(self, text: str) -> None:
        self.text, self.taken = text, [False] * len(text)
        self.linked = Linked(text)

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, link: Link) -> bool:
        if not self.free(link.start, link.end):
            return False
        self.taken[link.start : link.end] = [True] * (link.end - link.start)
        self.linked.links.append(link)
        return True

    def leftover(self) -> str:
        return "".join(" " if t else c for c, t in zip(self.text, self.taken, strict=True))


def normalize(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", " - ").replace("—", " - ").replace("−", "-")
    return re.sub(r"\s+", " ", text).strip()


def words(phrases: tuple[str, ...] | list[str]) -> str:
    return rf"(?<![\w$-])(?:{alternation(phrases)})(?![\w-])"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    negated = [f"{n} {v}" for n in lx.NEGATORS for v in lx.NEGATED_VERBS]
    art = rf"(?:(?:{alternation(lx.ARTICLES)})\s+)?"
    service = alternation(list(service_forms()))
    level = alternation(list(level_forms()))
    verbs = {form: column for column, forms in SERVICE_VERBS.items() for form in forms}
    return {
        "service": re.compile(
            rf"(?<![\w-])(?P<m>{alternation([*lx.LACKS_MARKERS, *negated, *lx.HAS_MARKERS])})\s+"
            rf"{art}(?P<s>{service})(?P<rest>(?:\s*(?:,|and|or|nor|as well as|plus|&)\s+{art}"
            rf"(?:{service}))*)(?![\w-])"
        ),
        "rest": re.compile(rf"(?P<s>{service})(?![\w-])"),
        "verb": re.compile(
            rf"(?<![\w-])(?:(?P<neg>{alternation(lx.NEGATORS)})\s+)?(?P<v>{alternation(list(verbs))})(?![\w-])"
        ),
        "adjective": re.compile(
            rf"(?<![\w-])(?P<s>{service})(?=\s+(?:{alternation(lx.CUSTOMER_NOUNS)})\b)"
        ),
        "level": re.compile(
            rf"(?<![\w-])(?:(?P<neg>not on|not|non|aren't on|isn't on|excluding|except|other than"
            rf"|apart from|besides|outside)\s+{art})?(?P<l>{level})(?![\w-])"
        ),
        "churn": re.compile(words(lx.STAY_WORDS) + "|" + words(lx.CHURN_WORDS)),
        "column": re.compile(words(list(column_forms()))),
        "back": re.compile(words(lx.BACK_REFERENCES)),
        "top": re.compile(
            r"(?<![\w-])(?P<w>top|bottom|first|last)\s+(?P<k>\d+|two|three|four|five)(?![\w-])"
            r"|(?<![\w-])(?P<k2>two|three|four|five|\d+)\s+(?P<w2>highest|lowest|biggest|"
            r"largest|smallest|most|least|best|worst)(?![\w-])"
        ),
    }


#: Nouns that may follow a level without naming anything else ("fiber internet", "one-year plans").
LEVEL_NOUNS = (
    "plan",
    "plans",
    "internet",
    "service",
    "connection",
    "connections",
    "payment",
    "payments",
    "payers",
    "billing",
    "contract",
    "contracts",
    "term",
    "terms",
    "option",
    "users",
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5}


def _having(column: str, has: bool) -> Filter:
    if column == "InternetService":
        return Filter(column=column, op=Op.ne if has else Op.eq, value="No")
    if column == "SeniorCitizen":
        return Filter(column=column, op=Op.eq, value="1" if has else "0")
    return Filter(column=column, op=Op.eq if has else Op.ne, value="Yes")


def _services(c: _Claims) -> None:
    p = _patterns()
    forms, lacks = service_forms(), set(lx.LACKS_MARKERS)
    for m in p["service"].finditer(c.text):
        marker = re.sub(r"\s+", " ", m.group("m"))
        has = not (marker in lacks or any(marker.startswith(n + " ") for n in lx.NEGATORS))
        rest = m.group("rest") or ""
        if has and re.search(r"\bor\b", rest):
            if c.free(m.start(), m.end()):
                c.linked.invalid.append(f"“{m.group(0)}” (either one of two things: ask each)")
                c.add(Link("cue", m.start(), m.end(), m.group(0), cue="invalid"))
            continue
        columns = [forms[m.group("s")]] + [forms[s.group("s")] for s in p["rest"].finditer(rest)]
        if len(set(columns)) != len(columns) or not c.free(m.start(), m.end()):
            continue
        for i, column in enumerate(columns):
            start = m.start() if i == 0 else m.end()
            c.taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            c.linked.links.append(
                Link("condition", start, m.end(), m.group(0), condition=_having(column, has))
            )
    verbs = {form: column for column, fs in SERVICE_VERBS.items() for form in fs}
    for m in p["verb"].finditer(c.text):
        column = verbs[re.sub(r"\s+", " ", m.group("v"))]
        c.add(
            Link(
                "condition",
                m.start(),
                m.end(),
                m.group(0),
                condition=_having(column, not m.group("neg")),
            )
        )
    for m in p["adjective"].finditer(c.text):
        c.add(
            Link(
                "condition",
                m.start(),
                m.end(),
                m.group(0),
                condition=_having(forms[m.group("s")], True),
            )
        )


def _levels(c: _Claims) -> None:
    forms, names = level_forms(), column_forms()
    for m in _patterns()["level"].finditer(c.text):
        column, level = forms[re.sub(r"\s+", " ", m.group("l"))]
        op = Op.ne if m.group("neg") else Op.eq
        own = [f for f, col in names.items() if col == column] + list(LEVEL_NOUNS)
        tail = re.match(rf"\s+(?:{alternation(own)})(?![\w-])", c.text[m.end() :])
        end = m.end() + (tail.end() if tail else 0)
        c.add(
            Link(
                "condition",
                m.start(),
                end,
                c.text[m.start() : end],
                condition=Filter(column=column, op=op, value=level),
            )
        )


def _churn(c: _Claims) -> None:
    stay = set(lx.STAY_WORDS)
    for m in _patterns()["churn"].finditer(c.text):
        phrase = re.sub(r"\s+", " ", m.group(0))
        value = 0 if phrase in stay else 1
        bare = phrase in {"churn", "churns", "attrition"}
        c.add(
            Link(
                "condition",
                m.start(),
                m.end(),
                m.group(0),
                churn_word=bare,
                condition=Filter(column=TARGET, op=Op.eq, value=value),
            )
        )


def _cue_pass(c: _Claims, cue: str, phrases: tuple[str, ...]) -> None:
    for m in re.finditer(words(phrases), c.text):
        c.add(Link("cue", m.start(), m.end(), m.group(0), cue=cue))


def _grouped(c: _Claims) -> None:
    """Dimensions named after a group cue ("by senior citizen status"), before any level."""
    forms = {f: col for f, col in column_forms().items() if col not in MEASURES}
    pattern = re.compile(
        rf"(?<![\w-])(?:{alternation(lx.GROUP_CUES)})\s+(?:the\s+)?(?:different"
        rf"\s+|various\s+)?(?P<d>{alternation(list(forms))})(?![\w-])"
    )
    for m in pattern.finditer(c.text):
        if m.group(0).split()[0] in {"which", "what", "each", "every"}:
            continue  # "which contract …" is claimed with the columns: a level may follow
        c.add(
            Link(
                "dimension",
                m.start(),
                m.end(),
                m.group(0),
                column=forms[re.sub(r"\s+", " ", m.group("d"))],
                grouped=True,
            )
        )


def _columns(c: _Claims) -> None:
    forms = column_forms()
    group_cue = re.compile(
        rf"(?:{alternation(lx.GROUP_CUES)})\s+(?:the\s+)?(?:different\s+|"
        rf"various\s+|two\s+|three\s+|four\s+)?$"
    )
    for m in _patterns()["column"].finditer(c.text):
        column = forms[re.sub(r"\s+", " ", m.group(0))]
        kind: Kind = "measure" if column in MEASURES else "dimension"
        before = group_cue.search(c.text[: m.start()])
        start = before.start() if before and kind == "dimension" else m.start()
        if not c.add(
            Link(
                kind,
                start,
                m.end(),
                c.text[start : m.end()],
                column=column,
                grouped=bool(before) and kind == "dimension",
            )
        ):
            c.add(Link(kind, m.start(), m.end(), m.group(0), column=column))


def _top(c: _Claims) -> None:
    for m in _patterns()["top"].finditer(c.text):
        raw = m.group("k") or m.group("k2")
        word = m.group("w") or m.group("w2")
        k = int(raw) if raw.isdigit() else _SMALL[raw]
        least = word in {"bottom", "last", "lowest", "smallest", "least", "best"}
        c.add(Link("cue", m.start(), m.end(), m.group(0), cue="least" if least else "most", k=k))


def link(clause: str) -> Linked:
    """Every span of `clause` bound to the contract, and the words bound to nothing."""
    c = _Claims(normalize(clause))
    _cue_pass(c, "back", lx.BACK_REFERENCES)
    _cue_pass(c, "rate", lx.RATE_CUES)
    for found in numeric_links(c.text):
        if found.invalid:
            c.linked.invalid.append(found.invalid)
            c.add(Link("cue", found.start, found.end, found.phrase, cue="invalid"))
        else:
            c.add(Link("condition", found.start, found.end, found.phrase, condition=found.filter))
    _top(c)
    _grouped(c)
    _levels(c)
    _services(c)
    _cue_pass(c, "count", lx.COUNT_CUES)
    _cue_pass(c, "compare", lx.COMPARE_CUES)
    _churn(c)
    _columns(c)
    _cue_pass(c, "share", lx.SHARE_CUES)
    for cue, phrases in lx.AGGREGATE_CUES.items():
        _cue_pass(c, cue, phrases)
    _cue_pass(c, "most", lx.MOST_CUES)
    _cue_pass(c, "least", lx.LEAST_CUES)
    c.linked.links.sort(key=lambda lk: lk.start)
    tokens = re.findall(r"[\w$%'+<>=-]+", c.leftover())
    c.linked.unknown = [t for t in tokens if t.strip("'-") not in lx.FRAMING and t.strip("'-")]
    return c.linked


__all__ = ["Link", "Linked", "link", "normalize"]
