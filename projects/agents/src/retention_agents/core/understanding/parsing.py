"""One clause's links → one typed analyst query that uses every link, or a refusal naming the
phrase that could not be used. Nothing is guessed: a word the linker could not bind, a value it
could not read, a cue or condition the query would leave out, all end in a refusal."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from pydantic import ValidationError

from retention_agents.core.schema import DIMENSIONS, TARGET
from retention_agents.core.semantic import Filter, Metric, Op, Query
from retention_agents.core.understanding import lexicon as lx
from retention_agents.core.understanding.linking import Link, Linked, having

AGGREGATES = {
    "mean": Metric.mean,
    "median": Metric.median,
    "sum": Metric.sum,
    "max": Metric.max,
    "min": Metric.min,
}
#: Markers that make a condition part of who is counted ("customers with fiber").
ATTRIBUTIVE = (
    "other",
    "apart",
    "besides",
    "with",
    "without",
    "no",
    "on",
    "using",
    "having",
    "lacking",
    "paying",
    "by",
    "via",
    "including",
    "not",
    "non",
    "excluding",
    "except",
)
VERBS = (
    "have",
    "has",
    "had",
    "are",
    "is",
    "were",
    "was",
    "use",
    "uses",
    "used",
    "pay",
    "pays",
    "paid",
    "subscribe",
    "subscribes",
    "subscribed",
    "get",
    "gets",
    "got",
    "take",
    "takes",
    "stream",
    "streams",
    "do",
    "does",
    "did",
    "lack",
    "lacks",
    "opted",
    "chose",
    "picked",
    "signed",
    "hold",
    "holds",
    "own",
    "owns",
    "don't",
    "doesn't",
    "didn't",
)


@dataclass(frozen=True)
class Refusal:
    phrase: str
    reason: str

    def text(self) -> str:
        return f"I could not use “{self.phrase}”: {self.reason}"


@dataclass(frozen=True)
class Understood:
    query: Query
    links: list[Link]


class _Refused(Exception):  # noqa: N818 (a refusal, not an error)
    def __init__(self, phrase: str, reason: str) -> None:
        super().__init__(phrase)
        self.refusal = Refusal(phrase, reason)


def split_invalid(invalid: str) -> tuple[str, str]:
    """(the phrase, why) of the linker's “phrase” why."""
    phrase, _, why = invalid.partition("” ")
    why = why.strip()
    return phrase.lstrip("“"), why[1:-1] if why.startswith("(") and why.endswith(")") else why


def _words_before(text: str, at: int, n: int = 4) -> list[str]:
    """The words before a position, articles left out ("with a month-to-month" → "with")."""
    said = re.sub(r'"[^"]*"', " level ", text[:at])  # a quoted level ("No") is no marker
    found = [w for w in re.findall(r"[\w'-]+", said) if w not in {"a", "an", "the"}]
    return found[-n:]


def _role(text: str, c: Link, share_at: int, since: int, continues: bool = False) -> str:  # noqa: PLR0911
    """How a condition sits in a share question: `base` (who is counted), `attr` (a trait of
    the counted customers), `rel` (a relative clause: "who left") or `pred` (the asked-for
    predicate: "… have fiber")."""
    before = _words_before(text, c.start)
    said = re.sub(r"\bin (?:total|all|sum)\b", " ", text[since : c.start])  # not "in" = among
    gap = re.findall(r"[\w'-]+", said)
    first = c.phrase.split()[0]
    after = text[c.end :].split()[:1]
    if c.start < share_at or any(w in lx.BASE_MARKERS for w in gap):
        return "base"
    if before and (
        before[-1] == "of"
        or (
            len(before) > 1
            and before[-2] == "of"
            and before[-1] in {"our", "the", "all", "those", "these"}
        )
    ):
        return "attr"
    if re.search(r"\b(?:flagged|marked|classed|classified|registered|listed)\s+as\s*$",
                 text[: c.start]):  # fmt: skip
        return "attr"  # "mailed-check payers flagged as seniors": who is counted
    if before and before[-1] in lx.RELATIVES:  # "… that remained customers"
        return "rel"
    if after and after[0].strip(",.?") in lx.CUSTOMER_NOUNS:
        return "attr"
    if before and before[-1] in lx.CUSTOMER_NOUNS and first.endswith(("ed", "ing")):
        return "part"  # "customers subscribed to X": a trait if a predicate follows
    if any(w in lx.RELATIVES for w in gap) or (continues and {"and", "but"} & set(gap)):
        return "rel"  # "… who have A and have B": still the relative clause
    if (before and before[-1] in VERBS) or (
        len(before) > 1
        and before[-1] in {"by", "on", "for", "to", "a", "an", "the", "with"}
        and before[-2] in VERBS
    ):
        return "pred"
    lead = first if first in (*VERBS, *ATTRIBUTIVE) else (before[-1] if before else "")
    if lead in ATTRIBUTIVE or (before and before[-1] in ATTRIBUTIVE and lead not in VERBS):
        return "attr"
    return "pred"


def _split_share(
    linked: Linked, conds: list[Link], share: Link
) -> tuple[list[Link], list[Link], bool]:
    """(who is counted, what share of them is asked, whether a predicate asks it: "… have X")."""
    if not conds:
        return [], [], False
    ordered = sorted(conds, key=lambda c: c.start)
    ends = [share.end] + [max(share.end, c.end) for c in ordered[:-1]]
    roles: list[str] = []
    joined: list[bool] = []  # "… who have A and have B": B continues A's relative clause
    for c, e in zip(ordered, ends, strict=True):
        continues = bool(roles) and roles[-1] == "rel"
        role = _role(linked.text, c, share.start, e, continues)
        gap = re.findall(r"[\w'-]+", linked.text[e : c.start])
        joined.append(
            continues
            and role == "rel"
            and bool({"and", "but"} & set(gap))
            and not set(gap) & set(lx.RELATIVES)
        )
        roles.append(role)
    for i, role in enumerate(roles):  # "customers subscribed to X": a trait if a predicate follows
        if role == "part":  # "… stayed and have X": coordinated with a verb, a predicate
            later = any(r in {"pred", "rel"} for r in roles[i + 1 :])
            nxt = ordered[i + 1].start if i + 1 < len(ordered) else ordered[i].end
            coordinated = "and" in linked.text[ordered[i].end : nxt].split() and (
                i + 1 < len(roles) and roles[i + 1] == "pred"
            )
            roles[i] = "attr" if later and not coordinated else "pred"
    for i in range(1, len(roles)):  # "among customers on fiber who have a partner": both counted
        after_share = ordered[i - 1].start > share.start or ordered[i].start < share.start
        if roles[i] in {"attr", "rel"} and roles[i - 1] == "base" and after_share:
            roles[i] = "base"
    base = [c for c, r in zip(ordered, roles, strict=True) if r == "base"]
    rest = [(c, r, j) for c, r, j in zip(ordered, roles, joined, strict=True) if r != "base"]
    pred = next((i for i, (_, r, _) in enumerate(rest) if r == "pred"), None)
    predicate = pred is not None
    if pred is None:  # the last relative clause is what is asked: "… who have X that lack Y"
        pred = next((i for i in range(len(rest) - 1, -1, -1) if rest[i][1] == "rel"), None)
        while pred and rest[pred - 1][1] == "rel" and rest[pred][2]:
            pred -= 1  # one relative clause, all of it asked
    if pred is not None:
        return base + [c for c, _, _ in rest[:pred]], [c for c, _, _ in rest[pred:]], predicate
    return base, [c for c, _, _ in rest], predicate


def _merge_levels(conds: list[Link], text: str) -> list[Filter]:
    """Conditions on one column: "fiber or DSL" is one `in`; contradictions are refused."""
    by_column: dict[str, list[Link]] = {}
    for c in conds:
        assert c.condition is not None
        by_column.setdefault(c.condition.column, []).append(c)
    out: list[Filter] = []
    for column, links in by_column.items():
        filters = [lk.condition for lk in links if lk.condition is not None]
        if len(links) == 1 or column not in DIMENSIONS:
            if column == TARGET and len({f.value for f in filters}) > 1:
                raise _Refused(links[1].phrase, "it contradicts “" + links[0].phrase + "”")
            out.extend(filters[:1] if column == TARGET else filters)
            continue
        gaps = [text[a.end : b.start].strip(" ,") for a, b in pairwise(links)]
        lacking = any(lk.phrase.split()[0] in _LACK_WORDS for lk in links)
        if (
            all(f.op in {Op.eq, Op.in_} for f in filters)
            and all(g in {"or", "and", "and/or", ""} for g in gaps)
            and not lacking  # "with DSL and without internet": a contradiction, not either
        ):
            values = [
                v for f in filters for v in (f.value if isinstance(f.value, list) else [f.value])
            ]
            out.append(
                Filter(column=column, op=Op.in_, value=list(dict.fromkeys(map(str, values))))
            )
        else:
            allowed = set(DIMENSIONS[column])
            for f in filters:
                allowed &= _allowed(f)
            if not allowed:
                raise _Refused(links[1].phrase, "it contradicts “" + links[0].phrase + "”")
            out.extend(filters)
    return out


_LACK_WORDS = frozenset(w.split()[0] for w in (*lx.LACKS_MARKERS, *lx.NEGATORS, *lx.LEVEL_NEGATORS))


def _allowed(f: Filter) -> set[str]:
    """The levels of its column a condition on a dimension lets through."""
    values = {str(v) for v in (f.value if isinstance(f.value, list) else [f.value])}
    return set(DIMENSIONS[f.column]) - values if f.op == Op.ne else values


def _every_level(f: Filter) -> bool:
    return f.column in DIMENSIONS and _allowed(f) == set(DIMENSIONS[f.column])


def _check_levels(where: list[Filter], group: list[str], conds: list[Link], text: str) -> None:
    """Refuse what no one means: a condition every level passes ("seniors and non-seniors":
    grouped? compared?), or groups of a column the question keeps to one level of it."""
    for f in where:
        if f.column not in DIMENSIONS:
            continue
        said = next(
            (c.phrase for c in conds if c.condition and c.condition.column == f.column), text
        )
        if _every_level(f):
            raise _Refused(said, f"it names every {f.column} level: by {f.column}, or compared?")
        if f.column in group and len(_allowed(f)) == 1:
            raise _Refused(said, f"it keeps one {f.column} level, yet asks for each of them")


def _metric(
    cues: set[str], measure: str | None, ranked: bool, amount: bool = False
) -> Metric | None:
    """`amount`: the question asks "how much" (an amount, never a number of customers)."""
    if cues & {"rate", "share", "retention"}:
        return Metric.churn_rate if "rate" in cues and "retention" not in cues else Metric.share
    if "sum" in cues and measure is None and not amount:  # "total churned women": a number
        cues = (cues - {"sum"}) | {"count"}
    for cue, metric in AGGREGATES.items():
        if cue in cues and not (cue == "sum" and measure is None and "count" in cues):
            return metric
    if measure is not None and not ranked and cues & {"most", "least"}:
        return Metric.max if "most" in cues else Metric.min
    if "count" in cues:
        return Metric.count
    return None


def _extreme(linked: Linked, ranks: list[Link], cues: set[str]) -> Link | None:
    """The highest/lowest word that says which figure of a measure is asked, where it cannot
    rank groups: "the highest minimum total charges" (the second of two), "the maximum tenure by
    contract" (one, the groups named after "by", not asked "which"). None otherwise: "which
    contract has the longest tenure" stays ambiguous (its longest? its average?)."""
    measures = linked.kind("measure")
    if not ranks or not measures or cues & set(AGGREGATES):
        return None
    before = [r for r in ranks if 0 <= measures[0].start - r.end <= 1]
    if not before:
        return None
    if len(ranks) > 1:
        return before[0]
    if re.search(r"\b(?:which|who|whichever)\b", linked.text):
        return None  # "by contract, which has the highest charges?": a ranking, or not
    dims = linked.kind("dimension")
    named = dims and all(d.grouped and d.phrase.split()[0] not in {"which", "what"} for d in dims)
    return before[0] if named else None


def _parse(linked: Linked, previous: list[Filter] | None) -> Query:  # noqa: PLR0912, PLR0915
    if linked.invalid:
        raise _Refused(*split_invalid(linked.invalid[0]))
    if linked.unknown:
        raise _Refused(
            " ".join(linked.unknown[:4]),
            "the customer table records nothing I can "
            "match it to (ask about its columns: contract, services, charges, "
            "tenure, churn …)",
        )
    conds: list[Link] = []
    for lk in linked.kind("condition"):  # "A with X minus B with X": X is one condition
        if not linked.cues("compare") or all(c.condition != lk.condition for c in conds):
            conds.append(lk)
    cue_links = [lk for lk in linked.kind("cue") if lk.cue not in {"back", "or", "frame", "k"}]
    cues = {str(lk.cue) for lk in cue_links}
    if any(
        lk.phrase.startswith("how many") and "points" not in lk.phrase
        for lk in linked.cues("compare")
    ):
        cues.add("count")  # "how many more A than B": a difference of counts
    frequency = [
        lk
        for lk in linked.cues("count")
        if lk.phrase in {"common", "popular", "prevalent", "often"}
    ]
    asked_how = re.search(r"\bhow\s+(?:common|popular|prevalent|often)\b", linked.text)
    if frequency and (linked.kind("measure") or asked_how):
        raise _Refused(frequency[0].phrase, "the most frequent value or a share? Ask “which … has "
                       "the most customers” or “what share …”")  # fmt: skip
    measures = {str(lk.column) for lk in linked.kind("measure")}
    if len(measures) > 1:
        raise _Refused(linked.kind("measure")[1].phrase, "one measure at a time, please")
    measure = next(iter(measures), None)
    base: list[Filter] = []
    back = linked.cues("back")
    if back and any(c.start < back[0].start for c in conds):
        back = []  # "for customers on fiber, what share of them …": this clause's customers
    if back:
        if not previous:
            raise _Refused(back[0].phrase, "nothing earlier says which customers")
        base = list(previous)
    dims = linked.kind("dimension")
    for d in [d for d in dims if d.sides]:  # "with and without X": the two sides compared
        column = str(d.column)
        if "compare" in cues or len(DIMENSIONS[column]) > 2:  # "without" is every other level
            dims.remove(d)
            conds += [
                replace(d, kind="condition", condition=having(column, h)) for h in (True, False)
            ]
            cues.add("compare")
    ranks = linked.cues("most", "least")
    if (aggregate := _extreme(linked, ranks, cues)) is not None:
        ranks = [r for r in ranks if r is not aggregate]
        cues.add("max" if aggregate.cue == "most" else "min")
    spread = linked.cues("distribution")
    groups = [d for d in dims if d.grouped or any(0 <= s.start - d.end <= 1 for s in spread)] or (
        dims if ranks and len({d.column for d in dims}) == 1 else []
    )  # "the contract mix": grouped by contract; "top payment method … | streaming": which?
    chosen: list[Filter] = []
    if ranks and not groups and (choice := _options(linked.text, conds)) is not None:
        options, column, chosen = choice  # "which has the higher X: A or B?"
        conds = [c for c in conds if c not in options]
        group_columns = [column]
    else:
        group_columns = list(dict.fromkeys(str(d.column) for d in groups))
    unused = [d for d in dims if d not in groups]
    if len({d.column for d in dims}) > 2 or unused:
        raise _Refused(
            (unused or dims)[-1].phrase,
            "I could not tell how to use it (group by it? which level?)",
        )
    group = group_columns
    sides: list[Filter] | None = None
    first_side = len(linked.text)  # where the compared groups begin
    if "compare" in cues:
        pair = _pair(conds)
        if pair is None and group:
            cues.discard("compare")  # "how does the churn rate differ by contract": a breakdown
        elif pair is None:
            raise _Refused(
                linked.cues("compare")[0].phrase,
                "I could not tell which two groups of customers to compare",
            )
        else:
            sides = [c.condition for c in pair if c.condition is not None]
            conds = [c for c in conds if c not in pair and c.condition not in sides]
            first_side = min(c.start for c in pair)
            colon = linked.text.rfind(":", 0, first_side)  # "share who are men: A … minus B …"
            first_side = colon if colon >= 0 else first_side
    churn_links = [c for c in conds if c.condition and c.condition.column == TARGET]
    amount = bool(re.search(r"\bhow much\b(?!\s+of\b)", linked.text))
    metric = _metric(cues, measure, bool(group and ranks), amount)
    named = linked.kind("measure")
    if metric is None and named:  # "MRR from fiber customers": what they add up to
        metric = next((AGGREGATES[figure] for figure, said in lx.IMPLIED_FIGURES.items()
                       if any(w in named[0].phrase for w in said)), None)  # fmt: skip
    bare_churn = (  # "split churn by X": its rate in each group ("the churn mix": how it spreads)
        len(churn_links) == 1
        and churn_links[0].churn_word
        and {c.phrase for c in linked.cues("distribution")} <= {"split", "splits"}
    )
    if metric is None and "distribution" in cues and not bare_churn:  # "the contract mix of
        metric = Metric.share  # churned customers": how they spread
    if "retention" in cues and ("rate" in cues or churn_links):
        raise _Refused(
            linked.cues("retention")[0].phrase,
            "retention is the share who stayed: ask it apart from churn",
        )
    if metric is None and churn_links and (group or churn_links[0].churn_word):
        churned_noun = churn_links[0].phrase.endswith(("ers", "ions", "ures")) or bool(
            re.search(
                rf"\b(?:most|fewest|least|highest number of|lowest number of)\s+"
                rf"(?:(?!(?:among|amongst|of|for|in|within|across)\s)[\w-]+\s+){{0,2}}"
                rf"(?:{'|'.join(lx.CUSTOMER_NOUNS)})\b",
                linked.text,
            )
        )
        metric = Metric.count if churned_noun else Metric.churn_rate
        if metric == Metric.churn_rate:
            conds = [c for c in conds if c is not churn_links[0]]
    if metric is None and group:
        metric = Metric.count
    if metric is None:
        raise _Refused(
            linked.text,
            "I could not tell what figure is asked (a count, a share, a churn rate, an average …)",
        )
    subset: list[Filter] = []
    if "distribution" in cues and not group:
        raise _Refused(linked.cues("distribution")[0].phrase, "spread over which groups?")
    if metric == Metric.share and "distribution" in cues:
        pass  # each group's share of the customers every condition describes
    elif metric == Metric.share and "retention" in cues:  # the share who stayed
        subset = [Filter(column=TARGET, op=Op.eq, value=0)]
    elif metric == Metric.share and _lost_as_percentage(linked, conds):
        metric = Metric.churn_rate  # "How many X did we lose, as a percentage?": X's churn rate
        conds = [c for c in conds if not _churned(c)]
    elif metric == Metric.share:
        share = linked.cues("share")[0]
        lead = re.search(r"\bhow many of\b", linked.text)
        if lead and conds and all(c.end <= share.start for c in conds):
            share = replace(share, start=lead.start(), end=lead.end())  # "how many of X …, as a %"
        first = min((c.start for c in conds), default=share.end)
        if _OF_EVERYONE.search(linked.text[share.end : first]) and not _restricted(linked, conds):
            counted, asked, predicate = list[Link](), conds, False  # "share of all … are X"
        elif (said := _said_first(linked, conds, share)) is not None:
            counted, asked, predicate = said
        else:
            counted, asked, predicate = _split_share(linked, conds, share)
        if sides and (inside := [c for c in asked if c.start > first_side]):  # "share who are
            counted, asked = counted + inside, [c for c in asked if c not in inside]  # men: A
            # with X minus B with X": X is said of the groups compared, not of who is asked
        if not asked and not group:
            raise _Refused(share.phrase, "a share of customers with what?")
        churners = [c.condition for c in asked] == [Filter(column=TARGET, op=Op.eq, value=1)]
        if (
            group
            and not ranks
            and not predicate
            and asked
            and not churners
            and ("distribution" not in cues)
        ):
            raise _Refused(  # "percent of customers who are seniors per contract"
                share.phrase,
                "it could be the share of them in each group or how they spread over the "
                "groups: ask “what share of each group …” or “how are … spread over …”",
            )
        subset = _merge_levels(asked, linked.text)
        conds = counted
        if [(f.column, f.value) for f in subset] == [(TARGET, 1)]:
            metric, subset = Metric.churn_rate, []
    if metric == Metric.churn_rate and any(
        c.condition and c.condition.column == TARGET and not c.churn_word for c in conds
    ):
        raise _Refused(churn_links[0].phrase, "a churn rate is already about who left")
    conds = [c for c in conds if not (metric == Metric.churn_rate and c.churn_word)]
    where = base + _merge_levels(conds, linked.text) + chosen
    needs = metric in {Metric.mean, Metric.median, Metric.sum, Metric.min, Metric.max}
    if measure is not None and not needs:
        raise _Refused(
            linked.kind("measure")[0].phrase,
            "I could not tell which figure of it is "
            "asked (average, median, total, lowest, highest?)",
        )
    if needs and measure is None:
        raise _Refused(cue_links[0].phrase, "of which measure (tenure, monthly or total charges)?")
    if ranks and not group and metric not in {Metric.max, Metric.min}:
        raise _Refused(ranks[0].phrase, "highest or lowest among which groups?")
    if ranks and any(r.phrase in {"best", "worst"} for r in ranks) and metric != Metric.churn_rate:
        raise _Refused(ranks[0].phrase, "best or worst by which figure?")
    leftover = cues - {
        *("rate", "share", "count", "most", "least", "compare", "invalid", "distribution"),
        "retention",
        *AGGREGATES,
    }
    if leftover or len(where) > 4 or len(subset) > 3:
        raise _Refused(linked.text, "it asks more than one query can say")
    where = [  # "out of A, B or C (every level), which has the most": the groups' names
        f for f in where if not (f.column in group and _every_level(f))
    ]  # fmt: skip
    _check_levels(where, group, conds, linked.text)
    ranked = bool(group and ranks)
    top = ranks[0] if ranks else None
    how_many = linked.cues("k")
    if how_many and not ranked:
        raise _Refused(how_many[0].phrase, "the first few by which figure, among which groups?")
    return Query(
        metric=metric,
        measure=measure if needs else None,
        filters=where,
        subset=subset,
        group_by=group,
        top_k=((top.k or (how_many[0].k if how_many else 1)) if top else None) if ranked else None,
        order="asc" if top is not None and top.cue == "least" else "desc",
        compare=sides,
    )


def _options(text: str, conds: list[Link]) -> tuple[list[Link], str, list[Filter]] | None:
    """The options of "which has the higher …: A, B or C?": their links, their one column and
    the filter to those levels (none when they are all of its levels)."""
    colon = text.find(":")
    options = [c for c in conds if colon >= 0 and c.start > colon]
    columns = {c.condition.column for c in options if c.condition is not None}
    if not options or len(columns) != 1 or (column := columns.pop()) not in DIMENSIONS:
        return None
    levels: list[str] = []
    for c in options:  # each option one level: "not month-to-month" or "autopay" are not
        assert c.condition is not None
        f = c.condition
        values = [str(v) for v in (f.value if isinstance(f.value, list) else [f.value])]
        if f.op == Op.ne:
            values = [v for v in DIMENSIONS[column] if v not in values]
        if len(values) > 1 and not c.either:
            return None
        levels += [v for v in values if v not in levels]
    if len(levels) < 2:
        return None
    if set(levels) == set(DIMENSIONS[column]):
        return options, column, []
    return options, column, [Filter(column=column, op=Op.in_, value=levels)]


def _pair(conds: list[Link]) -> list[Link] | None:
    """The two conditions on one column a comparison is between (the first such pair)."""
    for i, a in enumerate(conds):
        for b in conds[i + 1 :]:
            if (
                a.condition
                and b.condition
                and a.condition.column == b.condition.column
                and a.condition != b.condition
            ):
                return [a, b]
    return None


def _churned(link: Link) -> bool:
    return link.condition == Filter(column=TARGET, op=Op.eq, value=1)


#: Between a share cue and the first condition: everything after it is asked of everyone
#: ("what share of all is made up of X", "what fraction of all customers are X who Y").
_OF_EVERYONE = re.compile(
    r"^\s*of (?:all|every|the whole|the entire|our whole|our entire|the total|(?:our|the)"
    r"(?= customer base\b| base\b))\b(?:(?!\b(?:who"
    r"|that|which|where|with)\b)[\w\s'-])*\b(?:are|is)(?: made up of| comprised of| composed of)?"
    rf"(?:\s+(?:{'|'.join(lx.CUSTOMER_NOUNS)}))?(?:\s+(?:with|who|that))?\s*$"
)


def _said_first(
    linked: Linked, conds: list[Link], share: Link
) -> tuple[list[Link], list[Link], bool] | None:
    """Shares whose first words say who is counted: "what percent of all churned customers are
    on fiber" (those churned, of whom fiber is asked), "fraction churned, card autopay,
    non-senior" and "share that churned among X" (the rest, of whom churning is asked)."""
    ordered = sorted(conds, key=lambda c: c.start)
    if len(ordered) < 2 or ordered[0].start < share.end:
        return None
    lead, gap = (
        linked.text[share.end : ordered[0].start],
        linked.text[ordered[0].end : ordered[1].start],
    )
    nouns = "|".join(lx.CUSTOMER_NOUNS)
    if re.fullmatch(r"\s*(?:of\s+)?(?:all\s+|the\s+|our\s+)*", lead) and re.match(
        rf"\s*(?:(?:{nouns})\s+)?(?:are|is|were|was|had|have|has)\b", gap
    ):
        return ordered[:1], ordered[1:], False
    if (_churned(ordered[0]) and not _a_noun(ordered[0])
            and re.fullmatch(r"\s*(?:that|who|which)?\s*", lead)):  # fmt: skip
        return ordered[1:], ordered[:1], True
    return None


def _a_noun(link: Link) -> bool:
    """ "churners", "churned customers": who is counted, never the verb asked ("did we lose")."""
    return bool(re.search(rf"(?:ers|\b(?:{'|'.join(lx.CUSTOMER_NOUNS)}))$", link.phrase))


def _restricted(linked: Linked, conds: list[Link]) -> bool:
    """A condition said as who is counted ("…, among fiber users", "within month-to-month")."""
    return any(set(_words_before(linked.text, c.start)[-2:]) & set(lx.BASE_MARKERS) for c in conds)


def _lost_as_percentage(linked: Linked, conds: list[Link]) -> bool:
    """ "How many X did we lose, as a percentage?", "How high is churn among X, as a
    percentage?": every condition before a closing share cue, one of them that they left: the
    share of X who left."""
    share = linked.cues("share")[0]
    churn = [c for c in conds if _churned(c)]
    return (
        not linked.text[share.end :].strip(" ?.!")
        and all(c.end <= share.start for c in conds)
        and len(churn) == 1
        and (
            churn[0].churn_word
            or (
                churn[0] is max(conds, key=lambda c: c.start)
                and len(conds) > 1
                and not _a_noun(churn[0])
            )
        )
        and (
            re.search(r"\bhow many\b", linked.text[: share.start]) is not None
            or any(c.churn_word for c in conds)  # "how high is churn among X, as a percentage"
        )
    )


def parse(linked: Linked, previous: list[Filter] | None = None) -> Understood | Refusal:
    """The one query a clause asks, or why it cannot be answered (`previous`: the customers an
    earlier part of the question counted, for "… how many of them left?")."""
    try:
        query = _parse(linked, previous)
    except _Refused as refused:
        return refused.refusal
    except ValidationError as exc:  # a query the semantic layer does not allow
        return Refusal(linked.text, str(exc.errors()[0]["msg"]).removeprefix("Value error, "))
    except ValueError as exc:
        return Refusal(linked.text, str(exc).splitlines()[-1])
    return Understood(query, linked.links)
