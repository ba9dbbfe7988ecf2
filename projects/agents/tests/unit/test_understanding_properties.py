"""Property: a typed query, rendered into plain English, reads back as the same query or not at
all. The planner may refuse a rendered question or leave it unrouted, but an analyst query it
does carry must mean what the question says: never a different query.

The renderer's phrasings are written here from the data contract (`core.schema`) and plain
business English, not from the understanding package's word lists, so this test does not share
their blind spots. Every phrasing must be unambiguous English for the query it renders.

Profiles: `unit` (the default, `make test`): 200 fixed-seed examples, derandomised.
`HYPOTHESIS_PROFILE=eval` (`make eval-agents`): 5,000 random examples a run.
"""

from __future__ import annotations

import math
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from retention_agents.core.plan import AnalystTask, Plan
from retention_agents.core.schema import DIMENSIONS, HAS, MEASURE_RANGES, MEASURES, NULLABLE, TARGET
from retention_agents.core.semantic import NEEDS_MEASURE, Filter, Metric, Op, Query
from retention_agents.core.understanding.planning import plan

settings.register_profile(
    "unit",
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "eval",
    max_examples=5000,
    derandomize=False,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
#: Applied to this module's tests only (loading a profile would change every module's default).
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "unit"))

MAX_TASKS = 6

# ------------------------------------------------------------------------------ the normaliser


@dataclass
class _Range:
    """What the filters on one measure allow: bounds, excluded values, missing or not."""

    low: tuple[float, bool] = (-math.inf, False)  # (value, strict)
    high: tuple[float, bool] = (math.inf, False)
    excluded: set[float] = field(default_factory=set)
    missing: bool | None = None  # True: only missing; False: only recorded; None: either

    def add(self, f: Filter) -> None:
        if f.op == Op.is_missing:
            self.missing = True
            return
        self.missing = False if self.missing is None else self.missing  # a comparison: recorded
        if f.op == Op.not_missing:
            return
        if f.op == Op.between:
            low, high = (float(v) for v in f.value)  # type: ignore[union-attr]
            self._raise((low, False))
            self._lower((high, False))
            return
        value = float(f.value)  # type: ignore[arg-type]
        match f.op:
            case Op.gt:
                self._raise((value, True))
            case Op.ge:
                self._raise((value, False))
            case Op.lt:
                self._lower((value, True))
            case Op.le:
                self._lower((value, False))
            case Op.eq:
                self._raise((value, False))
                self._lower((value, False))
            case Op.ne:
                self.excluded.add(value)

    def _raise(self, bound: tuple[float, bool]) -> None:
        self.low = max(self.low, bound)  # the same value: strict is tighter (True > False)

    def _lower(self, bound: tuple[float, bool]) -> None:
        self.high = min(self.high, bound, key=lambda b: (b[0], not b[1]))

    def key(self, column: str) -> tuple[Any, ...]:
        inside = frozenset(
            v
            for v in self.excluded
            if (v > self.low[0] or (v == self.low[0] and not self.low[1]))
            and (v < self.high[0] or (v == self.high[0] and not self.high[1]))
        )
        return ("range", column, self.low, self.high, inside, self.missing)


#: A level that says the customer lacks another service: the same customers as that column's "No".
WITHOUT_PARENT = {
    **{
        c: ("InternetService", "No internet service")
        for c, levels in DIMENSIONS.items()
        if "No internet service" in levels
    },
    "MultipleLines": ("PhoneService", "No phone service"),
}


def _domain(column: str) -> tuple[str, ...]:
    return DIMENSIONS.get(column, ("0", "1"))  # the target: 1 churned, 0 stayed


def allowed_levels(f: Filter) -> set[str]:
    """The levels a categorical filter (or one on the target) lets through."""
    named = {
        str(int(v)) if f.column == TARGET else str(v)  # type: ignore[arg-type]
        for v in (f.value if isinstance(f.value, list) else [f.value])
    }
    return named if f.op in (Op.eq, Op.in_) else set(_domain(f.column)) - named


def _through_parent(levels: dict[str, set[str]], column: str, parent: str, marker: str) -> None:
    """An add-on is `marker` ("No internet service") exactly when its parent is "No": move
    what the pair allows onto the parent where the add-on adds nothing of its own."""
    child = levels[column]
    allowed = levels.get(parent, set(DIMENSIONS[parent]))
    if marker not in child:
        allowed = allowed - {"No"}
    if "No" not in allowed:
        child = child - {marker}
    if child == {marker}:
        allowed, child = allowed & {"No"}, set(DIMENSIONS[column])
    elif (allowed == {"No"} and marker in child) or (
        "No" not in allowed and child | {marker} == set(DIMENSIONS[column])
    ):
        child = set(DIMENSIONS[column])  # implied by the parent
    levels[column], levels[parent] = child, allowed


def conditions(filters: list[Filter]) -> frozenset[tuple[Any, ...]]:
    """The meaning of a conjunction of filters: the levels each categorical column may take
    (eq, ne and in alike; a column left unconstrained drops out; an add-on's "No internet
    service" is internet "No") and each measure's range (between as two bounds; any comparison
    implies a recorded value)."""
    levels: dict[str, set[str]] = {}
    ranges: dict[str, _Range] = {}
    for f in filters:
        if f.column in DIMENSIONS or f.column == TARGET:
            levels[f.column] = levels.get(f.column, set(_domain(f.column))) & allowed_levels(f)
        else:
            ranges.setdefault(f.column, _Range()).add(f)
    for _ in range(2):  # children of one parent constrain each other through it
        for column, (parent, marker) in WITHOUT_PARENT.items():
            if column in levels:
                _through_parent(levels, column, parent, marker)
    out: set[tuple[Any, ...]] = set()
    for column, allowed in levels.items():
        if allowed != set(_domain(column)):
            out.add(("levels", column, frozenset(allowed)))
    out.update(r.key(column) for column, r in ranges.items())
    return frozenset(out)


CHURNED = Filter(column=TARGET, op=Op.eq, value=1)


def normal(query: Query) -> tuple[Any, ...]:
    """A query's meaning, comparable: filter order, `in` of one value vs `eq`, `ne` vs `in` of
    the other levels do not matter; `churned` is the count of those who churned, and the share
    who churned is the churn rate; the order of an unranked breakdown does not matter."""
    metric, filters, subset = query.metric, list(query.filters), list(query.subset)
    if metric == Metric.churned:
        metric, filters = Metric.count, [*filters, CHURNED]
    if metric == Metric.share and conditions(subset) == conditions([CHURNED]):
        metric, subset = Metric.churn_rate, []
    compare = None
    if query.compare is not None:
        compare = tuple(sorted(repr(conditions([side])) for side in query.compare))
    return (
        str(metric),
        None if query.measure is None else str(query.measure),
        conditions(filters),
        conditions(subset),
        frozenset(str(g) for g in query.group_by),
        query.top_k,
        query.order if query.top_k is not None else None,
        compare,
    )


# ------------------------------------------------------------------------------ random queries

FILTERABLE: tuple[str, ...] = (*DIMENSIONS, *MEASURES, TARGET)
#: Top-k needs a group noun a business user would rank ("which contract type ...").
RANKABLE = (
    "gender",
    "InternetService",
    "Contract",
    "PaymentMethod",
    "MultipleLines",
    "TechSupport",
    "OnlineSecurity",
    "StreamingTV",
    "SeniorCitizen",
    "Partner",
    "PaperlessBilling",
)


def _number(column: str, draw: st.DrawFn) -> float:
    low, high = MEASURE_RANGES[column]
    typical = {"tenure": 72, "MonthlyCharges": 120, "TotalCharges": 9000}[column]
    kind = draw(st.sampled_from(["typical", "round", "cents", "wide"]))
    if kind == "typical" or (kind == "cents" and column == "tenure"):
        return float(draw(st.integers(int(low), typical)))
    if kind == "round":
        step = {"tenure": 6, "MonthlyCharges": 10, "TotalCharges": 500}[column]
        return float(step * draw(st.integers(0, typical // step)))
    if kind == "cents":
        return draw(st.integers(int(low) * 100, typical * 100)) / 100
    return float(draw(st.integers(int(low), int(high))))


@st.composite
def filters_on(draw: st.DrawFn, column: str) -> Filter:
    if column == TARGET:
        return Filter(
            column=column,
            op=draw(st.sampled_from([Op.eq, Op.ne])),
            value=draw(st.sampled_from([0, 1])),
        )
    if column in DIMENSIONS:
        levels = list(DIMENSIONS[column])
        if HAS in levels and draw(st.booleans()):  # "with X" / "without X", the common case
            return Filter(column=column, op=draw(st.sampled_from([Op.eq, Op.ne])), value=HAS)
        op = draw(st.sampled_from([Op.eq, Op.ne, Op.in_]))
        if op == Op.in_:
            picked = draw(
                st.lists(st.sampled_from(levels), min_size=1, max_size=len(levels) - 1, unique=True)
            )
            return Filter(column=column, op=op, value=picked)
        return Filter(column=column, op=op, value=draw(st.sampled_from(levels)))
    ops = [Op.gt, Op.ge, Op.lt, Op.le, Op.eq, Op.ne, Op.between]
    if column in NULLABLE:
        ops += [Op.is_missing, Op.not_missing]
    op = draw(st.sampled_from(ops))
    if op in (Op.is_missing, Op.not_missing):
        return Filter(column=column, op=op)
    if op == Op.between:
        a, b = _number(column, draw), _number(column, draw)
        if a == b:
            b = round(a + 1 if a + 1 <= MEASURE_RANGES[column][1] else a - 1, 2)
        return Filter(column=column, op=op, value=sorted([a, b]))
    return Filter(column=column, op=op, value=_number(column, draw))


def _said_column(f: Filter) -> str:
    """The column a filter is worded as (an add-on's "No internet service" as internet)."""
    parent = WITHOUT_PARENT.get(f.column)
    if parent is not None and allowed_levels(f) == {parent[1]}:
        return parent[0]
    return f.column


@st.composite
def queries(draw: st.DrawFn) -> Query:
    metric = draw(st.sampled_from(list(Metric)))
    measure = draw(st.sampled_from(MEASURES)) if metric in NEEDS_MEASURE else None
    usable = [
        c for c in FILTERABLE if not (c == TARGET and metric in (Metric.churned, Metric.churn_rate))
    ]
    columns = draw(st.lists(st.sampled_from(usable), max_size=3, unique=True))
    filters = [draw(filters_on(c)) for c in columns]
    subset: list[Filter] = []
    if metric == Metric.share:
        rest = [c for c in FILTERABLE if c not in columns]
        subset = [
            draw(filters_on(c))
            for c in draw(st.lists(st.sampled_from(rest), min_size=1, max_size=2, unique=True))
        ]
    # No contradiction ("with DSL and without internet") and no repeat ("without internet and
    # with online backup set to no internet service"): nobody asks that.
    assume(all(c[2] for c in conditions([*filters, *subset]) if c[0] == "levels"))
    said = [_said_column(f) for f in [*filters, *subset]]
    assume(len(set(said)) == len(said))
    taken = {f.column for f in [*filters, *subset]}
    taken |= {WITHOUT_PARENT[c][0] for c in taken if c in WITHOUT_PARENT}
    free = [d for d in DIMENSIONS if d not in taken]
    group_by = draw(st.lists(st.sampled_from(free), max_size=2, unique=True))
    top_k, order = None, "desc"
    if group_by and all(g in RANKABLE for g in group_by) and draw(st.booleans()):
        groups = math.prod(len(DIMENSIONS[g]) for g in group_by)
        top_k = draw(st.integers(1, min(5, groups - 1)))
        order = draw(st.sampled_from(["desc", "asc"]))
    return Query(
        metric=metric,
        measure=measure,
        filters=filters,
        subset=subset,
        group_by=group_by,
        top_k=top_k,
        order=order,
    )


# ------------------------------------------------------------------------------ the renderer


@dataclass(frozen=True)
class Phrase:
    """One condition as words: after the noun ("customers with DSL"), as a predicate
    ("customers have DSL"; None where it does not read) and before the noun ("senior")."""

    post: str
    pred: str | None
    pre: str | None = None


def _phrase(post: str, pre: str | None = None) -> Phrase:
    """The predicate follows from the post-modifier's first word."""
    pred: str | None = None
    for head, verb in (
        ("who ", ""),
        ("with ", "have "),
        ("without ", "do not have "),
        ("on ", "are on "),
        ("not on ", "are not on "),
        ("paying ", "pay "),
    ):
        if post.startswith(head):
            pred = verb + post.removeprefix(head)
            break
    return Phrase(post, pred, pre)


NOUNS = ("customers", "clients", "subscribers")
#: How a column is named as a group ("by contract type") and as a ranked noun (singular, plural).
GROUPS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "gender": (("gender",), (("gender", "genders"),)),
    "SeniorCitizen": (
        ("senior citizen status", "whether they are senior citizens"),
        (("senior citizen status", "senior citizen statuses"),),
    ),
    "Partner": (
        ("partner status", "whether they have a partner"),
        (("partner status", "partner statuses"),),
    ),
    "Dependents": (
        ("dependents status", "whether they have dependents"),
        (("dependents status", "dependents statuses"),),
    ),
    "PhoneService": (
        ("phone service", "whether they have phone service"),
        (("phone service status", "phone service statuses"),),
    ),
    "MultipleLines": (
        ("multiple lines", "multiple lines status"),
        (("multiple lines status", "multiple lines statuses"),),
    ),
    "InternetService": (
        ("internet service", "internet service type", "type of internet"),
        (
            ("internet service type", "internet service types"),
            ("type of internet service", "types of internet service"),
        ),
    ),
    "OnlineSecurity": (
        ("online security", "online security status"),
        (("online security status", "online security statuses"),),
    ),
    "OnlineBackup": (
        ("online backup", "online backup status"),
        (("online backup status", "online backup statuses"),),
    ),
    "DeviceProtection": (
        ("device protection", "device protection status"),
        (("device protection status", "device protection statuses"),),
    ),
    "TechSupport": (
        ("tech support", "tech support status"),
        (("tech support status", "tech support statuses"),),
    ),
    "StreamingTV": (
        ("streaming TV", "streaming TV status"),
        (("streaming TV status", "streaming TV statuses"),),
    ),
    "StreamingMovies": (
        ("streaming movies", "streaming movies status"),
        (("streaming movies status", "streaming movies statuses"),),
    ),
    "Contract": (
        ("contract type", "contract", "type of contract"),
        (("contract type", "contract types"), ("kind of contract", "kinds of contract")),
    ),
    "PaperlessBilling": (
        ("paperless billing", "whether they use paperless billing"),
        (("paperless billing status", "paperless billing statuses"),),
    ),
    "PaymentMethod": (
        ("payment method", "way of paying"),
        (("payment method", "payment methods"),),
    ),
}
#: A column's name in a "whose X is ..." phrase.
LABELS: dict[str, str] = {
    "gender": "gender",
    "MultipleLines": "multiple lines",
    "InternetService": "internet service",
    "OnlineSecurity": "online security",
    "OnlineBackup": "online backup",
    "DeviceProtection": "device protection",
    "TechSupport": "tech support",
    "StreamingTV": "streaming TV",
    "StreamingMovies": "streaming movies",
    "Contract": "contract",
    "PaymentMethod": "payment method",
}
ADDONS = (
    "OnlineSecurity",
    "OnlineBackup",
    "DeviceProtection",
    "TechSupport",
    "StreamingTV",
    "StreamingMovies",
)
CONTRACT_WORDS = {
    "Month-to-month": ("month-to-month",),
    "One year": ("one-year", "1-year"),
    "Two year": ("two-year", "2-year"),
}
PAY_WORDS = {
    "Bank transfer (automatic)": ("bank transfer", "automatic bank transfer"),
    "Credit card (automatic)": ("credit card", "automatic credit card payment"),
    "Electronic check": ("electronic check",),
    "Mailed check": ("mailed check",),
}
INTERNET_WORDS = {"DSL": ("DSL",), "Fiber optic": ("fiber optic", "fiber")}


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _quoted(levels: list[str]) -> str:
    return _or([f'"{v}"' for v in levels])


def _yes_no(
    allowed: frozenset[str],
    yes: list[str],
    no: list[str],
    pre: str | None = None,
    pre_no: str | None = None,
) -> list[Phrase]:
    if allowed == {HAS}:
        return [_phrase(p, pre) for p in yes]
    return [_phrase(p, pre_no) for p in no]


def categorical(column: str, allowed: frozenset[str], rng: random.Random) -> list[Phrase]:
    """Every way this file says "`column` is one of `allowed`" (a strict, non-empty subset)."""
    levels = list(DIMENSIONS[column])
    inside = [v for v in levels if v in allowed]
    outside = [v for v in levels if v not in allowed]
    label = LABELS.get(column)
    generic: list[Phrase] = []
    if label is not None:
        generic = [
            _phrase(f"whose {label} is {_quoted(inside)}"),
            _phrase(f"with {label} set to {_quoted(inside)}"),
        ]
        if len(outside) == 1:
            generic.append(_phrase(f"whose {label} is not {_quoted(outside)}"))
    match column:
        case "gender":
            word = "female" if allowed == {"Female"} else "male"
            people = "women" if word == "female" else "men"
            return [_phrase(f"who are {word}", word), _phrase(f"who are {people}"), *generic]
        case "SeniorCitizen":
            if allowed == {"1"}:
                return [_phrase("who are senior citizens", "senior"), _phrase("who are seniors")]
            return [
                _phrase("who are not senior citizens", "non-senior"),
                _phrase("who are not seniors"),
            ]
        case "Partner":
            return _yes_no(
                allowed,
                ["with a partner", "who have a partner"],
                ["without a partner", "who have no partner", "who do not have a partner"],
            )
        case "Dependents":
            return _yes_no(
                allowed,
                ["with dependents", "who have dependents"],
                ["without dependents", "who have no dependents"],
            )
        case "PhoneService":
            return _yes_no(
                allowed,
                ["with phone service", "who have phone service"],
                ["without phone service", "who have no phone service"],
            )
        case "PaperlessBilling":
            return _yes_no(
                allowed,
                ["on paperless billing", "who use paperless billing"],
                [
                    "not on paperless billing",
                    "who do not use paperless billing",
                    "who get paper bills",
                ],
            )
        case "MultipleLines":
            if allowed == {HAS}:
                return [
                    _phrase("with multiple lines"),
                    _phrase("who have multiple phone lines"),
                    *generic,
                ]
            if allowed == {"No", "No phone service"}:
                return [
                    _phrase("without multiple lines"),
                    _phrase("who do not have multiple lines"),
                    *generic,
                ]
            if allowed == {"No"}:
                return [
                    _phrase("with just one phone line"),
                    _phrase("with phone service but without multiple lines"),
                    *generic,
                ]
            return generic
        case "InternetService":
            if allowed == {"No"}:
                return [
                    _phrase("without internet service"),
                    _phrase("with no internet service"),
                    _phrase("who have no internet"),
                    *generic,
                ]
            if "No" not in allowed and len(inside) == 1:
                words = INTERNET_WORDS[inside[0]]
                return [_phrase(f"with {w} internet", f"{w}") for w in words] + [
                    _phrase(f"on {words[0]}"),
                    *generic,
                ]
            if "No" not in allowed:
                return [
                    _phrase("with internet service"),
                    _phrase("who have internet"),
                    _phrase("with DSL or fiber optic internet"),
                    *generic,
                ]
            words = INTERNET_WORDS[outside[0]]
            return [_phrase(f"not on {words[0]}"), _phrase(f"who do not have {words[0]}"), *generic]
        case "Contract":
            named = [rng.choice(CONTRACT_WORDS[v]) for v in inside]
            forms = [
                _phrase(f"on a {_or(named)} contract"),
                _phrase(f"with a {_or(named)} contract"),
            ]
            if len(inside) == 1:
                forms.append(_phrase(f"on {named[0]} contracts", named[0]))
            else:
                forms.append(_phrase(f"not on a {rng.choice(CONTRACT_WORDS[outside[0]])} contract"))
            return forms + generic
        case "PaymentMethod":
            named = [rng.choice(PAY_WORDS[v]) for v in inside]
            forms = [_phrase(f"who pay by {_or(named)}"), _phrase(f"paying by {_or(named)}")]
            if len(outside) == 1:
                word = rng.choice(PAY_WORDS[outside[0]])
                forms += [_phrase(f"who do not pay by {word}"), _phrase(f"not paying by {word}")]
            return forms + generic
    assert column in ADDONS
    thing = LABELS[column]
    if allowed == {HAS}:
        verb = [f"who stream {thing.split()[1]}"] if column.startswith("Streaming") else []
        return [
            _phrase(f"with {thing}"),
            _phrase(f"who have {thing}"),
            *map(_phrase, verb),
            *generic,
        ]
    if allowed == {"No", "No internet service"}:
        verb = [f"who do not stream {thing.split()[1]}"] if column.startswith("Streaming") else []
        return [
            _phrase(f"without {thing}"),
            _phrase(f"who do not have {thing}"),
            *map(_phrase, verb),
            *generic,
        ]
    if allowed == {"No"}:
        return [
            _phrase(f"who have internet but no {thing}"),
            _phrase(f"with internet service but without {thing}"),
            *generic,
        ]
    return generic


def churn(allowed: frozenset[str]) -> list[Phrase]:
    if allowed == {"1"}:
        return [
            _phrase("who churned", "churned"),
            _phrase("who have churned"),
            _phrase("who left"),
            _phrase("who cancelled"),
        ]
    return [
        _phrase("who stayed", "retained"),
        _phrase("who did not churn"),
        _phrase("who have not churned"),
        _phrase("who are still with us"),
    ]


SMALL = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def amount(column: str, value: float, rng: random.Random, years: bool = False) -> str:
    """A stated value with its unit, the way people write it (`years`: a tenure in years)."""
    whole = value.is_integer()
    if column == "tenure":
        if years:
            count = int(value // 12)
            return f"{count} year" if count == 1 else f"{count} years"
        number = (
            SMALL[int(value)]
            if whole and value < len(SMALL) and rng.random() < 0.3
            else (str(int(value)) if whole else f"{value:g}")
        )
        return f"{number} month" if value == 1 else f"{number} months"
    digits = (
        (f"{int(value):,}" if rng.random() < 0.5 else str(int(value))) if whole else f"{value:.2f}"
    )
    if whole and value >= 1000 and value % 1000 == 0 and rng.random() < 0.2:
        digits = f"{int(value // 1000)}k"
    return rng.choice([f"${digits}", f"{digits} dollars"])


COMPARE = {
    Op.gt: ("more than {}", "over {}", "above {}", "greater than {}"),
    Op.ge: ("at least {}", "{} or more", "no less than {}"),
    Op.lt: ("less than {}", "under {}", "below {}"),
    Op.le: ("at most {}", "{} or less", "no more than {}"),
    Op.eq: ("exactly {}",),
    Op.between: ("between {} and {}", "from {} to {}"),
}


def numeric(f: Filter, rng: random.Random) -> list[Phrase]:
    column = f.column
    if f.op == Op.is_missing:
        return [
            _phrase("whose total charges are missing"),
            _phrase("with missing total charges"),
            _phrase("with no total charges recorded"),
            _phrase("with blank total charges"),
        ]
    if f.op == Op.not_missing:
        return [
            _phrase("whose total charges are recorded"),
            _phrase("with total charges recorded"),
            _phrase("whose total charges are known"),
            _phrase("whose total charges are not missing"),
        ]
    values = f.value if isinstance(f.value, list) else [f.value]
    numbers = [float(v) for v in values]  # type: ignore[arg-type]
    # Both ends of a range in one unit ("between 2 and 3 years").
    years = all(v >= 12 and v % 12 == 0 for v in numbers) and rng.random() < 0.3
    stated = [amount(column, v, rng, years) for v in numbers]
    if column == "MonthlyCharges" and rng.random() < 0.3:
        stated = [s + " a month" for s in stated]
    if f.op == Op.ne:
        subject = {
            "tenure": ["whose tenure is not {}", "with a tenure other than {}"],
            "MonthlyCharges": [
                "whose monthly charge is not {}",
                "with a monthly charge other than {}",
            ],
            "TotalCharges": ["whose total charges are not {}", "with total charges other than {}"],
        }[column]
        return [_phrase(s.format(stated[0])) for s in subject]
    said = rng.choice(COMPARE[f.op]).format(*stated)
    if f.op == Op.lt and column == "tenure" and rng.random() < 0.3:
        said = f"fewer than {stated[0]}"
    subjects = {
        "tenure": [
            "with a tenure of {}",
            "who have been customers for {}",
            "whose tenure is {}",
            "with {} of tenure",
        ],
        "MonthlyCharges": [
            "paying {} a month",
            "with monthly charges of {}",
            "whose monthly bill is {}",
            "whose monthly charge is {}",
        ],
        "TotalCharges": [
            "with total charges of {}",
            "whose total charges are {}",
            "who have paid {} in total",
            "with lifetime charges of {}",
        ],
    }[column]
    if column == "MonthlyCharges" and " a month" in said:
        subjects = [s for s in subjects if "a month" not in s]
    if said.startswith("from "):
        subjects = [s.replace(" of {}", " {}") for s in subjects if not s.startswith("with {}")]
    return [_phrase(s.format(said)) for s in subjects]


def phrases(f: Filter, rng: random.Random) -> list[Phrase]:
    """The ways to say one filter, read from its meaning (so `ne` may come out as "or")."""
    if f.column in MEASURES:
        return numeric(f, rng)
    column, allowed = f.column, frozenset(allowed_levels(f))
    if column == TARGET:
        return churn(allowed)
    if column in WITHOUT_PARENT and allowed == {WITHOUT_PARENT[column][1]}:
        column, allowed = WITHOUT_PARENT[column][0], frozenset({"No"})  # no internet at all
    return categorical(column, allowed, rng)


def _and(parts: list[str], rng: random.Random) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    if rng.random() < 0.5:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass
class Said:
    """The population's words: noun phrase, and (where every condition has one) a predicate."""

    noun: str
    pred: str | None


def population(filters: list[Filter], rng: random.Random, empty: str = "all customers") -> Said:
    chosen = [phrases(f, rng) for f in filters]
    noun = rng.choice(NOUNS)
    if not filters:
        return Said(rng.choice([empty, noun]), None)
    picked = [rng.choice(options) for options in chosen]
    pre = [i for i, p in enumerate(picked) if p.pre is not None]
    head = noun
    post_parts = list(range(len(picked)))
    if pre and rng.random() < 0.4:
        i = rng.choice(pre)
        head = f"{picked[i].pre} {noun}"
        post_parts.remove(i)
    said = Said(" ".join([head, _and([picked[i].post for i in post_parts], rng)]).strip(), None)
    preds = [[p.pred for p in options if p.pred is not None] for options in chosen]
    if all(preds):
        said.pred = _and([rng.choice(p) for p in preds], rng)
    return said


def subset_pred(subset: list[Filter], rng: random.Random) -> str | None:
    preds = [[p.pred for p in phrases(f, rng) if p.pred is not None] for f in subset]
    return _and([rng.choice(p) for p in preds], rng) if all(preds) else None


MEASURE_WORDS = {
    "tenure": ("tenure", "customer tenure"),
    "MonthlyCharges": ("monthly charge", "monthly charges", "monthly bill"),
    "TotalCharges": ("total charges", "lifetime charges"),
}
AGGREGATE_WORDS = {
    Metric.mean: ("average", "mean"),
    Metric.median: ("median",),
    Metric.sum: ("combined", "sum of the"),
    Metric.min: ("minimum", "lowest", "smallest"),
    Metric.max: ("maximum", "highest", "largest"),
}


def _aggregate(query: Query, rng: random.Random, ranked: bool = False) -> str:
    word = rng.choice(AGGREGATE_WORDS[query.metric])
    if ranked and query.metric in (Metric.min, Metric.max):
        word = str(query.metric) + "imum"  # "the highest maximum", never "the highest highest"
    noun = rng.choice(MEASURE_WORDS[str(query.measure)])
    if query.measure == "tenure" and query.metric in (Metric.min, Metric.max) and not ranked:
        word = rng.choice([word, "shortest" if query.metric == Metric.min else "longest"])
    return f"{word} {noun}"


def plain(query: Query, rng: random.Random) -> str | None:
    """The question without groups, as a clause without its question mark (None: no phrasing)."""
    pop = population(query.filters, rng)
    match query.metric:
        case Metric.count:
            pop = population(query.filters, rng, empty="customers")
            forms = [
                f"How many {pop.noun} are there",
                f"How many {pop.noun} do we have",
                f"What is the number of {pop.noun}",
            ]
            if pop.pred is not None:
                forms.append(f"How many {rng.choice(NOUNS)} {pop.pred}")
            return rng.choice(forms)
        case Metric.churned:
            pop = population(query.filters, rng, empty="customers")
            forms = [
                f"How many {pop.noun} churned",
                f"How many {pop.noun} have left",
                f"How many {pop.noun} cancelled",
            ]
            if not query.filters:
                forms.append("What is the number of churned customers")
            return rng.choice(forms)
        case Metric.churn_rate:
            return rng.choice(
                [
                    f"What is the churn rate of {pop.noun}",
                    f"What is the churn rate among {pop.noun}",
                    f"What's the churn rate for {pop.noun}",
                    f"What percentage of {pop.noun} churned",
                    f"What fraction of {pop.noun} have left",
                    f"What is the attrition rate among {pop.noun}",
                ]
            )
        case Metric.share:
            pred = subset_pred(query.subset, rng)
            if pred is None:
                return None
            share = rng.choice(["share", "percentage", "proportion", "fraction"])
            return rng.choice(
                [f"What {share} of {pop.noun} {pred}", f"Among {pop.noun}, what {share} {pred}"]
            )
    aggregate = _aggregate(query, rng)
    return rng.choice(
        [
            f"What is the {aggregate} of {pop.noun}",
            f"What's the {aggregate} among {pop.noun}",
            f"What is the {aggregate} for {pop.noun}",
        ]
    )


def grouped(query: Query, rng: random.Random) -> str | None:
    stem = plain(query, rng)
    if stem is None:
        return None
    names = [rng.choice(GROUPS[str(g)][0]) for g in query.group_by]
    by = " and ".join(names)
    singular = all(not n.startswith("whether") for n in names)
    forms = [f"{stem} by {by}?", f"{stem}, broken down by {by}?"]
    if singular:
        forms += [f"{stem} per {by}?", f"For each {by}, {stem[0].lower()}{stem[1:]}?"]
    return rng.choice(forms)


def ranked(query: Query, rng: random.Random) -> str | None:
    assert query.top_k is not None
    k, desc = query.top_k, query.order == "desc"
    nouns = [rng.choice(GROUPS[str(g)][1]) for g in query.group_by]
    if len(nouns) == 1:
        one, many = nouns[0]
    else:
        one = f"combination of {nouns[0][0]} and {nouns[1][0]}"
        many = f"combinations of {nouns[0][0]} and {nouns[1][0]}"
    which = f"Which {one} has" if k == 1 else f"Which {k} {many} have"
    high = "highest" if desc else "lowest"
    pop = population(query.filters, rng, empty="customers")
    among = "" if not query.filters else f" among {pop.noun}"
    match query.metric:
        case Metric.count:
            return f"{which} the {'most' if desc else 'fewest'} {pop.noun}?"
        case Metric.churned:
            return f"{which} the {'most' if desc else 'fewest'} {pop.noun} who churned?"
        case Metric.churn_rate:
            value = "churn rate"
        case Metric.share:
            pred = subset_pred(query.subset, rng)
            if pred is None:
                return None
            share = rng.choice(["share", "percentage", "proportion"])
            head = f"{which} the {high} {share} of customers who {pred}?"
            if query.filters:
                return f"Among {pop.noun}, {head[0].lower()}{head[1:]}"
            return head
        case _:
            value = _aggregate(query, rng, ranked=True)
    forms = [f"{which} the {high} {value}{among}?"]
    if query.filters:
        forms.append(f"Among {pop.noun}, {which[0].lower()}{which[1:]} the {high} {value}?")
    if k > 1 and len(nouns) == 1:
        top = "Top" if desc else "Bottom"
        forms.append(f"{top} {k} {many} by {value}{among}")
    return rng.choice(forms)


def render(query: Query, rng: random.Random) -> str | None:
    """One English question for `query`, or None where this file has no phrasing for it."""
    if query.top_k is not None:
        return ranked(query, rng)
    if query.group_by:
        return grouped(query, rng)
    stem = plain(query, rng)
    return None if stem is None else stem + "?"


@st.composite
def questions(draw: st.DrawFn) -> tuple[str, Query]:
    query = draw(queries())
    rng = draw(st.randoms(use_true_random=False))
    question = render(query, rng)
    assert question is not None  # every condition has a predicate form
    return question, query


# ------------------------------------------------------------------------------ the properties


def analyst_queries(made: Plan) -> list[Query]:
    return [t.query for t in made.tasks if isinstance(t, AnalystTask)]


def _show(query: Query) -> str:
    return query.model_dump_json(exclude_defaults=True)


@PROFILE
@given(case=questions())
def test_a_rendered_query_reads_back_as_itself_or_not_at_all(case: tuple[str, Query]) -> None:
    question, expected = case
    made = plan(question, MAX_TASKS)
    parsed = analyst_queries(made)
    event(f"{'answered' if parsed else 'refused'}: {expected.metric}")
    for query in parsed:
        assert normal(query) == normal(expected), (
            f"{question!r}\n  expected {_show(expected)}\n  parsed   {_show(query)}\n"
            f"  refused {made.refused} unrouted {made.unrouted}"
        )


def _f(column: str, op: str, value: Any = None) -> Filter:
    return Filter(column=column, op=op, value=value)


#: Simple questions and what they mean, written by hand.
SIMPLE: list[tuple[str, Query]] = [
    (
        "How many customers have fiber optic internet?",
        Query(metric="count", filters=[_f("InternetService", "eq", "Fiber optic")]),
    ),
    ("How many customers are there?", Query(metric="count")),
    ("How many customers churned?", Query(metric="churned")),
    (
        "What is the churn rate of customers on a month-to-month contract?",
        Query(metric="churn_rate", filters=[_f("Contract", "eq", "Month-to-month")]),
    ),
    (
        "What is the average monthly charge of senior citizens?",
        Query(metric="mean", measure="MonthlyCharges", filters=[_f("SeniorCitizen", "eq", "1")]),
    ),
    (
        "What is the median tenure of customers without tech support?",
        Query(metric="median", measure="tenure", filters=[_f("TechSupport", "ne", "Yes")]),
    ),
    (
        "What share of customers with DSL have a partner?",
        Query(
            metric="share",
            filters=[_f("InternetService", "eq", "DSL")],
            subset=[_f("Partner", "eq", "Yes")],
        ),
    ),
    ("What is the churn rate by contract type?", Query(metric="churn_rate", group_by=["Contract"])),
    (
        "Which payment method has the highest churn rate?",
        Query(metric="churn_rate", group_by=["PaymentMethod"], top_k=1),
    ),
    (
        "Which internet service type has the lowest churn rate?",
        Query(metric="churn_rate", group_by=["InternetService"], top_k=1, order="asc"),
    ),
    (
        "How many customers have a tenure of more than 24 months?",
        Query(metric="count", filters=[_f("tenure", "gt", 24)]),
    ),
    (
        "What is the maximum total charges of customers who pay by electronic check?",
        Query(
            metric="max",
            measure="TotalCharges",
            filters=[_f("PaymentMethod", "eq", "Electronic check")],
        ),
    ),
    (
        "How many customers have missing total charges?",
        Query(metric="count", filters=[_f("TotalCharges", "is_missing")]),
    ),
    (
        "What is the churn rate of customers paying more than $80 a month?",
        Query(metric="churn_rate", filters=[_f("MonthlyCharges", "gt", 80)]),
    ),
    (
        "How many female customers have dependents?",
        Query(
            metric="count", filters=[_f("gender", "eq", "Female"), _f("Dependents", "eq", "Yes")]
        ),
    ),
    (
        "What is the average tenure of customers who churned?",
        Query(metric="mean", measure="tenure", filters=[_f(TARGET, "eq", 1)]),
    ),
    (
        "What percentage of customers use paperless billing?",
        Query(metric="share", subset=[_f("PaperlessBilling", "eq", "Yes")]),
    ),
    (
        "What is the sum of monthly charges for customers on a two-year contract?",
        Query(metric="sum", measure="MonthlyCharges", filters=[_f("Contract", "eq", "Two year")]),
    ),
    (
        "How many customers with a tenure between 12 and 24 months churned?",
        Query(metric="churned", filters=[_f("tenure", "between", [12, 24])]),
    ),
    (
        "What is the minimum monthly charge of customers with streaming TV?",
        Query(metric="min", measure="MonthlyCharges", filters=[_f("StreamingTV", "eq", "Yes")]),
    ),
]


def test_simple_questions_read_back_often_enough_to_mean_something() -> None:
    """The property above holds trivially if everything is refused: count the answers."""
    outcomes: Counter[str] = Counter()
    for question, expected in SIMPLE:
        parsed = analyst_queries(plan(question, MAX_TASKS))
        if not parsed:
            outcomes["refused"] += 1
        elif all(normal(q) == normal(expected) for q in parsed):
            outcomes["equal"] += 1
        else:
            outcomes["different"] += 1
            print(f"different: {question!r} -> {[_show(q) for q in parsed]}")
    print(f"simple questions: {dict(outcomes)} of {len(SIMPLE)}")
    assert outcomes["different"] == 0
    assert outcomes["equal"] >= len(SIMPLE) // 2  # seen: 20 of 20


#: Questions a review found read into another query, and the forms added since (distribution,
#: choice, retention, an amending clause): each reads as its query, or (None) is refused.
REVIEWED: list[tuple[str, Query | None]] = [
    # found by the 2026-12-07 review and property runs: each once read into another query
    ("Churn rate excluding those on fiber who have tech support", None),
    ("How many of the rest churned?", None),
    ("What is the most common tenure?", None),
    ("By contract, which has the highest monthly charges?", None),
    ("Churn rate for customers with and without fiber", None),
    ("How many customers who are not 12 months in?", None),
    (
        'What percentage of subscribers with internet service set to "DSL" or "No" churned?',
        Query(metric="churn_rate", filters=[_f("InternetService", "in", ["DSL", "No"])]),
    ),
    (
        "How many customers have twenty-four months of tenure or less?",
        Query(metric="count", filters=[_f("tenure", "le", 24)]),
    ),
    (
        "How many customers on fiber, excluding those who churned?",
        Query(
            metric="count",
            filters=[_f("InternetService", "eq", "Fiber optic"), _f(TARGET, "eq", 0)],
        ),
    ),
    (
        "What is the maximum tenure by contract?",
        Query(metric="max", measure="tenure", group_by=["Contract"]),
    ),
    ("Check how many seniors churned.", None),
    ("Can you check the churn rate for fiber customers?", None),
    ("How many customers have every service?", None),
    (  # once refused; since 2026-12-08 the two sides compared (their rates and the gap)
        "Which has the lower churn rate: month-to-month or not month-to-month?",
        Query(
            metric="churn_rate",
            compare=[
                _f("Contract", "eq", "Month-to-month"),
                _f("Contract", "ne", "Month-to-month"),
            ],
        ),
    ),
    ("Which has the lower churn rate: autopay or electronic check?", None),
    ("What are the churn and retention rates by contract?", None),
    ("What is the retention rate of customers who churned?", None),
    ("What is the churn rate and retention rate of seniors?", None),
    (
        "What is the contract mix among churned customers?",
        Query(metric="share", filters=[_f(TARGET, "eq", 1)], group_by=["Contract"]),
    ),
    (
        "What percentage of customers fall into each payment method?",
        Query(metric="share", group_by=["PaymentMethod"]),
    ),
    (
        "What is the retention rate of seniors?",
        Query(
            metric="share",
            filters=[_f("SeniorCitizen", "eq", "1")],
            subset=[_f(TARGET, "eq", 0)],
        ),
    ),
    (
        "Which has the lower number of churned customers: female customers or men?",
        Query(
            metric="count",
            filters=[_f(TARGET, "eq", 1)],
            group_by=["gender"],
            top_k=1,
            order="asc",
        ),
    ),
    (
        "How are subscribers split by internet type? Give percentages.",
        Query(metric="share", group_by=["InternetService"]),
    ),
    (
        "What is the average tenure of customers by contract, highest first?",
        Query(metric="mean", measure="tenure", group_by=["Contract"]),
    ),
    (
        "How many customers pay by check?",
        Query(
            metric="count",
            filters=[_f("PaymentMethod", "in", ["Electronic check", "Mailed check"])],
        ),
    ),
]


def _assert_read_as_said(cases: list[tuple[str, Query | None]]) -> None:
    """Each question reads as its one query, or (None) is refused."""
    for question, expected in cases:
        parsed = analyst_queries(plan(question, MAX_TASKS))
        if expected is None:
            assert not parsed, (question, [_show(q) for q in parsed])
        else:
            assert [normal(q) for q in parsed] == [normal(expected)], (
                question,
                [_show(q) for q in parsed],
            )


def test_reviewed_questions_read_as_their_query_or_are_refused() -> None:
    _assert_read_as_said(REVIEWED)


#: Ways of saying a condition or figure met in the independent tuning sets (tuning3, 2026-12-07
#: second session), and near-misses of them that must stay refused or read otherwise.
SAID_OTHERWISE: list[tuple[str, Query | None]] = [
    (  # any joint of a multi-word name a space or a hyphen
        "How many accounts with no tech-support cover do we have?",
        Query(metric="count", filters=[_f("TechSupport", "ne", "Yes")]),
    ),
    (  # "a month" after a verb of paying is the unit of a charge, never a tenure of one month
        "What is the median amount retained customers who have dependents pay a month?",
        Query(
            metric="median",
            measure="MonthlyCharges",
            filters=[_f(TARGET, "eq", 0), _f("Dependents", "eq", "Yes")],
        ),
    ),
    (
        "How many customers who don't have streaming TV are no longer with us?",
        Query(metric="count", filters=[_f("StreamingTV", "ne", "Yes"), _f(TARGET, "eq", 1)]),
    ),
    (  # a measure named as revenue or billing adds up when no other figure is asked
        "MRR from customers on fiber?",
        Query(
            metric="sum",
            measure="MonthlyCharges",
            filters=[_f("InternetService", "eq", "Fiber optic")],
        ),
    ),
    ("What revenue do fiber customers bring?", None),  # monthly or lifetime: not said
    (  # hypothetical loss: every such customer, not those who churned
        "If we lost all month-to-month customers, how much monthly revenue would go?",
        Query(
            metric="sum",
            measure="MonthlyCharges",
            filters=[_f("Contract", "eq", "Month-to-month")],
        ),
    ),
    (
        "Total charges summed over seniors, ignoring blanks",
        Query(
            metric="sum",
            measure="TotalCharges",
            filters=[_f("SeniorCitizen", "eq", "1"), _f("TotalCharges", "not_missing")],
        ),
    ),
    (  # a parenthesis naming the same column again
        "How many clients get e-bills (paperless)?",
        Query(metric="count", filters=[_f("PaperlessBilling", "eq", "Yes")]),
    ),
    (  # a parenthesis that says something new is read
        "How many customers pay by check (by contract)?",
        Query(
            metric="count",
            filters=[_f("PaymentMethod", "in", ["Electronic check", "Mailed check"])],
            group_by=["Contract"],
        ),
    ),
    (  # every level offered is the ranking's groups
        "Out of DSL, fibre or no internet, which internet type has the most customers?",
        Query(metric="count", group_by=["InternetService"], top_k=1),
    ),
    (
        "How many of the clients paying by credit card pay no more than $40 a month, "
        "as a percentage?",
        Query(
            metric="share",
            filters=[_f("PaymentMethod", "eq", "Credit card (automatic)")],
            subset=[_f("MonthlyCharges", "le", 40)],
        ),
    ),
    (  # monthly charges are never blank: their exclusion is one condition
        "How many customers on fiber, excluding those paying more than $100 a month?",
        Query(
            metric="count",
            filters=[_f("InternetService", "eq", "Fiber optic"), _f("MonthlyCharges", "le", 100)],
        ),
    ),
    ("How many customers, excluding those with total charges over $5,000?", None),  # blanks?
    ("How many customers, excluding those with tenure from 6 to 48 months?", None),
    (
        "How many non-e-check customers cancelled?",
        Query(
            metric="count",
            filters=[_f("PaymentMethod", "ne", "Electronic check"), _f(TARGET, "eq", 1)],
        ),
    ),
    (
        "2 contract types with the highest churn among senior citizens",
        Query(
            metric="churn_rate",
            filters=[_f("SeniorCitizen", "eq", "1")],
            group_by=["Contract"],
            top_k=2,
        ),
    ),
    (
        "On average, how many months longer have retained customers stayed than churned ones?",
        Query(
            metric="mean",
            measure="tenure",
            compare=[_f(TARGET, "eq", 0), _f(TARGET, "eq", 1)],
        ),
    ),
]


SAID_OTHERWISE += [  # the tuning4 set's voices (2026-12-07): code, shorthand, level lists
    (
        "mean(tenure) where Contract == 'Two year' and "
        "PaymentMethod == 'Bank transfer (automatic)'",
        Query(
            metric="mean",
            measure="tenure",
            filters=[
                _f("Contract", "eq", "Two year"),
                _f("PaymentMethod", "eq", "Bank transfer (automatic)"),
            ],
        ),
    ),
    (
        "count where Churn == 'Yes' and StreamingMovies != 'Yes'",
        Query(metric="count", filters=[_f(TARGET, "eq", 1), _f("StreamingMovies", "ne", "Yes")]),
    ),
    (
        "count by payment method | tenure<=18mo",
        Query(metric="count", filters=[_f("tenure", "le", 18)], group_by=["PaymentMethod"]),
    ),
    (
        "Max tenure in months, customers on 2yr contracts",
        Query(metric="max", measure="tenure", filters=[_f("Contract", "eq", "Two year")]),
    ),
    (
        "Which online backup status (Yes / No / No internet service) has the lowest churn rate?",
        Query(metric="churn_rate", group_by=["OnlineBackup"], top_k=1, order="asc"),
    ),
    (
        "Filter to customers on fiber; which contract has the highest churn rate?",
        Query(
            metric="churn_rate",
            filters=[_f("InternetService", "eq", "Fiber optic")],
            group_by=["Contract"],
            top_k=1,
        ),
    ),
    ("what phones do customers use", None),  # the handset is not recorded
    ("Whose customers stay longest — which contract has the highest average tenure?", None),
    ("top 2 payment method by churn rate | streamingmovies", None),  # grouped or kept to Yes?
    (
        "What are the average recorded total charges for each contract?",
        Query(
            metric="mean",
            measure="TotalCharges",
            filters=[_f("TotalCharges", "not_missing")],
            group_by=["Contract"],
        ),
    ),
]


SAID_OTHERWISE += [  # tuning5 (2026-12-07): each of these was once answered wrongly
    (  # one automatic method, not both
        "How many customers on credit-card autopay churned?",
        Query(
            metric="count",
            filters=[_f("PaymentMethod", "eq", "Credit card (automatic)"), _f(TARGET, "eq", 1)],
        ),
    ),
    (
        "Which OnlineBackup category ranks first for total monthly charges, "
        "and which ranks second?",
        Query(metric="sum", measure="MonthlyCharges", group_by=["OnlineBackup"], top_k=2),
    ),
]


def test_a_part_after_a_refused_part_is_never_answered_over_everyone() -> None:
    for question in (
        "How leaky is this segment: seniors on fiber? Give me its churn rate.",
        "If every one of your retained customers paid this month's bill, how much would come in? "
        "(sum of monthly charges)",
    ):
        made = plan(question, MAX_TASKS)
        assert not analyst_queries(made), (question, [_show(q) for q in analyst_queries(made)])
        assert made.refused


def test_questions_said_otherwise_read_as_their_query_or_are_refused() -> None:
    _assert_read_as_said(SAID_OTHERWISE)


def test_their_and_its_point_back_at_the_customers_named_before() -> None:
    made = plan("How many seniors are there? What is their churn rate?", MAX_TASKS)
    assert [normal(q) for q in analyst_queries(made)] == [
        normal(Query(metric="count", filters=[_f("SeniorCitizen", "eq", "1")])),
        normal(Query(metric="churn_rate", filters=[_f("SeniorCitizen", "eq", "1")])),
    ]
    assert not analyst_queries(plan("What is its churn rate?", MAX_TASKS))  # never everyone


SAID_OTHERWISE += [  # tuning6 and tuning7 (2026-12-08): each of these was once answered wrongly
    (  # a clause on the groups of the part before amends it, never asked of everyone
        "Segment customers on fiber by contract type and give me the mean monthly charge in "
        "each segment.",
        Query(
            metric="mean",
            measure="MonthlyCharges",
            filters=[_f("InternetService", "eq", "Fiber optic")],
            group_by=["Contract"],
        ),
    ),
    (  # bare "churn" split by a column: its rate in each group, not how churners spread
        "Split churn by contract length, customers with no dependents only.",
        Query(metric="churn_rate", filters=[_f("Dependents", "ne", "Yes")], group_by=["Contract"]),
    ),
    (  # "stay longer than": their tenure, not a filter to those who stayed
        "On average, how many months longer do women stay than men?",
        Query(
            metric="mean",
            measure="tenure",
            compare=[_f("gender", "eq", "Female"), _f("gender", "eq", "Male")],
        ),
    ),
    (  # "by how many percentage points": a gap in rates, never in counts
        "By how many percentage points does churn differ between customers with a partner and "
        "customers who have no partner?",
        Query(
            metric="churn_rate", compare=[_f("Partner", "eq", "Yes"), _f("Partner", "ne", "Yes")]
        ),
    ),
    (  # the second-lowest: the lowest two, in order
        "Which payment method has the second-lowest churn rate?",
        Query(metric="churn_rate", group_by=["PaymentMethod"], top_k=2, order="asc"),
    ),
    (  # "cancels less often": the lower churn rate, not the fewer churners
        "Who cancels less often: two-year contract customers or subscribers with one-year "
        "contracts?",
        Query(
            metric="churn_rate",
            filters=[_f("Contract", "in", ["Two year", "One year"])],
            group_by=["Contract"],
            top_k=1,
            order="asc",
        ),
    ),
    (  # "accounts where X …": X is who is counted
        "What percentage of accounts where the monthly charge is over $90 churned?",
        Query(metric="churn_rate", filters=[_f("MonthlyCharges", "gt", 90.0)]),
    ),
    (  # "of all customers are X who Y": all of it asked of everyone
        "What fraction of all customers are seniors who don't have a partner?",
        Query(metric="share", subset=[_f("SeniorCitizen", "eq", "1"), _f("Partner", "ne", "Yes")]),
    ),
    (
        "What share of all customers who are on fiber are seniors?",
        Query(
            metric="share",
            filters=[_f("InternetService", "eq", "Fiber optic")],
            subset=[_f("SeniorCitizen", "eq", "1")],
        ),
    ),
    (  # "with us in total" does not make "have quit" who is counted
        "What percent of customers that pay over $90 a month and have spent over $5,000 with us "
        "in total have quit?",
        Query(
            metric="churn_rate",
            filters=[_f("MonthlyCharges", "gt", 90.0), _f("TotalCharges", "gt", 5000.0)],
        ),
    ),
    ("Which billing method has the lowest churn rate?", None),  # paperless or payment? refused
    (  # "gap in headcount": a count compared, not an unknown word
        "What's the gap in headcount between seniors and non-seniors?",
        Query(
            metric="count",
            compare=[_f("SeniorCitizen", "eq", "1"), _f("SeniorCitizen", "ne", "1")],
        ),
    ),
]


def test_a_clause_on_groups_never_named_is_refused_not_asked_of_everyone() -> None:
    made = plan("How many seniors are there and what is the average monthly charge in each?", 6)
    assert [normal(q) for q in analyst_queries(made)] == [
        normal(Query(metric="count", filters=[_f("SeniorCitizen", "eq", "1")]))
    ]
    assert made.refused
