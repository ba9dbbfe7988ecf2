# mypy: ignore-errors
"""Tuning set 5: an independently written question set for the Telco churn analyst.

How it was written
------------------
Written from the data contract (``retention_agents.core.schema``) and the CSV alone, without
reading the analyst's code, its tests or its other question sets, so that the phrasings do not
share the analyst's blind spots. The voices are deliberately unlike ordinary analytics phrasing:
executive one-liners, board-deck headlines, support tickets with context first, second-person
questions, Slack abbreviations, spreadsheet formulas (COUNTIFS/SUMIF/MAXIFS, pivots), conditions
written as adjectives, comparisons as gap/spread/delta/vs and rankings as leaderboards.

Every question is drawn from a template; the wording and the figure come from ONE drawn spec
(conditions, measure, grouping column), and the gold is computed by evaluating the very pandas
expression stored in ``note`` (``df`` = the CSV with TotalCharges numeric, blanks -> NaN, and
Churn Yes/No -> 1/0; ``pd`` = pandas).

Conventions: "without X" for a yes/no service means X != "Yes" (it includes "No internet
service"), "with X" means X == "Yes"; having internet means InternetService != "No"; blank
TotalCharges are left out of aggregates and are false in comparisons (such questions say
"recorded total charges"); between is inclusive and said so; over/more than is >, at least is
>=, under/less than is <, at most is <=; a year is 12 months; autopay is bank transfer or credit
card (automatic). Every group computed on has at least 30 customers, every condition narrows
its group, and ranked places are at least 0.5 percentage points (rates) or 1 unit apart from
their neighbours.

Gold kinds: count (int), percent (fraction, 4 decimals), amount (2 decimals, round half up),
label (a level exactly as in the CSV; SeniorCitizen levels are "0"/"1").

Regenerate (fixed seed, reproducible)::

    /work/main/.venv/bin/python \
        projects/agents/src/retention_agents/jobs/evals/sets/make_tuning5.py \
        [--csv PATH] [--out PATH]

By default it reads ``retention_agents.io.warehouse.telco_csv()`` and writes ``tuning5.jsonl``
next to this script.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

SEED = 20240605
MIN_GROUP = 30
RATE_GAP = 0.005
UNIT_GAP = 1.0

DIMS = {
    "gender": ("Female", "Male"),
    "SeniorCitizen": ("0", "1"),
    "Partner": ("No", "Yes"),
    "Dependents": ("No", "Yes"),
    "PhoneService": ("No", "Yes"),
    "MultipleLines": ("No", "No phone service", "Yes"),
    "InternetService": ("DSL", "Fiber optic", "No"),
    "OnlineSecurity": ("No", "No internet service", "Yes"),
    "OnlineBackup": ("No", "No internet service", "Yes"),
    "DeviceProtection": ("No", "No internet service", "Yes"),
    "TechSupport": ("No", "No internet service", "Yes"),
    "StreamingTV": ("No", "No internet service", "Yes"),
    "StreamingMovies": ("No", "No internet service", "Yes"),
    "Contract": ("Month-to-month", "One year", "Two year"),
    "PaperlessBilling": ("No", "Yes"),
    "PaymentMethod": (
        "Bank transfer (automatic)",
        "Credit card (automatic)",
        "Electronic check",
        "Mailed check",
    ),
}
AUTOPAY = ["Bank transfer (automatic)", "Credit card (automatic)"]


# ----------------------------------------------------------------------------- data and rounding
def load(csv: str) -> pd.DataFrame:
    df = pd.read_csv(csv)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
    df["Churn"] = (df["Churn"] == "Yes").astype(int)
    return df


def half_up(x: float, places: int) -> float:
    q = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def gold_value(kind: str, v):
    if kind == "count":
        return round(float(v))
    if kind == "percent":
        return half_up(v, 4)
    if kind == "amount":
        return half_up(v, 2)
    raise ValueError(kind)


def label(v) -> str:
    return str(int(v)) if not isinstance(v, str) else v


# ----------------------------------------------------------------------------- conditions
class Cond:
    """One filter: its pandas expression, how it reads in English and in a spreadsheet."""

    def __init__(self, key, col, op, val, adj=(), post=(), pred=(), churn=False):
        self.key, self.col, self.op, self.val = key, col, op, val
        self.adj, self.post, self.pred = list(adj), list(post), list(pred)
        self.churn = churn

    @property
    def expr(self) -> str:
        c, op, v = self.col, self.op, self.val
        if op == "isin":
            return f"(df['{c}'].isin({v!r}))"
        if op == "notin":
            return f"(~df['{c}'].isin({v!r}))"
        if op == "between":
            return f"(df['{c}'].between({v[0]}, {v[1]}))"
        return f"(df['{c}'] {op} {v!r})"

    @property
    def sheet(self) -> str:  # noqa: PLR0911
        c, op, v = self.col, self.op, self.val
        if c == "Churn":
            return f'Churn = "{"Yes" if v == 1 else "No"}"'
        if c == "SeniorCitizen":
            return f"SeniorCitizen {'=' if op == '==' else '<>'} {v}"
        if op == "isin":
            return f'{c} is "{v[0]}" or "{v[1]}"'
        if op == "notin":
            return f'{c} is neither "{v[0]}" nor "{v[1]}"'
        if op == "between":
            return f"{c} between {v[0]} and {v[1]} (inclusive)"
        if isinstance(v, str):
            return f'{c} {"=" if op == "==" else "<>"} "{v}"'
        extra = " (non-blank)" if c == "TotalCharges" else ""
        return f"{c} {op} {v}{extra}"


def _addon(col, name, short):
    yes = Cond(
        col,
        col,
        "==",
        "Yes",
        post=[f"with {name}", f"who have {name}", f"subscribed to {name}"],
        pred=[f"have {name}", f"subscribe to {name}"],
    )
    no = Cond(
        col,
        col,
        "!=",
        "Yes",
        post=[f"without {name}", f"with no {name}", f"who don't have {name}"],
        pred=[f"don't have {name}", f"go without {name}"],
    )
    return [yes, no]


ADDON_NAMES = {
    "OnlineSecurity": ("online security", "onl sec"),
    "OnlineBackup": ("online backup", "backup"),
    "DeviceProtection": ("device protection", "device prot"),
    "TechSupport": ("tech support", "tech support"),
    "StreamingTV": ("streaming TV", "streaming TV"),
    "StreamingMovies": ("streaming movies", "movie streaming"),
}

CONDS: list[Cond] = [
    Cond("gender", "gender", "==", "Female", ["female"], ["who are women"], ["are women"]),
    Cond("gender", "gender", "==", "Male", ["male"], ["who are men"], ["are men"]),
    Cond(
        "SeniorCitizen",
        "SeniorCitizen",
        "==",
        1,
        ["senior", "senior-citizen"],
        ["who are senior citizens", "flagged as senior citizens"],
        ["are senior citizens", "are seniors"],
    ),
    Cond(
        "SeniorCitizen",
        "SeniorCitizen",
        "==",
        0,
        ["non-senior"],
        ["who are not senior citizens"],
        ["are not senior citizens"],
    ),
    Cond(
        "Partner",
        "Partner",
        "==",
        "Yes",
        ["partnered"],
        ["with a partner", "who have a partner"],
        ["have a partner"],
    ),
    Cond(
        "Partner",
        "Partner",
        "==",
        "No",
        ["unpartnered"],
        ["without a partner", "who have no partner"],
        ["have no partner"],
    ),
    Cond(
        "Dependents",
        "Dependents",
        "==",
        "Yes",
        [],
        ["with dependents", "who have dependents"],
        ["have dependents"],
    ),
    Cond(
        "Dependents",
        "Dependents",
        "==",
        "No",
        [],
        ["with no dependents", "without dependents"],
        ["have no dependents"],
    ),
    Cond(
        "PhoneService",
        "PhoneService",
        "==",
        "No",
        [],
        ["without phone service", "with no phone line"],
        ["have no phone service"],
    ),
    Cond(
        "PhoneService",
        "PhoneService",
        "==",
        "Yes",
        [],
        ["with phone service", "who have a phone line"],
        ["have phone service"],
    ),
    Cond(
        "MultipleLines",
        "MultipleLines",
        "==",
        "Yes",
        ["multi-line"],
        ["with multiple lines", "who have more than one phone line"],
        ["have multiple lines"],
    ),
    Cond(
        "MultipleLines",
        "MultipleLines",
        "!=",
        "Yes",
        [],
        ["without multiple lines", "not on multiple lines"],
        ["don't have multiple lines"],
    ),
    Cond(
        "internet",
        "InternetService",
        "==",
        "Fiber optic",
        ["fiber", "fiber-optic"],
        ["on fiber optic", "with fiber internet"],
        ["are on fiber optic", "use fiber internet"],
    ),
    Cond(
        "internet",
        "InternetService",
        "==",
        "DSL",
        ["DSL"],
        ["on DSL", "with DSL internet"],
        ["are on DSL", "use DSL"],
    ),
    Cond(
        "internet",
        "InternetService",
        "==",
        "No",
        [],
        ["with no internet service", "without internet"],
        ["have no internet service"],
    ),
    Cond(
        "internet",
        "InternetService",
        "!=",
        "No",
        ["internet-connected"],
        ["with internet service", "who have internet"],
        ["have internet service"],
    ),
    Cond(
        "Contract",
        "Contract",
        "==",
        "Month-to-month",
        ["month-to-month"],
        ["on month-to-month contracts", "on a month-to-month plan"],
        ["are on month-to-month contracts"],
    ),
    Cond(
        "Contract",
        "Contract",
        "==",
        "One year",
        ["one-year-contract", "annual-contract"],
        ["on one-year contracts", "on a 1-year contract", "on an annual (one-year) contract"],
        ["are on one-year contracts"],
    ),
    Cond(
        "Contract",
        "Contract",
        "==",
        "Two year",
        ["two-year-contract"],
        ["on two-year contracts", "on a 2-year contract"],
        ["are on two-year contracts"],
    ),
    Cond(
        "Contract",
        "Contract",
        "!=",
        "Month-to-month",
        ["term-contract"],
        ["on a one- or two-year contract", "not on month-to-month"],
        ["are on a one- or two-year contract"],
    ),
    Cond(
        "PaperlessBilling",
        "PaperlessBilling",
        "==",
        "Yes",
        ["paperless"],
        ["with paperless billing", "on paperless billing"],
        ["use paperless billing"],
    ),
    Cond(
        "PaperlessBilling",
        "PaperlessBilling",
        "==",
        "No",
        ["paper-billed"],
        ["on paper billing", "who get paper bills"],
        ["still get paper bills"],
    ),
    Cond(
        "pay",
        "PaymentMethod",
        "==",
        "Electronic check",
        ["e-check"],
        ["paying by electronic check", "who pay via e-check"],
        ["pay by electronic check"],
    ),
    Cond(
        "pay",
        "PaymentMethod",
        "==",
        "Mailed check",
        [],
        ["paying by mailed check", "who mail in a check"],
        ["pay by mailed check"],
    ),
    Cond(
        "pay",
        "PaymentMethod",
        "==",
        "Bank transfer (automatic)",
        [],
        ["paying by automatic bank transfer"],
        ["pay by automatic bank transfer"],
    ),
    Cond(
        "pay",
        "PaymentMethod",
        "==",
        "Credit card (automatic)",
        [],
        ["paying by automatic credit card", "on credit-card autopay"],
        ["pay by automatic credit card"],
    ),
    Cond(
        "pay",
        "PaymentMethod",
        "isin",
        AUTOPAY,
        ["autopay"],
        ["on autopay (bank transfer or credit card)", "paying automatically"],
        ["are on autopay"],
    ),
    Cond(
        "pay",
        "PaymentMethod",
        "notin",
        AUTOPAY,
        [],
        ["not on autopay", "paying by check (electronic or mailed)"],
        ["are not on autopay"],
    ),
    Cond(
        "tenure",
        "tenure",
        ">",
        24,
        [],
        ["with more than two years of tenure", "with tenure over 24 months"],
        ["have been with us more than 24 months"],
    ),
    Cond(
        "tenure",
        "tenure",
        "<",
        12,
        [],
        ["with less than a year of tenure", "with tenure under 12 months"],
        ["have been with us less than a year"],
    ),
    Cond(
        "tenure",
        "tenure",
        "<=",
        6,
        [],
        ["with six months of tenure or less", "with tenure of at most 6 months"],
        ["have six months of tenure or less"],
    ),
    Cond(
        "tenure",
        "tenure",
        ">=",
        48,
        [],
        ["with at least four years of tenure", "with tenure of 48 months or more"],
        ["have been with us at least 48 months"],
    ),
    Cond(
        "tenure",
        "tenure",
        "between",
        (12, 24),
        [],
        ["with tenure from 12 to 24 months", "with between 12 and 24 months of tenure (inclusive)"],
        ["have 12 to 24 months of tenure (inclusive)"],
    ),
    Cond(
        "tenure",
        "tenure",
        ">",
        60,
        [],
        ["with more than five years of tenure", "with over 60 months on the books"],
        ["have more than 60 months of tenure"],
    ),
    Cond(
        "MonthlyCharges",
        "MonthlyCharges",
        ">",
        80,
        [],
        ["paying more than $80 a month", "whose monthly charges exceed eighty dollars"],
        ["pay more than $80 a month"],
    ),
    Cond(
        "MonthlyCharges",
        "MonthlyCharges",
        "<",
        30,
        [],
        ["paying under $30 a month", "with monthly charges below $30"],
        ["pay under $30 a month"],
    ),
    Cond(
        "MonthlyCharges",
        "MonthlyCharges",
        ">=",
        100,
        [],
        ["paying $100 or more a month", "with monthly charges of at least a hundred dollars"],
        ["pay at least $100 a month"],
    ),
    Cond(
        "MonthlyCharges",
        "MonthlyCharges",
        "<=",
        50,
        [],
        ["paying at most $50 a month", "with monthly charges of fifty dollars or less"],
        ["pay $50 a month or less"],
    ),
    Cond(
        "MonthlyCharges",
        "MonthlyCharges",
        "between",
        (50, 70),
        [],
        ["paying from $50 to $70 a month", "with monthly charges between $50 and $70 inclusive"],
        ["pay $50 to $70 a month (inclusive)"],
    ),
    Cond(
        "TotalCharges",
        "TotalCharges",
        "<",
        500,
        [],
        [
            "with recorded total charges under $500",
            "whose recorded lifetime billings are below $500",
        ],
        ["have recorded total charges under $500"],
    ),
    Cond(
        "TotalCharges",
        "TotalCharges",
        ">",
        5000,
        [],
        ["with total charges over $5,000", "billed more than five thousand dollars in total"],
        ["have total charges over $5,000"],
    ),
    Cond(
        "TotalCharges",
        "TotalCharges",
        "<=",
        1000,
        [],
        ["with recorded total charges of $1,000 or less"],
        ["have recorded total charges of $1,000 or less"],
    ),
]
for _col, (_name, _short) in ADDON_NAMES.items():
    CONDS.extend(_addon(_col, _name, _short))

CHURN_CONDS = [
    Cond(
        "Churn",
        "Churn",
        "==",
        1,
        ["churned", "lapsed"],
        ["who churned", "who cancelled", "who left us"],
        ["churned"],
        churn=True,
    ),
    Cond(
        "Churn",
        "Churn",
        "==",
        0,
        ["retained", "still-active"],
        ["who stayed", "who did not churn"],
        ["stayed with us"],
        churn=True,
    ),
]

NOUNS = ["customers", "subscribers", "accounts", "clients"]
SLACK_NOUNS = ["ppl", "custs", "folks"]

# Grouping columns: phrases for "which X" and a keyword pattern used by the consistency check.
GNAMES = {
    "gender": ["gender"],
    "SeniorCitizen": ["senior-citizen flag (0/1)", "SeniorCitizen category"],
    "Partner": ["partner status"],
    "Dependents": ["dependents flag"],
    "PhoneService": ["phone-service flag"],
    "MultipleLines": ["multiple-lines status", "MultipleLines category"],
    "InternetService": ["internet service type", "type of internet", "broadband product"],
    "OnlineSecurity": ["online-security status", "OnlineSecurity category"],
    "OnlineBackup": ["online-backup status", "OnlineBackup category"],
    "DeviceProtection": ["device-protection status", "DeviceProtection category"],
    "TechSupport": ["tech-support status", "TechSupport category"],
    "StreamingTV": ["streaming-TV status", "StreamingTV category"],
    "StreamingMovies": ["streaming-movies status", "StreamingMovies category"],
    "Contract": ["contract type", "contract tier", "contract term"],
    "PaperlessBilling": ["paperless-billing flag", "PaperlessBilling category"],
    "PaymentMethod": ["payment method", "payment option", "way of paying"],
}
MULTI = [c for c, lv in DIMS.items() if len(lv) >= 3]

MEAS = {
    "tenure": {
        "name": ["tenure", "tenure in months", "months of tenure"],
        "max": ["longest tenure", "longest tenure in months"],
        "min": ["shortest tenure", "fewest months of tenure"],
    },
    "MonthlyCharges": {
        "name": ["monthly charges", "monthly bill", "monthly charge"],
        "max": ["highest monthly charge", "biggest monthly bill"],
        "min": ["lowest monthly charge", "smallest monthly bill"],
    },
    "TotalCharges": {
        "name": ["total charges", "lifetime billings (total charges)", "total billed to date"],
        "max": ["largest total charges", "biggest lifetime bill (total charges)"],
        "min": ["smallest recorded total charges", "lowest lifetime billing (total charges)"],
    },
}


# ----------------------------------------------------------------------------- helpers
def cap(s: str) -> str:
    return s[0].upper() + s[1:]


def mask_of(conds) -> str | None:
    return " & ".join(c.expr for c in conds) if conds else None


def sub_of(conds) -> str:
    m = mask_of(conds)
    return f"df[{m}]" if m else "df"


def ev(df, expr):
    return eval(expr, {"df": df, "pd": pd})  # noqa: S307


def narrows(df, conds, base=None) -> bool:
    """Every condition changes the group, and the group has >= MIN_GROUP customers."""
    full = ev(df, mask_of(conds)) if conds else pd.Series(True, index=df.index)
    if base is not None:
        full = full & base
    n = int(full.sum())
    if n < MIN_GROUP:
        return False
    start = base if base is not None else pd.Series(True, index=df.index)
    for i in range(len(conds)):
        rest = conds[:i] + conds[i + 1 :]
        m = ev(df, mask_of(rest)) & start if rest else start
        if int(m.sum()) == n:
            return False
    return True


def sheet_of(conds) -> str:
    return ", ".join(c.sheet for c in conds)


class Phr:
    """Builds noun phrases for a list of conditions."""

    def __init__(self, rng):
        self.rng = rng

    def np(self, conds, noun=None, slack=False):
        rng = self.rng
        noun = noun or rng.choice(SLACK_NOUNS if slack else NOUNS)
        adjs, preps, rels = [], [], []
        for c in conds:
            if c.adj and len(adjs) < 2 and rng.random() < 0.5:
                adjs.append(rng.choice(c.adj))
            else:
                p = rng.choice(c.post)
                (rels if p.startswith(("who ", "whose ")) else preps).append(p)
        parts = [*adjs, noun]
        if preps:
            parts.append(" and ".join(preps))
        if rels:
            parts.append(" and ".join(rels))
        s = " ".join(parts)
        if slack:
            s = s.replace("without ", "w/o ").replace("with ", "w/ ")
        return s

    def pred(self, cond):
        return self.rng.choice(cond.pred)


def draw_conds(rng, df, kmin, kmax, exclude=(), churn=False, only=None):
    pool = [c for c in (only or CONDS) if c.key not in exclude and c.col not in exclude]
    if churn:
        pool = pool + CHURN_CONDS * 3
    k = rng.randint(kmin, kmax)
    if k == 0:
        return []
    chosen, keys = [], set()
    for c in rng.sample(pool, len(pool)):
        if c.key in keys:
            continue
        chosen.append(c)
        keys.add(c.key)
        if len(chosen) == k:
            break
    if len(chosen) < k or not narrows(df, chosen):
        return None
    return chosen


def levels_ok(df, sub_expr, col) -> bool:
    sizes = ev(df, f"{sub_expr}.groupby('{col}').size()")
    if len(sizes) != len(DIMS[col]):
        return False
    return bool((sizes >= MIN_GROUP).all())


# ----------------------------------------------------------------------------- figures per group
# fig id -> (kind, gap, expr builder(sub, col), names, slack name)
def _fig_expr(fig, sub, col, trait=None):
    if fig == "churn_rate":
        return f"{sub}.groupby('{col}')['Churn'].mean()"
    if fig == "count":
        return f"{sub}.groupby('{col}').size()"
    if fig == "churned":
        return f"{sub}.groupby('{col}')['Churn'].sum()"
    if fig == "share":
        return f"{sub}.assign(_t={trait.expr}).groupby('{col}')['_t'].mean()"
    if fig == "dist":
        return f"{sub}['{col}'].value_counts(normalize=True).sort_index()"
    agg, meas = fig.split(":")
    return f"{sub}.groupby('{col}')['{meas}'].{agg}()"


def fig_kind(fig):
    if fig in ("churn_rate", "share", "dist"):
        return "percent"
    if fig in ("count", "churned"):
        return "count"
    return "amount"


FIG_NAMES = {
    "churn_rate": ["churn rate", "attrition rate", "cancellation rate"],
    "count": ["number of customers", "customer count", "headcount"],
    "churned": ["number of churned customers", "churner count", "count of cancellations"],
    "mean:MonthlyCharges": ["average monthly charge", "mean monthly bill"],
    "mean:tenure": ["average tenure", "mean tenure in months"],
    "mean:TotalCharges": ["average total charges", "mean lifetime billing (total charges)"],
    "sum:MonthlyCharges": ["total monthly charges", "combined monthly billing"],
    "sum:TotalCharges": ["sum of total charges", "total lifetime billings (total charges)"],
    "median:MonthlyCharges": ["median monthly charge"],
    "median:tenure": ["median tenure"],
    "median:TotalCharges": ["median total charges"],
    "max:MonthlyCharges": ["highest single monthly charge"],
    "min:MonthlyCharges": ["lowest single monthly charge"],
}
SLACK_FIG = {
    "churn_rate": "churn %",
    "count": "# of custs",
    "churned": "# churned",
    "mean:MonthlyCharges": "avg monthly chg",
    "mean:tenure": "avg tenure",
    "mean:TotalCharges": "avg total chgs",
    "sum:MonthlyCharges": "total monthly chgs",
    "sum:TotalCharges": "total lifetime chgs",
    "median:MonthlyCharges": "median monthly chg",
    "median:tenure": "median tenure",
    "median:TotalCharges": "median total chgs",
}
RANK_FIGS = [
    "churn_rate",
    "churn_rate",
    "churn_rate",
    "count",
    "churned",
    "mean:MonthlyCharges",
    "mean:tenure",
    "mean:TotalCharges",
    "sum:MonthlyCharges",
    "sum:TotalCharges",
    "median:tenure",
    "median:MonthlyCharges",
]


def fig_excl(fig):
    """Condition keys a figure may not be filtered on."""
    ex = set()
    if fig in ("churn_rate", "churned"):
        ex.add("Churn")
    if ":" in fig:
        ex.add(fig.split(":")[1])
    return ex


# ----------------------------------------------------------------------------- generators
class Gen:
    def __init__(self, df, rng):
        self.df, self.rng, self.p = df, rng, Phr(rng)

    # -- common
    def conds(self, kmin, kmax, exclude=(), churn=False, only=None):
        for _ in range(200):
            c = draw_conds(self.rng, self.df, kmin, kmax, exclude, churn, only)
            if c is not None:
                return c
        return None

    def among(self, conds, slack=False, lead=" among "):
        return f"{lead}{self.p.np(conds, slack=slack)}" if conds else ""

    # -- scalar metrics
    def scalar(self, metric, frame, kmin=1, kmax=3, churn=None, measures=None, slack=False):
        rng = self.rng
        meas = rng.choice(measures) if measures else None
        excl = {meas} if meas else set()
        allow_churn = metric in ("mean", "median", "sum", "min", "max")
        if churn is not None:
            allow_churn = churn
        if metric in ("churned", "churn_rate"):
            excl.add("Churn")
        conds = self.conds(kmin, kmax, excl, allow_churn)
        if not conds:
            return None
        sub, m = sub_of(conds), mask_of(conds)
        if metric == "count":
            note, kind = f"int(({m}).sum())", "count"
        elif metric == "churned":
            note, kind = f"int({sub}['Churn'].sum())", "count"
        elif metric == "churn_rate":
            note, kind = f"{sub}['Churn'].mean()", "percent"
        else:
            note, kind = f"{sub}['{meas}'].{metric}()", "amount"
            if ev(self.df, f"{sub}['{meas}'].notna().sum()") < MIN_GROUP:
                return None
        val = ev(self.df, note)
        slots = {
            "np": self.p.np(conds, slack=slack),
            "sheet": sheet_of(conds),
            "col": meas,
        }
        if meas:
            slots["meas"] = rng.choice(MEAS[meas]["name"])
            if metric in ("min", "max"):
                slots["sup"] = rng.choice(MEAS[meas][metric])
        q = frame(slots) if callable(frame) else frame.format(**slots)
        return q, note, [{"kind": kind, "value": gold_value(kind, val)}]

    def share(self, frame, whole=False):
        rng, df = self.rng, self.df
        pop = [] if whole else self.conds(1, 2, churn=True)
        if pop is None:
            return None
        keys = {c.key for c in pop}
        trait = rng.choice([c for c in CONDS if c.key not in keys])
        pm = ev(df, mask_of(pop)) if pop else pd.Series(True, index=df.index)
        if not narrows(df, [trait], base=pm):
            return None
        if pop and not narrows(df, [*pop, trait]):
            return None
        tm = ev(df, trait.expr)
        if tm[pm].all() or not tm[pm].any():
            return None
        note = f"({trait.expr})[{mask_of(pop)}].mean()" if pop else f"({trait.expr}).mean()"
        val = ev(df, note)
        slots = {"pop": self.p.np(pop) if pop else "customers", "pred": self.p.pred(trait)}
        q = frame.format(**slots)
        return q, note, [{"kind": "percent", "value": gold_value("percent", val)}]

    # -- group metrics
    def grouped(self, fig=None, col=None, kmin=0, kmax=2, multi=False, trait_ok=False):
        rng, df = self.rng, self.df
        fig = fig or rng.choice(RANK_FIGS)
        if isinstance(fig, list):
            fig = rng.choice(fig)
        col = col or rng.choice(MULTI if multi else list(DIMS))
        if isinstance(col, list):
            col = rng.choice(col)
        excl = fig_excl(fig) | {col}
        if col == "InternetService" or col in ADDON_NAMES:
            excl |= {"internet", *ADDON_NAMES}
        if col in {"PhoneService", "MultipleLines"}:
            excl |= {"PhoneService", "MultipleLines"}
        if col == "PaymentMethod":
            excl.add("pay")
        allow_churn = "Churn" not in excl
        conds = self.conds(kmin, kmax, excl, allow_churn)
        if conds is None:
            return None
        sub = sub_of(conds)
        if not levels_ok(df, sub, col):
            return None
        trait = None
        if fig in ("share",):
            keys = {c.key for c in conds} | excl
            trait = rng.choice([c for c in CONDS if c.key not in keys and c.col != col])
        expr = _fig_expr(fig, sub, col, trait)
        ser = ev(df, expr)
        if ser.isna().any():
            return None
        if fig == "share" and (ser <= 0).any() | (ser >= 1).any():
            return None
        return {
            "fig": fig,
            "col": col,
            "conds": conds,
            "sub": sub,
            "expr": expr,
            "ser": ser,
            "trait": trait,
        }

    def rank(self, frame, places=(0,), asc=False, **kw):
        g = self.grouped(**kw)
        if g is None:
            return None
        ser = g["ser"].sort_values(ascending=asc)
        n = len(ser)
        idx = [p if p >= 0 else n + p for p in places]
        if n <= len(idx) or (len(idx) > 1 and n < 3):
            return None
        gap = RATE_GAP if fig_kind(g["fig"]) == "percent" else UNIT_GAP
        vals = list(ser.values)
        for p in idx:
            for nb in (p - 1, p + 1):
                if 0 <= nb < n and abs(vals[p] - vals[nb]) < gap:
                    return None
        note = f"{g['expr']}.sort_values(ascending={asc}).iloc[{list(places)}]"
        res = ev(self.df, note)
        kind = fig_kind(g["fig"])
        gold = []
        for lab, v in res.items():
            gold += [
                {"kind": "label", "value": label(lab)},
                {"kind": kind, "value": gold_value(kind, v)},
            ]
        q = frame(self, g)
        return q, note, gold

    def breakdown(self, frame, **kw):
        g = self.grouped(**kw)
        if g is None:
            return None
        kind = fig_kind(g["fig"])
        gold = []
        for lab, v in g["ser"].items():
            gold += [
                {"kind": "label", "value": label(lab)},
                {"kind": kind, "value": gold_value(kind, v)},
            ]
        return frame(self, g), g["expr"], gold

    # -- differences
    def diff(self, frame, fig, vs_base=False, a_higher=False, col=None):  # noqa: PLR0911, PLR0912, PLR0915
        rng, df = self.rng, self.df
        col = col or rng.choice(list(DIMS))
        if isinstance(col, list):
            col = rng.choice(col)
        excl = fig_excl(fig) | {col}
        if col == "InternetService" or col in ADDON_NAMES:
            excl |= {"internet", *ADDON_NAMES}
        if col == "PaymentMethod":
            excl.add("pay")
        allow_churn = "Churn" not in excl
        side = [c for c in CONDS if c.col == col and c.op in ("==", "!=", "isin", "notin")]
        if col == "SeniorCitizen":
            side = [c for c in CONDS if c.col == col]
        shared = self.conds(0, 2 if not vs_base else 1, excl, allow_churn)
        if shared is None:
            return None
        if vs_base:
            a, b = rng.choice(side), None
            if not narrows(df, [*shared, a]):
                return None
        else:
            a, b = rng.sample(side, 2)
            ma, mb = ev(df, a.expr), ev(df, b.expr)
            if ((ma & mb).any()) or (ma | mb).sum() == 0:  # sides must be disjoint
                return None
            if not (narrows(df, [*shared, a]) and narrows(df, [*shared, b])):
                return None
        exprs = []
        for c in (a, b):
            sub = sub_of([*shared, c] if c is not None else shared)
            if ev(df, f"len({sub})") < MIN_GROUP:
                return None
            if fig == "churn_rate":
                exprs.append(f"{sub}['Churn'].mean()")
            else:
                agg, meas = fig.split(":")
                exprs.append(f"{sub}['{meas}'].{agg}()")
        va, vb = ev(df, exprs[0]), ev(df, exprs[1])
        if a_higher and va < vb:
            if vs_base:
                return None
            a, b = b, a
            exprs.reverse()
            va, vb = vb, va
        if pd.isna(va) or pd.isna(vb):
            return None
        kind = "percent" if fig == "churn_rate" else "amount"
        if gold_value(kind, abs(va - vb)) == 0:
            return None
        note = f"abs({exprs[0]} - {exprs[1]})"
        val = ev(df, note)
        # The shared context is said once; each side names only its own level.
        if shared:
            ctx = self.p.np(shared)
            a_txt = "those " + rng.choice(a.post)
            b_txt = "the group as a whole" if b is None else "those " + rng.choice(b.post)
        else:
            ctx = ""
            a_txt = self.p.np([a])
            b_txt = "the customer base as a whole" if b is None else self.p.np([b])
        d = {
            "a": a_txt,
            "b": b_txt,
            "pre": f"Among {ctx}, " if ctx else "",
            "amg": f" among {ctx}" if ctx else "",
        }
        return frame(d), note, [{"kind": kind, "value": gold_value(kind, val)}]


# ----------------------------------------------------------------------------- templates
T = []  # (template id, metric, n, builder(gen) -> (q, note, gold) | None)


def add(tid, metric, n, fn):
    T.append((tid, metric, n, fn))


# count
add("t5-count01", "count", 5, lambda g: g.scalar("count", "How many {np} do we have?"))
add(
    "t5-count02",
    "count",
    5,
    lambda g: g.scalar("count", "Across your whole base, how many {np} are there?"),
)
add(
    "t5-count03",
    "count",
    5,
    lambda g: g.scalar("count", "COUNTIFS over the customer table: {sheet}. What's the count?"),
)
add(
    "t5-count04",
    "count",
    5,
    lambda g: g.scalar(
        "count", "I'm drafting a retention memo about {np}. How big is that segment, in customers?"
    ),
)
add(
    "t5-count05",
    "count",
    5,
    lambda g: g.scalar("count", "quick q - how many {np} are on the books?", slack=True),
)
# churned
add(
    "t5-churned01",
    "churned",
    5,
    lambda g: g.scalar(
        "churned", "We are reviewing {np}. Could you tell me how many of them cancelled?"
    ),
)
add(
    "t5-churned02", "churned", 5, lambda g: g.scalar("churned", "Of your {np}, how many have left?")
)
add(
    "t5-churned03",
    "churned",
    5,
    lambda g: g.scalar("churned", "# of churners among {np}?", slack=True),
)
add("t5-churned04", "churned", 5, lambda g: g.scalar("churned", 'COUNTIFS Churn = "Yes", {sheet}'))
add(
    "t5-churned05",
    "churned",
    5,
    lambda g: g.scalar(
        "churned", "Headcount lost: how many {np} churned? Absolute number, not a rate."
    ),
)
# churn rate
add(
    "t5-rate01",
    "churn_rate",
    6,
    lambda g: g.scalar("churn_rate", "What's the churn rate for {np}?"),
)
add(
    "t5-rate02",
    "churn_rate",
    6,
    lambda g: g.scalar("churn_rate", "attrition % among {np}?", slack=True),
)
add(
    "t5-rate03",
    "churn_rate",
    6,
    lambda g: g.scalar("churn_rate", "What proportion of {np} ended up cancelling?"),
)
add(
    "t5-rate04",
    "churn_rate",
    6,
    lambda g: g.scalar("churn_rate", "Board slide, churn rate for {np}. Just the percentage."),
)
add(
    "t5-rate05",
    "churn_rate",
    6,
    lambda g: g.scalar(
        "churn_rate",
        "Ticket: the retention team is looking at {np}. What share of that group churned?",
    ),
)
add(
    "t5-rate06",
    "churn_rate",
    6,
    lambda g: g.scalar(
        "churn_rate", "AVERAGEIFS(Churn=Yes as 1) where {sheet} - i.e. the churn rate?"
    ),
)
add(
    "t5-rate07",
    "churn_rate",
    6,
    lambda g: g.scalar(
        "churn_rate", "If I pick one of your {np} at random, what's the chance they churned?"
    ),
)
add(
    "t5-rate08",
    "churn_rate",
    6,
    lambda g: g.scalar("churn_rate", "out of all {np}, what % left us?", slack=True),
)
add(
    "t5-rate09",
    "churn_rate",
    6,
    lambda g: g.scalar("churn_rate", "How leaky is this segment: {np}? Give me its churn rate."),
)
add(
    "t5-rate10",
    "churn_rate",
    6,
    lambda g: g.scalar("churn_rate", "Need one number: percentage of {np} that churned."),
)
# share
add("t5-share01", "share", 5, lambda g: g.share("What share of {pop} {pred}?"))
add("t5-share02", "share", 5, lambda g: g.share("Among {pop}, what proportion {pred}?"))
add("t5-share03", "share", 5, lambda g: g.share("Penetration check: what % of {pop} {pred}?"))
add(
    "t5-share04",
    "share",
    5,
    lambda g: g.share("What fraction of your customers {pred}?", whole=True),
)
add(
    "t5-share05",
    "share",
    5,
    lambda g: g.share("Looking only at {pop}: how many of them {pred}, as a share of that group?"),
)
add("t5-share06", "share", 5, lambda g: g.share("Mix question: of {pop}, what percentage {pred}?"))
# mean / median
ALLM = ["tenure", "MonthlyCharges", "TotalCharges"]
add(
    "t5-mean01",
    "mean",
    5,
    lambda g: g.scalar("mean", "What's the average {meas} for {np}?", measures=ALLM),
)
add(
    "t5-mean02",
    "mean",
    4,
    lambda g: g.scalar("mean", "avg tenure for {np}?", measures=["tenure"], slack=True),
)
add(
    "t5-mean03",
    "mean",
    4,
    lambda g: g.scalar("mean", "AVERAGEIFS {col} where {sheet}", measures=ALLM),
)
add(
    "t5-mean04",
    "mean",
    4,
    lambda g: g.scalar(
        "mean", "On average, how much do your {np} pay per month?", measures=["MonthlyCharges"]
    ),
)
add(
    "t5-median01",
    "median",
    5,
    lambda g: g.scalar("median", "What is the median {meas} of {np}?", measures=ALLM),
)
add(
    "t5-median02",
    "median",
    4,
    lambda g: g.scalar(
        "median", "Typical {meas} among {np} - the median, not the mean?", measures=ALLM
    ),
)
add(
    "t5-median03",
    "median",
    4,
    lambda g: g.scalar("median", "MEDIAN of {col} for rows where {sheet}", measures=ALLM),
)
# sum
add(
    "t5-sum01",
    "sum",
    8,
    lambda g: g.scalar(
        "sum",
        "What's the total monthly run-rate (sum of monthly charges) from {np}?",
        measures=["MonthlyCharges"],
    ),
)
add("t5-sum02", "sum", 8, lambda g: g.scalar("sum", "SUMIFS {col} where {sheet}", measures=ALLM))
add(
    "t5-sum03",
    "sum",
    8,
    lambda g: g.scalar(
        "sum",
        "Revenue concentration: how much monthly billing do {np} carry in total?",
        measures=["MonthlyCharges"],
    ),
)
add(
    "t5-sum04",
    "sum",
    8,
    lambda g: g.scalar(
        "sum",
        "What's the lifetime book of business (sum of total charges) for {np}?",
        measures=["TotalCharges"],
    ),
)
add(
    "t5-sum05", "sum", 7, lambda g: g.scalar("sum", "Add up the {meas} of all {np}.", measures=ALLM)
)
add(
    "t5-sum06",
    "sum",
    7,
    lambda g: g.scalar(
        "sum",
        "How much have {np} been billed to date, in total charges?",
        measures=["TotalCharges"],
    ),
)
add(
    "t5-sum07",
    "sum",
    7,
    lambda g: g.scalar("sum", "Combined months of tenure across {np}?", measures=["tenure"]),
)
add(
    "t5-sum08",
    "sum",
    8,
    lambda g: g.scalar(
        "sum",
        "Exec ask: need total billings - lifetime total charges summed - for {np}.",
        measures=["TotalCharges"],
    ),
)
add(
    "t5-sum09",
    "sum",
    8,
    lambda g: g.scalar(
        "sum",
        "What monthly revenue base do {np} represent (their monthly charges summed)?",
        measures=["MonthlyCharges"],
    ),
)
add(
    "t5-sum10",
    "sum",
    7,
    lambda g: g.scalar(
        "sum", "total monthly chgs for {np}?", measures=["MonthlyCharges"], slack=True
    ),
)
add(
    "t5-sum11",
    "sum",
    7,
    lambda g: g.scalar("sum", "Give me the aggregate {meas} for {np}.", measures=ALLM),
)
add(
    "t5-sum12",
    "sum",
    7,
    lambda g: g.scalar(
        "sum",
        "If every one of your {np} paid this month's bill, how much would come in?"
        " (sum of monthly charges)",
        measures=["MonthlyCharges"],
    ),
)
# min / max
MM = ["MonthlyCharges", "MonthlyCharges", "TotalCharges", "TotalCharges", "tenure"]
add("t5-max01", "max", 6, lambda g: g.scalar("max", "What's the {sup} among {np}?", measures=MM))
add("t5-max02", "max", 6, lambda g: g.scalar("max", "MAXIFS {col} where {sheet}", measures=MM))
add(
    "t5-max03",
    "max",
    6,
    lambda g: g.scalar(
        "max",
        "Ticket: we're auditing {np}. What is the {sup} anyone in that group has?",
        measures=MM,
    ),
)
add(
    "t5-max04",
    "max",
    6,
    lambda g: g.scalar(
        "max",
        "Among {np}, who pays the most per month - just the dollar figure.",
        measures=["MonthlyCharges"],
    ),
)
add(
    "t5-max05",
    "max",
    5,
    lambda g: g.scalar("max", "top-end {meas} for {np}? i.e. the max", measures=MM, slack=True),
)
add(
    "t5-max06",
    "max",
    6,
    lambda g: g.scalar(
        "max",
        "Of your {np}, what's the biggest lifetime spend (total charges) on record?",
        measures=["TotalCharges"],
    ),
)
add("t5-min01", "min", 6, lambda g: g.scalar("min", "What's the {sup} among {np}?", measures=MM))
add("t5-min02", "min", 6, lambda g: g.scalar("min", "MINIFS {col} where {sheet}", measures=MM))
add(
    "t5-min03",
    "min",
    6,
    lambda g: g.scalar(
        "min", "Among {np}, what's the least anyone pays per month?", measures=["MonthlyCharges"]
    ),
)
add(
    "t5-min04",
    "min",
    6,
    lambda g: g.scalar("min", "Floor check: the minimum {meas} across {np}?", measures=MM),
)
add(
    "t5-min05",
    "min",
    6,
    lambda g: g.scalar(
        "min",
        "For {np}, what is the smallest recorded total charges figure?",
        measures=["TotalCharges"],
    ),
)
add(
    "t5-min06",
    "min",
    5,
    lambda g: g.scalar("min", "Cheapest monthly bill among {np}?", measures=["MonthlyCharges"]),
)


# rank frames: fn(gen, g) -> question
def _fig(gen, g, slack=False):
    if slack:
        return SLACK_FIG[g["fig"]]
    if g["fig"] == "share":
        return f"share of customers who {gen.p.pred(g['trait'])}"
    return gen.rng.choice(FIG_NAMES[g["fig"]])


def _gn(gen, g):
    return gen.rng.choice(GNAMES[g["col"]])


def _am(gen, g, slack=False, lead=" among "):
    return gen.among(g["conds"], slack=slack, lead=lead)


def addr(tid, n, frame, places=(0,), asc=False, **kw):
    add(tid, "rank", n, lambda gen: gen.rank(frame, places=places, asc=asc, **kw))


addr("t5-rank01", 6, lambda s, g: f"Which {_gn(s, g)} has the highest {_fig(s, g)}{_am(s, g)}?")
addr(
    "t5-rank02",
    6,
    lambda s, g: f"Which {_gn(s, g)} has the lowest {_fig(s, g)}{_am(s, g)}?",
    asc=True,
)
addr(
    "t5-rank03",
    6,
    lambda s, g: f"Leaderboard of {_gn(s, g)} by {_fig(s, g)}{_am(s, g)}: who ranks first?",
    multi=True,
)
addr(
    "t5-rank04",
    6,
    lambda s, g: (
        f"Worst offender for churn{_am(s, g)}: which {_gn(s, g)} has the highest churn rate?"
    ),
    fig="churn_rate",
    multi=True,
)
addr(
    "t5-rank05",
    6,
    lambda s, g: (
        f"Which two {_gn(s, g)} groups come bottom on {_fig(s, g)}{_am(s, g)}? Lowest first."
    ),
    places=(0, 1),
    asc=True,
    multi=True,
)
addr(
    "t5-rank06",
    6,
    lambda s, g: f"Top two {_gn(s, g)} groups by {_fig(s, g)}{_am(s, g)}, highest first?",
    places=(0, 1),
    multi=True,
)
addr(
    "t5-rank07",
    6,
    lambda s, g: (
        f"Revenue concentration: which {_gn(s, g)} carries the most monthly billing"
        f" (summed monthly charges){_am(s, g)}?"
    ),
    fig="sum:MonthlyCharges",
)
addr(
    "t5-rank08",
    6,
    lambda s, g: f"On {_fig(s, g)}{_am(s, g)}, which {_gn(s, g)} leads and which trails?",
    places=(0, -1),
    multi=True,
)
addr(
    "t5-rank09",
    6,
    lambda s, g: f"Which {_gn(s, g)} trails the pack on {_fig(s, g)}{_am(s, g)}?",
    asc=True,
    multi=True,
)
addr(
    "t5-rank10",
    6,
    lambda s, g: f"Rank each {_gn(s, g)} by {_fig(s, g)}{_am(s, g)} - which one comes out on top?",
)
addr(
    "t5-rank11",
    6,
    lambda s, g: (
        f"{cap(_am(s, g, lead='For ')) + ', w' if g['conds'] else 'W'}hich {_gn(s, g)}"
        f" posts the lowest {_fig(s, g)}?"
    ),
    asc=True,
    kmin=1,
)
addr(
    "t5-rank12",
    6,
    lambda s, g: (
        f"Which {_gn(s, g)} ranks first for {_fig(s, g)}{_am(s, g)}, and which ranks second?"
    ),
    places=(0, 1),
    multi=True,
)
addr(
    "t5-rank13",
    6,
    lambda s, g: f"{_gn(s, g)} w/ highest {_fig(s, g, slack=True)}{_am(s, g, slack=True)}?",
)
addr(
    "t5-rank14",
    6,
    lambda s, g: f"Which {_gn(s, g)} has the largest headcount{_am(s, g)}?",
    fig="count",
)
addr(
    "t5-rank15",
    6,
    lambda s, g: (
        f"Board deck: which {_gn(s, g)} holds the most lifetime revenue"
        f" (sum of total charges){_am(s, g)}?"
    ),
    fig="sum:TotalCharges",
)
addr(
    "t5-rank16",
    6,
    lambda s, g: f"Which {_gn(s, g)} has the longest average tenure{_am(s, g)}?",
    fig="mean:tenure",
)
addr(
    "t5-rank17",
    6,
    lambda s, g: (
        f"In absolute numbers, which {_gn(s, g)} loses the most customers to churn{_am(s, g)}?"
    ),
    fig="churned",
)
addr(
    "t5-rank18",
    6,
    lambda s, g: f"Which {_gn(s, g)} is the stickiest{_am(s, g)}, i.e. has the lowest churn rate?",
    fig="churn_rate",
    asc=True,
)
addr(
    "t5-rank19",
    6,
    lambda s, g: (
        f"{cap(_am(s, g, lead='Among ')) + ', w' if g['conds'] else 'W'}hich {_gn(s, g)}"
        f" has the highest {_fig(s, g)}?"
    ),
    fig="share",
    kmax=1,
)
addr(
    "t5-rank20",
    6,
    lambda s, g: (
        f"Of the {_gn(s, g)} groups{_am(s, g)}, which two have the highest {_fig(s, g)}, in order?"
    ),
    places=(0, 1),
    multi=True,
)
addr(
    "t5-rank21",
    6,
    lambda s, g: f"Which {_gn(s, g)} has the lowest {_fig(s, g)}{_am(s, g)}?",
    fig=["median:tenure", "median:MonthlyCharges", "median:TotalCharges"],
    asc=True,
)
addr(
    "t5-rank22",
    6,
    lambda s, g: f"Where is churn worst{_am(s, g)} - which {_gn(s, g)}, by churn rate?",
    fig="churn_rate",
)
addr(
    "t5-rank23",
    6,
    lambda s, g: f"Which {_gn(s, g)} sits at the bottom of the {_fig(s, g)} table{_am(s, g)}?",
    asc=True,
    multi=True,
)
addr(
    "t5-rank24",
    6,
    lambda s, g: f"Which {_gn(s, g)} has the fewest churners (headcount){_am(s, g)}?",
    fig="churned",
    asc=True,
)
addr(
    "t5-rank25",
    6,
    lambda s, g: (
        f"Name the {_gn(s, g)} with the highest average monthly bill{_am(s, g)},"
        " plus the runner-up."
    ),
    fig="mean:MonthlyCharges",
    places=(0, 1),
    multi=True,
)


# breakdown frames
def _dist_q(s, g):
    np_ = s.p.np(g["conds"]) if g["conds"] else "our customers"
    return f"How are {np_} distributed across {_gn(s, g)}? Give each value's share of all {np_}."


def addb(tid, n, frame, **kw):
    add(tid, "breakdown", n, lambda gen: gen.breakdown(frame, **kw))


addb(
    "t5-break01",
    6,
    lambda s, g: f"Need the split of churners (headcount) across each {_gn(s, g)}{_am(s, g)}.",
    fig="churned",
)
addb("t5-break02", 6, lambda s, g: f"Churn rate by {_gn(s, g)}{_am(s, g)}?", fig="churn_rate")
addb(
    "t5-break03",
    6,
    lambda s, g: (
        f"Break down {s.p.np(g['conds']) if g['conds'] else 'the customer base'}"
        f" by {_gn(s, g)}: how many customers in each?"
    ),
    fig="count",
)
addb(
    "t5-break04",
    6,
    lambda s, g: f"For each {_gn(s, g)}, what's the {_fig(s, g)}{_am(s, g)}?",
    fig=["mean:MonthlyCharges", "mean:tenure", "mean:TotalCharges"],
)
addb(
    "t5-break05",
    6,
    lambda s, g: (
        f"Pivot: rows = {g['col']}, values = SUM of {g['fig'].split(':')[1]}"
        + (f", filtered to {sheet_of(g['conds'])}" if g["conds"] else "")
    ),
    fig=["sum:MonthlyCharges", "sum:TotalCharges", "sum:tenure"],
)
addb(
    "t5-break06",
    6,
    lambda s, g: f"How many customers churned in each {_gn(s, g)}{_am(s, g)}?",
    fig="churned",
)
addb(
    "t5-break07",
    6,
    lambda s, g: f"Give me the {_fig(s, g)} per {_gn(s, g)}{_am(s, g)}.",
    fig=["median:MonthlyCharges", "median:tenure", "median:TotalCharges"],
)
addb(
    "t5-break08",
    6,
    _dist_q,
    fig="dist",
)
addb(
    "t5-break09",
    6,
    lambda s, g: (
        f"Board deck: total monthly billing (sum of monthly charges) by {_gn(s, g)}{_am(s, g)}."
    ),
    fig="sum:MonthlyCharges",
)
addb(
    "t5-break10",
    6,
    lambda s, g: f"Show the attrition rate for every {_gn(s, g)}{_am(s, g)}.",
    fig="churn_rate",
)
addb(
    "t5-break11",
    6,
    lambda s, g: (
        f"Within each {_gn(s, g)}, what share of"
        f" {s.p.np(g['conds']) if g['conds'] else 'customers'} {s.p.pred(g['trait'])}?"
    ),
    fig="share",
    kmax=1,
)
addb(
    "t5-break12",
    5,
    lambda s, g: f"Lifetime revenue (sum of total charges) per {_gn(s, g)}{_am(s, g)}?",
    fig="sum:TotalCharges",
)
addb(
    "t5-break13",
    5,
    lambda s, g: f"Headcount per {_gn(s, g)}{_am(s, g)}, please.",
    fig="count",
)
addb(
    "t5-break14",
    5,
    lambda s, g: f"avg {s.rng.choice(['tenure'])} by {_gn(s, g)}{_am(s, g, slack=True)}?",
    fig="mean:tenure",
)
addb(
    "t5-break15",
    5,
    lambda s, g: f"What's the highest single monthly charge in each {_gn(s, g)}{_am(s, g)}?",
    fig="max:MonthlyCharges",
)
addb(
    "t5-break16",
    5,
    lambda s, g: (
        f"Exec one-liner: churn %, split by {_gn(s, g)}{_am(s, g)}. Rate per group, not counts."
    ),
    fig="churn_rate",
)


# difference frames
def addd(tid, n, fig, frame, **kw):
    add(tid, "difference", n, lambda gen: gen.diff(frame, fig, **kw))


addd(
    "t5-diff01",
    5,
    "churn_rate",
    lambda d: (
        f"{d['pre']}what's the churn-rate gap between {d['a']} and {d['b']}, in percentage points?"
    ),
)
addd(
    "t5-diff02",
    5,
    "mean:MonthlyCharges",
    lambda d: f"Delta in average monthly charges{d['amg']}: {d['a']} vs {d['b']}?",
)
addd(
    "t5-diff03",
    5,
    "churn_rate",
    lambda d: (
        f"{d['pre']}how much higher is the churn rate of {d['a']} relative to {d['b']}?"
        " (percentage points)"
    ),
    a_higher=True,
)
addd(
    "t5-diff04",
    5,
    "median:tenure",
    lambda d: f"Spread in median tenure{d['amg']}: {d['a']} vs {d['b']}?",
)
addd(
    "t5-diff05",
    5,
    "churn_rate",
    lambda d: (
        f"{d['pre']}by how many percentage points does churn among {d['a']}"
        f" exceed that of {d['b']}?"
    ),
    vs_base=True,
    a_higher=True,
)
addd(
    "t5-diff06",
    5,
    "mean:tenure",
    lambda d: (
        f"Exec ask{d['amg']}: {d['a']} vs {d['b']} -"
        " how far apart is their average tenure, in months?"
    ),
)
addd(
    "t5-diff07",
    5,
    "mean:TotalCharges",
    lambda d: f"{d['pre']}what's the gap in average total charges between {d['a']} and {d['b']}?",
)
addd(
    "t5-diff08",
    5,
    "churn_rate",
    lambda d: f"{d['pre']}compare {d['a']} with {d['b']}: how far apart are their churn rates?",
    col=MULTI,
)
addd(
    "t5-diff09",
    5,
    "sum:MonthlyCharges",
    lambda d: (
        f"Difference in total monthly billings (summed monthly charges){d['amg']}:"
        f" {d['a']} vs {d['b']}?"
    ),
)
addd(
    "t5-diff10",
    5,
    "mean:MonthlyCharges",
    lambda d: f"{d['pre']}how much more per month, on average, do {d['a']} pay than {d['b']}?",
    a_higher=True,
)

# refusals: fixed wordings (the table cannot answer any of these)
REFUSE = {
    "t5-refuse01": [
        "What's the average age of our fiber customers?",
        "Median age of customers who churned last year?",
        "How many of your customers are over 70 years old?",
    ],
    "t5-refuse02": [
        "Which region has the highest churn rate?",
        "Churn rate by state, please.",
        "Leaderboard: which city loses the most subscribers?",
    ],
    "t5-refuse03": [
        "How many month-to-month customers called the call centre more than three times"
        " before cancelling?",
        "avg # of support calls for churned ppl?",
        "Do customers who contacted support twice or more churn more often? Give the rate.",
    ],
    "t5-refuse04": [
        "What's the average satisfaction score of paperless seniors?",
        "Board deck: CSAT by contract type.",
        "Which payment method has the happiest customers, by survey score?",
    ],
    "t5-refuse05": [
        "What's the top churn reason among fiber customers?",
        "We are reviewing cancellations. Could you tell me why most two-year customers left?",
        "Share of churners who cited price as their reason?",
    ],
    "t5-refuse06": [
        "How many customers got a retention discount last quarter?",
        "Average discount given to customers on autopay?",
        "Did discounted customers churn less than full-price ones?",
    ],
    "t5-refuse07": [
        "How many customers signed up in 2019?",
        "What's the most common sign-up month for DSL subscribers?",
        "Which sign-up cohort (by calendar year) has the worst churn?",
    ],
    "t5-refuse08": [
        "How many customers upgraded their internet plan in the last year?",
        "Count of DSL users who upgraded to fiber?",
        "SUMIF monthly charges where the customer had a price plan change",
    ],
    "t5-refuse09": [
        "Which handset model do churned customers use most?",
        "What share of seniors use an iPhone?",
        "Top device brand among customers with device protection?",
    ],
    "t5-refuse10": [
        "What's the NPS of customers on two-year contracts?",
        "Net promoter score by payment method?",
        "Average household income of paperless customers?",
    ],
    "t5-refuse11": [
        "Which marketing channel brought in the most month-to-month customers?",
        "How many of your customers came through a referral?",
        "Which competitor did churned fiber customers switch to?",
    ],
}
for _tid, _qs in REFUSE.items():
    add(_tid, "refuse", len(_qs), lambda gen, _qs=_qs: ("__refuse__", _qs))


# ----------------------------------------------------------------------------- build
#: Slack-voice templates keep their lower-case opening.
SLACK = {
    "t5-count05",
    "t5-churned03",
    "t5-rate02",
    "t5-rate08",
    "t5-mean02",
    "t5-max05",
    "t5-sum10",
    "t5-rank13",
    "t5-break14",
}


def build(df: pd.DataFrame) -> list[dict]:
    rng = random.Random(SEED)  # noqa: S311
    gen = Gen(df, rng)
    rows, seen = [], set()
    for tid, metric, n, fn in T:
        got, tries = 0, 0
        while got < n and tries < 400:
            tries += 1
            res = fn(gen)
            if res is None:
                continue
            if res[0] == "__refuse__":
                for q in res[1]:
                    rows.append(
                        {
                            "question": q,
                            "expect": "refuse",
                            "metric": "refuse",
                            "gold": [],
                            "note": "",
                            "template": tid,
                        }
                    )
                break
            q, note, gold = res
            q = re.sub(r"\s+", " ", q).strip()
            if tid not in SLACK:
                q = q[0].upper() + q[1:]
            if q in seen:
                continue
            seen.add(q)
            rows.append(
                {
                    "question": q,
                    "expect": "answer",
                    "metric": metric,
                    "gold": gold,
                    "note": note,
                    "template": tid,
                }
            )
            got += 1
        if got < n and metric != "refuse":
            print(f"warning: {tid} produced {got}/{n}")
    out = []
    for i, r in enumerate(rows, 1):
        out.append({"id": f"t5-{i:04d}", **r})
    return out


def default_csv() -> str:
    from retention_agents.io.warehouse import telco_csv

    return str(telco_csv())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", default=None)
    ap.add_argument("--out", default=str(Path(__file__).with_name("tuning5.jsonl")))
    a = ap.parse_args()
    df = load(a.csv or default_csv())
    rows = build(df)
    with open(a.out, "w") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} questions to {a.out}")


if __name__ == "__main__":
    main()
