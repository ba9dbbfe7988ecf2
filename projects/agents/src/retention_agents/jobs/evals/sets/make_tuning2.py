# mypy: ignore-errors
# (standalone data-generation script: untyped helpers and closures by design)
"""Generate tuning2.jsonl: ~700 business-style questions over the IBM Telco churn table.

Gold answers are computed with pandas.

Standalone (pandas + random, fixed seed). Run:
    python make_tuning2.py [--csv PATH] [--out PATH]
Without --csv the CSV path comes from retention_agents.io.warehouse.telco_csv() (or $TELCO_CSV).

Gold conventions: percent = fraction 0-1 (4 decimals), count = int, amount = float (2 decimals),
label = level string as in the data contract. Blank TotalCharges are NaN (excluded from aggregates,
never satisfy a numeric condition). Tenure is in months. Every group a question is computed on
(filter group, each level of a breakdown/ranking, each side of a difference) has >= 30 customers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from collections import Counter
from pathlib import Path

import pandas as pd

SEED = 20240611
MIN_GROUP = 30
HERE = Path(__file__).resolve().parent

rng = random.Random(SEED)  # noqa: S311 - reproducible sampling, not crypto


def pick(seq):
    return rng.choice(list(seq))


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------


def load(csv: str) -> pd.DataFrame:
    df = pd.read_csv(csv, dtype={"SeniorCitizen": str})
    tc = df["TotalCharges"].astype(str).str.strip()
    df["TotalCharges"] = pd.to_numeric(tc.where(tc != ""), errors="coerce")
    df["SeniorCitizen"] = df["SeniorCitizen"].astype(str).str.strip()
    df["Churn"] = (df["Churn"].astype(str).str.strip() == "Yes").astype(int)
    return df


LEVELS = {
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

# --------------------------------------------------------------------------------------------
# conditions: key -> family (column), pandas expression, phrase forms
#   post: after a plural noun ("customers ___"); vp: plural verb phrase ("how many customers ___")
#   pre: adjective before the noun ("___ customers")
# --------------------------------------------------------------------------------------------

CONDS: dict[str, dict] = {}


def add(key, fam, expr, post, vp=(), pre=()):
    CONDS[key] = dict(key=key, fam=fam, expr=expr, post=list(post), vp=list(vp), pre=list(pre))


def eq(col, val):
    return f"df['{col}'] == '{val}'"


add(
    "female",
    "gender",
    eq("gender", "Female"),
    ["who are women", "who are female"],
    ["are women", "are female"],
    ["female"],
)
add(
    "male",
    "gender",
    eq("gender", "Male"),
    ["who are men", "who are male"],
    ["are men", "are male"],
    ["male"],
)
add(
    "senior",
    "SeniorCitizen",
    eq("SeniorCitizen", "1"),
    ["who are senior citizens", "who are seniors"],
    ["are senior citizens", "are seniors"],
    ["senior", "senior-citizen"],
)
add(
    "nonsenior",
    "SeniorCitizen",
    eq("SeniorCitizen", "0"),
    ["who aren't senior citizens", "who are not seniors"],
    ["aren't senior citizens", "are not seniors"],
    ["non-senior"],
)
add(
    "partner_y",
    "Partner",
    eq("Partner", "Yes"),
    ["with a partner", "who have a partner"],
    ["have a partner"],
    ["partnered"],
)
add(
    "partner_n",
    "Partner",
    eq("Partner", "No"),
    ["without a partner", "with no partner"],
    ["don't have a partner", "have no partner"],
)
add(
    "dep_y",
    "Dependents",
    eq("Dependents", "Yes"),
    ["with dependents", "who have dependents"],
    ["have dependents", "have kids or other dependents"],
)
add(
    "dep_n",
    "Dependents",
    eq("Dependents", "No"),
    ["without dependents", "with no dependents"],
    ["have no dependents", "don't have any dependents"],
)
add(
    "phone_y",
    "PhoneService",
    eq("PhoneService", "Yes"),
    ["with phone service", "who have a phone line"],
    ["have phone service", "subscribe to phone service"],
)
add(
    "phone_n",
    "PhoneService",
    eq("PhoneService", "No"),
    ["without phone service", "with no phone service"],
    ["don't have phone service", "have no phone line"],
)
add(
    "ml_y",
    "MultipleLines",
    eq("MultipleLines", "Yes"),
    ["with multiple lines", "who have multiple phone lines"],
    ["have multiple lines", "have more than one phone line"],
)
add(
    "ml_n",
    "MultipleLines",
    "df['MultipleLines'] != 'Yes'",
    ["without multiple lines"],
    ["don't have multiple lines"],
)
add(
    "dsl",
    "InternetService",
    eq("InternetService", "DSL"),
    ["on DSL", "with DSL internet"],
    ["are on DSL", "have DSL internet"],
    ["DSL"],
)
add(
    "fiber",
    "InternetService",
    eq("InternetService", "Fiber optic"),
    ["on fiber", "on fiber optic", "with fiber-optic internet", "with fiber broadband"],
    ["are on fiber optic", "have fiber internet", "use fiber"],
    ["fiber", "fiber-optic"],
)
add(
    "nonet",
    "InternetService",
    eq("InternetService", "No"),
    ["without internet service", "with no internet service"],
    ["don't have internet service", "have no internet"],
)
add(
    "hasnet",
    "InternetService",
    "df['InternetService'] != 'No'",
    ["with internet service", "who have internet (DSL or fiber)"],
    ["have internet service", "have some kind of internet (DSL or fiber)"],
)
ADDONS = {
    "OnlineSecurity": ["online security"],
    "OnlineBackup": ["online backup"],
    "DeviceProtection": ["device protection"],
    "TechSupport": ["tech support", "technical support"],
    "StreamingTV": ["streaming TV", "TV streaming"],
    "StreamingMovies": ["streaming movies", "movie streaming"],
}
for col, names in ADDONS.items():
    add(
        f"{col}_y",
        col,
        eq(col, "Yes"),
        [f"{w} {s}" for s in names for w in ("with", "who have", "who subscribe to")],
        [f"{w} {s}" for s in names for w in ("have", "subscribe to", "pay for")],
    )
    add(
        f"{col}_n",
        col,
        f"df['{col}'] != 'Yes'",
        [f"{w} {s}" for s in names for w in ("without", "who don't have", "who lack")],
        [f"{w} {s}" for s in names for w in ("don't have", "lack", "go without")],
    )
add(
    "mtm",
    "Contract",
    eq("Contract", "Month-to-month"),
    ["on month-to-month contracts", "on a month-to-month contract", "on monthly rolling contracts"],
    ["are on month-to-month contracts", "are on a month-to-month plan"],
    ["month-to-month"],
)
add(
    "one",
    "Contract",
    eq("Contract", "One year"),
    ["on one-year contracts", "on annual contracts", "on a 12-month contract"],
    ["are on one-year contracts", "have an annual contract"],
    ["one-year-contract", "annual-contract"],
)
add(
    "two",
    "Contract",
    eq("Contract", "Two year"),
    ["on two-year contracts", "on 2-year contracts", "on a 24-month contract"],
    ["are on two-year contracts", "have a two-year contract"],
    ["two-year-contract"],
)
add(
    "longterm",
    "Contract",
    "df['Contract'].isin(['One year', 'Two year'])",
    ["on one- or two-year contracts", "on a one- or two-year contract"],
    ["are on a one- or two-year contract"],
)
add(
    "paperless_y",
    "PaperlessBilling",
    eq("PaperlessBilling", "Yes"),
    ["on paperless billing", "who use paperless billing"],
    ["use paperless billing", "have paperless billing"],
)
add(
    "paperless_n",
    "PaperlessBilling",
    eq("PaperlessBilling", "No"),
    ["who still get paper bills", "on paper billing"],
    ["get paper bills", "don't use paperless billing"],
)
add(
    "echeck",
    "PaymentMethod",
    eq("PaymentMethod", "Electronic check"),
    ["paying by electronic check", "who pay by e-check", "who pay by electronic check"],
    ["pay by electronic check", "use e-check", "pay with an electronic check"],
)
add(
    "mailed",
    "PaymentMethod",
    eq("PaymentMethod", "Mailed check"),
    ["paying by mailed check", "who pay by check in the mail", "who mail in a check"],
    ["pay by mailed check", "mail in a check", "pay by check through the mail"],
)
add(
    "bank",
    "PaymentMethod",
    eq("PaymentMethod", "Bank transfer (automatic)"),
    ["paying by bank transfer", "who pay by automatic bank transfer"],
    ["pay by bank transfer", "pay via automatic bank transfer"],
)
add(
    "card",
    "PaymentMethod",
    eq("PaymentMethod", "Credit card (automatic)"),
    ["paying by credit card", "who pay by credit card"],
    ["pay by credit card", "use automatic credit card payments"],
)
add(
    "autopay",
    "PaymentMethod",
    "df['PaymentMethod'].isin(['Bank transfer (automatic)', 'Credit card (automatic)'])",
    ["on autopay", "who pay automatically (bank transfer or credit card)", "on automatic payment"],
    ["use autopay", "pay automatically by bank transfer or credit card", "are on autopay"],
)
add(
    "manual",
    "PaymentMethod",
    "df['PaymentMethod'].isin(['Electronic check', 'Mailed check'])",
    ["not on autopay", "who pay by check (electronic or mailed)"],
    ["aren't on autopay", "pay by electronic or mailed check"],
)
add(
    "churned",
    "Churn",
    "df['Churn'] == 1",
    [
        "who churned",
        "who left",
        "who have cancelled",
        "who quit",
        "that have churned",
        "who canceled",
    ],
    ["churned", "left", "cancelled", "quit"],
    ["churned", "former", "lost"],
)
add(
    "stayed",
    "Churn",
    "df['Churn'] == 0",
    ["who stayed", "who are still active", "who haven't churned", "who didn't leave"],
    ["stayed", "are still with us", "haven't churned"],
    ["retained", "non-churned"],
)

# numeric conditions -----------------------------------------------------------------------------
OPS = {">": ">", ">=": ">=", "<": "<", "<=": "<="}


def num_expr(col, op, val):
    if op == "between":
        lo, hi = val
        return f"df['{col}'].between({lo}, {hi})"
    return f"df['{col}'] {op} {val}"


TENURE = [
    (">", 12, ["more than a year", "more than 12 months", "over a year", "longer than a year"]),
    (">", 24, ["more than 2 years", "more than 24 months", "over two years"]),
    (">=", 12, ["at least 12 months", "at least a year", "a year or more"]),
    ("<", 6, ["less than 6 months", "under six months"]),
    ("<", 12, ["less than a year", "under 12 months"]),
    ("<=", 3, ["3 months or less", "no more than 3 months"]),
    (">=", 60, ["at least 5 years", "60 months or more"]),
    (">=", 48, ["4 years or more", "at least 48 months"]),
    (">", 36, ["more than 3 years", "over 36 months"]),
    (">=", 24, ["at least two years", "24 months or more"]),
    ("<=", 12, ["12 months or less", "a year or less"]),
    ("between", (12, 24), ["between 12 and 24 months (inclusive)"]),
    ("between", (24, 48), ["between 24 and 48 months (inclusive)"]),
]
for i, (op, val, txt) in enumerate(TENURE):
    add(
        f"ten{i}",
        "tenure",
        num_expr("tenure", op, val),
        [f"who have been with us for {t}" for t in txt] + [f"with a tenure of {t}" for t in txt],
        [f"have been with us for {t}" for t in txt] + [f"have been customers for {t}" for t in txt],
    )
# extra tenure keys used as contrast pairs in differences
add(
    "ten_gt24",
    "tenure",
    "df['tenure'] > 24",
    ["who have been with us for more than 2 years"],
    ["have been with us for more than 2 years"],
)
add(
    "ten_le24",
    "tenure",
    "df['tenure'] <= 24",
    ["who have been with us for 2 years or less"],
    ["have been with us for 2 years or less"],
)
add(
    "ten_ge12",
    "tenure",
    "df['tenure'] >= 12",
    ["with a tenure of at least 12 months"],
    ["have a tenure of at least 12 months"],
)
add(
    "ten_lt12",
    "tenure",
    "df['tenure'] < 12",
    ["with a tenure of under 12 months"],
    ["have a tenure of under 12 months"],
)

MONTHLY = [
    ("<", 30, ["under $30 a month", "less than $30 per month"], ["under $30", "below $30"]),
    (">", 100, ["more than $100 a month", "over $100 per month"], ["over $100", "more than $100"]),
    (">=", 80, ["at least $80 a month", "$80 or more a month"], ["at least $80", "$80 or more"]),
    (">", 70, ["more than $70 a month"], ["above $70"]),
    ("<=", 50, ["$50 a month or less", "no more than $50 a month"], ["$50 or less", "at most $50"]),
    ("between", (55, 75), ["between $55 and $75 a month"], ["between $55 and $75"]),
    ("between", (30, 60), ["between $30 and $60 a month"], ["between $30 and $60"]),
    ("<", 25, ["less than $25 a month"], ["under $25"]),
    (">", 90, ["over $90 a month"], ["more than $90"]),
]
TOTAL = [
    (">", 5000, ["more than $5,000", "over 5,000 dollars"]),
    (">=", 2000, ["at least 2,000 dollars", "$2,000 or more"]),
    ("between", (1000, 2000), ["between 1,000 and 2,000 dollars", "between $1,000 and $2,000"]),
    (">", 1000, ["more than $1,000", "over 1,000 dollars"]),
    ("between", (500, 1500), ["between $500 and $1,500"]),
    (">=", 6000, ["at least $6,000"]),
    (">", 3000, ["more than 3,000 dollars", "over $3,000"]),
]


def setup_numeric(df):
    mc = df["MonthlyCharges"]
    for i, (op, val, pay0, amt0) in enumerate(MONTHLY):
        pay, amt = pay0, amt0
        if op == "between" and ((mc == val[0]).any() or (mc == val[1]).any()):
            pay = [p + " (inclusive)" for p in pay0]
            amt = [a + " (inclusive)" for a in amt0]
        add(
            f"mc{i}",
            "MonthlyCharges",
            num_expr("MonthlyCharges", op, val),
            [f"paying {p}" for p in pay]
            + [f"whose monthly charges are {a}" for a in amt]
            + [f"whose monthly bill is {a}" for a in amt],
            [f"pay {p}" for p in pay] + [f"are billed {p}" for p in pay],
        )
    tc = df["TotalCharges"]
    for i, (op, val, amt) in enumerate(TOTAL):
        if op == "between":
            assert not ((tc == val[0]).any())
            assert not ((tc == val[1]).any())
        add(
            f"tc{i}",
            "TotalCharges",
            num_expr("TotalCharges", op, val),
            [f"with {a} in total charges" for a in amt]
            + [f"whose total charges are {a}" for a in amt]
            + [f"who have been billed {a} in total" for a in amt],
            [f"have {a} in total charges" for a in amt]
            + [f"have been billed {a} in total" for a in amt],
        )
    add(
        "mc_ge70",
        "MonthlyCharges",
        "df['MonthlyCharges'] >= 70",
        ["paying $70 a month or more"],
        ["pay $70 a month or more"],
    )
    add(
        "mc_lt70",
        "MonthlyCharges",
        "df['MonthlyCharges'] < 70",
        ["paying under $70 a month"],
        ["pay under $70 a month"],
    )


add(
    "missing",
    "TotalCharges",
    "df['TotalCharges'].isna()",
    [
        "whose total charges are blank",
        "with missing total charges",
        "with no total charges recorded",
    ],
    ["have blank total charges", "have no total charges recorded"],
)

# families drawn for filters (weights); keys reserved for pairs are excluded
PAIR_ONLY = {"ten_gt24", "ten_le24", "ten_ge12", "ten_lt12", "mc_ge70", "mc_lt70", "missing"}
FAM_WEIGHT = {
    "Contract": 3,
    "InternetService": 3,
    "PaymentMethod": 3,
    "tenure": 3,
    "MonthlyCharges": 3,
    "TotalCharges": 2,
    "SeniorCitizen": 2,
    "Churn": 2,
    "gender": 1,
    "Partner": 1,
    "Dependents": 1,
    "PhoneService": 1,
    "MultipleLines": 1,
    "PaperlessBilling": 1,
    "OnlineSecurity": 1,
    "OnlineBackup": 1,
    "DeviceProtection": 1,
    "TechSupport": 2,
    "StreamingTV": 1,
    "StreamingMovies": 1,
}


def fam_keys(fam):
    return [k for k, c in CONDS.items() if c["fam"] == fam and k not in PAIR_ONLY]


def draw_conds(n, exclude=(), no_churn=False):
    fams = [f for f in FAM_WEIGHT if f not in exclude and not (no_churn and f == "Churn")]
    out, used = [], set()
    while len(out) < n:
        avail = [f for f in fams if f not in used]
        if not avail:
            return None
        f = rng.choices(avail, weights=[FAM_WEIGHT[a] for a in avail])[0]
        used.add(f)
        out.append(CONDS[pick(fam_keys(f))])
    return out


def draw_n(weights):
    return rng.choices(range(len(weights)), weights=weights)[0]


# --------------------------------------------------------------------------------------------
# phrasing
# --------------------------------------------------------------------------------------------
REL = ("who ", "whose ", "that ")
PERSON = {"gender", "SeniorCitizen", "Partner", "Dependents"}


def noun():
    return pick(["customers"] * 5 + ["clients", "accounts", "subscribers"])


def group_phrase(conds, nn, allow_pre=True, no_rel=False, fixed=None):
    """Plural noun phrase naming the group: '[pre] noun post1 post2 ...'."""
    fixed = fixed or {}
    if nn == "accounts" and any(c["fam"] in PERSON for c in conds):
        nn = "customers"
    pre = None
    cands = [c for c in conds if c["pre"] and c["key"] not in fixed]
    if allow_pre and cands and nn != "accounts" and rng.random() < 0.4:
        pre = pick(cands)
    posts = []
    for c in conds:
        if c is pre:
            continue
        if c["key"] in fixed:
            posts.append(fixed[c["key"]])
            continue
        opts = c["post"]
        if no_rel:
            opts = [p for p in opts if not p.startswith(REL)]
            if not opts:
                if c["pre"] and pre is None and nn != "accounts":
                    pre = c
                    continue
                return None
        posts.append(pick(opts))
    posts.sort(key=lambda p: (p.startswith(REL), p.split()[0]))
    out, prev, had_rel = [], None, False
    for p in posts:
        lead = p.split()[0]
        if p.startswith(REL):
            out.append(("and " if had_rel else "") + p)
            had_rel = True
        else:
            out.append(("and " if lead == prev else "") + p)
        prev = lead
    head = (pick(pre["pre"]) + " " if pre else "") + nn
    return " ".join([head, *out])


def ga_phrase(conds, nn, **kw):
    if not conds:
        return pick([f"all {nn}", f"all our {nn}", "the whole customer base", "everyone"])
    return group_phrase(conds, nn, **kw)


def fixed_posts(conds):
    return {c["key"]: pick(c["post"]) for c in conds}


BRIT = [
    (r"\bfiber\b", "fibre"),
    (r"\bFiber\b", "Fibre"),
    (r"\bcheck\b", "cheque"),
    (r"\bcanceled\b", "cancelled"),
    (r"\bdependents\b", "dependants"),
    (r"\bpercent\b", "per cent"),
]
AMER = [
    (r"\bfibre\b", "fiber"),
    (r"\bcheque\b", "check"),
    (r"\bdependants\b", "dependents"),
    (r"\bper cent\b", "percent"),
]


def finish(text, lower=False):
    text = re.sub(r"\s+", " ", text).strip()
    for pat, rep in BRIT if rng.random() < 0.35 else AMER:
        text = re.sub(pat, rep, text)
    if not lower:
        text = text[0].upper() + text[1:]
    return text


# --------------------------------------------------------------------------------------------
# gold helpers and aggregates
# --------------------------------------------------------------------------------------------


def g_pct(v):
    return {"kind": "percent", "value": round(float(v), 4)}


def g_cnt(v):
    return {"kind": "count", "value": int(v)}


def g_amt(v):
    return {"kind": "amount", "value": round(float(v), 2)}


def g_lbl(s):
    return {"kind": "label", "value": str(s)}


def mask_of(df, conds):
    m = pd.Series(True, index=df.index)
    for c in conds:
        m &= eval(c["expr"], {"df": df})  # noqa: S307 - our own expressions
    return m


def mexpr(conds):
    if not conds:
        return "df"
    return "df[" + " & ".join(f"({c['expr']})" for c in conds) + "]"


MEASURE_NAMES = {
    "tenure": {
        "mean": ["average tenure", "mean tenure"],
        "median": ["median tenure"],
        "sum": ["total tenure months"],
        "noun": ["tenure", "tenure in months", "tenure (months)"],
    },
    "MonthlyCharges": {
        "mean": ["average monthly charges", "average monthly bill", "mean monthly charge"],
        "median": ["median monthly charges", "median monthly bill"],
        "sum": ["total monthly charges", "sum of monthly charges"],
        "noun": ["monthly charges", "monthly bill", "monthly charge"],
    },
    "TotalCharges": {
        "mean": ["average total charges", "mean total charges"],
        "median": ["median total charges"],
        "sum": ["sum of total charges"],
        "noun": ["total charges", "total charges to date"],
    },
}


class Agg:
    """A metric computed on a sub-frame: value(sub), gold kind, phrase, families it excludes."""

    def __init__(self, name, fn, kind, phrases, note, exclude=(), measure=None):
        self.name, self.fn, self.kind, self.phrases = name, fn, kind, phrases
        self.note, self.exclude, self.measure = note, set(exclude), measure

    def ok(self, sub):
        if len(sub) < MIN_GROUP:
            return False
        return not (
            self.measure == "TotalCharges" and sub["TotalCharges"].notna().sum() < MIN_GROUP
        )

    def gold(self, v):
        return {"percent": g_pct, "count": g_cnt, "amount": g_amt}[self.kind](v)


def agg_churn_rate():
    return Agg(
        "churn_rate",
        lambda s: s["Churn"].mean(),
        "percent",
        ["churn rate", "churn rate", "attrition rate"],
        "['Churn'].mean()",
        exclude={"Churn"},
    )


def agg_count():
    return Agg(
        "count", len, "count", ["number of customers", "customer count", "headcount"], ".pipe(len)"
    )


def agg_churned():
    return Agg(
        "churned",
        lambda s: s["Churn"].sum(),
        "count",
        ["number of churned customers", "number of customers who left", "churned count"],
        "['Churn'].sum()",
        exclude={"Churn"},
    )


def agg_mean(m):
    return Agg(
        "mean",
        lambda s: s[m].mean(),
        "amount",
        MEASURE_NAMES[m]["mean"],
        f"['{m}'].mean()",
        exclude={m},
        measure=m,
    )


def agg_median(m):
    return Agg(
        "median",
        lambda s: s[m].median(),
        "amount",
        MEASURE_NAMES[m]["median"],
        f"['{m}'].median()",
        exclude={m},
        measure=m,
    )


def agg_sum_mc():
    return Agg(
        "sum",
        lambda s: s["MonthlyCharges"].sum(),
        "amount",
        MEASURE_NAMES["MonthlyCharges"]["sum"],
        "['MonthlyCharges'].sum()",
        exclude={"MonthlyCharges"},
        measure="MonthlyCharges",
    )


def agg_share(df, nn):
    prop = draw_conds(1, exclude={"Churn"})[0]
    vp = pick(prop["vp"])
    if nn == "accounts" and prop["fam"] in PERSON:
        nn = "customers"
    return Agg(
        "share",
        lambda s: eval(prop["expr"], {"df": s}).mean(),  # noqa: S307
        "percent",
        [f"share of {nn} who {vp}", f"percentage of {nn} who {vp}"],
        f".pipe(lambda df: ({prop['expr']}).mean())",
        exclude={prop["fam"]},
    )


def random_agg(df, nn, allowed):
    name = pick(allowed)
    m = pick(["tenure", "MonthlyCharges", "MonthlyCharges", "TotalCharges"])
    return {
        "churn_rate": agg_churn_rate,
        "count": agg_count,
        "churned": agg_churned,
        "mean": lambda: agg_mean(m),
        "median": lambda: agg_median(m),
        "sum": agg_sum_mc,
        "share": lambda: agg_share(df, nn),
    }[name]()


# column phrases for distribution / breakdown / ranking
COLPH = {
    "Contract": [("contract type", "contract types"), ("contract", "contracts")],
    "PaymentMethod": [("payment method", "payment methods")],
    "InternetService": [
        ("internet service type", "internet service types"),
        ("internet type", "internet types"),
    ],
    "gender": [("gender", "genders")],
    "SeniorCitizen": [("senior citizen flag", "senior citizen flag values")],
    "Partner": [("partner status", "partner statuses")],
    "Dependents": [("dependents status", "dependents statuses")],
    "PaperlessBilling": [("paperless billing setting", "paperless billing settings")],
    "PhoneService": [("phone service status", "phone service statuses")],
    "MultipleLines": [("multiple lines status", "multiple lines statuses")],
    "TechSupport": [("tech support status", "tech support statuses")],
    "OnlineSecurity": [("online security status", "online security statuses")],
    "OnlineBackup": [("online backup status", "online backup statuses")],
    "DeviceProtection": [("device protection status", "device protection statuses")],
    "StreamingTV": [("streaming TV status", "streaming TV statuses")],
    "StreamingMovies": [("streaming movies status", "streaming movies statuses")],
}
SPLIT_W = {
    "Contract": 5,
    "PaymentMethod": 5,
    "InternetService": 5,
    "gender": 2,
    "SeniorCitizen": 1,
    "Partner": 1,
    "Dependents": 1,
    "PaperlessBilling": 1,
    "PhoneService": 1,
    "MultipleLines": 1,
    "TechSupport": 2,
    "OnlineSecurity": 1,
    "OnlineBackup": 1,
    "DeviceProtection": 1,
    "StreamingTV": 1,
    "StreamingMovies": 1,
}
RANK_W = {
    "Contract": 5,
    "PaymentMethod": 6,
    "InternetService": 5,
    "gender": 2,
    "MultipleLines": 1,
    "TechSupport": 1,
    "OnlineSecurity": 1,
}


def draw_col(weights, min_levels=2):
    cols = [c for c in weights if len(LEVELS[c]) >= min_levels]
    return rng.choices(cols, weights=[weights[c] for c in cols])[0]


# --------------------------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------------------------
TEMPLATES: list[dict] = []


def template(tid, metric, **kw):
    def deco(fn):
        TEMPLATES.append(dict(id=tid, metric=metric, fn=fn, **kw))
        return fn

    return deco


def rec(question, metric, gold, note, expect="answer"):
    return dict(question=question, expect=expect, metric=metric, gold=gold, note=note)


# ---- count -------------------------------------------------------------------------------------
COUNT_A = [
    ("cnt01", "How many {G} do we have?"),
    ("cnt02", "How many {G} are there?"),
    ("cnt03", "Give me the number of {G}."),
    ("cnt04", "count of {G}?"),
    ("cnt05", "What's the total number of {G}?"),
    ("cnt06", "Can you tell me how many {G} we've got?"),
    ("cnt07", "Number of {G}, please."),
    ("cnt08", "Quick one: how many {G} are in the table?"),
    ("cnt09", "I need a headcount of {G}."),
    ("cnt10", "Show me how many {G} there are."),
]
for tid, pat in COUNT_A:

    def _f(df, pat=pat):
        conds = draw_conds(draw_n([1, 4, 4, 2]))
        if conds is None:
            return None
        sub = df[mask_of(df, conds)]
        if len(sub) < MIN_GROUP:
            return None
        g = group_phrase(conds, noun())
        return rec(
            finish(pat.format(G=g), lower=pat[0].islower()),
            "count",
            [g_cnt(len(sub))],
            f"len({mexpr(conds)})",
        )

    template(tid, "count")(_f)

COUNT_B = [
    ("cnt11", "Of the {G}, how many {VP}?", 1),
    ("cnt12", "Among {G}, how many {VP}?", 1),
    ("cnt13", "For {G}: how many {VP}?", 1),
    ("cnt14", "How many {G} {VP}?", 0),
    ("cnt15", "Tell me how many {G} {VP}.", 0),
]
for tid, pat, mn in COUNT_B:

    def _f(df, pat=pat, mn=mn):
        conds = draw_conds(draw_n([0, 4, 3]) if mn else draw_n([3, 4, 1]))
        if conds is None or len(conds) < mn:
            return None
        fams = {c["fam"] for c in conds}
        if rng.random() < 0.06 and "TotalCharges" not in fams:
            prop = CONDS["missing"]
        else:
            prop = draw_conds(1, exclude=fams | {"Churn"})[0]
        grp = df[mask_of(df, conds)]
        if len(grp) < MIN_GROUP:
            return None
        n = int(mask_of(df, [*conds, prop]).sum())
        if n == 0 or n == len(grp):
            return None
        g = group_phrase(conds, noun())
        return rec(
            finish(pat.format(G=g, VP=pick(prop["vp"]))),
            "count",
            [g_cnt(n)],
            f"len({mexpr([*conds, prop])})",
        )

    template(tid, "count")(_f)


@template("cnt16", "count")
def _cnt16(df):
    nn = noun()
    miss = int(df["TotalCharges"].isna().sum())
    opts = [
        (
            f"How many {nn} have a blank total charges field?",
            miss,
            "len(df[df['TotalCharges'].isna()])",
        ),
        (
            f"How many {nn} are missing a total charges value?",
            miss,
            "len(df[df['TotalCharges'].isna()])",
        ),
        (
            f"How many {nn} have no total charges recorded?",
            miss,
            "len(df[df['TotalCharges'].isna()])",
        ),
        (
            f"How many {nn} do have a total charges value on record?",
            len(df) - miss,
            "len(df[df['TotalCharges'].notna()])",
        ),
    ]
    q, v, note = pick(opts)
    return rec(finish(q), "count", [g_cnt(v)], note)


# ---- churned -----------------------------------------------------------------------------------
CHURNED = [
    ("chn01", "How many {G} have churned?", 0, False),
    ("chn02", "How many {G} left?", 0, False),
    ("chn03", "How many {G} cancelled?", 0, False),
    ("chn04", "Give me the number of churned {G}.", 0, False),
    ("chn05", "Of the {G}, how many quit?", 1, False),
    ("chn06", "How many {G} did we lose?", 0, False),
    ("chn07", "How many churners are there among {GA}?", 0, False),
    ("chn08", "How many {G} are no longer with us?", 0, False),
    ("chn09", "Among {GA}, how many have left?", 0, False),
    ("chn10", "For {GA}, what's the churned count?", 0, False),
    ("chn11", "How many {G} are marked as churned?", 0, False),
    ("chn12", "churn count for {GA}?", 0, False),
    ("chn13", "Count the {G} who cancelled.", 0, True),
]
for tid, pat, mn, norel in CHURNED:

    def _f(df, pat=pat, mn=mn, norel=norel):
        conds = draw_conds(draw_n([1, 4, 3]), no_churn=True)
        if conds is None or len(conds) < mn:
            return None
        sub = df[mask_of(df, conds)]
        if len(sub) < MIN_GROUP:
            return None
        nn = noun()
        allow_pre = "churned {G}" not in pat
        g = group_phrase(conds, nn, no_rel=norel, allow_pre=allow_pre)
        if g is None:
            return None
        ga = ga_phrase(conds, nn, allow_pre=allow_pre)
        return rec(
            finish(pat.format(G=g, GA=ga), lower=pat[0].islower()),
            "churned",
            [g_cnt(sub["Churn"].sum())],
            f"{mexpr(conds)}['Churn'].sum()",
        )

    template(tid, "churned")(_f)

# ---- churn rate --------------------------------------------------------------------------------
CHURN_RATE = [
    ("cr01", "What's the churn rate for {GA}?", 0),
    ("cr02", "What is the churn rate among {GA}?", 0),
    ("cr03", "What percentage of {G} churned?", 0),
    ("cr04", "What share of {G} have left?", 0),
    ("cr05", "churn rate for {GA}?", 0),
    ("cr06", "What proportion of {G} cancelled?", 0),
    ("cr07", "Give me the attrition rate for {GA}.", 0),
    ("cr08", "What fraction of {G} are no longer with us?", 0),
    ("cr09", "Among {GA}, what % churned?", 0),
    ("cr10", "For {GA}, what's the churn rate?", 0),
    ("cr11", "What percent of {G} have quit?", 0),
    ("cr12", "Show me the churn rate of {GA}.", 0),
    ("cr13", "What's the percentage of churners among {GA}?", 0),
    ("cr14", "Of the {G}, what proportion left us?", 1),
    ("cr15", "How bad is churn for {GA}? Give me the rate.", 0),
]
for tid, pat, mn in CHURN_RATE:

    def _f(df, pat=pat, mn=mn):
        conds = draw_conds(draw_n([1, 5, 4]), no_churn=True)
        if conds is None or len(conds) < mn:
            return None
        sub = df[mask_of(df, conds)]
        if len(sub) < MIN_GROUP:
            return None
        nn = noun()
        q = pat.format(G=group_phrase(conds, nn), GA=ga_phrase(conds, nn))
        return rec(
            finish(q, lower=pat[0].islower()),
            "churn_rate",
            [g_pct(sub["Churn"].mean())],
            f"{mexpr(conds)}['Churn'].mean()",
        )

    template(tid, "churn_rate")(_f)

# ---- share -------------------------------------------------------------------------------------
SHARE = [
    ("sh01", "What percentage of {GA} {VP}?", 0),
    ("sh02", "What share of {GA} {VP}?", 0),
    ("sh03", "What proportion of {GA} {VP}?", 0),
    ("sh04", "Among {GA}, what fraction {VP}?", 1),
    ("sh05", "Of the {G}, what percent {VP}?", 1),
    ("sh06", "For {GA}, what % {VP}?", 0),
    ("sh07", "What's the share of {N} who {VP} among {GA}?", 0),
    ("sh08", "percentage of {N} that {VP}?", -1),
    ("sh09", "Give me the percentage of {GA} who {VP}.", 0),
    ("sh11", "What fraction of all our {N} {VP}?", -1),
    ("sh14", "Within {GA}, what's the proportion that {VP}?", 1),
]
for tid, pat, mn in SHARE:

    def _f(df, pat=pat, mn=mn):
        n = 0 if mn < 0 else max(mn, draw_n([2, 4, 2]))
        conds = draw_conds(n, no_churn=rng.random() < 0.5)
        if conds is None:
            return None
        fams = {c["fam"] for c in conds}
        prop = draw_conds(1, exclude=fams | {"Churn"})[0]
        grp = df[mask_of(df, conds)]
        if len(grp) < MIN_GROUP:
            return None
        v = eval(prop["expr"], {"df": grp}).mean()  # noqa: S307
        if v in {0, 1}:
            return None
        nn = noun()
        # subject-position groups ("percentage of X who.. VP") avoid relative clauses: no misparse
        norel = pat.startswith(
            ("What percentage of", "What share of", "What proportion of", "Give me")
        )
        ga = ga_phrase(conds, nn, no_rel=norel)
        if ga is None:
            return None
        q = pat.format(G=group_phrase(conds, nn), GA=ga, N=nn, VP=pick(prop["vp"]))
        return rec(
            finish(q, lower=pat[0].islower()),
            "share",
            [g_pct(v)],
            f"{mexpr(conds)}.pipe(lambda df: ({prop['expr']}).mean())",
        )

    template(tid, "share")(_f)

STAYED = [
    ("sh10", "What's the retention rate for {GA}?"),
    ("sh12", "What share of {GA} are still with us?"),
]
for tid, pat in STAYED:

    def _f(df, pat=pat):
        conds = draw_conds(draw_n([1, 4, 3]), no_churn=True)
        if conds is None:
            return None
        grp = df[mask_of(df, conds)]
        if len(grp) < MIN_GROUP:
            return None
        q = pat.format(GA=ga_phrase(conds, noun()))
        return rec(
            finish(q),
            "share",
            [g_pct(1 - grp["Churn"].mean())],
            f"1 - {mexpr(conds)}['Churn'].mean()",
        )

    template(tid, "share")(_f)


@template("sh13", "share")
def _sh13(df):
    nn = noun()
    q = pick(
        [
            f"What percentage of {nn} have blank total charges?",
            f"What share of {nn} have no total charges recorded?",
            f"What fraction of all {nn} are missing a total charges value?",
        ]
    )
    return rec(
        finish(q),
        "share",
        [g_pct(df["TotalCharges"].isna().mean())],
        "df['TotalCharges'].isna().mean()",
    )


# ---- distribution (metric breakdown, percent per level) -----------------------------------------
DIST = [
    ("ds01", "What's the breakdown of {GA} by {col}, in percent?", 0),
    ("ds02", "How are {G} split by {col}? Give percentages.", 0),
    ("ds03", "What percentage of {GA} fall into each {col}?", 0),
    ("ds04", "Show the {col} mix for {GA} as percentages.", 0),
    ("ds05", "Distribution of {GA} across {colpl} (%)?", 0),
    ("ds06", "For {GA}, what share falls in each {col}?", 0),
    ("ds07", "Give me the percentage split of {GA} by {col}.", 0),
    ("ds08", "Among {GA}, what's the percentage in each {col}?", 0),
    ("ds09", "What proportion of {GA} is in each {col}?", 0),
    ("ds10", "percent of {GA} per {col}?", 0),
    ("ds11", "Of the {G}, how do they divide up by {col}, in percentages?", 1),
]
for tid, pat, mn in DIST:

    def _f(df, pat=pat, mn=mn):
        col = draw_col(SPLIT_W)
        conds = draw_conds(max(mn, draw_n([3, 4, 1])), exclude={col})
        if conds is None:
            return None
        grp = df[mask_of(df, conds)]
        if len(grp) < MIN_GROUP:
            return None
        shares = grp[col].value_counts(normalize=True)
        if any(shares.get(lv, 0) == 0 for lv in LEVELS[col]):
            return None
        gold = []
        for lv in LEVELS[col]:
            gold += [g_lbl(lv), g_pct(shares[lv])]
        c1, cpl = pick(COLPH[col])
        nn = noun()
        q = pat.format(G=group_phrase(conds, nn), GA=ga_phrase(conds, nn), col=c1, colpl=cpl)
        return rec(
            finish(q, lower=pat[0].islower()),
            "breakdown",
            gold,
            f"{mexpr(conds)}['{col}'].value_counts(normalize=True)",
        )

    template(tid, "breakdown")(_f)

# ---- breakdown of a metric by every level --------------------------------------------------------
BREAK = [
    ("bd01", "Break down {mp} by {col}{F}.", None),
    ("bd02", "What's the {mp} for each {col}{F}?", None),
    ("bd03", "Show {mp} by {col}{F}.", None),
    ("bd04", "Give me {mp} per {col}{F}.", None),
    ("bd05", "{MP} by {col}{F}, please.", None),
    ("bd06", "How does {mp} vary across {colpl}{F}? Show every one.", None),
    ("bd07", "Can you split {mp} by {col}{F}?", None),
    ("bd08", "For each {col}, what is the {mp}{F}?", None),
    ("bd09", "List the {mp} for every {col}{F}.", None),
    ("bd10", "Among {GA}, what's the {mp} in each {col}?", None),
    ("bd11", "{mp} by {col}{F}?", None),
    ("bd12", "How many {G} are there in each {col}?", "count"),
    ("bd13", "How many {G} churned in each {col}?", "churned"),
    ("bd14", "What's the churn rate of {GA} by {col}?", "churn_rate"),
]
BREAK_AGGS = [
    "churn_rate",
    "churn_rate",
    "count",
    "churned",
    "mean",
    "mean",
    "median",
    "sum",
    "share",
]


def level_values(df, grp, col, agg):
    vals = {}
    for lv in LEVELS[col]:
        sub = grp[grp[col] == lv]
        if not agg.ok(sub):
            return None
        vals[lv] = agg.fn(sub)
    return vals


def filter_suffix(conds, nn):
    if not conds:
        return ""
    return pick([" among ", " for "]) + group_phrase(conds, nn)


for tid, pat, fixed_agg in BREAK:

    def _f(df, pat=pat, fixed_agg=fixed_agg):
        nn = noun()
        agg = random_agg(df, nn, [fixed_agg] if fixed_agg else BREAK_AGGS)
        col = draw_col(SPLIT_W)
        if col in agg.exclude:
            return None
        conds = draw_conds(draw_n([4, 4, 1]), exclude=agg.exclude | {col})
        if conds is None:
            return None
        grp = df[mask_of(df, conds)]
        vals = level_values(df, grp, col, agg)
        if vals is None or (agg.name == "share" and any(v in (0, 1) for v in vals.values())):
            return None
        gold = []
        for lv in LEVELS[col]:
            gold += [g_lbl(lv), agg.gold(vals[lv])]
        c1, cpl = pick(COLPH[col])
        mp = pick(agg.phrases)
        q = pat.format(
            mp=mp,
            MP=mp[0].upper() + mp[1:],
            col=c1,
            colpl=cpl,
            F=filter_suffix(conds, nn),
            G=group_phrase(conds, nn),
            GA=ga_phrase(conds, nn),
        )
        return rec(
            finish(q, lower=pat[0].islower()),
            "breakdown",
            gold,
            f"{mexpr(conds)}.groupby('{col}').apply(lambda df: df{agg.note})",
        )

    template(tid, "breakdown")(_f)

# ---- ranking -----------------------------------------------------------------------------------
RANK = [
    ("rk01", "Which {col} has the highest {mp}{F}?", "max", 1, None),
    ("rk02", "Which {col} has the lowest {mp}{F}?", "min", 1, None),
    ("rk03", "What are the top 2 {colpl} by {mp}{F}?", "max", 2, None),
    ("rk04", "Top 3 {colpl} by {mp}{F}?", "max", 3, None),
    ("rk05", "Among {GA}, which {col} has the worst churn rate?", "max", 1, "churn_rate"),
    ("rk06", "Which {col} comes out on top for {mp}{F}?", "max", 1, None),
    ("rk07", "Where is {mp} lowest{F}, which {col}?", "min", 1, None),
    ("rk08", "Name the {col} with the biggest {mp}{F}.", "max", 1, None),
    ("rk09", "Which two {colpl} have the highest {mp}{F}?", "max", 2, None),
    ("rk10", "Which {col} has the most {G}?", "max", 1, "count"),
    ("rk11", "Which {col} has the highest {mp}{F}?", "max", 1, "share"),
    ("rk12", "List the top 3 {colpl} by {mp}{F}, highest first.", "max", 3, None),
    ("rk13", "Which {col} has the fewest {G}?", "min", 1, "count"),
    ("rk14", "Which {col} has the largest number of churned {N}{F}?", "max", 1, "churned"),
    ("rk15", "Bottom 2 {colpl} by {mp}{F}?", "min", 2, None),
]
RANK_AGGS = [
    "churn_rate",
    "churn_rate",
    "churn_rate",
    "count",
    "churned",
    "mean",
    "mean",
    "median",
    "share",
]
for tid, pat, how, k, fixed_agg in RANK:

    def _f(df, pat=pat, how=how, k=k, fixed_agg=fixed_agg):
        nn = noun()
        agg = random_agg(df, nn, [fixed_agg] if fixed_agg else RANK_AGGS)
        col = draw_col(RANK_W, min_levels=k + 1 if k > 1 else 2)
        if col in agg.exclude:
            return None
        conds = draw_conds(draw_n([5, 4, 1]), exclude=agg.exclude | {col})
        if conds is None:
            return None
        grp = df[mask_of(df, conds)]
        vals = level_values(df, grp, col, agg)
        if vals is None or (agg.name == "share" and any(v in (0, 1) for v in vals.values())):
            return None
        order = sorted(vals, key=lambda lv: vals[lv], reverse=(how == "max"))
        rounded = [agg.gold(vals[lv])["value"] for lv in order]
        if len(set(rounded[: k + 1])) < min(k + 1, len(rounded)):
            return None  # tie within the top k (or with the runner-up)
        gold = []
        for lv in order[:k]:
            gold += [g_lbl(lv), agg.gold(vals[lv])]
        c1, cpl = pick(COLPH[col])
        q = pat.format(
            mp=pick(agg.phrases),
            col=c1,
            colpl=cpl,
            F=filter_suffix(conds, nn),
            N=nn,
            G=group_phrase(conds, nn),
            GA=ga_phrase(conds, nn),
        )
        asc = "ascending=True" if how == "min" else "ascending=False"
        return rec(
            finish(q, lower=pat[0].islower()),
            "rank",
            gold,
            f"{mexpr(conds)}.groupby('{col}').apply(lambda df: df{agg.note})"
            f".sort_values({asc}).head({k})",
        )

    template(tid, "rank")(_f)

# ---- difference --------------------------------------------------------------------------------
PAIRS = [
    ("mtm", "one"),
    ("mtm", "two"),
    ("one", "two"),
    ("fiber", "dsl"),
    ("fiber", "nonet"),
    ("dsl", "nonet"),
    ("echeck", "mailed"),
    ("echeck", "bank"),
    ("echeck", "card"),
    ("bank", "card"),
    ("autopay", "manual"),
    ("female", "male"),
    ("senior", "nonsenior"),
    ("partner_y", "partner_n"),
    ("dep_y", "dep_n"),
    ("paperless_y", "paperless_n"),
    ("phone_y", "phone_n"),
    ("ml_y", "ml_n"),
    ("churned", "stayed"),
    ("ten_gt24", "ten_le24"),
    ("ten_ge12", "ten_lt12"),
    ("mc_ge70", "mc_lt70"),
]
PAIRS += [(f"{c}_y", f"{c}_n") for c in ADDONS]
PAIR_W = {
    p: (
        3 if p[0] in ("mtm", "one", "fiber", "dsl", "echeck", "autopay", "senior", "churned") else 1
    )
    for p in PAIRS
}

DIFF = [
    ("df01", "How much higher is the {mp} for {A} than for {B}?", True, None),
    ("df02", "What's the difference in {mp} between {A} and {B}?", True, "+share"),
    ("df03", "{MP}: {A} minus {B}?", False, "+share"),
    ("df04", "By how much does the {mp} of {A} exceed that of {B}?", True, None),
    ("df05", "Compare the {mp} of {A} vs {B}: what's the gap?", True, None),
    ("df06", "How many more {A} are there than {B}?", True, "count"),
    ("df07", "Take the {mp} of {A} and subtract the {mp} of {B}. What's the result?", False, None),
    ("df08", "How much lower is the {mp} for {B} than for {A}?", True, None),
    ("df09", "What's the {mp} gap between {A} and {B}?", True, None),
    (
        "df10",
        "How many percentage points higher is the churn rate among {A} than among {B}?",
        True,
        "churn_rate",
    ),
    ("df11", "Is the {mp} higher for {X} or for {Y}, and by how much?", True, "+share"),
    ("df12", "{A} vs {B}: difference in {mp}?", True, None),
    (
        "df13",
        "Among {GF}, how much higher is the {mp} for those {pA} than for those {pB}?",
        True,
        None,
    ),
]
DIFF_AGGS = ["churn_rate", "churn_rate", "churn_rate", "mean", "mean", "median", "churned"]
for tid, pat, ordered, fixed_agg in DIFF:

    def _f(df, pat=pat, ordered=ordered, fixed_agg=fixed_agg):
        nn = noun()
        if fixed_agg == "+share":
            agg = random_agg(df, nn, [*DIFF_AGGS, "share", "share"])
        else:
            agg = random_agg(df, nn, [fixed_agg] if fixed_agg else DIFF_AGGS)
        if agg.name == "churned":
            agg.phrases = ["number of churners", "churned count"]
        pairs = [p for p in PAIRS if CONDS[p[0]]["fam"] not in agg.exclude]
        ka, kb = rng.choices(pairs, weights=[PAIR_W[p] for p in pairs])[0]
        if rng.random() < 0.5:
            ka, kb = kb, ka
        ca, cb = CONDS[ka], CONDS[kb]
        nf = 1 if "{GF}" in pat else draw_n([6, 3])
        filt = draw_conds(nf, exclude=agg.exclude | {ca["fam"]})
        if filt is None:
            return None
        sa = df[mask_of(df, [*filt, ca])]
        sb = df[mask_of(df, [*filt, cb])]
        if not (agg.ok(sa) and agg.ok(sb)):
            return None
        va, vb = agg.fn(sa), agg.fn(sb)
        if agg.name == "share" and ({va, vb} & {0, 1}):
            return None
        if ordered and va < vb:
            ca, cb, va, vb, sa, sb = cb, ca, vb, va, sb, sa
        if agg.gold(va - vb)["value"] == 0:
            return None
        fx = fixed_posts(filt)
        pa = group_phrase([*filt, ca], nn, fixed=fx)
        pb = group_phrase([*filt, cb], nn, fixed=fx)
        xy = [pa, pb]
        rng.shuffle(xy)
        mp = pick(agg.phrases)
        q = pat.format(
            mp=mp,
            MP=mp[0].upper() + mp[1:],
            A=pa,
            B=pb,
            X=xy[0],
            Y=xy[1],
            GF=group_phrase(filt, nn) if filt else "",
            pA=pick(ca["post"]),
            pB=pick(cb["post"]),
        )
        note = f"{mexpr([*filt, ca])}{agg.note} - {mexpr([*filt, cb])}{agg.note}"
        return rec(finish(q, lower=pat[0].islower()), "difference", [agg.gold(va - vb)], note)

    template(tid, "difference")(_f)

# ---- mean / median / min / max / sum -----------------------------------------------------------
STATS = {
    "mean": [
        ("mn01", "What's the {avg} {ms} of {GA}?", None, 0),
        ("mn02", "What is the average {ms} for {GA}?", None, 0),
        ("mn03", "On average, how much do {G} pay per month?", "MonthlyCharges", 0),
        ("mn04", "On average, how many months have {G} been with us?", "tenure", 0),
        ("mn05", "avg {ms} for {GA}?", None, 0),
        ("mn06", "Mean {ms} among {GA}?", None, 0),
        ("mn07", "For {GA}, give me the mean {ms}.", None, 0),
        ("mn08", "On average, how much have {G} been charged in total so far?", "TotalCharges", 0),
        ("mn09", "Among {GA}, what's the average {ms}?", None, 0),
        ("mn10", "Can you pull the average {ms} across {GA}?", None, 0),
        ("mn11", "What do {G} pay each month on average?", "MonthlyCharges", 0),
        ("mn12", "Average {ms} of {GA}, please.", None, 0),
    ],
    "median": [
        ("md01", "What's the median {ms} for {GA}?", None, 0),
        ("md02", "Median {ms} of {GA}?", None, 0),
        ("md03", "What's the middle value of {ms} among {GA}, i.e. the median?", None, 0),
        ("md04", "For {GA}, what's the median {ms}?", None, 0),
        ("md05", "Give me the median {ms} across {GA}.", None, 0),
        ("md06", "Among {GA}, what is the median {ms}?", None, 0),
        ("md07", "What's the 50th percentile of {ms} for {GA}?", None, 0),
        ("md08", "What's the median monthly amount paid by {GA}?", "MonthlyCharges", 0),
        ("md09", "What's the median number of months {G} have been with us?", "tenure", 0),
        ("md10", "Show me the median {ms} for {GA}.", None, 0),
        ("md11", "median {ms}, {GA}?", None, 0),
        ("md12", "What's the median total amount billed so far to {GA}?", "TotalCharges", 0),
    ],
    "min": [
        ("mi01", "What's the lowest {ms} among {GA}?", None, 0),
        ("mi02", "What's the minimum {ms} for {GA}?", None, 0),
        ("mi03", "Among {GA}, what's the smallest {ms}?", None, 0),
        ("mi04", "min {ms} for {GA}?", None, 0),
        ("mi05", "What's the cheapest monthly bill among {GA}?", "MonthlyCharges", 0),
        ("mi06", "What's the shortest tenure among {GA}, in months?", "tenure", 0),
        ("mi07", "Give me the minimum {ms} across {GA}.", None, 0),
        ("mi08", "For {GA}, what's the lowest {ms} on record?", None, 0),
        ("mi09", "What is the least any of the {G} pays per month?", "MonthlyCharges", 1),
        ("mi10", "Of the {G}, what's the smallest total charges value?", "TotalCharges", 1),
        ("mi11", "Show the minimum {ms} of {GA}.", None, 0),
    ],
    "max": [
        ("mx01", "What's the highest {ms} among {GA}?", None, 0),
        ("mx02", "What's the maximum {ms} for {GA}?", None, 0),
        ("mx03", "Among {GA}, what's the largest {ms}?", None, 0),
        ("mx04", "max {ms} for {GA}?", None, 0),
        ("mx05", "What's the most expensive monthly bill among {GA}?", "MonthlyCharges", 0),
        ("mx06", "What's the longest tenure among {GA}, in months?", "tenure", 0),
        ("mx07", "Give me the maximum {ms} across {GA}.", None, 0),
        ("mx08", "For {GA}, what's the highest {ms} on record?", None, 0),
        ("mx09", "What is the most any of the {G} pays per month?", "MonthlyCharges", 1),
        ("mx10", "Of the {G}, what's the biggest total charges value?", "TotalCharges", 1),
        ("mx11", "Show the maximum {ms} of {GA}.", None, 0),
    ],
    "sum": [
        ("su01", "What's the sum of {ms} for {GA}?", None, 0),
        ("su02", "What are the combined monthly charges of {GA}?", "MonthlyCharges", 0),
        ("su03", "How much do {G} pay per month, all together?", "MonthlyCharges", 0),
        ("su04", "Add up the {ms} for {GA}.", None, 0),
        ("su05", "What's the combined {ms} of {GA}?", None, 0),
        ("su06", "Total {ms} across {GA}?", "noTC", 0),
        ("su07", "What's the sum of total charges across {GA}?", "TotalCharges", 0),
        ("su08", "How many months of tenure do {G} have combined?", "tenure", 0),
        (
            "su09",
            "What's the monthly revenue from {GA}, i.e. the sum of their monthly charges?",
            "MonthlyCharges",
            0,
        ),
        ("su10", "Give me the summed {ms} for {GA}.", None, 0),
        ("su11", "sum of {ms}, {GA}?", None, 0),
        ("su12", "For {GA}, what do the {ms} add up to?", None, 0),
    ],
}
STAT_MS = {  # measure nouns usable in {ms} per statistic
    "tenure": {
        "default": ["tenure", "tenure in months"],
        "sum": ["tenure months", "months of tenure"],
    },
    "MonthlyCharges": {
        "default": ["monthly charges", "monthly bill"],
        "min": ["monthly charge", "monthly bill"],
        "max": ["monthly charge", "monthly bill"],
        "sum": ["monthly charges"],
    },
    "TotalCharges": {
        "default": ["total charges", "total charges to date"],
        "sum": ["total charges"],
    },
}
STAT_FN = {"mean": "mean", "median": "median", "min": "min", "max": "max", "sum": "sum"}

for metric, pats in STATS.items():
    for tid, pat, only, mn in pats:

        def _f(df, metric=metric, pat=pat, only=only, mn=mn):
            if only == "noTC":
                m = pick(["tenure", "MonthlyCharges", "MonthlyCharges"])
            elif only:
                m = only
            else:
                m = pick(["tenure", "MonthlyCharges", "MonthlyCharges", "TotalCharges"])
            exclude = {m}
            if m == "tenure" and "{G} been with us" in pat:
                exclude |= {"Churn"}  # "customers who left ... been with us" reads oddly
            conds = draw_conds(max(mn, draw_n([2, 5, 3])), exclude=exclude)
            if conds is None:
                return None
            grp = df[mask_of(df, conds)]
            if len(grp) < MIN_GROUP or grp[m].notna().sum() < MIN_GROUP:
                return None
            v = getattr(grp[m], STAT_FN[metric])()
            ms_opts = STAT_MS[m].get(metric, STAT_MS[m]["default"])
            nn = noun()
            q = pat.format(
                G=group_phrase(conds, nn),
                GA=ga_phrase(conds, nn),
                ms=pick(ms_opts),
                avg=pick(["average", "mean"]),
            )
            return rec(
                finish(q, lower=pat[0].islower()),
                metric,
                [g_amt(v)],
                f"{mexpr(conds)}['{m}'].{STAT_FN[metric]}()",
            )

        template(tid, metric)(_f)

# ---- refuse ------------------------------------------------------------------------------------
REGIONS = [
    "Texas",
    "the North East",
    "London",
    "California",
    "Scotland",
    "rural areas",
    "the Midwest",
]
CITIES = ["Chicago", "Manchester", "Seattle", "Leeds", "Austin", "Birmingham"]
PERIODS = ["month", "quarter", "year"]
CAMPAIGNS = ["summer", "Black Friday", "loyalty", "spring bundle"]
BRANDS = [("iPhone", "Android"), ("Samsung", "Apple"), ("Pixel", "iPhone")]


def _rf11(ga):
    p = pick(PERIODS)
    return f"Compared with the {p} before, what was last {p}'s churn rate for {ga}?"


def _rf21(ga):
    b1, b2 = pick(BRANDS)
    return f"Do {b1} users among {ga} churn more than {b2} users?"


REFUSE = [
    ("rf01", lambda g, ga, nn: f"What's the churn rate in {pick(REGIONS)} for {ga}?"),
    (
        "rf02",
        lambda g, ga, nn: (
            f"How many {nn} are aged between {pick([25, 30, 35])} and {pick([40, 45, 50])}?"
        ),
    ),
    ("rf03", lambda g, ga, nn: f"What's the average age, in years, of {ga}?"),
    ("rf04", lambda g, ga, nn: f"How many {g} filed a complaint last {pick(PERIODS)}?"),
    ("rf05", lambda g, ga, nn: f"What's the average NPS score of {ga}?"),
    ("rf06", lambda g, ga, nn: f"How much revenue will {ga} bring in next year?"),
    ("rf07", lambda g, ga, nn: f"What's the customer satisfaction score for {ga}?"),
    ("rf08", lambda g, ga, nn: f"Break down churn rate by household income bracket for {ga}."),
    (
        "rf09",
        lambda g, ga, nn: f"Which device brand has the highest churn rate among {ga}?",
    ),
    ("rf10", lambda g, ga, nn: f"How many support calls did {g} make on average?"),
    ("rf11", lambda g, ga, nn: _rf11(ga)),
    ("rf12", lambda g, ga, nn: f"What are the main reasons {g} gave for leaving?"),
    ("rf13", lambda g, ga, nn: f"How many gigabytes of data do {g} use per month on average?"),
    ("rf14", lambda g, ga, nn: f"Which competitors did {g} switch to when they left?"),
    ("rf15", lambda g, ga, nn: f"How many {g} signed up in {pick([2019, 2020, 2021, 2022])}?"),
    ("rf16", lambda g, ga, nn: f"What's the average credit score of {ga}?"),
    ("rf17", lambda g, ga, nn: f"How many {g} live in {pick(CITIES)}?"),
    (
        "rf18",
        lambda g, ga, nn: (
            f"What's the churn rate among {g} who got the {pick(CAMPAIGNS)} discount?"
        ),
    ),
    (
        "rf19",
        lambda g, ga, nn: f"Among {ga}, do those over 40 years old churn more than those under 40?",
    ),
    ("rf20", lambda g, ga, nn: f"What's the average household income of {ga}?"),
    ("rf21", lambda g, ga, nn: _rf21(ga)),
    ("rf22", lambda g, ga, nn: f"Which sales channel brought in the most {g}?"),
]
for tid, fn in REFUSE:

    def _f(df, fn=fn, tid=tid):
        conds = draw_conds(draw_n([3, 4, 1]), no_churn=True)
        if conds is None:
            return None
        nn = noun()
        if tid in (
            "rf02",
            "rf03",
            "rf19",
        ):  # "accounts aged ..." could read as account age (tenure)
            nn = pick(["customers", "clients", "subscribers"])
        return rec(
            finish(fn(group_phrase(conds, nn), ga_phrase(conds, nn), nn)),
            "refuse",
            [],
            "not answerable: the table does not record this",
            expect="refuse",
        )

    template(tid, "refuse")(_f)

# --------------------------------------------------------------------------------------------
TARGET = {
    "count": 62,
    "churned": 45,
    "churn_rate": 60,
    "share": 60,
    "breakdown": 92,
    "rank": 62,
    "difference": 62,
    "mean": 52,
    "median": 36,
    "min": 32,
    "max": 32,
    "sum": 36,
    "refuse": 72,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default=None)
    ap.add_argument("--out", default=str(HERE / "tuning2.jsonl"))
    args = ap.parse_args()
    csv = args.csv or os.environ.get("TELCO_CSV")
    if not csv:
        from retention_agents.io.warehouse import telco_csv

        csv = str(telco_csv())
    df = load(csv)
    assert len(df) == 7043
    assert df["TotalCharges"].isna().sum() == 11
    setup_numeric(df)

    rows, seen = [], set()
    for metric, target in TARGET.items():
        tpls = [t for t in TEMPLATES if t["metric"] == metric]
        i, made, tries = 0, 0, 0
        while made < target:
            t = tpls[i % len(tpls)]
            r = None
            for _ in range(200):
                r = t["fn"](df)
                if r is not None and r["question"] not in seen:
                    break
                r = None
            tries += 1
            i += 1
            if r is None:
                continue
            seen.add(r["question"])
            r["template"] = t["id"]
            rows.append(r)
            made += 1
    rng.shuffle(rows)
    with open(args.out, "w") as fh:
        for n, r in enumerate(rows, 1):
            out = {
                "id": f"t2-{n:04d}",
                "question": r["question"],
                "expect": r["expect"],
                "metric": r["metric"],
                "gold": r["gold"],
                "note": r["note"],
                "template": r["template"],
            }
            fh.write(json.dumps(out) + "\n")
    print(f"wrote {len(rows)} questions to {args.out}")
    print("templates:", len(TEMPLATES), "used:", len({r["template"] for r in rows}))
    print("per metric:", dict(Counter(r["metric"] for r in rows)))
    print("templates per metric:", dict(Counter(t["metric"] for t in TEMPLATES)))
    print("per template:", dict(sorted(Counter(r["template"] for r in rows).items())))


if __name__ == "__main__":
    main()
