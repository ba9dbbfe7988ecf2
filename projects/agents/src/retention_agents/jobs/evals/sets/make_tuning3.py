# mypy: ignore-errors
"""Generate tuning set 3 (``tuning3.jsonl``): about 800 questions about the IBM Telco churn table.

How it was written
------------------
Independently of the analyst it evaluates.  The only inputs were the data contract
(``retention_agents/core/schema.py``: the columns, their levels, the measures, the rule that
"without X" means X is not "Yes", the blank TotalCharges of the tenure-0 customers) and the CSV
itself.  No analyst code, no tests, no earlier question set and no agent run were looked at, so
the phrasings and the gold values do not share the analyst's parsing or computing blind spots.
The phrasings try to read like what business users, managers and beginners actually type:
varied word order, synonyms, abbreviations ("avg", "no. of", "cust", "MTM", "e-check"), British
spellings ("fibre", "cheque", "dependants"), numbers in words and digits, "$1.2k", casual and
formal tone, one to three conditions and negations ("not on", "excluding", "other than").

One change after the first run, by the analyst's developers: template ``share03`` ("of the
customers who churned, what % …") had drawn conditions its wording never states; it now draws
none (four of the first run's fifteen "wrong" answers were these gold errors).

Every gold value is computed here with plain pandas; the ``note`` of each question holds the
pandas expression that produced it (``df`` is the CSV with TotalCharges made numeric, blanks as
NaN, and Churn as 0/1).

Conventions behind the gold answers
-----------------------------------
* percent values are fractions in [0, 1] rounded to 4 decimals; amounts are rounded to 2
  decimals; counts are integers.  Differences are absolute values.
* "without X" / "no X" / "don't have X" means ``X != "Yes"`` (so it includes "No internet
  service"), as the contract says; "with X" means ``X == "Yes"``.
* Blank TotalCharges are NaN: left out of every mean/median/min/max/sum and false in every
  comparison ("total charges under $500" is phrased "recorded total charges under $500").
* "between A and B" is inclusive.  It is only written bare where no value equals a bound (so
  the reading does not matter); otherwise the question says "inclusive" or "from A to B".
* "over/more than/above N" is ``> N``, "at least/N or more/N+" is ``>= N``, "under/less than/below
  N" is ``< N``, "N or less/at most" is ``<= N``; "a year" is 12 months.
* "automatic payment/autopay" is bank transfer (automatic) or credit card (automatic).
* Every group a question computes on (the filtered group, every level of a breakdown or ranking,
  both sides of a difference) has at least 30 customers, and every condition really narrows the
  group (no redundant or contradictory filters).  Rankings are only asked where each named place
  is separated from the next one by at least 0.5 percentage points (rates) or 1 unit (counts,
  dollars, months).
* About one question in ten asks for something the table does not record (age, region,
  satisfaction, churn reasons, support calls, discounts, price changes, sign-up dates, CLV
  forecasts...): those expect "refuse" with an empty gold.

Regenerate
----------
    cd /work/main
    .venv/bin/python projects/agents/src/retention_agents/jobs/evals/sets/make_tuning3.py \\
        [--csv PATH_TO_Customer_Churn.csv] [--out PATH_TO_tuning3.jsonl]

The seed is fixed, so the output is reproducible for the same CSV.  ``--csv`` defaults to
``retention_agents.io.warehouse.telco_csv()`` and ``--out`` to ``tuning3.jsonl`` next to this file.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SEED = 20_250_603
MIN_GROUP = 30
RATE_GAP = 0.005
UNIT_GAP = 1.0

YES_NO = ("No", "Yes")
ADDON = ("No", "No internet service", "Yes")
LEVELS: dict[str, tuple[str, ...]] = {
    "gender": ("Female", "Male"),
    "SeniorCitizen": ("0", "1"),
    "Partner": YES_NO,
    "Dependents": YES_NO,
    "PhoneService": YES_NO,
    "MultipleLines": ("No", "No phone service", "Yes"),
    "InternetService": ("DSL", "Fiber optic", "No"),
    "OnlineSecurity": ADDON,
    "OnlineBackup": ADDON,
    "DeviceProtection": ADDON,
    "TechSupport": ADDON,
    "StreamingTV": ADDON,
    "StreamingMovies": ADDON,
    "Contract": ("Month-to-month", "One year", "Two year"),
    "PaperlessBilling": YES_NO,
    "PaymentMethod": (
        "Bank transfer (automatic)",
        "Credit card (automatic)",
        "Electronic check",
        "Mailed check",
    ),
}
MEASURES = ("tenure", "MonthlyCharges", "TotalCharges")
AUTO = ("Bank transfer (automatic)", "Credit card (automatic)")
CHECKS = ("Electronic check", "Mailed check")


# --------------------------------------------------------------------------------------------
# conditions


@dataclass(frozen=True)
class Cond:
    """One filter: a column, an operator, a value, and ways to say it."""

    col: str
    op: str
    val: object
    post: tuple[str, ...]  # after a noun: "customers {post}"
    pred: tuple[str, ...]  # after "who": "customers who {pred}"
    pre: tuple[str, ...] = ()  # before a noun: "{pre} customers"


OPS = {
    "eq": (lambda s, v: s == v, "{s} == {v!r}"),
    "ne": (lambda s, v: s != v, "{s} != {v!r}"),
    "in": (lambda s, v: s.isin(list(v)), "{s}.isin({v!r})"),
    "gt": (lambda s, v: s > v, "{s} > {v!r}"),
    "ge": (lambda s, v: s >= v, "{s} >= {v!r}"),
    "lt": (lambda s, v: s < v, "{s} < {v!r}"),
    "le": (lambda s, v: s <= v, "{s} <= {v!r}"),
    "between": (lambda s, v: s.between(v[0], v[1]), "{s}.between({v[0]!r}, {v[1]!r})"),
    "notna": (lambda s, v: s.notna(), "{s}.notna()"),
    "isna": (lambda s, v: s.isna(), "{s}.isna()"),
}
POSITIVE = ("eq", "in", "gt", "ge", "lt", "le", "between")


def cond(col, op, val, post, pred, pre=()):
    return Cond(col, op, val, tuple(post), tuple(pred), tuple(pre))


def cmask(df, c):
    return OPS[c.op][0](df[c.col], c.val)


def cexpr(c):
    v = list(c.val) if c.op == "in" else c.val
    return OPS[c.op][1].format(s=f"df[{c.col!r}]", v=v)


SERVICE_NAMES = {
    "TechSupport": ("tech support", "technical support", "tech-support cover"),
    "OnlineSecurity": ("online security", "online-security protection"),
    "OnlineBackup": ("online backup", "online back-up"),
    "DeviceProtection": ("device protection", "device protection cover"),
    "StreamingTV": ("streaming TV", "TV streaming"),
    "StreamingMovies": ("streaming movies", "movie streaming", "streaming films"),
}
SVC_WORDS = {
    **{k: v[0] for k, v in SERVICE_NAMES.items()},
    "Partner": "a partner",
    "Dependents": "dependents",
    "PaperlessBilling": "paperless billing",
    "MultipleLines": "multiple lines",
    "PhoneService": "phone service",
}


def service_conds(col, names):
    yes_post = ("with {n}", "who have {n}", "that subscribe to {n}", "using {n}", "who pay for {n}")
    no_post = ("without {n}", "who don't have {n}", "with no {n}", "not subscribed to {n}")
    return [
        cond(
            col,
            "eq",
            "Yes",
            [p.format(n=n) for n in names for p in yes_post],
            [p.format(n=n) for n in names for p in ("have {n}", "subscribe to {n}", "use {n}")],
        ),
        cond(
            col,
            "ne",
            "Yes",
            [p.format(n=n) for n in names for p in no_post],
            [p.format(n=n) for n in names for p in ("don't have {n}", "do not subscribe to {n}")],
        ),
    ]


def cat_conds():
    cs = []
    add = cs.append
    # contract
    add(
        cond(
            "Contract",
            "eq",
            "Month-to-month",
            [
                "on month-to-month contracts",
                "on a month-to-month contract",
                "on MTM contracts",
                "on rolling monthly contracts",
                "with a month to month contract",
                "on MTM",
            ],
            ["are on month-to-month contracts", "are on MTM", "have a month-to-month contract"],
            ["month-to-month", "MTM", "month-to-month contract"],
        )
    )
    add(
        cond(
            "Contract",
            "eq",
            "One year",
            [
                "on one-year contracts",
                "on a 1-year contract",
                "on annual contracts",
                "with a 12-month contract",
                "on a one year contract",
                "on 1yr contracts",
            ],
            ["are on a one-year contract", "have an annual contract", "are on 1 yr contracts"],
            ["one-year-contract", "annual-contract", "1-year"],
        )
    )
    add(
        cond(
            "Contract",
            "eq",
            "Two year",
            [
                "on two-year contracts",
                "on a 2 year contract",
                "with a 24-month contract",
                "on 2yr contracts",
                "locked into two-year contracts",
            ],
            ["are on two-year contracts", "have a 2-year contract"],
            ["two-year-contract", "2-year", "two year"],
        )
    )
    add(
        cond(
            "Contract",
            "ne",
            "Month-to-month",
            [
                "not on month-to-month",
                "on a one- or two-year contract",
                "not on MTM contracts",
                "on a fixed-term contract (1 or 2 years)",
                "with anything other than a month-to-month contract",
            ],
            ["are not on month-to-month", "are on one- or two-year contracts"],
            ["non-MTM", "term-contract (1/2 yr)"],
        )
    )
    add(
        cond(
            "Contract",
            "ne",
            "Two year",
            [
                "not on a two-year contract",
                "on something other than a 2-year contract",
                "on MTM or one-year contracts",
            ],
            ["are not on two-year contracts", "aren't on a 2-year contract"],
        )
    )
    # internet
    add(
        cond(
            "InternetService",
            "eq",
            "Fiber optic",
            [
                "with fiber optic internet",
                "on fibre",
                "with fibre optic broadband",
                "using fiber",
                "who have fiber-optic internet",
                "on fiber optic",
            ],
            ["have fiber optic internet", "are on fibre", "use fiber optic"],
            ["fiber", "fibre", "fiber-optic", "fibre optic"],
        )
    )
    add(
        cond(
            "InternetService",
            "eq",
            "DSL",
            ["with DSL", "on DSL internet", "using DSL broadband", "who have DSL"],
            ["have DSL", "are on DSL", "use DSL internet"],
            ["DSL"],
        )
    )
    add(
        cond(
            "InternetService",
            "eq",
            "No",
            [
                "without internet service",
                "with no internet",
                "who don't have internet",
                "with phone service only (no internet)",
                "who don't subscribe to internet",
            ],
            ["have no internet service", "don't have internet", "are phone-only (no internet)"],
            ["no-internet", "phone-only"],
        )
    )
    add(
        cond(
            "InternetService",
            "ne",
            "No",
            [
                "with internet service",
                "who have internet",
                "with any internet (DSL or fibre)",
                "with an internet subscription",
            ],
            ["have internet service", "subscribe to internet (DSL or fiber)"],
            ["internet"],
        )
    )
    add(
        cond(
            "InternetService",
            "ne",
            "Fiber optic",
            ["not on fiber", "who don't have fibre", "other than fiber optic users"],
            ["are not on fiber", "don't have fibre optic"],
        )
    )
    add(
        cond(
            "InternetService",
            "ne",
            "DSL",
            ["not on DSL", "who don't use DSL"],
            ["don't use DSL", "are not on DSL"],
        )
    )
    # payment
    add(
        cond(
            "PaymentMethod",
            "eq",
            "Electronic check",
            [
                "paying by electronic check",
                "who pay by e-check",
                "paying via electronic cheque",
                "using electronic check",
                "on e-check",
            ],
            ["pay by electronic check", "use e-check", "pay by electronic cheque"],
            ["e-check", "electronic-check", "echeck"],
        )
    )
    add(
        cond(
            "PaymentMethod",
            "eq",
            "Mailed check",
            [
                "paying by mailed check",
                "who pay by mailed cheque",
                "who post a cheque",
                "who mail in a check",
            ],
            ["pay by mailed check", "send a cheque by post"],
            ["mailed-check", "cheque-by-post"],
        )
    )
    add(
        cond(
            "PaymentMethod",
            "eq",
            "Bank transfer (automatic)",
            [
                "paying by bank transfer",
                "who pay via automatic bank transfer",
                "on auto bank transfer",
                "paying by direct debit (bank transfer)",
            ],
            ["pay by bank transfer", "use automatic bank transfer"],
            ["bank-transfer"],
        )
    )
    add(
        cond(
            "PaymentMethod",
            "eq",
            "Credit card (automatic)",
            [
                "paying by credit card",
                "on automatic credit card payments",
                "who pay with a credit card (auto)",
                "paying by CC",
            ],
            ["pay by credit card", "use credit card autopay"],
            ["credit-card"],
        )
    )
    add(
        cond(
            "PaymentMethod",
            "in",
            AUTO,
            [
                "on automatic payment",
                "paying automatically (bank transfer or credit card)",
                "on autopay",
                "with auto-pay set up",
            ],
            ["pay automatically (bank transfer or credit card)", "are on autopay"],
            ["autopay", "auto-pay"],
        )
    )
    add(
        cond(
            "PaymentMethod",
            "in",
            CHECKS,
            ["paying by check (electronic or mailed)", "paying by cheque of either kind"],
            ["pay by check (e-check or mailed)", "are not on automatic payment"],
        )
    )
    add(
        cond(
            "PaymentMethod",
            "ne",
            "Electronic check",
            [
                "not paying by electronic check",
                "who don't use e-check",
                "paying by any method other than electronic check",
            ],
            ["don't pay by electronic check", "don't use e-check"],
            ["non-e-check"],
        )
    )
    add(
        cond(
            "PaymentMethod",
            "ne",
            "Mailed check",
            ["not paying by mailed check", "who don't post a cheque"],
            ["don't pay by mailed check"],
        )
    )
    for col, names in SERVICE_NAMES.items():
        cs.extend(service_conds(col, names))
    # phone
    add(
        cond(
            "PhoneService",
            "eq",
            "Yes",
            ["with phone service", "who have a phone line", "with a phone line"],
            ["have phone service", "have a phone line"],
            ["phone"],
        )
    )
    add(
        cond(
            "PhoneService",
            "eq",
            "No",
            ["without phone service", "with no phone line", "on internet only (no phone)"],
            ["have no phone service", "are internet-only"],
            ["internet-only"],
        )
    )
    add(
        cond(
            "MultipleLines",
            "eq",
            "Yes",
            ["with multiple lines", "who have more than one line", "with multi-line phone service"],
            ["have multiple lines", "have more than one phone line"],
            ["multi-line"],
        )
    )
    add(
        cond(
            "MultipleLines",
            "ne",
            "Yes",
            ["without multiple lines", "with at most one phone line"],
            ["don't have multiple lines"],
        )
    )
    # demographics
    add(
        cond(
            "gender",
            "eq",
            "Female",
            ["who are female", "who are women"],
            ["are female", "are women"],
            ["female"],
        )
    )
    add(
        cond(
            "gender",
            "eq",
            "Male",
            ["who are male", "who are men"],
            ["are male", "are men"],
            ["male"],
        )
    )
    add(
        cond(
            "SeniorCitizen",
            "eq",
            "1",
            ["who are senior citizens", "who are seniors", "flagged as senior citizens"],
            ["are senior citizens", "are seniors"],
            ["senior", "senior-citizen"],
        )
    )
    add(
        cond(
            "SeniorCitizen",
            "eq",
            "0",
            ["who are not senior citizens", "who aren't seniors", "not flagged as senior"],
            ["are not senior citizens", "aren't seniors"],
            ["non-senior"],
        )
    )
    add(
        cond(
            "Partner",
            "eq",
            "Yes",
            ["with a partner", "who have a partner", "who are partnered"],
            ["have a partner"],
            ["partnered"],
        )
    )
    add(
        cond(
            "Partner",
            "eq",
            "No",
            ["without a partner", "with no partner", "who don't have a partner"],
            ["don't have a partner", "have no partner"],
        )
    )
    add(
        cond(
            "Dependents",
            "eq",
            "Yes",
            ["with dependents", "with dependants", "who have dependents"],
            ["have dependents", "have dependants"],
        )
    )
    add(
        cond(
            "Dependents",
            "eq",
            "No",
            ["without dependents", "with no dependants", "who have no dependents"],
            ["have no dependents", "don't have dependants"],
        )
    )
    add(
        cond(
            "PaperlessBilling",
            "eq",
            "Yes",
            [
                "on paperless billing",
                "who get e-bills (paperless)",
                "with paperless bills",
                "signed up to paperless billing",
            ],
            ["are on paperless billing", "use paperless billing"],
            ["paperless", "paperless-billing"],
        )
    )
    add(
        cond(
            "PaperlessBilling",
            "eq",
            "No",
            ["on paper billing", "who still get paper bills", "not on paperless billing"],
            ["still get paper bills", "are not on paperless billing"],
            ["paper-billed"],
        )
    )
    add(
        cond(
            "TotalCharges",
            "notna",
            None,
            [
                "with a recorded total charge",
                "whose total charges aren't blank",
                "with non-missing total charges",
            ],
            ["have total charges recorded"],
        )
    )
    return cs


CHURNED = cond(
    "Churn",
    "eq",
    1,
    ["who churned", "who left", "that cancelled", "who have churned", "that canceled", "who quit"],
    ["churned", "have left"],
    ["churned", "lost", "departed"],
)
RETAINED = cond(
    "Churn",
    "eq",
    0,
    ["who stayed", "who didn't churn", "that were retained", "who have not left"],
    ["stayed", "did not churn"],
    ["retained", "non-churned", "still-active"],
)
BLANK_TOTAL = cond(
    "TotalCharges",
    "isna",
    None,
    ["with blank total charges"],
    ["have a blank TotalCharges", "have no total charges recorded", "have missing total charges"],
)
HIDDEN = {"churn1": (CHURNED,), "churn0": (RETAINED,)}

WORDS = {
    2: "two",
    3: "three",
    6: "six",
    9: "nine",
    12: "twelve",
    18: "eighteen",
    24: "twenty-four",
    36: "thirty-six",
    48: "forty-eight",
    60: "sixty",
}
MONEY_WORDS = {
    30: "thirty",
    40: "forty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
    100: "a hundred",
}
YEAR_PHRASES = [
    (
        "gt",
        12,
        ["with over a year of tenure", "who've been customers for more than a year"],
        ["have been with us over a year", "have more than 1 yr of tenure"],
    ),
    (
        "ge",
        24,
        ["with at least two years of tenure", "with 2+ years tenure"],
        ["have stayed two years or more", "have 2+ years of tenure"],
    ),
    (
        "lt",
        12,
        ["with less than a year of tenure", "who've been with us under a year"],
        ["have been customers for less than a year"],
    ),
    (
        "gt",
        36,
        ["with more than three years' tenure", "with tenure over 3 years"],
        ["have been with us more than three years"],
    ),
    (
        "ge",
        60,
        ["with at least five years of tenure", "with 5+ yrs tenure"],
        ["have been customers for five years or more"],
    ),
    (
        "le",
        6,
        ["with six months or less of tenure", "with tenure of half a year or less"],
        ["have been with us six months or less"],
    ),
    (
        "lt",
        24,
        ["with under two years tenure", "with less than 2 years of tenure"],
        ["have been customers for under two years"],
    ),
    (
        "ge",
        12,
        ["with at least a year of tenure", "who have been with us a year or more"],
        ["have been with us at least a year"],
    ),
]

NOUNS = ("customers", "customers", "customers", "custs", "subscribers", "accounts", "clients")
MEASURE_WORDS = {
    "tenure": ("tenure", "tenure (months)", "tenure in months", "months of tenure"),
    "MonthlyCharges": ("monthly charges", "monthly charge", "monthly bill", "MonthlyCharges"),
    "TotalCharges": ("total charges", "TotalCharges", "lifetime charges", "total amount billed"),
}
COL_WORDS = {
    "Contract": (("contract type", "contract", "type of contract"), ("contract types",)),
    "PaymentMethod": (
        ("payment method", "payment type", "way of paying"),
        ("payment methods", "payment types"),
    ),
    "InternetService": (
        ("internet service type", "internet type", "kind of internet service", "broadband type"),
        ("internet service types", "internet options", "broadband types"),
    ),
    "TechSupport": (("tech support status",), ("tech support statuses",)),
    "OnlineSecurity": (("online security status",), ("online security statuses",)),
    "OnlineBackup": (("online backup status",), ("online backup options",)),
    "DeviceProtection": (("device protection status",), ("device protection statuses",)),
    "StreamingTV": (("streaming TV status",), ("streaming TV options",)),
    "StreamingMovies": (("streaming movies status",), ("streaming movies options",)),
    "MultipleLines": (("multiple-lines status",), ("multiple-lines categories",)),
    "gender": (("gender", "sex"), ("genders",)),
    "Partner": (("partner status",), ("partner statuses",)),
    "Dependents": (("dependents status",), ("dependents statuses",)),
    "PaperlessBilling": (("paperless billing status",), ("paperless billing statuses",)),
    "PhoneService": (("phone service status",), ("phone service statuses",)),
    "SeniorCitizen": (("senior citizen flag",), ("senior citizen flags",)),
}
LEVEL_WORDS = {
    ("Contract", "Month-to-month"): ("month-to-month", "MTM"),
    ("Contract", "One year"): ("one-year", "1-year", "annual"),
    ("Contract", "Two year"): ("two-year", "2-year"),
    ("PaymentMethod", "Bank transfer (automatic)"): ("bank transfer", "auto bank transfer"),
    ("PaymentMethod", "Credit card (automatic)"): ("credit card", "credit card (automatic)"),
    ("PaymentMethod", "Electronic check"): ("electronic check", "e-check"),
    ("PaymentMethod", "Mailed check"): ("mailed check", "mailed cheque"),
    ("InternetService", "DSL"): ("DSL",),
    ("InternetService", "Fiber optic"): ("fiber optic", "fibre"),
    ("InternetService", "No"): ("no internet",),
}
MAIN_COLS = ("Contract", "PaymentMethod", "InternetService")
RANK_COLS = (
    *(MAIN_COLS * 4),
    "TechSupport",
    "OnlineSecurity",
    "OnlineBackup",
    "DeviceProtection",
    "StreamingTV",
    "StreamingMovies",
    "MultipleLines",
    "gender",
)
BD_COLS = (*RANK_COLS, "Partner", "Dependents", "PaperlessBilling", "PhoneService", "SeniorCitizen")
SVC_COLS = (*SERVICE_NAMES, "Partner", "Dependents", "PaperlessBilling", "MultipleLines")
DIFF_COLS = (*MAIN_COLS, *MAIN_COLS, "gender", "SeniorCitizen", "Partner", "Dependents")


# --------------------------------------------------------------------------------------------
# templates: (id, metric, frame or alternative frames, options)
#
# placeholders: {desc} a noun phrase for the filter ("fibre customers on MTM"), {posts} the
# filter said after "customers", {pre} an adjective (then {posts} holds the other conditions),
# {noun}, {preds} the filter said after "who", {ex} an excluded condition, {prop} a property
# (after "who"), {mw} a measure's name; rank/breakdown: {col}, {cols}, {k}, {levels}; difference:
# {A}, {B}, {pA}, {pB}, {svc}.

MC, TC, TEN = ("MonthlyCharges",), ("TotalCharges",), ("tenure",)

TEMPLATES = [
    # ---- count
    ("count01", "count", "How many {desc} are there?", {}),
    ("count02", "count", "How many customers {posts}?", {}),
    ("count03", "count", "no. of cust {posts}", {"n": (2,)}),
    ("count04", "count", "Give me the number of {desc}.", {}),
    ("count05", "count", "What's the count of {pre} customers {posts}?", {}),
    ("count06", "count", "how many {desc} do we have", {}),
    ("count07", "count", "How many customers {posts}, excluding those {ex}?", {"n": (1, 2)}),
    ("count08", "count", "How many of our customers {preds}?", {"n": (1, 2)}),
    ("count09", "count", "How many {desc} {prop}?", {"n": (1,)}),
    ("count10", "count", "Headcount for {desc}, please.", {}),
    (
        "count11",
        "count",
        (
            "How many customers are in the table?",
            "total number of customers?",
            "How many customer records do we have overall?",
            "what's our total customer count",
        ),
        {"n": (0,)},
    ),
    ("count12", "count", "Count the customers who {preds}.", {"n": (2, 3)}),
    ("count13", "count", "Could you tell me how many {desc} there are?", {}),
    ("count14", "count", "How many {pre} {noun} are there other than those {ex}?", {"n": (1,)}),
    # ---- churned
    ("churned01", "churned", "How many {desc} churned?", {}),
    ("churned02", "churned", "How many customers {posts} left?", {}),
    ("churned03", "churned", "no. of churned {desc}", {}),
    ("churned04", "churned", "How many {pre} customers {posts} cancelled?", {}),
    ("churned05", "churned", "Count of churners among {desc}?", {}),
    ("churned06", "churned", "How many of the customers {posts} have we lost?", {}),
    ("churned07", "churned", "How many {desc} ended up leaving?", {}),
    ("churned08", "churned", "Number of customers who churned and {preds}", {"n": (1, 2)}),
    ("churned09", "churned", "How many customers {posts} quit, excluding those {ex}?", {}),
    ("churned10", "churned", "Total churn count for {desc}?", {}),
    ("churned11", "churned", "how many churners {preds}?", {"n": (1, 2)}),
    (
        "churned12",
        "churned",
        (
            "How many customers churned overall?",
            "Total number of churned customers?",
            "how many customers have left in total",
            "What's the overall number of churners?",
        ),
        {"n": (0,)},
    ),
    ("churned13", "churned", "Of the {desc}, how many churned?", {}),
    # ---- churn rate
    ("rate01", "churn_rate", "What's the churn rate for {desc}?", {}),
    ("rate02", "churn_rate", "churn rate among {pre} customers {posts}", {}),
    ("rate03", "churn_rate", "What % of {desc} churned?", {}),
    ("rate04", "churn_rate", "What share of {desc} left?", {}),
    ("rate05", "churn_rate", "Attrition rate for {desc}?", {}),
    ("rate06", "churn_rate", "What proportion of {desc} cancelled?", {}),
    ("rate07", "churn_rate", "churn % for customers {posts}", {"n": (2, 3)}),
    (
        "rate08",
        "churn_rate",
        (
            "What's the overall churn rate?",
            "churn rate across all customers?",
            "What percentage of all customers churned?",
            "company-wide attrition rate",
            "overall customer churn %",
        ),
        {"n": (0,)},
    ),
    (
        "rate09",
        "churn_rate",
        "What is the churn rate for customers {posts}, excluding those {ex}?",
        {"n": (1, 2)},
    ),
    ("rate10", "churn_rate", "Churn rate of customers who {preds}?", {"n": (1, 2)}),
    ("rate11", "churn_rate", "What fraction of {desc} have churned?", {}),
    ("rate12", "churn_rate", "For {desc}, what's the churn percentage?", {}),
    ("rate13", "churn_rate", "Among customers {posts}, what is the rate of churn?", {}),
    ("rate14", "churn_rate", "What's the cancellation rate for {desc}?", {}),
    ("rate15", "churn_rate", "percentage of customers {posts} who left", {}),
    ("rate16", "churn_rate", "Of all {pre} customers {posts}, what percent churned?", {}),
    # ---- share (population proportion, not churn)
    ("share01", "share", "What share of {desc} {prop}?", {"n": (1, 2)}),
    (
        "share02",
        "share",
        (
            "What percentage of all customers {prop}?",
            "What % of our customers {prop}?",
            "Across the whole base, what fraction {prop}?",
            "What proportion of the customer base {prop}?",
        ),
        {"n": (0,)},
    ),
    ("share03", "share", "Of the customers who churned, what % {prop}?", {"hidden": "churn1"}),
    ("share04", "share", "Among {pre} customers, what proportion {prop}?", {"n": (1,)}),
    ("share05", "share", "How many of the {desc} {prop}, as a percentage?", {"n": (1, 2)}),
    (
        "share06",
        "share",
        "Among churned {noun} {posts}, what share {prop}?",
        {"n": (1,), "hidden": "churn1"},
    ),
    (
        "share07",
        "share",
        "What share of retained customers {posts} {prop}?",
        {"n": (0, 1), "hidden": "churn0"},
    ),
    ("share08", "share", "Excluding customers {ex}, what share of the rest {prop}?", {"n": (0,)}),
    ("share09", "share", "Proportion of {desc} who {prop}?", {"n": (1, 2)}),
    (
        "share10",
        "share",
        (
            "What share of customers {posts} {prop}?",
            "what % of customers {posts} {prop}",
        ),
        {"n": (0, 1), "prop": BLANK_TOTAL},
    ),
    ("share11", "share", "Within {desc}, what's the % that {prop}?", {"n": (1, 2)}),
    ("share12", "share", "{desc}: share that {prop}?", {"n": (1,)}),
    # ---- mean
    ("mean01", "mean", "What's the avg {mw} for {desc}?", {}),
    ("mean02", "mean", "average monthly charges of {desc}", {"measures": MC}),
    ("mean03", "mean", "mean tenure of {desc}, in months", {"measures": TEN}),
    (
        "mean04",
        "mean",
        "How long, on average, have {desc} been with us (in months)?",
        {"measures": TEN},
    ),
    ("mean05", "mean", "How much do {desc} pay per month on average?", {"measures": MC}),
    ("mean06", "mean", "avg total charges, customers {posts}", {"measures": TC}),
    (
        "mean07",
        "mean",
        "What's the average {mw} of customers who churned and {preds}?",
        {"n": (1, 2), "hidden": "churn1"},
    ),
    (
        "mean08",
        "mean",
        "On average, what's the lifetime spend (total charges) of {desc}?",
        {"measures": TC},
    ),
    (
        "mean09",
        "mean",
        "Average monthly bill for customers {posts}, excluding those {ex}?",
        {"measures": MC, "n": (1, 2)},
    ),
    ("mean10", "mean", "mean {mw}: {pre} {noun} {posts}", {}),
    (
        "mean11",
        "mean",
        (
            "What's the average {mw} across all customers?",
            "overall avg {mw}?",
            "mean {mw} for the whole customer base?",
        ),
        {"n": (0,)},
    ),
    (
        "mean12",
        "mean",
        "avg {mw} of customers that left {posts}",
        {"n": (0, 1), "hidden": "churn1"},
    ),
    ("mean13", "mean", "What is the average {mw} among customers who {preds}?", {"n": (1, 2)}),
    # ---- median
    ("median01", "median", "What's the median {mw} for {desc}?", {}),
    ("median02", "median", "median monthly bill among {pre} customers {posts}", {"measures": MC}),
    ("median03", "median", "median tenure (months) of {desc}", {"measures": TEN}),
    (
        "median04",
        "median",
        "What's the middle value of total charges for {desc}?",
        {"measures": TC},
    ),
    ("median05", "median", "50th percentile of {mw} for {desc}", {}),
    (
        "median06",
        "median",
        "median {mw} of customers who left {posts}",
        {"n": (0, 1), "hidden": "churn1"},
    ),
    ("median07", "median", "What is the median amount {desc} pay a month?", {"measures": MC}),
    (
        "median08",
        "median",
        "Median lifetime charges, customers {posts}",
        {"measures": TC, "n": (2,)},
    ),
    # ---- min
    ("min01", "min", "What's the lowest monthly charge among {desc}?", {"measures": MC}),
    ("min02", "min", "minimum {mw} for {desc}", {}),
    ("min03", "min", "Shortest tenure (in months) among {desc}?", {"measures": TEN}),
    ("min04", "min", "smallest total charges value for {desc}", {"measures": TC}),
    ("min05", "min", "What's the cheapest monthly bill paid by {desc}?", {"measures": MC}),
    ("min06", "min", "min {mw} where customers {posts}", {"n": (2,)}),
    (
        "min07",
        "min",
        "Among customers {posts}, what's the least anyone has been billed in total?",
        {"measures": TC, "n": (1, 2)},
    ),
    # ---- max
    ("max01", "max", "What's the highest monthly charge among {desc}?", {"measures": MC}),
    ("max02", "max", "maximum {mw} for {desc}", {}),
    ("max03", "max", "Longest tenure among {desc}?", {"measures": TEN}),
    ("max04", "max", "biggest total charges for {desc}", {"measures": TC}),
    (
        "max05",
        "max",
        "Of all {pre} customers {posts}, what's the most anyone pays per month?",
        {"measures": MC},
    ),
    ("max06", "max", "max {mw}, customers {posts}", {"n": (2,)}),
    (
        "max07",
        "max",
        "What's the largest lifetime bill among churned customers {posts}?",
        {"measures": TC, "n": (0, 1), "hidden": "churn1"},
    ),
    # ---- sum
    ("sum01", "sum", "What's the total monthly charges for {desc}?", {"measures": MC}),
    ("sum02", "sum", "Sum of monthly charges across {desc}", {"measures": MC}),
    (
        "sum03",
        "sum",
        "How much monthly revenue comes from {desc}?",
        {"measures": MC, "churn": False},
    ),
    ("sum04", "sum", "MRR from {desc}?", {"measures": MC, "churn": False}),
    (
        "sum05",
        "sum",
        "How much monthly revenue did we lose from {desc} who churned?",
        {"measures": MC, "hidden": "churn1"},
    ),
    ("sum06", "sum", "Total billed to {desc} to date?", {"measures": TC}),
    ("sum07", "sum", "sum of total charges for {desc}", {"measures": TC}),
    ("sum08", "sum", "How much have {desc} paid us altogether?", {"measures": TC}),
    ("sum09", "sum", "Lifetime revenue from {desc}?", {"measures": TC}),
    ("sum10", "sum", "Combined tenure in months of {desc}?", {"measures": TEN}),
    (
        "sum11",
        "sum",
        "How many customer-months of tenure do {desc} add up to?",
        {"measures": TEN},
    ),
    ("sum12", "sum", "Total monthly bill of all {desc}, in dollars?", {"measures": MC}),
    ("sum13", "sum", "Add up the monthly charges of {desc}.", {"measures": MC}),
    (
        "sum14",
        "sum",
        "What do {desc} pay us each month in total?",
        {"measures": MC, "churn": False},
    ),
    (
        "sum15",
        "sum",
        "Total $ billed (TotalCharges) for customers {posts}, ignoring blanks",
        {"measures": TC, "n": (1, 2)},
    ),
    (
        "sum16",
        "sum",
        "If we lost all {pre} customers {posts}, how much monthly revenue would go?",
        {"measures": MC, "churn": False},
    ),
    (
        "sum17",
        "sum",
        "How much had churned {noun} {posts} been billed in total before leaving?",
        {"measures": TC, "hidden": "churn1", "n": (0, 1, 2)},
    ),
    ("sum18", "sum", "grand total of TotalCharges across {desc}", {"measures": TC}),
    ("sum19", "sum", "Total tenure (months) summed over {desc}", {"measures": TEN}),
    ("sum20", "sum", "What is the aggregate monthly charge for {desc}?", {"measures": MC}),
    (
        "sum21",
        "sum",
        "pls give sum monthly charges for custs {posts}",
        {"measures": MC, "n": (1, 2)},
    ),
    (
        "sum22",
        "sum",
        "How many dollars a month do {desc} bring in, all together?",
        {"measures": MC, "churn": False},
    ),
    ("sum23", "sum", "Cumulative billing to date for {desc}?", {"measures": TC}),
    (
        "sum24",
        "sum",
        "Monthly charges lost to churn among {desc}: total?",
        {"measures": MC, "hidden": "churn1"},
    ),
    ("sum25", "sum", "Total lifetime spend of {desc} (in dollars)?", {"measures": TC}),
    (
        "sum26",
        "sum",
        "Total monthly charges for customers {posts} other than those {ex}",
        {"measures": MC, "n": (1, 2)},
    ),
    (
        "sum27",
        "sum",
        "Sum of the total charges for all customers {posts}, excluding those {ex}",
        {"measures": TC, "n": (1, 2)},
    ),
    ("sum28", "sum", "What's the sum of {mw} for {desc}?", {}),
    ("sum29", "sum", "total MonthlyCharges, {pre} {noun} only", {"measures": MC, "n": (1,)}),
    # ---- rank
    ("rank01", "rank", "Which {col} has the highest churn rate?", {"stat": "rate"}),
    ("rank02", "rank", "Which {col} churns the least?", {"stat": "rate", "dir": "low"}),
    ("rank03", "rank", "Top {k} {cols} by churn rate?", {"stat": "rate", "k": (2, 3)}),
    ("rank04", "rank", "bottom {k} {cols} by churn %", {"stat": "rate", "dir": "low", "k": (2,)}),
    ("rank05", "rank", "Which {col} has the most customers?", {"stat": "count"}),
    ("rank06", "rank", "What's the least common {col}?", {"stat": "count", "dir": "low"}),
    ("rank07", "rank", "Which {col} lost the most customers?", {"stat": "churned"}),
    ("rank08", "rank", "Which {col} had the fewest churners?", {"stat": "churned", "dir": "low"}),
    (
        "rank09",
        "rank",
        "Which {col} has the highest avg monthly charges?",
        {"stat": "mean", "measures": MC},
    ),
    (
        "rank10",
        "rank",
        "Which {col} has the lowest average tenure?",
        {"stat": "mean", "measures": TEN, "dir": "low"},
    ),
    (
        "rank11",
        "rank",
        "Which {col} brings in the most monthly revenue?",
        {"stat": "sum", "measures": MC},
    ),
    (
        "rank12",
        "rank",
        "Which {col} accounts for the largest total charges overall?",
        {"stat": "sum", "measures": TC},
    ),
    (
        "rank13",
        "rank",
        "Rank the top {k} {cols} by number of customers",
        {"stat": "count", "k": (2, 3)},
    ),
    (
        "rank14",
        "rank",
        "Among {desc}, which {col} has the highest churn rate?",
        {"stat": "rate", "n": (1, 2)},
    ),
    ("rank15", "rank", "For {desc}, which {col} is most popular?", {"stat": "count", "n": (1,)}),
    (
        "rank16",
        "rank",
        "Among churned customers, which {col} is most common?",
        {"stat": "count", "hidden": "churn1"},
    ),
    (
        "rank17",
        "rank",
        "top {k} {cols} by total monthly charges",
        {"stat": "sum", "measures": MC, "k": (2,)},
    ),
    (
        "rank18",
        "rank",
        "Which {col} has the longest average tenure?",
        {"stat": "mean", "measures": TEN},
    ),
    (
        "rank19",
        "rank",
        "Which {col} has the lowest average total charges?",
        {"stat": "mean", "measures": TC, "dir": "low"},
    ),
    (
        "rank20",
        "rank",
        "Which {col} has the smallest combined monthly bill?",
        {"stat": "sum", "measures": MC, "dir": "low"},
    ),
    (
        "rank21",
        "rank",
        "Bottom {k} {cols} by average monthly charge?",
        {"stat": "mean", "measures": MC, "dir": "low", "k": (2,)},
    ),
    (
        "rank22",
        "rank",
        "Which {col} has the most churned customers among {desc}?",
        {"stat": "churned", "n": (1,)},
    ),
    (
        "rank23",
        "rank",
        "Among {desc}, which {col} contributes the most lifetime revenue?",
        {"stat": "sum", "measures": TC, "n": (1,)},
    ),
    (
        "rank24",
        "rank",
        "{k} {cols} with the highest churn among {desc}",
        {"stat": "rate", "k": (2,), "n": (1,)},
    ),
    ("rank25", "rank", "What's the worst {col} for churn?", {"stat": "rate"}),
    (
        "rank26",
        "rank",
        "Which has the lowest churn rate: {levels}?",
        {"stat": "rate", "dir": "low", "cols": MAIN_COLS},
    ),
    (
        "rank27",
        "rank",
        "Which {col} has the highest retention rate?",
        {"stat": "retention"},
    ),
    (
        "rank28",
        "rank",
        "Which {col} has the biggest average lifetime bill among {desc}?",
        {"stat": "mean", "measures": TC, "n": (1,)},
    ),
    (
        "rank29",
        "rank",
        "Out of {levels}, which {col} has the most customers?",
        {"stat": "count", "cols": MAIN_COLS},
    ),
    (
        "rank30",
        "rank",
        "Which {col} has the lowest churn among {desc}?",
        {"stat": "rate", "dir": "low", "n": (1, 2)},
    ),
    # ---- difference
    (
        "diff01",
        "difference",
        "How much higher is the churn rate for {A} than for {B}?",
        {"stat": "rate", "higher": True},
    ),
    ("diff02", "difference", "What's the gap in churn rate between {A} and {B}?", {"stat": "rate"}),
    ("diff03", "difference", "churn rate difference: {A} vs {B}", {"stat": "rate"}),
    (
        "diff04",
        "difference",
        "Among {desc}, how much does churn differ between those {pA} and those {pB}?",
        {"stat": "rate", "n": (1,)},
    ),
    (
        "diff05",
        "difference",
        (
            "Difference in avg monthly charges between churned and retained customers?",
            "Difference in avg monthly charges between churned and retained {desc}?",
        ),
        {"stat": "mean", "measures": MC, "mode": "churn", "n": (0, 1)},
    ),
    (
        "diff06",
        "difference",
        "How much more per month do {A} pay than {B} on average?",
        {"stat": "mean", "measures": MC, "higher": True},
    ),
    (
        "diff07",
        "difference",
        "What's the difference in average tenure between {A} and {B}?",
        {"stat": "mean", "measures": TEN},
    ),
    (
        "diff08",
        "difference",
        "How many percentage points higher is churn for customers {pA} than for those {pB}?",
        {"stat": "rate", "higher": True, "mode": "num"},
    ),
    (
        "diff09",
        "difference",
        "Avg total charges: {A} minus {B}? (absolute difference)",
        {"stat": "mean", "measures": TC},
    ),
    (
        "diff10",
        "difference",
        "By how much does the churn rate of {A} exceed that of {B}?",
        {"stat": "rate", "higher": True},
    ),
    (
        "diff11",
        "difference",
        (
            "Churn rate gap, with vs without {svc}?",
            "difference in churn between customers with and without {svc}",
        ),
        {"stat": "rate", "mode": "service"},
    ),
    (
        "diff12",
        "difference",
        "Difference between the average monthly charges of {A} and {B} among {desc}?",
        {"stat": "mean", "measures": MC, "n": (1,)},
    ),
    (
        "diff13",
        "difference",
        (
            "On average, how many months longer have retained customers stayed than churned ones?",
            "How much longer (avg months) have retained {desc} been with us than churned ones?",
        ),
        {"stat": "mean", "measures": TEN, "mode": "churn", "n": (0, 1), "higher": True},
    ),
    # ---- breakdown
    ("bd01", "breakdown", "churn rate by {col}", {"stat": "rate"}),
    ("bd02", "breakdown", "Break down the number of customers by {col}.", {"stat": "count"}),
    ("bd03", "breakdown", "How many customers churned in each {col}?", {"stat": "churned"}),
    ("bd04", "breakdown", "avg monthly charges per {col}", {"stat": "mean", "measures": MC}),
    ("bd05", "breakdown", "median tenure for each {col}", {"stat": "median", "measures": TEN}),
    (
        "bd06",
        "breakdown",
        "Show churn % for each {col} among {desc}",
        {"stat": "rate", "n": (1, 2)},
    ),
    ("bd07", "breakdown", "total monthly charges split by {col}", {"stat": "sum", "measures": MC}),
    ("bd08", "breakdown", "customer count by {col} for {desc}", {"stat": "count", "n": (1,)}),
    (
        "bd09",
        "breakdown",
        "For each {col}, what's the average tenure of churned customers?",
        {"stat": "mean", "measures": TEN, "hidden": "churn1"},
    ),
    (
        "bd10",
        "breakdown",
        "number of churners per {col}, {desc} only",
        {"stat": "churned", "n": (1,)},
    ),
    ("bd11", "breakdown", "sum of total charges by {col}", {"stat": "sum", "measures": TC}),
    (
        "bd12",
        "breakdown",
        "What's the churn rate across the different {cols} for {desc}?",
        {"stat": "rate", "n": (1,)},
    ),
    (
        "bd13",
        "breakdown",
        "average total charges for each {col}, {pre} customers only",
        {"stat": "mean", "measures": TC, "n": (1,)},
    ),
    # ---- refuse: the table does not record these
    (
        "refuse01",
        "refuse",
        (
            "What's the average age of {desc}?",
            "How many customers are aged 30 to 40?",
            "churn rate for customers under 25 years old",
            "median age of churned customers {posts}",
            "Which age band churns the most?",
        ),
        {},
    ),
    (
        "refuse02",
        "refuse",
        (
            "Which city has the highest churn rate?",
            "How many {desc} are in California?",
            "churn rate by region for {desc}",
            "Which state do most churned customers live in?",
            "top 3 postcodes by churn",
        ),
        {},
    ),
    (
        "refuse03",
        "refuse",
        (
            "What's the average satisfaction score of {desc}?",
            "Do customers with low CSAT churn more? give the rate",
            "NPS for {desc}?",
            "How many customers rated us 5 stars?",
        ),
        {},
    ),
    (
        "refuse04",
        "refuse",
        (
            "What are the main reasons {desc} leave?",
            "How many customers churned because of price?",
            "What's the top churn reason among {desc}?",
            "share of churners who left for a competitor",
        ),
        {},
    ),
    (
        "refuse05",
        "refuse",
        (
            "What's the average number of support calls made by {desc}?",
            "How many customers called support more than three times?",
            "churn rate for customers with 5+ support tickets",
            "avg no. of calls to the helpdesk before churning",
        ),
        {},
    ),
    (
        "refuse06",
        "refuse",
        (
            "How many {desc} got a discount?",
            "average discount given to customers {posts}",
            "churn rate for customers on a promotional discount",
            "total discount value for {desc}",
        ),
        {},
    ),
    (
        "refuse07",
        "refuse",
        (
            "How many customers had a price increase last year?",
            "churn rate of {desc} after their plan price went up",
            "What was the average price rise for {desc}?",
            "how many customers saw their plan price change?",
        ),
        {},
    ),
    (
        "refuse08",
        "refuse",
        (
            "How many customers signed up in 2020?",
            "Which month had the most new sign-ups?",
            "churn rate of {desc} who joined in January",
            "How many {desc} joined in the last quarter?",
            "On what date did the longest-standing {desc} sign up?",
        ),
        {},
    ),
    (
        "refuse09",
        "refuse",
        (
            "What is the predicted lifetime value of {desc}?",
            "forecast CLV for customers {posts}",
            "expected revenue from {desc} next year?",
            "projected customer lifetime value by contract type",
        ),
        {},
    ),
    (
        "refuse10",
        "refuse",
        (
            "What's the average household income of {desc}?",
            "churn rate by income bracket",
            "How many customers earn over $100k a year?",
        ),
        {},
    ),
    (
        "refuse11",
        "refuse",
        (
            "average monthly data usage in GB for {desc}",
            "How many minutes of calls do {desc} make a month?",
            "How many customers stream more than 10 hours a week?",
        ),
        {},
    ),
    (
        "refuse12",
        "refuse",
        (
            "Which competitor do {desc} switch to when they leave?",
            "What phone model do churners mostly use?",
            "how many customers use an iPhone",
        ),
        {},
    ),
    (
        "refuse13",
        "refuse",
        (
            "In which month did most customers churn?",
            "How many {desc} churned in Q3?",
            "churn rate for 2019 vs 2020",
            "how many customers left last week",
        ),
        {},
    ),
    (
        "refuse14",
        "refuse",
        (
            "How many complaints did {desc} file?",
            "churn rate for customers who complained",
            "avg number of complaints per churned customer",
        ),
        {},
    ),
]
PER_TEMPLATE = {"sum": 5, "rank": 5, "refuse": 6}
DEFAULT_PER_TEMPLATE = 4
AGG = ("mean", "median", "min", "max", "sum")


# --------------------------------------------------------------------------------------------
# gold helpers


def g_count(v):
    return {"kind": "count", "value": int(v)}


def g_pct(v):
    return {"kind": "percent", "value": round(float(v), 4)}


def g_amt(v):
    return {"kind": "amount", "value": round(float(v), 2)}


def g_label(v):
    return {"kind": "label", "value": str(v)}


STAT_GOLD = {
    "rate": g_pct,
    "retention": g_pct,
    "count": g_count,
    "churned": g_count,
    "mean": g_amt,
    "median": g_amt,
    "sum": g_amt,
}


@dataclass
class Sel:
    conds: list
    hidden: tuple
    ex: Cond | None = None
    prop: Cond | None = None
    share: bool = False


def clean(text):
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([?,.:])", r"\1", text)
    text = text.replace(",,", ",")
    return text[:1].upper() + text[1:] if text[:1].islower() and text[:1] != "n" else text


# --------------------------------------------------------------------------------------------
# generator


class Gen:
    def __init__(self, df, seed=SEED):
        self.df = df
        self.rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
        self.cats = cat_conds()
        self.pre_pool = [c for c in self.cats if c.pre]
        self.by_col = {}
        for c in self.cats:
            self.by_col.setdefault(c.col, []).append(c)

    # ---- masks and expressions

    def mask(self, conds, ex=None):
        m = pd.Series(True, index=self.df.index)
        for c in conds:
            m &= cmask(self.df, c)
        if ex is not None:
            m &= ~cmask(self.df, ex)
        return m

    @staticmethod
    def mexpr(conds, ex=None):
        parts = [f"({cexpr(c)})" for c in conds]
        if ex is not None:
            parts.append(f"~({cexpr(ex)})")
        return " & ".join(parts)

    def gexpr(self, conds, ex=None):
        m = self.mexpr(conds, ex)
        return f"df[{m}]" if m else "df"

    def exact(self, col, x):
        return bool((self.df[col] == x).any())

    # ---- phrasing

    def num(self, n):
        return WORDS[n] if n in WORDS and self.rng.random() < 0.3 else str(n)

    def money_fmt(self, col):
        """One way of writing dollar amounts, used for both ends of a range."""
        r = self.rng.random()
        if col == "MonthlyCharges":
            if r < 0.15:
                return lambda x: f"{MONEY_WORDS[x]} dollars" if x in MONEY_WORDS else f"${x}"
            if r < 0.3:
                return lambda x: f"{x} dollars"
            return (lambda x: f"${x}.00") if r < 0.38 else (lambda x: f"${x}")
        if r < 0.35:
            return lambda x: f"${x / 1000:g}k" if x >= 1000 else f"${x}"
        if r < 0.55:
            return lambda x: f"${x:,}"
        return (lambda x: f"{x:,} dollars") if r < 0.7 else (lambda x: f"${x}")

    def money(self, x, col):
        return self.money_fmt(col)(x)

    def join(self, parts, *, amp=True):
        out = ""
        for i, p in enumerate(parts):
            if i == 0:
                out = p
            elif p.startswith(("excluding", "other than", "but not")):
                out += ", " + p
            elif i == len(parts) - 1:
                out += " & " if amp and self.rng.random() < 0.15 else " and "
                out += p
            else:
                out += ", " + p
        return out

    def posts(self, conds):
        return self.join([self.rng.choice(c.post) for c in conds])

    def preds(self, conds):
        return self.join([self.rng.choice(c.pred) for c in conds], amp=False)

    def desc(self, conds, noun=None, *, use_pre=None):
        rng = self.rng
        noun = noun or rng.choice(NOUNS)
        if not conds:
            return noun
        if use_pre is None:
            use_pre = bool(conds[0].pre) and rng.random() < 0.55
        if use_pre:
            return f"{rng.choice(conds[0].pre)} {noun} {self.posts(conds[1:])}".strip()
        return f"{noun} {self.posts(conds)}"

    # ---- numeric conditions

    def num_cond(self, used):
        rng = self.rng
        measures = [
            m for m in ("tenure", "tenure", "MonthlyCharges", "TotalCharges") if m not in used
        ]
        if not measures:
            return None
        m = rng.choice(measures)
        if m == "tenure":
            return self.tenure_cond()
        if m == "MonthlyCharges":
            return self.monthly_cond()
        return self.total_cond()

    def tenure_cond(self):
        rng = self.rng
        if rng.random() < 0.35:
            op, n, post, pred = rng.choice(YEAR_PHRASES)
            return cond("tenure", op, n, post, pred)
        op = rng.choice(("gt", "ge", "lt", "le", "between"))
        if op == "between":
            a, b = sorted(rng.sample([3, 6, 12, 18, 24, 36, 48, 60], 2))
            sa, sb = self.num(a), self.num(b)
            post = [
                f"with tenure from {sa} to {sb} months inclusive",
                f"with tenure between {sa} and {sb} months (inclusive)",
                f"with {a}-{b} months of tenure (inclusive)",
            ]
            pred = [f"have tenure between {sa} and {sb} months inclusive"]
            return cond("tenure", op, (a, b), post, pred)
        n = rng.choice([3, 6, 12, 18, 24, 36, 48, 60])
        s = self.num(n)
        post, pred = {
            "gt": (
                [
                    f"with tenure over {s} months",
                    f"who've been with us more than {s} months",
                    f"with more than {s} months of tenure",
                    f"with tenure > {n}",
                ],
                [f"have been with us more than {s} months", f"have tenure over {s} months"],
            ),
            "ge": (
                [
                    f"with at least {s} months' tenure",
                    f"with tenure of {n}+ months",
                    f"with tenure >= {n}",
                    f"who have been customers for {s} months or more",
                ],
                [
                    f"have at least {s} months of tenure",
                    f"have been customers {s} months or longer",
                ],
            ),
            "lt": (
                [
                    f"with under {s} months of tenure",
                    f"with tenure below {s} months",
                    f"with fewer than {s} months on the books",
                    f"with tenure < {n}",
                ],
                [f"have less than {s} months of tenure", f"have been with us under {s} months"],
            ),
            "le": (
                [
                    f"with tenure of {s} months or less",
                    f"with at most {s} months tenure",
                    f"with tenure <= {n}",
                ],
                [f"have {s} months of tenure or less"],
            ),
        }[op]
        return cond("tenure", op, n, post, pred)

    def monthly_cond(self):
        rng = self.rng
        col = "MonthlyCharges"
        op = rng.choice(("gt", "gt", "ge", "lt", "lt", "le", "between"))
        if op == "between":
            a, b = sorted(rng.sample([30, 40, 50, 60, 70, 80, 90, 100], 2))
            fmt = self.money_fmt(col)
            ma, mb = fmt(a), fmt(b)
            if self.exact(col, a) or self.exact(col, b):
                post = [
                    f"paying between {ma} and {mb} a month inclusive",
                    f"with monthly charges from {ma} to {mb} (inclusive)",
                ]
                pred = [f"pay from {ma} to {mb} a month, inclusive"]
            else:
                post = [
                    f"paying between {ma} and {mb} a month",
                    f"with monthly charges between {ma} and {mb}",
                    f"on monthly bills of ${a}-${b}",
                ]
                pred = [f"pay between {ma} and {mb} a month"]
            return cond(col, op, (a, b), post, pred)
        x = rng.choice([25, 30, 40, 50, 60, 70, 75, 80, 90, 100, 110])
        s = self.money(x, col)
        post, pred = {
            "gt": (
                [
                    f"paying over {s} a month",
                    f"with monthly charges above {s}",
                    f"with a monthly bill of more than {s}",
                    f"with MonthlyCharges > {x}",
                    f"paying more than {s}/mo",
                ],
                [f"pay more than {s} a month", f"have monthly charges over {s}"],
            ),
            "ge": (
                [f"paying {s} or more a month", f"with monthly charges of at least {s}"],
                [f"pay at least {s} a month"],
            ),
            "lt": (
                [
                    f"paying under {s} a month",
                    f"with monthly charges below {s}",
                    f"with a monthly bill less than {s}",
                    f"paying less than {s} p/m",
                ],
                [f"pay less than {s} per month", f"have monthly charges under {s}"],
            ),
            "le": (
                [f"paying {s} or less a month", f"with monthly charges of at most {s}"],
                [f"pay no more than {s} a month"],
            ),
        }[op]
        return cond(col, op, x, post, pred)

    def total_cond(self):
        rng = self.rng
        col = "TotalCharges"
        op = rng.choice(("gt", "gt", "ge", "lt", "between"))
        if op == "between":
            a, b = sorted(rng.sample([500, 1000, 1500, 2000, 3000, 4000, 5000, 6000], 2))
            if self.exact(col, a) or self.exact(col, b):
                return None
            fmt = self.money_fmt(col)
            ma, mb = fmt(a), fmt(b)
            post = [
                f"with total charges between {ma} and {mb}",
                f"who've been billed ${a:,}-${b:,} in total",
            ]
            pred = [f"have been billed between {ma} and {mb} in total"]
            return cond(col, op, (a, b), post, pred)
        x = rng.choice([500, 1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000, 6000])
        s = self.money(x, col)
        post, pred = {
            "gt": (
                [
                    f"with total charges above {s}",
                    f"who've been billed more than {s} in total",
                    f"with lifetime charges over {s}",
                    f"with TotalCharges > {x}",
                    f"who've spent over {s} with us",
                ],
                [f"have total charges over {s}", f"have been billed more than {s} in total"],
            ),
            "ge": (
                [f"with total charges of at least {s}", f"with lifetime charges of {s} or more"],
                [f"have been billed at least {s} in total"],
            ),
            "lt": (
                [
                    f"with recorded total charges under {s}",
                    f"with a (non-blank) total charges value below {s}",
                ],
                [f"have recorded total charges below {s}"],
            ),
        }[op]
        return cond(col, op, x, post, pred)

    # ---- picking filters

    def draw(self, used, *, pre=False, churn=False, num=True, positive=False):
        rng = self.rng
        for _ in range(40):
            r = rng.random()
            if pre:
                c = rng.choice(self.pre_pool)
            elif churn and r < 0.15:
                c = rng.choice((CHURNED, RETAINED))
            elif num and r < 0.45:
                c = self.num_cond(used)
            else:
                c = rng.choice(self.cats)
            if c is None or c.col in used or (positive and c.op not in POSITIVE):
                continue
            return c
        return None

    def pick(
        self, n, *, pre=False, churn=False, exclude=(), hidden=(), ex=False, prop=None, share=False
    ):
        """Draw n filter conditions (+ an excluded one, + a property) that pass every rule."""
        for _ in range(80):
            used = set(exclude) | {h.col for h in hidden}
            cs = []
            for i in range(n):
                c = self.draw(used, pre=pre and i == 0, churn=churn)
                if c is None:
                    break
                used.add(c.col)
                cs.append(c)
            if len(cs) < n:
                continue
            exc = None
            if ex:
                exc = self.draw(used, positive=True)
                if exc is None:
                    continue
                used.add(exc.col)
            prp = None
            if prop is not None:
                prp = prop if isinstance(prop, Cond) else self.draw(used)
                if prp is None or prp.col in used:
                    continue
            sel = Sel(cs, tuple(hidden), exc, prp, share=share and prp is not None)
            if self.valid(sel):
                return sel
        return None

    def valid(self, sel):
        hidden = list(sel.hidden)
        own = list(sel.conds)
        if sel.prop is not None and not sel.share:
            own.append(sel.prop)
        full = self.mask(own + hidden, sel.ex)
        if full.sum() < MIN_GROUP:
            return False
        for i in range(len(own)):
            rest = self.mask(own[:i] + own[i + 1 :] + hidden, sel.ex)
            if not (rest & ~full).any():
                return False
        if sel.ex is not None and not (self.mask(own + hidden) & ~full).any():
            return False
        if sel.share:
            p = int((full & cmask(self.df, sel.prop)).sum())
            if not 0 < p < int(full.sum()):
                return False
        return True

    def group_conds(self, sel):
        own = list(sel.conds)
        if sel.prop is not None and not sel.share:
            own.append(sel.prop)
        return own + list(sel.hidden)

    # ---- rendering

    def render(self, frame, sel, extra=None):
        rng = self.rng
        cs = sel.conds if sel else []
        noun = rng.choice(NOUNS)
        ph = {"noun": noun, "mw": "", "pre": "", "ex": "", "prop": ""}
        if "{pre}" in frame and cs:
            ph["pre"] = rng.choice(cs[0].pre)
            ph["posts"] = self.posts(cs[1:])
        else:
            ph["posts"] = self.posts(cs)
        ph["desc"] = self.desc(cs, noun)
        ph["preds"] = self.preds(cs)
        if sel and sel.ex is not None:
            ph["ex"] = rng.choice(sel.ex.post)
        if sel and sel.prop is not None:
            ph["prop"] = rng.choice(sel.prop.pred)
        ph.update(extra or {})
        text = clean(frame.format(**ph))
        r = rng.random()
        if r < 0.12:
            text = text.lower()
        elif r < 0.2 and text.endswith("?"):
            text = text[:-1]
        return text

    def frame_for(self, frames, n):
        frames = (frames,) if isinstance(frames, str) else frames
        usable = [f for f in frames if ("{desc}" in f or "{posts}" in f or "{pre}" in f) == (n > 0)]
        return self.rng.choice(usable or list(frames))

    # ---- metrics

    def simple(self, metric, frames, o):
        rng = self.rng
        n = rng.choice(o.get("n", (1, 1, 2, 2, 3)))
        frame = self.frame_for(frames, n)
        if not any(slot in frame for slot in ("{desc}", "{posts}", "{pre}", "{preds}", "{ex}")):
            n = 0  # a frame that names no conditions counts everyone (its hidden ones aside)
        hidden = HIDDEN.get(o.get("hidden"), ())
        m = rng.choice(o.get("measures", MEASURES)) if metric in AGG else None
        prop = o.get("prop", "any") if "{prop}" in frame else None
        sel = self.pick(
            n,
            pre="{pre}" in frame,
            churn=metric in AGG and not hidden and o.get("churn", True),
            exclude=(m,) if m else (),
            hidden=hidden,
            ex="{ex}" in frame,
            prop=prop,
            share=metric == "share",
        )
        if sel is None:
            return None
        conds = self.group_conds(sel)
        g = self.df[self.mask(conds, sel.ex)]
        ge = self.gexpr(conds, sel.ex)
        extra = {"mw": rng.choice(MEASURE_WORDS[m])} if m else {}
        if metric == "count":
            gold, note = [g_count(len(g))], f"len({ge})"
        elif metric == "churned":
            gold, note = [g_count(g["Churn"].sum())], f"{ge}['Churn'].sum()"
        elif metric == "churn_rate":
            gold, note = [g_pct(g["Churn"].mean())], f"{ge}['Churn'].mean()"
        elif metric == "share":
            base = self.mask(conds, sel.ex)
            val = cmask(self.df, sel.prop)[base].mean()
            me = self.mexpr(conds, sel.ex)
            note = f"({cexpr(sel.prop)})" + (f"[{me}]" if me else "") + ".mean()"
            gold = [g_pct(val)]
        else:
            val = getattr(g[m].dropna(), metric)()
            gold, note = [g_amt(val)], f"{ge}[{m!r}].{metric}()"
        return self.render(frame, sel, extra), gold, note

    def col_words(self, col):
        sing, plural = COL_WORDS[col]
        return {"col": self.rng.choice(sing), "cols": self.rng.choice(plural)}

    def level_stats(self, g, col, stat, m, levels):
        sizes = g[col].value_counts()
        if any(sizes.get(lv, 0) < MIN_GROUP for lv in levels):
            return None
        grp = g[g[col].isin(levels)].groupby(col)
        if stat == "count":
            vals = grp.size()
        elif stat == "retention":
            vals = 1 - grp["Churn"].mean()
        elif stat in ("rate", "churned"):
            vals = getattr(grp["Churn"], "mean" if stat == "rate" else "sum")()
        else:
            vals = getattr(grp[m], stat)()
        return vals.reindex(list(levels))

    @staticmethod
    def stat_expr(ge, col, stat, m):
        by = f"{ge}.groupby({col!r})"
        return {
            "rate": f"{by}['Churn'].mean()",
            "retention": f"(1 - {by}['Churn'].mean())",
            "count": f"{by}.size()",
            "churned": f"{by}['Churn'].sum()",
            "mean": f"{by}[{m!r}].mean()",
            "median": f"{by}[{m!r}].median()",
            "sum": f"{by}[{m!r}].sum()",
        }[stat]

    def grouped_setup(self, frames, o, cols):
        rng = self.rng
        col = rng.choice(o.get("cols", cols))
        stat = o["stat"]
        m = rng.choice(o["measures"]) if stat in ("mean", "median", "sum") else None
        n = rng.choice(o.get("n", (0,)))
        frame = self.frame_for(frames, n)
        if not any(slot in frame for slot in ("{desc}", "{posts}", "{pre}", "{preds}", "{ex}")):
            n = 0  # a frame that names no conditions counts everyone (its hidden ones aside)
        hidden = HIDDEN.get(o.get("hidden"), ())
        churn_ok = stat not in ("rate", "retention", "churned") and not hidden
        sel = self.pick(
            n, pre="{pre}" in frame, churn=churn_ok, exclude=(col, m or ""), hidden=hidden
        )
        if sel is None:
            return None
        conds = self.group_conds(sel)
        return col, stat, m, frame, sel, self.df[self.mask(conds)], self.gexpr(conds)

    def rank(self, frames, o):
        rng = self.rng
        setup = self.grouped_setup(frames, o, RANK_COLS)
        if setup is None:
            return None
        col, stat, m, frame, sel, g, ge = setup
        levels = LEVELS[col]
        extra = self.col_words(col)
        if "{levels}" in frame:
            levels = tuple(sorted(rng.sample(levels, rng.randint(2, len(levels)))))
            names = [rng.choice(LEVEL_WORDS[(col, lv)]) for lv in levels]
            extra["levels"] = ", ".join(names[:-1]) + " or " + names[-1]
        k = rng.choice(o.get("k", (1,)))
        if k >= len(levels):
            return None
        vals = self.level_stats(g, col, stat, m, levels)
        if vals is None:
            return None
        asc = o.get("dir", "high") == "low"
        order = vals.sort_values(ascending=asc, kind="stable")
        gap = RATE_GAP if stat in ("rate", "retention") else UNIT_GAP
        for i in range(k):
            if abs(order.iloc[i] - order.iloc[i + 1]) < gap:
                return None
        gold = []
        for lv, v in order.iloc[:k].items():
            gold += [g_label(lv), STAT_GOLD[stat](v)]
        extra["k"] = self.num(k) if rng.random() < 0.5 else str(k)
        sub = f".loc[{list(levels)!r}]" if len(levels) < len(LEVELS[col]) else ""
        note = f"{self.stat_expr(ge, col, stat, m)}{sub}.sort_values(ascending={asc}).head({k})"
        return self.render(frame, sel, extra), gold, note

    def breakdown(self, frames, o):
        setup = self.grouped_setup(frames, o, BD_COLS)
        if setup is None:
            return None
        col, stat, m, frame, sel, g, ge = setup
        vals = self.level_stats(g, col, stat, m, LEVELS[col])
        if vals is None:
            return None
        gold = []
        for lv, v in vals.items():
            gold += [g_label(lv), STAT_GOLD[stat](v)]
        return self.render(frame, sel, self.col_words(col)), gold, self.stat_expr(ge, col, stat, m)

    def sides(self, mode):
        rng = self.rng
        if mode == "churn":
            return CHURNED, RETAINED, {}
        if mode == "service":
            col = rng.choice(SVC_COLS)
            yes = next(c for c in self.by_col[col] if c.op == "eq" and c.val == "Yes")
            no = next((c for c in self.by_col[col] if c.op == "ne"), None)
            no = no or next(c for c in self.by_col[col] if c.op == "eq" and c.val == "No")
            return yes, no, {"svc": SVC_WORDS[col]}
        if mode == "num":
            return self.num_split()
        col = rng.choice(DIFF_COLS)
        a, b = rng.sample(self.by_col[col], 2)
        if (cmask(self.df, a) & cmask(self.df, b)).any():
            return None
        return a, b, {}

    def num_split(self):
        rng = self.rng
        if rng.random() < 0.6:
            n = rng.choice([6, 12, 24, 36, 48])
            s = self.num(n)
            a = cond("tenure", "gt", n, [f"with more than {s} months of tenure"], [])
            b = cond(
                "tenure",
                "le",
                n,
                [f"with {s} months of tenure or less", f"with tenure of {s} months or under"],
                [],
            )
            return a, b, {}
        x = rng.choice([40, 50, 60, 70, 80, 90, 100])
        s = self.money(x, "MonthlyCharges")
        a = cond("MonthlyCharges", "gt", x, [f"paying more than {s} a month"], [])
        b = cond("MonthlyCharges", "le", x, [f"paying {s} or less a month"], [])
        return a, b, {}

    def difference(self, frames, o):
        rng = self.rng
        mode = o.get("mode", "levels")
        if mode == "num" and rng.random() < 0.4:
            mode = "levels"
        picked = self.sides(mode)
        if picked is None:
            return None
        a, b, extra = picked
        m = rng.choice(o["measures"]) if o["stat"] == "mean" else None
        n = rng.choice(o.get("n", (0,)))
        frame = self.frame_for(frames, n)
        sel = self.pick(n, exclude=(a.col, b.col, m or ""))
        if sel is None:
            return None
        base = sel.conds
        ga = self.df[self.mask([*base, a])]
        gb = self.df[self.mask([*base, b])]
        if min(len(ga), len(gb)) < MIN_GROUP:
            return None
        col = "Churn" if m is None else m
        va, vb = ga[col].mean(), gb[col].mean()
        if o.get("higher") and va < vb:
            a, b, va, vb = b, a, vb, va
        if va == vb:
            return None
        ea, eb = self.gexpr([*base, a]), self.gexpr([*base, b])
        note = f"abs({ea}[{col!r}].mean() - {eb}[{col!r}].mean())"
        extra |= {
            "A": self.desc([a]),
            "B": self.desc([b]),
            "pA": rng.choice(a.post),
            "pB": rng.choice(b.post),
        }
        if m:
            extra["mw"] = rng.choice(MEASURE_WORDS[m])
        gold = [g_pct(abs(va - vb))] if m is None else [g_amt(abs(va - vb))]
        return self.render(frame, sel, extra), gold, note

    def refuse(self, frames, o):
        frames = (frames,) if isinstance(frames, str) else frames
        frame = self.rng.choice(frames)
        sel = None
        if "{desc}" in frame or "{posts}" in frame:
            sel = self.pick(self.rng.choice((1, 1, 2)))
            if sel is None:
                return None
        return self.render(frame, sel), [], "not recorded in the table: refuse"

    def one(self, metric, frames, o):
        if metric == "rank":
            return self.rank(frames, o)
        if metric == "breakdown":
            return self.breakdown(frames, o)
        if metric == "difference":
            return self.difference(frames, o)
        if metric == "refuse":
            return self.refuse(frames, o)
        return self.simple(metric, frames, o)


# --------------------------------------------------------------------------------------------


def load(csv):
    df = pd.read_csv(csv, dtype={"SeniorCitizen": str})
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"].astype(str).str.strip().replace("", None))
    df["Churn"] = (df["Churn"] == "Yes").astype(int)
    for col, levels in LEVELS.items():
        assert set(df[col].unique()) == set(levels), col
    return df


def generate(df, seed=SEED):
    gen = Gen(df, seed)
    rows, seen = [], set()
    for tid, metric, frames, opts in TEMPLATES:
        want = PER_TEMPLATE.get(metric, DEFAULT_PER_TEMPLATE)
        got = 0
        for _ in range(want * 60):
            if got >= want:
                break
            made = gen.one(metric, frames, opts)
            if made is None:
                continue
            question, gold, note = made
            key = question.lower().rstrip("?. ")
            if key in seen:
                continue
            seen.add(key)
            got += 1
            rows.append(
                {
                    "question": question,
                    "expect": "refuse" if metric == "refuse" else "answer",
                    "metric": metric,
                    "gold": gold,
                    "note": note,
                    "template": f"t3-{tid}",
                }
            )
    gen.rng.shuffle(rows)
    return [{"id": f"t3-{i:04d}", **r} for i, r in enumerate(rows, 1)]


def default_csv():
    from retention_agents.io.warehouse import telco_csv

    return telco_csv()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", default=None, help="the Telco CSV (default: telco_csv())")
    ap.add_argument("--out", default=str(Path(__file__).with_name("tuning3.jsonl")))
    args = ap.parse_args(argv)
    df = load(args.csv or default_csv())
    rows = generate(df)
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    by_metric = Counter(r["metric"] for r in rows)
    templates = {}
    for r in rows:
        templates.setdefault(r["metric"], set()).add(r["template"])
    print(f"wrote {len(rows)} questions, {len({r['template'] for r in rows})} templates")
    for metric, n in sorted(by_metric.items()):
        print(f"  {metric:11s} {n:4d} questions  {len(templates[metric]):3d} templates")
    for tid, n in sorted(Counter(r["template"] for r in rows).items()):
        print(f"  {tid} {n}")


if __name__ == "__main__":
    main()
