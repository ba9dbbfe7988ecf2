"""Schema linking: every span of a clause bound to the data contract — a condition (a level, a
service had or lacked, leaving or staying, a missing value, a numeric comparison), a measure, a
grouping, or a metric cue — and every word bound to nothing reported.

Spans are claimed most specific first and never overlap. What is left must be framing words
(`lexicon.FRAMING`); any other word is `unknown`, and a stated value that cannot be read exactly
or falls outside the contract is `invalid`: the parser refuses both, naming them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from typing import Literal

from retention_agents.core.schema import DIMENSIONS, MEASURES, NULLABLE, SERVICES, TARGET
from retention_agents.core.semantic import MISSING_OPS, Filter, Op
from retention_agents.core.understanding import lexicon as lx
from retention_agents.core.understanding.numbers import numeric_links
from retention_agents.core.understanding.vocabulary import (
    DIMENSION_NOUNS,
    SERVICE_VERBS,
    alternation,
    column_forms,
    level_forms,
    service_forms,
)
from retention_agents.core.understanding.wording import normalize

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
    #: Single levels joined by "or" ("fiber or DSL"): each one a level of its own.
    either: bool = False
    #: "with and without X": the two sides, having it and not (a yes/no column's groups).
    sides: bool = False


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

    def invalid(self, start: int, end: int, why: str, named: str | None = None) -> None:
        """A span that states something unusable: claimed, and reported as “named” (why)."""
        phrase = self.text[start:end]
        self.linked.invalid.append(f"“{named or phrase}” ({why})")
        self.linked.links.append(Link("cue", start, end, phrase, cue="invalid"))
        self.taken[start:end] = [True] * (end - start)

    def leftover(self) -> str:
        return "".join(" " if t else c for c, t in zip(self.text, self.taken, strict=True))


def words(phrases: tuple[str, ...] | list[str]) -> str:
    return rf"(?<![\w$-])(?:{alternation(phrases)})(?![\w-])"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    negated = [f"{n} {v}" for n in lx.NEGATORS for v in lx.NEGATED_VERBS]
    art = rf"(?:(?:{alternation(lx.ARTICLES)})\s+)?"
    service = alternation(list(service_forms()))
    level = alternation(list(level_forms()))
    level_negators = [
        *lx.LEVEL_NEGATORS,
        *(f"{n} {v}" for n in lx.NEGATORS for v in lx.LEVEL_VERBS),
        *(f"not {v}" for v in lx.LEVEL_VERBS),
        *lx.NEGATORS,  # "who don't post a cheque": a level said as a verb
    ]
    return {
        "service": re.compile(
            rf"(?<![\w-])(?P<m>{alternation([*lx.LACKS_MARKERS, *negated, *lx.HAS_MARKERS])})\s+"
            rf"{art}(?P<s>{service})(?P<rest>(?:\s*(?:,|and|or|nor|as well as|plus|&)\s+{art}"
            rf"(?:{service}))*)(?![\w-])"
        ),
        "rest": re.compile(rf"(?P<s>{service})(?![\w-])"),
        "verb": re.compile(
            rf"(?<![\w-])(?:(?P<neg>{alternation(lx.NEGATORS)})\s+)?(?P<v>{alternation(list(_verb_columns()))})(?![\w-])"
        ),
        "adjective": re.compile(
            rf"(?<![\w-])(?P<s>{service})(?=\s+(?:{alternation(lx.CUSTOMER_NOUNS)}|{level})\b)"
        ),
        "level": re.compile(
            rf"(?<![\w-])(?:(?P<neg>{alternation(level_negators)})(?:\s+|(?<=non)-){art})?"
            rf"(?P<l>{level})(?![\w-])"
        ),
        "churn": re.compile(  # "whose customers stay longest": a tenure, not who stayed
            words(lx.STAY_WORDS)
            + r"(?!\s+(?:the\s+)?(?:longest|longer|shortest|shorter)\b)|"
            + words(lx.CHURN_WORDS)
        ),
        "column": re.compile(words(list(column_forms()))),
        "back": re.compile(words(lx.BACK_REFERENCES)),
        "top": re.compile(
            r"(?<![\w-])(?P<w>top|bottom|first|last)\s+(?P<k>\d+|two|three|four|five)(?![\w-])"
            r"|(?<![\w-])(?P<k2>two|three|four|five|\d+)\s+(?P<w2>highest|lowest|biggest|"
            r"largest|smallest|most|least|best|worst)(?![\w-])"
            r"|(?<![\w-])(?:(?:name|list|give|show|give me|show me|tell me)\s+the|which|what)\s+"
            r"(?P<k3>two|three|four|five|\d+)(?=\s+[a-z])"
            # "2 contracts with the highest …"
            r"|^(?P<k4>two|three|four|five|[2-9])(?![\s-]*(?:years?|yrs?|months?)\b)"
            r"(?=\s+[a-z][\w\s-]*\b(?:highest|lowest|most|least|biggest|largest|smallest)\b)"
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


def having(column: str, has: bool) -> Filter:
    """Having a yes/no service or trait (or internet), or lacking it."""
    if column == "InternetService":
        return Filter(column=column, op=Op.ne if has else Op.eq, value="No")
    if column == "SeniorCitizen":
        return Filter(column=column, op=Op.eq, value="1" if has else "0")
    return Filter(column=column, op=Op.eq if has else Op.ne, value="Yes")


@cache
def _verb_columns() -> dict[str, str]:
    """Each verb form of having a service ("streams tv") → its column."""
    return {form: column for column, forms in SERVICE_VERBS.items() for form in forms}


@cache
def _column_words(column: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A level's neighbours that name its own column: after it ("fiber internet", "one-year
    plans") and before it ("whose internet service is DSL")."""
    own = [f for f, col in column_forms().items() if col == column]
    names = alternation(own)
    after = re.compile(rf"\s+(?:{alternation([*own, *LEVEL_NOUNS])})(?![\w-])")
    before = re.compile(
        rf"(?<![\w-])(?:{names})\s+(?:is|are|was|were|of|=|:|set to|equal to|being)\s+[\"']?$"
    )
    return after, before


def _services(c: _Claims) -> None:
    p = _patterns()
    _service_verbs(c)
    forms, lacks = service_forms(), set(lx.LACKS_MARKERS)
    for m in p["service"].finditer(c.text):
        marker = re.sub(r"\s+", " ", m.group("m"))
        has = not (marker in lacks or any(marker.startswith(n + " ") for n in lx.NEGATORS))
        rest = m.group("rest") or ""
        if has and re.search(r"\bor\b", rest):
            if c.free(m.start(), m.end()):
                c.invalid(m.start(), m.end(), "either one of two things: ask each")
            continue
        columns = [forms[m.group("s")]] + [forms[s.group("s")] for s in p["rest"].finditer(rest)]
        if len(set(columns)) != len(columns) or not c.free(m.start(), m.end()):
            continue
        for i, column in enumerate(columns):
            start = m.start() if i == 0 else m.end()
            c.taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            c.linked.links.append(
                Link("condition", start, m.end(), m.group(0), condition=having(column, has))
            )
    for m in p["adjective"].finditer(c.text):
        c.add(
            Link(
                "condition",
                m.start(),
                m.end(),
                m.group(0),
                condition=having(forms[m.group("s")], True),
            )
        )


def _service_verbs(c: _Claims) -> None:
    """ "who stream tv", "who live with a partner": claimed before the markers' "with …"."""
    for m in _patterns()["verb"].finditer(c.text):
        column = _verb_columns()[re.sub(r"\s+", " ", m.group("v"))]
        c.add(
            Link(
                "condition",
                m.start(),
                m.end(),
                m.group(0),
                condition=having(column, not m.group("neg")),
            )
        )


def _levels(c: _Claims) -> None:
    forms = level_forms()
    column_name = _patterns()["column"]
    for m in _patterns()["level"].finditer(c.text):
        longer = column_name.match(c.text, m.start("l"))
        if longer and longer.end() > m.end():
            continue  # "senior citizen status" names the column, not the level
        column, levels = forms[re.sub(r"\s+", " ", m.group("l"))]
        negated = bool(m.group("neg"))
        if negated and len(levels) > 1:  # "don't use autopay": the other levels
            levels, negated = tuple(v for v in DIMENSIONS[column] if v not in levels), False
        condition = (
            Filter(column=column, op=Op.ne if negated else Op.eq, value=levels[0])
            if len(levels) == 1
            else Filter(column=column, op=Op.in_, value=list(levels))
        )
        after, before = _column_words(column)
        tail = after.match(c.text, m.end())
        end = tail.end() if tail else m.end()
        named = before.search(c.text[: m.start()])
        start = named.start() if named and c.free(named.start(), m.start()) else m.start()
        restated = re.match(r"\s*\(([^()]*)\)", c.text[end:])
        if restated and _levels_named(restated.group(1)) == set(levels):
            end += restated.end()  # "autopay (bank transfer or credit card)": said twice
            if tail := after.match(c.text, end):  # "fixed-term (one- or two-year) contracts"
                end = tail.end()
        c.add(Link("condition", start, end, c.text[start:end], condition=condition))


_QUOTED = r'"([^"]{1,40})"'
_IS = r"(?:is|are|=|==|equals|equal\s+to|set\s+to|of|:)"
_IS_NOT = r"(?:is\s+not|isn't|are\s+not|aren't|!=|<>|not\s+set\s+to|other\s+than)"


@cache
def _stated_pattern() -> re.Pattern[str]:
    forms = [f for f, col in column_forms().items() if col in DIMENSIONS]
    return re.compile(
        rf"(?<![\w-])(?P<col>{alternation(forms)})(?:\s+status)?\s*(?:(?P<neg>{_IS_NOT})|{_IS})?"
        rf"\s*(?P<values>{_QUOTED}(?:\s*(?:,|or|,\s*or)\s*{_QUOTED})*)"
    )


def _level_filter(column: str, levels: list[str], negated: bool = False) -> Filter:
    if len(levels) > 1:
        return Filter(column=column, op=Op.in_, value=levels)
    return Filter(column=column, op=Op.ne if negated else Op.eq, value=levels[0])


def _stated_levels(c: _Claims) -> None:
    """A column and the contract's own level, quoted: `internet service set to "DSL" or "Fiber
    optic"`, `online security is "Yes"`, `contract is not "Two year"`. A quoted value that is no
    level of that column is invalid (named, never matched to the nearest)."""
    for m in _stated_pattern().finditer(c.text):
        column = column_forms()[re.sub(r"\s+", " ", m.group("col"))]
        by_lower = {v.lower(): v for v in DIMENSIONS[column]}
        said = re.findall(_QUOTED, m.group("values"))
        if (bad := next((v for v in said if v.strip() not in by_lower), None)) is not None:
            known = ", ".join(DIMENSIONS[column])
            c.invalid(m.start(), m.end(), f"not a level of {column}: {known}", named=bad)
            continue
        levels = list(dict.fromkeys(by_lower[v.strip()] for v in said))
        if m.group("neg") and len(levels) > 1:  # not "A" or "B": the other levels
            levels = [v for v in DIMENSIONS[column] if v not in levels]
            if not levels:
                c.invalid(m.start(), m.end(), f"it leaves no level of {column}")
                continue
        condition = _level_filter(column, levels, negated=bool(m.group("neg")) and len(said) == 1)
        c.add(Link("condition", m.start(), m.end(), m.group(0), condition=condition))


def _levels_named(text: str) -> set[str]:
    """The levels a short span names, when it names nothing but levels joined by "or"."""
    forms, found, rest = level_forms(), set(), text
    for m in _patterns()["level"].finditer(text):
        if m.group("neg"):
            return set()
        found |= set(forms[re.sub(r"\s+", " ", m.group("l"))][1])
        rest = rest.replace(m.group(0), " ")
    return found if not set(re.findall(r"[\w'-]+", rest)) - {"or", "and", "either"} else set()


def _alternatives(c: _Claims) -> None:
    """Levels of one column joined by "or" ("fiber or DSL", "A, B or C", "one- or two-year")
    are one condition: any of those levels."""
    levels = sorted(
        (lk for lk in c.linked.links if lk.condition and lk.condition.column in DIMENSIONS),
        key=lambda lk: lk.start,
    )
    runs: list[list[Link]] = []
    for link_ in levels:
        assert link_.condition is not None
        last = runs[-1][-1] if runs else None
        gap = c.text[last.end : link_.start] if last else ""
        if (
            last is not None
            and last.condition is not None
            and last.condition.column == link_.condition.column
            and {last.condition.op, link_.condition.op} <= {Op.eq, Op.in_}
            and re.fullmatch(r"\s*,\s*|\W*(?:or|and/or)\W*", gap)
        ):
            runs[-1].append(link_)
        else:
            runs.append([link_])
    for run in runs:
        gaps = [c.text[a.end : b.start] for a, b in pairwise(run)]
        if len(run) < 2 or not re.search(r"\bor\b", gaps[-1]):
            continue
        either = list(dict.fromkeys(v for lk in run if lk.condition for v in _values(lk.condition)))
        a, b = run[0], run[-1]
        assert a.condition is not None
        c.linked.links = [lk for lk in c.linked.links if lk not in run]
        c.linked.links.append(
            Link(
                "condition",
                a.start,
                b.end,
                c.text[a.start : b.end],
                condition=Filter(column=a.condition.column, op=Op.in_, value=either),
                either=all(lk.condition and lk.condition.op == Op.eq for lk in run),
            )
        )
        c.taken[a.start : b.end] = [True] * (b.end - a.start)


def _values(f: Filter) -> list[str]:
    return [str(v) for v in (f.value if isinstance(f.value, list) else [f.value])]


def _choice(c: _Claims) -> None:
    """ "which has the higher churn rate: A or B?": the "or" between the options is theirs."""
    colon = c.text.find(":")
    if colon < 0 or not any(lk.cue in {"most", "least"} for lk in c.linked.links):
        return
    for m in re.finditer(r"(?<![\w-])or(?![\w-])", c.text[colon:]):
        c.add(Link("cue", colon + m.start(), colon + m.end(), "or", cue="or"))


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


_EXCLUDING = re.compile(
    r"(?<![\w-])(?:excluding|except(?:\s+for)?|apart\s+from|not\s+counting|leaving\s+out|"
    r"other\s+than|besides)\s+(?:(?:those|the\s+ones|ones|anyone|any|all)\s+)?"
    rf"(?:(?:{alternation(lx.CUSTOMER_NOUNS)})\s+)?(?:(?:who|that|which)\s+)?"
    r"(?:(?:are|is|were|was|have|has|had)\s+)?(?:(?:with|on|in|having|using|use|uses)\s+)?"
    r"(?:(?:paying|pay|pays)\s+(?:(?:by|with|via)\s+)?)?(?:(?:a|an|the)\s+)?$"
)
#: What may stand between two conditions of one noun phrase ("those on fiber who have TV").
_TIED = (
    r"[\s,&]*(?:(?:and|or|who|that|which|whose|with|without|on|in|are|is|were|was|have|has|"
    r"had|do|does|did|also|but|not|by|paying|pay|pays)[\s,&]+)*"
)
_OPPOSITE = {Op.gt: Op.le, Op.ge: Op.lt, Op.lt: Op.ge, Op.le: Op.gt, Op.eq: Op.ne, Op.ne: Op.eq,
             Op.is_missing: Op.not_missing, Op.not_missing: Op.is_missing}  # fmt: skip


def _negated(f: Filter) -> Filter | None:
    """Every customer `f` leaves out, as one condition (None: not one condition)."""
    if f.op == Op.in_ and isinstance(f.value, list):
        rest = [v for v in DIMENSIONS[f.column] if v not in f.value]
        return _level_filter(f.column, rest) if rest else None
    if f.op not in _OPPOSITE or (f.column in NULLABLE and f.op not in MISSING_OPS):
        return None  # "excluding total charges over $X": its blanks stay, no one condition says so
    if f.column == TARGET:
        churned = (f.value == 1) == (f.op == Op.eq)  # who `f` lets through left
        return Filter(column=TARGET, op=Op.eq, value=0 if churned else 1)
    return Filter(column=f.column, op=_OPPOSITE[f.op], value=f.value)


def _excluding(c: _Claims) -> None:
    """ "excluding those who churned", "except customers on fiber": the condition turned round.
    One condition only: "excluding those on fiber and with TV" is refused (which is left out?),
    as is one no single condition can turn round (charges, where blanks would stay)."""
    conditions = sorted(c.linked.kind("condition"), key=lambda lk: lk.start)
    for i, lk in enumerate(conditions):
        m = _EXCLUDING.search(c.text[: lk.start])
        if m is None or lk.condition is None:
            continue
        inside = [x for x in c.linked.links if m.start() <= x.start < lk.start]
        if any(x.kind != "cue" or x.cue not in {"compare", "frame"} for x in inside):
            continue  # "other than" may have been read as a comparison's "than": not here
        for x in inside:
            c.linked.links.remove(x)
        after = conditions[i + 1] if i + 1 < len(conditions) else None
        between = c.text[lk.end : after.start] if after is not None else "-"
        joined = re.fullmatch(_TIED, between)
        turned = None if joined else _negated(lk.condition)
        phrase = c.text[m.start() : lk.end]
        c.linked.links.remove(lk)
        if turned is None:
            c.invalid(m.start(), lk.end, "I could not tell exactly who is left out")
        else:
            c.taken[m.start() : lk.start] = [True] * (lk.start - m.start())
            c.linked.links.append(replace(lk, start=m.start(), phrase=phrase, condition=turned))
            for rest in re.finditer(r"(?<![\w-])(?:of\s+)?the\s+rest(?![\w-])", c.text):
                c.add(Link("cue", rest.start(), rest.end(), rest.group(0), cue="frame"))


def _column_of(lk: Link) -> str | None:
    return lk.condition.column if lk.condition is not None else lk.column


#: Words a parenthesis listing a column's levels may hold besides them ("(Yes = has
#: dependents, No = doesn't)", "(1 = senior, 0 = not)", "(DSL, fiber optic or none)").
_LEVEL_LIST_WORDS = frozenset(
    ["yes", "no", "y", "n", "none", "or", "and", "not", "=", "/", "0", "1", "has", "have", "a",
     "an", "the", "doesn't", "doesnt", "don't", "dont", "isn't", "with", "without"]
)  # fmt: skip


#: Words between a column's name and a parenthesis that lists its levels ("status (yes / no)").
_NAMING = frozenset(["status", "statuses", "type", "types", "category", "categories", "flag",
                     "flags", "field", "option", "options", "kind", "kinds", "group",
                     "groups"])  # fmt: skip


@cache
def _level_words(column: str) -> frozenset[str]:
    """The words of every name of the column's levels ("paper", "paperless", "fiber" …)."""
    named = [f for f, (col, _) in level_forms().items() if col == column]
    named += [f for f, col in column_forms().items() if col == column]
    named += [level.lower() for level in DIMENSIONS.get(column, ())]  # "no internet (service)"
    return frozenset(w for f in named for w in re.findall(r"[\w']+", f))


def _restated(c: _Claims) -> None:
    """A parenthesis that names again the column just named says nothing new: "who get e-bills
    (paperless)", "total $ billed (TotalCharges)", "which device protection status (Yes / No /
    No internet service)". Its links are dropped and it is claimed."""
    for m in re.finditer(r"\(([^()]{1,60})\)", c.text):
        inside = [lk for lk in c.linked.links if m.start() < lk.start and lk.end < m.end()]
        before = [lk for lk in c.linked.links if lk.end <= m.start()
                  and set(c.text[lk.end : m.start()].split()) <= _NAMING]  # fmt: skip
        if not before or (column := _column_of(before[-1])) is None:
            continue
        free = zip(m.group(1), c.taken[m.start(1) : m.end(1)], strict=True)
        rest = "".join(" " if taken else ch for ch, taken in free)  # what no link claimed
        if before[-1].kind == "dimension":  # a column named: its levels may be listed
            own = {level.lower() for level in DIMENSIONS.get(column, ())}
            words = _LEVEL_LIST_WORDS | _level_words(column)
            same = all(_column_of(lk) == column or lk.phrase in own
                       or set(re.findall(r"[\w']+", lk.phrase)) <= words
                       for lk in inside)  # fmt: skip
            listed = set(re.findall(r"[\w'=]+", rest)) <= words
        else:
            same = bool(inside) and all(lk.kind in {"dimension", "measure"}
                                        and _column_of(lk) == column for lk in inside)  # fmt: skip
            listed = not re.sub(r"[\s,]", "", rest)
        if same and listed:
            for lk in inside:
                c.linked.links.remove(lk)
            c.taken[m.start() : m.end()] = [False] * (m.end() - m.start())
            c.add(Link("cue", m.start(), m.end(), m.group(0), cue="frame"))


def _label(c: _Claims) -> None:
    """A label of a few words that opens the question and names nothing ("Board deck:",
    "Exec ask:", "Ticket:", "Quick q,"): framing."""
    m = re.match(r"(?:[a-z'-]+\s+){0,2}[a-z'-]+\s*[:,-]\s", c.text)
    if not m:
        return
    inside = [lk for lk in c.linked.links if lk.start < m.end()]
    if all(lk.kind == "cue" and lk.cue == "frame" and lk.end <= m.end() for lk in inside):
        for lk in inside:  # "Mix question:": a framing word inside the label is the label
            c.linked.links.remove(lk)
        c.taken[0 : m.end()] = [False] * m.end()
        c.add(Link("cue", 0, m.end(), m.group(0), cue="frame"))


def _cue_pass(c: _Claims, cue: str, phrases: tuple[str, ...]) -> None:
    """Claim each phrase found; where the longest form overlaps a claim, a shorter one that
    starts there ("falls" of "falls in each gender")."""
    for m in re.finditer(words(phrases), c.text):
        if c.add(Link("cue", m.start(), m.end(), m.group(0), cue=cue)):
            continue
        for phrase in sorted(phrases, key=len, reverse=True):
            if (short := re.compile(words([phrase])).match(c.text, m.start())) and c.add(
                Link("cue", short.start(), short.end(), short.group(0), cue=cue)
            ):
                break


def _grouped(c: _Claims) -> None:
    """Dimensions named after a group cue ("by senior citizen status"), before any level."""
    forms = {f: col for f, col in column_forms().items() if col not in MEASURES}
    names = alternation(list(forms))
    whether = (  # "by whether they have phone service": grouped by it
        r"(?:whether\s+(?:or\s+not\s+)?(?:they|customers|the\s+customers?)\s+(?:have|has|are"
        r"|is|use|uses|get|gets|subscribe\s+to|pay\s+by|pay\s+with)\s+(?:a\s+|an\s+)?)?"
    )
    pattern = re.compile(
        rf"(?<![\w-])(?:{alternation(lx.GROUP_CUES)})\s+(?:the\s+)?(?:different"
        rf"\s+|various\s+)?(?P<kind>(?:kind|type|sort)s?\s+of\s+)?{whether}(?P<d>{names})"
        rf"(?P<more>(?:\s*(?:,|and|and by|,\s*and)\s+(?:by\s+)?(?:their\s+)?{whether}"
        rf"(?:{names}))*)(?![\w-])"
    )
    for m in pattern.finditer(c.text):
        if m.group(0).split()[0] in {"which", "what"} and not m.group("kind"):
            continue  # "which contract …" is claimed with the columns: a level may follow
        rest = c.text[m.end() :]
        if re.match(rf"\s+(?:{alternation(lx.CUSTOMER_NOUNS)})\b", rest) and not re.match(
            r"\s+accounts?\s+for\b",
            rest,  # "which contract accounts for …": a verb
        ):
            continue  # "across internet customers": customers who have it, not a grouping
        if not c.free(m.start(), m.end()):
            continue
        named = [
            m.group("d"),
            *re.findall(rf"(?<![\w-])(?:{names})(?![\w-])", m.group("more") or ""),
        ]
        for name in named:  # "by gender and dependents status": both
            column = forms[re.sub(r"\s+", " ", name)]
            c.linked.links.append(
                Link("dimension", m.start(), m.end(), m.group(0), column=column, grouped=True)
            )
        c.taken[m.start() : m.end()] = [True] * (m.end() - m.start())


def _with_and_without(c: _Claims) -> None:
    """ "customers with and without phone service": grouped by that yes/no column."""
    forms = service_forms()
    pattern = re.compile(
        rf"(?<![\w-])(?:(?:{alternation(lx.CUSTOMER_NOUNS)})\s+)?(?:with and without|with or "
        rf"without|who do and (?:do not|don't) have)\s+(?:(?:a|an|the)\s+)?"
        rf"(?P<s>{alternation(list(forms))})(?![\w-])"
    )
    for m in re.finditer(r"(?<![\w-])with\s+(?:and|or)\s+without(?![\w-])", c.text):
        ahead = pattern.search(c.text, m.start())
        if ahead is None or ahead.start() != m.start():  # "with and without fiber": sides?
            c.invalid(m.start(), m.end(), "with and without what? Name a service")
    for m in pattern.finditer(c.text):
        column = forms[re.sub(r"\s+", " ", m.group("s"))]
        if column in DIMENSIONS:
            c.add(
                Link(
                    "dimension",
                    m.start(),
                    m.end(),
                    m.group(0),
                    column=column,
                    grouped=True,
                    sides=True,
                )
            )


def _columns(c: _Claims) -> None:
    forms = column_forms()
    group_cue = re.compile(
        rf"(?:{alternation(lx.GROUP_CUES)})\s+(?:the\s+)?(?:different\s+|"
        rf"various\s+|two\s+|three\s+|four\s+)?(?:(?:kind|type|sort)s?\s+of\s+)?$"
    )
    for m in _patterns()["column"].finditer(c.text):
        column = forms[re.sub(r"\s+", " ", m.group(0))]
        kind: Kind = "measure" if column in MEASURES else "dimension"
        before = group_cue.search(c.text[: m.start()])
        if (before and before.group(0).split()[0] in {"which", "what"} and column in SERVICES
                and not m.group(0).endswith(DIMENSION_NOUNS)):  # fmt: skip
            before = None  # "what phones do they use": no yes/no groups ("which phone status")
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
        raw = m.group("k") or m.group("k2") or m.group("k3") or m.group("k4")
        word = m.group("w") or m.group("w2")
        k = int(raw) if raw.isdigit() else _SMALL[raw]
        if word is None:  # "name the 2 … with the highest …": how many, the cue comes later
            c.add(Link("cue", m.start(), m.end(), m.group(0), cue="k", k=k))
            continue
        least = word in {"bottom", "last", "lowest", "smallest", "least", "best"}
        c.add(Link("cue", m.start(), m.end(), m.group(0), cue="least" if least else "most", k=k))


def link(clause: str) -> Linked:
    """Every span of `clause` bound to the contract, and the words bound to nothing."""
    c = _Claims(normalize(clause))
    for m in re.finditer(words(lx.BACK_REFERENCES), c.text):
        after = c.text[m.end() :].split()[:1]
        if not (after and after[0] in lx.NOUN_PHRASE_TAILS):  # "that of those who …": not back
            c.add(Link("cue", m.start(), m.end(), m.group(0), cue="back"))
    for m in re.finditer(words(lx.POSSESSIVE_BACK), c.text):  # "what is their churn rate?"
        said = c.text[: m.start()]  # not "customers who send their payment", "by their contract"
        if not re.search(words(lx.CUSTOMER_NOUNS), said) and said.split()[-1:] not in (
            [w] for w in lx.NOT_BACK_AFTER
        ):
            c.add(Link("cue", m.start(), m.end(), m.group(0), cue="back"))
    _cue_pass(c, "retention", lx.RETENTION_CUES)
    _cue_pass(c, "frame", lx.ORDERING)
    _cue_pass(c, "most", lx.CHOICE_MOST)
    _cue_pass(c, "least", lx.CHOICE_LEAST)
    tenure = words(lx.TENURE_FIGURES) + r"(?:\s+of\s+(?:tenure|service))?"
    for m in re.finditer(tenure, c.text):  # before "how many" counts
        c.add(Link("measure", m.start(), m.end(), m.group(0), column="tenure"))
    _cue_pass(c, "rate", lx.RATE_CUES)
    for found in numeric_links(c.text):
        if found.invalid:
            c.linked.invalid.append(found.invalid)
            c.add(Link("cue", found.start, found.end, found.phrase, cue="invalid"))
        else:
            c.add(Link("condition", found.start, found.end, found.phrase, condition=found.filter))
    _top(c)
    _with_and_without(c)
    _grouped(c)
    _stated_levels(c)
    _levels(c)
    _services(c)
    _cue_pass(c, "compare", lx.COMPARE_CUES)
    _cue_pass(c, "count", lx.COUNT_CUES)
    _churn(c)
    _excluding(c)
    _alternatives(c)
    _columns(c)
    _cue_pass(c, "share", lx.SHARE_CUES)
    for cue, phrases in lx.AGGREGATE_CUES.items():
        _cue_pass(c, cue, phrases)
    _cue_pass(c, "most", lx.MOST_CUES)
    _cue_pass(c, "least", lx.LEAST_CUES)
    _choice(c)
    if c.linked.cues("compare"):  # "is it higher for A or for B": the two sides
        _cue_pass(c, "or", ("or",))
    _cue_pass(c, "distribution", lx.DISTRIBUTION_CUES)
    _cue_pass(c, "frame", lx.FRAMING_PHRASES)
    _restated(c)
    _label(c)
    c.linked.links.sort(key=lambda lk: lk.start)
    tokens = re.findall(r"[\w$%'+<>=-]+", c.leftover())
    c.linked.unknown = [t for t in tokens if t.strip("'-") not in lx.FRAMING and t.strip("'-")]
    return c.linked


__all__ = ["Link", "Linked", "having", "link", "normalize"]
