# mypy: ignore-errors
"""Generate tuning8.jsonl: an independent question set for the Telco churn analyst.

How it was written
------------------
Written from the data contract (``retention_agents/core/schema.py``: column names, kinds and
levels) and the IBM Telco CSV only, without reading the analyst's code, its tests or any other
question set, so that its wordings do not share the analyst's blind spots. Every question is
drawn from one of 122 hand-written phrasing templates (ids ``t8-<metric><nn>``), each used
3-7 times with different drawn conditions (conditions come from distinct columns, and a question
never filters on the measure it aggregates). About half the templates speak like a sales, finance
or customer-success manager ("What percentage of fiber customers pay by electronic check?"), the
other half like a data analyst typing into a chat tool ("churn rate fiber + m2m?"). Columns and
levels are named with natural synonyms (fiber, e-check, m2m, autopay, seniors, ...).

Data conventions (the gold is computed exactly this way)
--------------------------------------------------------
* ``df`` is the CSV with ``TotalCharges = pd.to_numeric(..., errors="coerce")`` (the 11 blanks
  become NaN) and ``Churn`` mapped Yes -> 1, No -> 0; ``SeniorCitizen`` stays 0/1.
* churn rate = mean of ``Churn`` over the population.
* "with X" for a yes/no service means ``X == "Yes"``; "without X" / "no X" means ``X != "Yes"``
  (so it includes "No internet service" / "No phone service"); having internet means
  ``InternetService != "No"``; autopay = "Bank transfer (automatic)" or "Credit card
  (automatic)"; "excluding E" / "other than E" removes the customers matching E.
* blank TotalCharges are left out of aggregates (questions then say "recorded total charges")
  and are false in comparisons (only "over"/"at least" conditions on total charges are used).
* "between A and B" is inclusive; over / more than / above = ``>``, at least = ``>=``,
  under / less than = ``<``, at most / "or less" = ``<=``; a year is 12 months.
* every population has at least 30 customers, every condition narrows its population, every
  level of a ranked or broken-down column is present with at least 30 customers, and the asked
  places of a ranking are at least 0.5 percentage points (rates, shares) or 1 unit (counts,
  amounts) apart from their neighbours; min/max questions whose answer is just the extreme of
  the whole table (or of all churners) are redrawn too; draws that fail are redrawn.

Gold format
-----------
``gold`` is a list of ``{"kind", "value"}``: count (int), percent (fraction 0-1, 4 decimals,
round half up), amount (2 decimals, round half up; tenure aggregates are amounts too), label (a
level exactly as in the CSV; SeniorCitizen is "0"/"1"). Rank: [label, value] for the one place
asked, or [label, value, label, value] for a top or bottom two, in order. Breakdown: [label,
value] for every level, in the CSV-level (sorted) order. Difference: one absolute value
(sign-insensitive gap; no ratios). Refuse: ``expect`` "refuse", gold ``[]``, note ``[]``.
``note`` is the pandas expression (over ``df``) whose evaluation gives the gold; rankings and
breakdowns evaluate to a Series that is flattened into label/value pairs.

Regenerate
----------
    python make_tuning8.py [--csv PATH] [--out PATH]

Defaults: --csv is the packaged Customer_Churn.csv (default_csv() below), --out is tuning8.jsonl
next to this script. The random seed is fixed, so the output is reproducible; changing any
wording list or template changes the later draws.
"""

# ruff: noqa: S307, S311, N802, N818, PLR0911, PLR0912, PLW0603
# (eval of the stored pandas notes is the point; the seeded RNG is for reproducible draws.)

from __future__ import annotations

import argparse
import json
import math
import random
from decimal import ROUND_HALF_UP, Decimal
from itertools import permutations
from pathlib import Path

import pandas as pd


def default_csv() -> str:
    """The packaged IBM Telco CSV (the analyst's own copy, never a path on one machine)."""
    from retention_agents.io.warehouse import telco_csv

    return str(telco_csv())


DEFAULT_OUT = Path(__file__).with_name("tuning8.jsonl")
SEED = 8_808
R = random.Random(SEED)
DF = None

_YN = ("No", "Yes")
_ADD = ("No", "No internet service", "Yes")
LEVELS = {
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


class Retry(Exception):
    """The draw does not meet the rules; draw again."""


def load(csv):
    df = pd.read_csv(csv)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
    df["Churn"] = df["Churn"].map({"Yes": 1, "No": 0})
    return df


def env():
    return {"df": DF, "pd": pd, "abs": abs, "int": int}


# ---------------------------------------------------------------------------------------------
# Conditions and their wordings
# ---------------------------------------------------------------------------------------------


def _l(x):
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


class Cond:
    def __init__(
        self,
        key,
        fam,
        col,
        expr,
        rel,
        post=None,
        adj=None,
        noun=None,
        terse=None,
        excl=None,
        where=None,
        ap=5,
    ):
        self.key, self.fam, self.col, self.expr = key, fam, col, expr
        self.rel, self.post, self.adj = _l(rel), _l(post), _l(adj)
        self.noun, self.terse, self.excl = _l(noun), _l(terse), _l(excl)
        self.where, self.ap = _l(where), ap
        self._mask = None

    @property
    def mask(self):
        if self._mask is None:
            self._mask = eval(self.expr, env())
        return self._mask

    @property
    def neg_expr(self):
        if self.expr.count(" == ") == 1:
            return self.expr.replace(" == ", " != ")
        if ".isin(" in self.expr:
            return "~" + self.expr
        raise ValueError(self.key)


CONDS, COND = [], {}


def C(key, fam, col, expr, rel, **kw):
    c = Cond(key, fam, col, expr, rel, **kw)
    CONDS.append(c)
    COND[key] = c
    return c


def neg(c):
    """The condition 'not c' (for excluding / other than)."""
    return Cond("not_" + c.key, c.fam, c.col, c.neg_expr, rel="-")


CHURNED = Cond("churned", "churn", "Churn", "(df.Churn == 1)", rel="churned")
RETAINED = Cond("retained", "churn", "Churn", "(df.Churn == 0)", rel="stayed")

AUTO = '["Bank transfer (automatic)", "Credit card (automatic)"]'


def build_conds():
    # demographics
    C(
        "senior",
        "senior",
        "SeniorCitizen",
        "(df.SeniorCitizen == 1)",
        ["are senior citizens", "are seniors"],
        adj=["senior", "senior-citizen"],
        noun=["seniors", "senior citizens"],
        terse=["seniors", "senior"],
        excl=["seniors", "senior citizens"],
        where="the customer is a senior citizen",
        ap=1,
    )
    C(
        "nonsenior",
        "senior",
        "SeniorCitizen",
        "(df.SeniorCitizen == 0)",
        ["are not senior citizens"],
        adj=["non-senior"],
        noun=["non-seniors"],
        terse=["non-seniors", "non-senior"],
        where="the customer is not a senior citizen",
        ap=1,
    )
    C(
        "female",
        "gender",
        "gender",
        '(df.gender == "Female")',
        ["are female", "are women"],
        adj=["female"],
        noun=["women", "female customers"],
        terse=["female", "women"],
        excl=["women", "female customers"],
        where="the customer is female",
        ap=0,
    )
    C(
        "male",
        "gender",
        "gender",
        '(df.gender == "Male")',
        ["are male", "are men"],
        adj=["male"],
        noun=["men", "male customers"],
        terse=["male", "men"],
        excl=["men", "male customers"],
        where="the customer is male",
        ap=0,
    )
    C(
        "partner",
        "partner",
        "Partner",
        '(df.Partner == "Yes")',
        ["have a partner"],
        post=["with a partner"],
        terse=["w/ partner", "partnered", "with partner"],
        excl=["those with a partner", "customers with a partner"],
        where="the customer has a partner",
    )
    C(
        "nopartner",
        "partner",
        "Partner",
        '(df.Partner != "Yes")',
        ["don't have a partner", "have no partner"],
        post=["without a partner", "with no partner"],
        terse=["no partner", "w/o partner"],
        where="the customer has no partner",
    )
    C(
        "dependents",
        "dependents",
        "Dependents",
        '(df.Dependents == "Yes")',
        ["have dependents"],
        post=["with dependents"],
        terse=["w/ dependents", "with deps"],
        excl=["those with dependents", "customers with dependents"],
        where="the customer has dependents",
    )
    C(
        "nodependents",
        "dependents",
        "Dependents",
        '(df.Dependents != "Yes")',
        ["have no dependents", "don't have dependents"],
        post=["without dependents", "with no dependents"],
        terse=["no dependents", "w/o deps"],
        where="the customer has no dependents",
    )
    # phone
    C(
        "phone",
        "phone",
        "PhoneService",
        '(df.PhoneService == "Yes")',
        ["have phone service"],
        post=["with phone service"],
        terse=["w/ phone service", "phone service"],
        excl=["those with phone service"],
    )
    C(
        "nophone",
        "phone",
        "PhoneService",
        '(df.PhoneService != "Yes")',
        ["have no phone service", "don't have phone service"],
        post=["without phone service", "with no phone service"],
        terse=["no phone service", "no phone"],
        where="there is no phone service",
    )
    C(
        "multi",
        "multilines",
        "MultipleLines",
        '(df.MultipleLines == "Yes")',
        ["have multiple lines", "have more than one phone line"],
        post=["with multiple lines", "with multiple phone lines"],
        adj=["multi-line"],
        terse=["multiple lines", "multi-line"],
        excl=["those with multiple lines"],
        where="the customer has multiple lines",
        ap=4,
    )
    C(
        "nomulti",
        "multilines",
        "MultipleLines",
        '(df.MultipleLines != "Yes")',
        ["don't have multiple lines"],
        post=["without multiple lines"],
        terse=["no multiple lines", "w/o multiple lines"],
    )
    # internet
    C(
        "fiber",
        "internet",
        "InternetService",
        '(df.InternetService == "Fiber optic")',
        ["have fiber optic internet", "are on fiber", "have fiber internet"],
        post=["on fiber optic", "with fiber internet", "on fiber"],
        adj=["fiber", "fiber-optic"],
        noun=["fiber customers", "fiber optic subscribers"],
        terse=["fiber", "fiber optic"],
        excl=["fiber customers", "those on fiber"],
        where="the internet service is fiber optic",
        ap=3,
    )
    C(
        "dsl",
        "internet",
        "InternetService",
        '(df.InternetService == "DSL")',
        ["have DSL internet", "are on DSL"],
        post=["on DSL", "with DSL internet"],
        adj=["DSL"],
        noun=["DSL customers", "DSL subscribers"],
        terse=["dsl"],
        excl=["DSL customers", "those on DSL"],
        where="the internet service is DSL",
        ap=3,
    )
    C(
        "nonet",
        "internet",
        "InternetService",
        '(df.InternetService == "No")',
        ["don't have internet service", "have no internet service"],
        post=["without internet service", "with no internet"],
        noun=["customers without internet"],
        terse=["no internet", "no-internet"],
        excl=["customers without internet", "those with no internet service"],
        where="there is no internet service",
    )
    C(
        "net",
        "internet",
        "InternetService",
        '(df.InternetService != "No")',
        ["have internet service"],
        post=["with internet service", "with internet"],
        adj=["internet"],
        noun=["internet customers", "internet subscribers"],
        terse=["internet users", "has internet", "w/ internet"],
        where="the customer has internet service",
        ap=3,
    )
    addons = [
        ("OnlineSecurity", ["online security"], ["online security"]),
        ("OnlineBackup", ["online backup"], ["online backup"]),
        ("DeviceProtection", ["device protection"], ["device protection"]),
        ("TechSupport", ["tech support", "technical support"], ["tech support"]),
        ("StreamingTV", ["streaming TV"], ["streaming tv", "tv streaming"]),
        ("StreamingMovies", ["streaming movies", "movie streaming"], ["streaming movies"]),
    ]
    for col, names, tn in addons:
        k = col.lower()
        C(
            k,
            "addon",
            col,
            f'(df.{col} == "Yes")',
            [f"have {n}" for n in names] + [f"subscribe to {names[0]}"],
            post=[f"with {n}" for n in names],
            terse=[f"w/ {t}" for t in tn],
            excl=[f"those with {names[0]}", f"customers with {names[0]}"],
            where=f"the customer has {names[0]}",
        )
        C(
            "no" + k,
            "addon",
            col,
            f'(df.{col} != "Yes")',
            [f"don't have {n}" for n in names] + [f"have no {names[0]}"],
            post=[f"without {n}" for n in names] + [f"with no {names[0]}"],
            terse=[f"no {t}" for t in tn] + [f"w/o {tn[0]}"],
            where=f"the customer has no {names[0]}",
        )
    # contract
    C(
        "m2m",
        "contract",
        "Contract",
        '(df.Contract == "Month-to-month")',
        ["are on month-to-month contracts", "have a month-to-month contract"],
        post=["on month-to-month contracts", "on a month-to-month plan"],
        adj=["month-to-month"],
        noun=["month-to-month customers"],
        terse=["m2m", "month-to-month", "month-to-month contract"],
        excl=["month-to-month customers", "those on month-to-month contracts"],
        where="the contract is month-to-month",
        ap=2,
    )
    C(
        "oneyear",
        "contract",
        "Contract",
        '(df.Contract == "One year")',
        ["are on one-year contracts", "have a one-year contract"],
        post=["on one-year contracts", "on a 12-month contract", "with a one-year contract"],
        adj=["one-year-contract"],
        noun=["one-year contract customers"],
        terse=["1-yr contract", "one year contract", "1yr"],
        excl=["one-year contract customers", "those on one-year contracts"],
        where="the contract term is one year",
        ap=2,
    )
    C(
        "twoyear",
        "contract",
        "Contract",
        '(df.Contract == "Two year")',
        ["are on two-year contracts", "have a two-year contract"],
        post=["on two-year contracts", "on a 24-month contract", "with a two-year contract"],
        adj=["two-year-contract"],
        noun=["two-year contract customers"],
        terse=["2-yr contract", "two year contract", "2yr"],
        excl=["two-year contract customers", "those on two-year contracts"],
        where="the contract term is two years",
        ap=2,
    )
    C(
        "notm2m",
        "contract",
        "Contract",
        '(df.Contract != "Month-to-month")',
        ["are not on month-to-month contracts", "are on a one- or two-year contract"],
        post=[
            "not on month-to-month contracts",
            "on a contract other than month-to-month",
            "on one- or two-year contracts",
        ],
        terse=["non-m2m", "not m2m", "1 or 2 yr contract"],
        where="the contract is not month-to-month",
    )
    # billing and payment
    C(
        "paperless",
        "paperless",
        "PaperlessBilling",
        '(df.PaperlessBilling == "Yes")',
        ["use paperless billing", "are on paperless billing"],
        post=["on paperless billing", "with paperless billing"],
        adj=["paperless-billing"],
        terse=["paperless", "paperless billing"],
        excl=["paperless-billing customers", "those on paperless billing"],
        where="paperless billing is on",
        ap=4,
    )
    C(
        "paper",
        "paperless",
        "PaperlessBilling",
        '(df.PaperlessBilling != "Yes")',
        ["don't use paperless billing", "get paper bills"],
        post=["not on paperless billing", "receiving paper bills"],
        terse=["paper billing", "no paperless"],
        where="paperless billing is off",
    )
    C(
        "echeck",
        "payment",
        "PaymentMethod",
        '(df.PaymentMethod == "Electronic check")',
        ["pay by electronic check", "pay with e-check"],
        post=["paying by electronic check", "using electronic check"],
        noun=["electronic check payers", "e-check payers"],
        terse=["e-check", "echeck", "electronic check"],
        excl=["electronic check payers", "those paying by electronic check"],
        where="the payment method is electronic check",
    )
    C(
        "mailed",
        "payment",
        "PaymentMethod",
        '(df.PaymentMethod == "Mailed check")',
        ["pay by mailed check", "pay with a mailed check"],
        post=["paying by mailed check"],
        noun=["mailed-check payers"],
        terse=["mailed check", "mail check"],
        excl=["mailed-check payers", "those paying by mailed check"],
        where="the payment method is mailed check",
    )
    C(
        "bank",
        "payment",
        "PaymentMethod",
        '(df.PaymentMethod == "Bank transfer (automatic)")',
        ["pay by automatic bank transfer", "pay by bank transfer"],
        post=["paying by bank transfer", "paying by automatic bank transfer"],
        noun=["bank-transfer payers"],
        terse=["bank transfer", "bank xfer"],
        excl=["bank-transfer payers", "those paying by bank transfer"],
        where="payment is by bank transfer",
    )
    C(
        "card",
        "payment",
        "PaymentMethod",
        '(df.PaymentMethod == "Credit card (automatic)")',
        ["pay by credit card", "pay by automatic credit card"],
        post=["paying by credit card", "paying by automatic credit card"],
        noun=["credit-card payers"],
        terse=["credit card", "card autopay"],
        excl=["credit-card payers", "those paying by credit card"],
        where="payment is by credit card",
    )
    C(
        "autopay",
        "payment",
        "PaymentMethod",
        f"(df.PaymentMethod.isin({AUTO}))",
        ["are on autopay", "pay automatically (bank transfer or credit card)"],
        post=["on autopay", "paying automatically"],
        noun=["autopay customers"],
        adj=["autopay"],
        terse=["autopay", "auto-pay"],
        excl=["autopay customers", "those on autopay"],
        where="payment is automatic (bank transfer or credit card)",
        ap=4,
    )
    C(
        "notautopay",
        "payment",
        "PaymentMethod",
        f"(~df.PaymentMethod.isin({AUTO}))",
        ["are not on autopay", "don't pay automatically"],
        post=["not on autopay"],
        terse=["non-autopay", "not on autopay"],
        where="payment is not automatic",
    )
    C(
        "notecheck",
        "payment",
        "PaymentMethod",
        '(df.PaymentMethod != "Electronic check")',
        ["don't pay by electronic check", "pay by something other than electronic check"],
        post=["not paying by electronic check", "paying by something other than e-check"],
        terse=["non-e-check", "not e-check"],
        where="the payment method is not electronic check",
    )
    # tenure
    for n in (6, 12, 24, 36, 48, 60):
        y = _years(n)
        C(
            f"ten_gt{n}",
            "tenure",
            "tenure",
            f"(df.tenure > {n})",
            [f"have been with us for more than {n} months", f"have tenure above {n} months"]
            + ([f"have been with us for more than {y}"] if y else []),
            post=[f"with more than {n} months of tenure", f"with tenure over {n} months"]
            + ([f"with us for more than {y}"] if y else []),
            terse=[f"tenure > {n}", f"tenure>{n}", f"tenure over {n}mo"],
            where=f"tenure is over {n} months",
        )
    for n in (6, 12, 24, 36, 48, 60):
        y = _years(n)
        C(
            f"ten_ge{n}",
            "tenure",
            "tenure",
            f"(df.tenure >= {n})",
            [f"have been with us for at least {n} months"]
            + ([f"have been with us for at least {y}"] if y else []),
            post=[f"with at least {n} months of tenure", f"with tenure of {n} months or more"]
            + ([f"with us for at least {y}"] if y else []),
            terse=[f"tenure >= {n}", f"tenure {n}+ months"],
            where=f"tenure is at least {n} months",
        )
    for n in (6, 12, 18, 24):
        y = _years(n)
        C(
            f"ten_lt{n}",
            "tenure",
            "tenure",
            f"(df.tenure < {n})",
            [f"have been with us for less than {n} months"]
            + ([f"have been with us for less than {y}"] if y else []),
            post=[f"with less than {n} months of tenure", f"with tenure under {n} months"]
            + ([f"with us for less than {y}"] if y else []),
            terse=[f"tenure < {n}", f"tenure<{n}", f"tenure under {n}mo"],
            where=f"tenure is under {n} months",
        )
    for n in (3, 6, 12, 24):
        C(
            f"ten_le{n}",
            "tenure",
            "tenure",
            f"(df.tenure <= {n})",
            [
                f"have been with us for {n} months or less",
                f"have been with us for at most {n} months",
            ],
            post=[f"with {n} months of tenure or less", f"with tenure of at most {n} months"],
            terse=[f"tenure <= {n}", f"tenure at most {n}"],
            where=f"tenure is {n} months or less",
        )
    for a, b in ((1, 12), (12, 24), (24, 48), (6, 18), (13, 36), (37, 60)):
        C(
            f"ten_bt{a}_{b}",
            "tenure",
            "tenure",
            f"(df.tenure.between({a}, {b}))",
            [
                f"have tenure between {a} and {b} months",
                f"have been with us for between {a} and {b} months",
            ],
            post=[f"with tenure between {a} and {b} months"],
            terse=[f"tenure between {a} and {b}", f"tenure {a} to {b} months inclusive"],
            where=f"tenure is between {a} and {b} months",
        )
    # monthly charges
    for x in (50, 60, 70, 80, 90, 100):
        C(
            f"mc_gt{x}",
            "monthly",
            "MonthlyCharges",
            f"(df.MonthlyCharges > {x})",
            [f"pay more than ${x} a month", f"have monthly charges above ${x}"],
            post=[f"paying more than ${x} a month", f"with monthly charges over ${x}"],
            terse=[f"monthly > ${x}", f"monthly charges > {x}", f"paying >${x}/mo"],
            where=f"the monthly charge is over ${x}",
        )
    for x in (30, 40, 50, 60):
        C(
            f"mc_lt{x}",
            "monthly",
            "MonthlyCharges",
            f"(df.MonthlyCharges < {x})",
            [f"pay less than ${x} a month", f"have monthly charges under ${x}"],
            post=[f"paying less than ${x} a month", f"with monthly charges under ${x}"],
            terse=[f"monthly < ${x}", f"monthly charges < {x}", f"paying <${x}/mo"],
            where=f"the monthly charge is under ${x}",
        )
    for x in (70, 90):
        C(
            f"mc_ge{x}",
            "monthly",
            "MonthlyCharges",
            f"(df.MonthlyCharges >= {x})",
            [f"pay at least ${x} a month"],
            post=[f"paying at least ${x} a month"],
            terse=[f"monthly >= ${x}", f"monthly charges >= {x}"],
            where=f"the monthly charge is at least ${x}",
        )
    for x in (35, 50, 70):
        C(
            f"mc_le{x}",
            "monthly",
            "MonthlyCharges",
            f"(df.MonthlyCharges <= {x})",
            [f"pay ${x} a month or less", f"pay at most ${x} a month"],
            post=[f"paying ${x} a month or less", f"paying at most ${x} a month"],
            terse=[f"monthly <= ${x}", f"monthly charges <= {x}"],
            where=f"the monthly charge is ${x} or less",
        )
    for a, b in ((50, 80), (20, 40), (70, 100), (40, 70)):
        C(
            f"mc_bt{a}_{b}",
            "monthly",
            "MonthlyCharges",
            f"(df.MonthlyCharges.between({a}, {b}))",
            [f"pay between ${a} and ${b} a month"],
            post=[f"paying between ${a} and ${b} a month"],
            terse=[f"monthly between ${a} and ${b}", f"monthly charges between {a} and {b}"],
            where=f"the monthly charge is between ${a} and ${b}",
        )
    # total charges (only "over" / "at least": blanks are false)
    for x in (1000, 2000, 3000, 5000, 6000):
        C(
            f"tc_gt{x}",
            "total",
            "TotalCharges",
            f"(df.TotalCharges > {x})",
            [f"have been billed more than ${x:,} in total", f"have total charges above ${x:,}"],
            post=[f"with total charges over ${x:,}", f"billed more than ${x:,} in total"],
            terse=[f"total charges > {x}", f"TotalCharges > {x}"],
            where=f"total charges are over ${x:,}",
        )
    for x in (1500, 4000):
        C(
            f"tc_ge{x}",
            "total",
            "TotalCharges",
            f"(df.TotalCharges >= {x})",
            [f"have been billed at least ${x:,} in total"],
            post=[f"with total charges of at least ${x:,}"],
            terse=[f"total charges >= {x}"],
            where=f"total charges are at least ${x:,}",
        )


def _years(n):
    if n == 12:
        return "a year"
    if n % 12 == 0 and n >= 24:
        return f"{n // 12} years"
    return None


FAM_W = {
    "gender": 1.0,
    "senior": 1.6,
    "partner": 1.0,
    "dependents": 1.0,
    "phone": 0.5,
    "multilines": 0.7,
    "internet": 2.2,
    "addon": 2.4,
    "contract": 2.4,
    "paperless": 1.0,
    "payment": 2.4,
    "tenure": 2.0,
    "monthly": 1.5,
    "total": 0.6,
}
COL_FAM = {
    "gender": "gender",
    "SeniorCitizen": "senior",
    "Partner": "partner",
    "Dependents": "dependents",
    "PhoneService": "phone",
    "MultipleLines": "multilines",
    "InternetService": "internet",
    "Contract": "contract",
    "PaperlessBilling": "paperless",
    "PaymentMethod": "payment",
    "OnlineSecurity": "addon",
    "OnlineBackup": "addon",
    "DeviceProtection": "addon",
    "TechSupport": "addon",
    "StreamingTV": "addon",
    "StreamingMovies": "addon",
}


# ---------------------------------------------------------------------------------------------
# Populations: masks, validity, drawing
# ---------------------------------------------------------------------------------------------


def mask(cs):
    m = pd.Series(True, index=DF.index)
    for c in cs:
        m = m & c.mask
    return m


def size(cs):
    return int(mask(cs).sum())


def mstr(cs):
    # sorted, so that one population always gets the same expression (and duplicates show)
    return " & ".join(sorted(c.expr for c in cs))


def valid(cs, min_n=30):
    cols = [c.col for c in cs]
    if len(set(cols)) != len(cols):
        return False
    n = size(cs)
    if n < min_n:
        return False
    return all(size(cs[:i] + cs[i + 1 :]) > n for i in range(len(cs)))


def need_ok(c, need):
    return all(getattr(c, f) for f in need)


def draw(k, need=(), base=(), avoid=(), pool=None, min_n=30, extra=None):
    """k conditions from distinct families (weighted), valid together with base."""
    base = list(base)
    avoid = set(avoid) | {c.fam for c in base}
    for _ in range(300):
        cand = pool if pool is not None else CONDS
        fams = {}
        for c in cand:
            if c.fam not in avoid and need_ok(c, need):
                fams.setdefault(c.fam, []).append(c)
        names = list(fams)
        if len(names) < k:
            raise Retry
        chosen = []
        while len(chosen) < k:
            w = [FAM_W.get(f, 1.0) for f in names]
            f = R.choices(names, weights=w)[0]
            names.remove(f)
            chosen.append(R.choice(fams[f]))
        allc = base + chosen
        if not valid(allc, min_n):
            continue
        if extra is not None and not extra(chosen):
            continue
        return chosen
    raise Retry


def has_excl(c):
    return bool(c.excl)


def draw_excl(base, avoid=()):
    """An exclusion E for base: base & ~E is valid and E actually removes customers."""
    avoid = set(avoid) | {c.fam for c in base}
    pool = [c for c in CONDS if c.excl and c.fam not in avoid]
    for _ in range(200):
        e = R.choice(pool)
        ne = neg(e)
        allc = [*list(base), ne]
        if valid(allc) and size([*list(base), e]) >= 30:
            return e, ne
    raise Retry


def has_nan(cs):
    return bool(DF.loc[mask(cs), "TotalCharges"].isna().any())


# ---------------------------------------------------------------------------------------------
# Wording helpers
# ---------------------------------------------------------------------------------------------


def pick(x):
    return R.choice(x)


def who():
    return R.choice(["who", "who", "that"])


def _np_opts(p):
    o = []
    if len(p) == 1:
        c = p[0]
        o += [f"{pick(c.adj)} customers" for _ in c.adj[:1]]
        o += [pick(c.noun) for _ in c.noun[:1]]
        o += [f"customers {pick(c.post)}" for _ in c.post[:1]]
        o.append(f"customers {who()} {pick(c.rel)}")
    elif len(p) == 2:
        a, b = p
        if a.adj:
            if b.post:
                o.append(f"{pick(a.adj)} customers {pick(b.post)}")
            o.append(f"{pick(a.adj)} customers {who()} {pick(b.rel)}")
            if b.adj and a.ap < b.ap:
                o.append(f"{pick(a.adj)} {pick(b.adj)} customers")
        if a.noun:
            if b.post:
                o.append(f"{pick(a.noun)} {pick(b.post)}")
            o.append(f"{pick(a.noun)} {who()} {pick(b.rel)}")
        if a.post and b.post:
            o.append(f"customers {pick(a.post)} and {pick(b.post)}")
        o.append(f"customers {who()} {pick(a.rel)} and {pick(b.rel)}")
    else:
        a, b, c = p
        if a.adj:
            if b.post and c.post:
                o.append(f"{pick(a.adj)} customers {pick(b.post)} and {pick(c.post)}")
            o.append(f"{pick(a.adj)} customers {who()} {pick(b.rel)} and {pick(c.rel)}")
            if b.adj and a.ap < b.ap and c.post:
                o.append(f"{pick(a.adj)} {pick(b.adj)} customers {pick(c.post)}")
        if a.noun:
            if b.post and c.post:
                o.append(f"{pick(a.noun)} {pick(b.post)} and {pick(c.post)}")
            o.append(f"{pick(a.noun)} {who()} {pick(b.rel)} and {pick(c.rel)}")
        o.append(f"customers {who()} {pick(a.rel)}, {pick(b.rel)} and {pick(c.rel)}")
    return o


def nb(cs):
    """A business-voice noun phrase for the population matching all of cs."""
    opts = []
    for p in permutations(cs):
        opts += _np_opts(list(p))
    return pick(opts)


def nt(cs, seps=(" + ", ", ", " & ", " ")):
    """An analyst-voice (terse) label for the population."""
    parts = [pick(c.terse) for c in R.sample(list(cs), len(cs))]
    sep = pick(seps)
    if sep == " " and (len(parts) > 2 or any(" " in p for p in parts)):
        sep = ", "
    return sep.join(parts)


def with_verb(verb, cs):
    """'customers who churned and X' / 'customers who churned, X and Y'."""
    joint = " and " if len(cs) == 1 else ", "
    return f"customers who {verb}{joint}{preds(cs)}"


def nb_churned(cs):
    # "customers with dependents who left" would let "who left" attach to the dependents,
    # so churn is put in front or into the relative clause.
    return pick([f"churned {nb(cs)}", with_verb("churned", cs), with_verb("left", cs)])


def nb_retained(cs):
    return pick([f"retained {nb(cs)}", with_verb("stayed", cs)])


def nt_churned(cs):
    t = nt(cs)
    return pick([f"churned {t}", f"{t}, churned", f"churners {t}"])


def nt_retained(cs):
    t = nt(cs)
    return pick([f"retained {t}", f"{t}, retained", f"non-churners {t}"])


def preds(cs):
    r = [pick(c.rel) for c in cs]
    if len(r) == 1:
        return r[0]
    return ", ".join(r[:-1]) + " and " + r[-1]


def inf(rel):
    if rel.startswith("are "):
        return "be " + rel[4:]
    if rel.startswith("don't "):
        return "not " + rel[6:]
    return rel


MEAS_B = {
    "tenure": ["tenure", "tenure in months"],
    "MonthlyCharges": ["monthly charge", "monthly bill"],
    "TotalCharges": ["total charges"],
}
MEAS_T = {
    "tenure": ["tenure"],
    "MonthlyCharges": ["monthly charges", "monthly bill", "MonthlyCharges"],
    "TotalCharges": ["total charges", "TotalCharges"],
}


MEAS_FAM = {"tenure": "tenure", "MonthlyCharges": "monthly", "TotalCharges": "total"}


def also(rel):
    """'also' placed naturally inside a plural predicate."""
    if rel.startswith("are "):
        return "are also " + rel[4:]
    if rel.startswith("have been "):
        return "have also been " + rel[10:]
    return "also " + rel


def mb(col, cs):
    if col == "TotalCharges" and has_nan(cs):
        return "recorded total charges"
    return pick(MEAS_B[col])


def mt(col, cs):
    if col == "TotalCharges" and has_nan(cs):
        return pick(["recorded total charges", "total charges (recorded)"])
    return pick(MEAS_T[col])


GN = {
    "Contract": (
        ["contract type", "contract term"],
        ["contract types", "contract terms"],
        ["contract", "contract type"],
    ),
    "PaymentMethod": (["payment method"], ["payment methods"], ["payment method", "pay method"]),
    "InternetService": (
        ["internet service type", "type of internet service"],
        ["internet service types"],
        ["internet type", "internet service"],
    ),
    "gender": (["gender"], None, ["gender"]),
    "SeniorCitizen": (["senior-citizen status"], None, ["senior flag", "senior status"]),
    "Partner": (["partner status"], None, ["partner yes/no", "partner"]),
    "Dependents": (["dependents status"], None, ["dependents yes/no", "dependents"]),
    "PaperlessBilling": (["paperless-billing status"], None, ["paperless yes/no"]),
    "PhoneService": (["phone-service status"], None, ["phone service yes/no"]),
    "MultipleLines": (
        ["multiple-lines status (yes, no, or no phone service)"],
        None,
        ["multiple lines (yes/no/no phone)"],
    ),
}
for _c, _n in (
    ("OnlineSecurity", "online security"),
    ("OnlineBackup", "online backup"),
    ("DeviceProtection", "device protection"),
    ("TechSupport", "tech support"),
    ("StreamingTV", "streaming TV"),
    ("StreamingMovies", "streaming movies"),
):
    GN[_c] = (
        [f"{_n} status (yes, no, or no internet service)"],
        None,
        [f"{_n.lower()} (yes/no/no internet)"],
    )


def gb(g):
    return pick(GN[g][0])


def gp(g):
    return pick(GN[g][1])


def gt(g):
    return pick(GN[g][2])


RANK_COLS = ["Contract", "PaymentMethod", "InternetService"]
ADDON_COLS = [
    "OnlineSecurity",
    "OnlineBackup",
    "DeviceProtection",
    "TechSupport",
    "StreamingTV",
    "StreamingMovies",
    "MultipleLines",
]
BIN_COLS = ["gender", "SeniorCitizen", "Partner", "Dependents", "PaperlessBilling", "PhoneService"]
ALL_GCOLS = RANK_COLS * 3 + BIN_COLS + ADDON_COLS


# ---------------------------------------------------------------------------------------------
# Note builders
# ---------------------------------------------------------------------------------------------


def n_count(cs):
    return f"int(({mstr(cs)}).sum())"


def n_churned(cs):
    return f"int(({mstr(cs)} & (df.Churn == 1)).sum())"


def n_rate(cs):
    return f'df.loc[{mstr(cs)}, "Churn"].mean()'


def n_share(xs, ys):
    if not xs:
        return f"({mstr(ys)}).mean()"
    return f"(({mstr(xs)}) & ({mstr(ys)})).sum() / ({mstr(xs)}).sum()"


def n_agg(cs, col, fn):
    if not cs:
        return f'df["{col}"].{fn}()'
    return f'df.loc[{mstr(cs)}, "{col}"].{fn}()'


def ok_share(xs, ys):
    """ys must narrow the xs population, which has >= 30 customers, and be non-trivial."""
    if not valid(list(xs) + list(ys)):
        return False
    return not (xs and size(xs) < 30)


def stat_expr(cs, g, stat):
    """Series expression of a per-level statistic over the population cs."""
    src = f"df.loc[{mstr(cs)}]" if cs else "df"
    kind = stat[0]
    if kind == "rate":
        return f'{src}.groupby("{g}")["Churn"].mean()', "percent", 0.005
    if kind == "churners":
        return f'{src}.groupby("{g}")["Churn"].sum()', "count", 1
    if kind == "count":
        return f'{src}.groupby("{g}").size()', "count", 1
    if kind in ("mean", "median", "sum"):
        return f'{src}.groupby("{g}")["{stat[1]}"].{kind}()', "amount", 1
    if kind == "share":
        ys = stat[1]
        if cs:
            return (f'({mstr(ys)}).loc[{mstr(cs)}].groupby(df["{g}"]).mean()', "percent", 0.005)
        return f'({mstr(ys)}).groupby(df["{g}"]).mean()', "percent", 0.005
    if kind == "dist":
        return (f'{src}["{g}"].value_counts(normalize=True).sort_index()', "percent", 0.005)
    raise ValueError(kind)


def levels_ok(cs, g):
    sizes = DF.loc[mask(cs)].groupby(g).size()
    labels = [str(i) for i in sizes.index]
    return labels == list(LEVELS[g]) and int(sizes.min()) >= 30


PLACES = {
    "top": (False, "[[0]]", [0]),
    "bottom": (True, "[[0]]", [0]),
    "top2": (False, "[:2]", [0, 1]),
    "bottom2": (True, "[:2]", [0, 1]),
    "second": (False, "[[1]]", [1]),
}


def rank_note(cs, g, stat, place):
    if not levels_ok(cs, g):
        raise Retry
    expr, kind, thr = stat_expr(cs, g, stat)
    ser = eval(expr, env())
    if ser.isna().any():
        raise Retry
    asc, sl, pos = PLACES[place]
    vals = list(ser.sort_values(ascending=asc).values)
    for p in pos:
        for q in (p - 1, p + 1):
            if 0 <= q < len(vals) and abs(vals[p] - vals[q]) < thr:
                raise Retry
    return f"{expr}.sort_values(ascending={asc}).iloc{sl}", kind


def bd_note(cs, g, stat, size_cs=None):
    if not levels_ok(size_cs if size_cs is not None else cs, g):
        raise Retry
    expr, kind, _ = stat_expr(cs, g, stat)
    return expr, kind


def out(q, note, kind, sig=None):
    return {"q": q, "note": note, "kind": kind, "sig": sig or note}


def psig(a, b, base):
    """One signature for a pair comparison, whichever way round it is worded."""
    return "|".join(sorted([a.key, b.key])) + "|" + ",".join(sorted(c.key for c in base))


def cap(s):
    return s[0].upper() + s[1:]


def base_draw(kmin, kmax, **kw):
    return draw(R.randint(kmin, kmax), **kw) if kmax > 0 else []


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------

TEMPLATES = []


def tpl(metric):
    def deco(fn):
        TEMPLATES.append((metric, fn))
        return fn

    return deco


# ----- share ---------------------------------------------------------------------------------


def _xy(kx, ky, need_y=(), base=()):
    xs = draw(kx, base=base)
    ys = draw(ky, base=list(base) + xs, need=need_y)
    if not ok_share(list(base) + xs, ys):
        raise Retry
    return xs, ys


@tpl("share")
def s01():
    xs, ys = _xy(R.randint(1, 2), 1)
    return out(f"What percentage of {nb(xs)} {preds(ys)}?", n_share(xs, ys), "percent")


@tpl("share")
def s02():
    xs, ys = _xy(R.randint(1, 2), 1)
    q = f"Of {nb(xs)}, how many {preds(ys)}, as a share of that group?"
    return out(q, n_share(xs, ys), "percent")


@tpl("share")
def s03():
    ys = draw(2)
    return out(f"What share of all customers {preds(ys)}?", n_share([], ys), "percent")


@tpl("share")
def s04():
    ys = draw(1, base=[CHURNED])
    word = pick(["churners", "the customers who churned", "customers who left"])
    q = f"What proportion of {word} {preds(ys)}?"
    return out(q, n_share([CHURNED], ys), "percent")


@tpl("share")
def s05():
    xs, ys = _xy(R.randint(1, 2), 1)
    return out(f"% {nt(ys)} among {nt(xs)}", n_share(xs, ys), "percent")


@tpl("share")
def s06():
    ys = draw(2)
    q = f"What fraction of our customer base is made up of {nb(ys)}?"
    return out(q, n_share([], ys), "percent")


@tpl("share")
def s07():
    ys = draw(2, base=[CHURNED])
    q = f"churners: % {nt(ys, seps=(' + ', ' & '))}?"
    return out(q, n_share([CHURNED], ys), "percent")


@tpl("share")
def s08():
    xs, ys = _xy(1, 1, base=[CHURNED])
    q = f"among churned {nt(xs)}, % {nt(ys)}?"
    return out(q, n_share([CHURNED, *xs], ys), "percent")


@tpl("share")
def s09():
    ys = draw(R.randint(1, 2), base=[CHURNED])
    q = f"What percent of all churned customers are {nb(ys)}?"
    return out(q, n_share([CHURNED], ys), "percent")


@tpl("share")
def s10():
    ys = draw(R.randint(1, 2), base=[CHURNED])
    q = pick(["share of total churn from", "share of all churners in segment"])
    return out(f"{q} {nt(ys)}?", n_share([CHURNED], ys), "percent")


@tpl("share")
def s11():
    ys = draw(2)
    q = f"pct of all customers in segment: {nt(ys, seps=(' + ', ' & ', ' and '))}"
    return out(q, n_share([], ys), "percent")


@tpl("share")
def s12():
    xs, ys = _xy(1, 1, need_y=("noun",))
    q = f"Of all {nb(xs)}, what share are {pick(ys[0].noun)}?"
    return out(q, n_share(xs, ys), "percent")


@tpl("share")
def s13():
    kx = R.randint(0, 1)
    xs, ys = _xy(kx, 1, base=[RETAINED])
    who_ = nb_retained(xs) if xs else pick(["customers who stayed", "retained customers"])
    q = f"Among {who_}, what percentage {preds(ys)}?"
    return out(q, n_share([RETAINED, *xs], ys), "percent")


@tpl("share")
def s14():
    xs, ys = _xy(1, 2)
    r1, r2 = (pick(c.rel) for c in ys)
    q = f"What proportion of {nb(xs)} {r1} and also {r2}?"
    return out(q, n_share(xs, ys), "percent")


@tpl("share")
def s15():
    xs, ys = _xy(1, 1)
    q = f"Of the customers who {preds(xs)}, what percentage {also(pick(ys[0].rel))}?"
    return out(q, n_share(xs, ys), "percent")


@tpl("share")
def s16():
    xs, ys = _xy(R.randint(1, 2), 1)
    q = f"{nt(xs)}: what % {nt(ys)}?"
    return out(q, n_share(xs, ys), "percent")


@tpl("share")
def s17():
    ys = draw(3, min_n=30)
    q = f"share of customer base matching {nt(ys, seps=(', ', ' & '))}?"
    return out(q, n_share([], ys), "percent")


# ----- churn rate ----------------------------------------------------------------------------


@tpl("churn_rate")
def c01():
    cs = draw(2)
    return out(f"What is the churn rate for {nb(cs)}?", n_rate(cs), "percent")


@tpl("churn_rate")
def c02():
    cs = draw(2)
    return out(f"churn rate {nt(cs)}?", n_rate(cs), "percent")


@tpl("churn_rate")
def c03():
    cs = draw(3)
    return out(f"What's the churn rate among {nb(cs)}?", n_rate(cs), "percent")


@tpl("churn_rate")
def c04():
    cs = draw(2)
    q = f"fraction churned, {nt(cs)}?"
    return out(q, n_rate(cs), "percent")


@tpl("churn_rate")
def c05():
    base = draw(R.randint(1, 2))
    e, ne = draw_excl(base)
    q = f"What is the churn rate for {nb(base)}, excluding {pick(e.excl)}?"
    return out(q, n_rate([*base, ne]), "percent")


@tpl("churn_rate")
def c06():
    base = draw(R.randint(1, 2))
    e, ne = draw_excl(base)
    q = f"churn % {nt(base)} {pick(['excl.', 'excluding'])} {pick(e.terse)}"
    return out(q, n_rate([*base, ne]), "percent")


@tpl("churn_rate")
def c07():
    cs = draw(2)
    return out(f"What percentage of {nb(cs)} have churned?", n_rate(cs), "percent")


@tpl("churn_rate")
def c08():
    cs = draw(2)
    q = f"What's the attrition rate for customers {who()} {preds(cs)}?"
    return out(q, n_rate(cs), "percent")


@tpl("churn_rate")
def c09():
    base = draw(1, need=("noun",))
    e, ne = draw_excl(base)
    q = f"What is the churn rate among {pick(base[0].noun)} other than {pick(e.excl)}?"
    return out(q, n_rate([*base, ne]), "percent")


@tpl("churn_rate")
def c10():
    cs = draw(2, need=("where",))
    w1, w2 = (pick(c.where) for c in cs)
    q = f"What is the churn rate of customers where {w1} and {w2}?"
    return out(q, n_rate(cs), "percent")


@tpl("churn_rate")
def c11():
    cs = draw(2)
    q = f"{nt(cs)} - share that churned?"
    return out(q, n_rate(cs), "percent")


@tpl("churn_rate")
def c12():
    cs = draw(R.randint(2, 3))
    return out(f"{nt(cs, seps=(' + ', ' & '))} churn rate", n_rate(cs), "percent")


NEG_KEYS = ["notm2m", "notecheck", "notautopay", "paper", "nonsenior", "nomulti", "nophone"]


@tpl("churn_rate")
def c13():
    n1 = draw(1, pool=[COND[k] for k in NEG_KEYS])
    cs = n1 + draw(1, base=n1)
    return out(f"What's the churn rate for {nb(cs)}?", n_rate(cs), "percent")


@tpl("churn_rate")
def c14():
    a = draw(1, need=("noun",))
    bc = draw(2, base=a)
    q = f"For {pick(a[0].noun)}, what is the churn rate of those who {preds(bc)}?"
    return out(q, n_rate(a + bc), "percent")


@tpl("churn_rate")
def c15():
    cs = draw(3)
    return out(f"churn rate for {nt(cs, seps=(', ', ' + '))}", n_rate(cs), "percent")


@tpl("churn_rate")
def c16():
    base = draw(R.randint(1, 2))
    e, ne = draw_excl(base)
    q = f"churn rate {nt(base)} but not {pick(e.terse)}"
    return out(q, n_rate([*base, ne]), "percent")


@tpl("churn_rate")
def c17():
    a = draw(1)
    b = draw(1, base=a, need=("post",))
    q = f"Among {nb(a)}, what proportion of those {pick(b[0].post)} churned?"
    return out(q, n_rate(a + b), "percent")


# ----- difference ----------------------------------------------------------------------------

PAIRS = [
    ("fiber", "dsl"),
    ("m2m", "oneyear"),
    ("m2m", "twoyear"),
    ("oneyear", "twoyear"),
    ("echeck", "mailed"),
    ("echeck", "bank"),
    ("echeck", "card"),
    ("mailed", "card"),
    ("autopay", "notautopay"),
    ("senior", "nonsenior"),
    ("female", "male"),
    ("partner", "nopartner"),
    ("dependents", "nodependents"),
    ("paperless", "paper"),
    ("m2m", "notm2m"),
    ("fiber", "nonet"),
    ("dsl", "nonet"),
    ("multi", "nomulti"),
    ("ten_lt12", "ten_ge12"),
    ("ten_le24", "ten_gt24"),
    ("mc_gt70", "mc_le70"),
    ("mc_gt50", "mc_le50"),
    ("phone", "nophone"),
]
PAIRS += [
    (k, "no" + k)
    for k in (
        "onlinesecurity",
        "onlinebackup",
        "deviceprotection",
        "techsupport",
        "streamingtv",
        "streamingmovies",
    )
]


def draw_pair(kbase=(0, 1), avoid=()):
    for _ in range(200):
        a, b = (COND[k] for k in pick(PAIRS))
        if a.fam in avoid:
            continue
        if R.random() < 0.5:
            a, b = b, a
        k = R.randint(*kbase)
        try:
            base = draw(k, avoid={a.fam, *avoid}) if k else []
        except Retry:
            continue
        if valid([*base, a]) and valid([*base, b]):
            return a, b, base
    raise Retry


def rate(cs):
    return float(DF.loc[mask(cs), "Churn"].mean())


def among_b(base):
    return f"Among {nb(base)}, " if base else ""


@tpl("difference")
def d01():
    a, b, base = draw_pair()
    pre = among_b(base)
    what = "what is the difference" if base else "What is the difference"
    q = f"{pre}{what} in churn rate between {nb([a])} and {nb([b])}?"
    note = f"abs({n_rate([*base, a])} - {n_rate([*base, b])})"
    return out(q, note, "percent", psig(a, b, base))


@tpl("difference")
def d02():
    a, b, _base = draw_pair((0, 0))
    q = f"churn gap {nt([a])} vs {nt([b])}?"
    return out(q, f"abs({n_rate([a])} - {n_rate([b])})", "percent", psig(a, b, []))


@tpl("difference")
def d03():
    a, b, base = draw_pair()
    if rate([*base, a]) < rate([*base, b]):
        a, b = b, a
    if rate([*base, a]) - rate([*base, b]) < 0.005:
        raise Retry
    pre = among_b(base)
    how = "how much higher" if base else "How much higher"
    q = f"{pre}{how} is the churn rate for {nb([a])} than for {nb([b])}?"
    return out(q, f"abs({n_rate([*base, a])} - {n_rate([*base, b])})", "percent", psig(a, b, base))


@tpl("difference")
def d04():
    a, b, base = draw_pair((1, 1))
    q = (
        f"For {nb(base)}, by how many percentage points does the churn rate differ "
        f"between those who {pick(a.rel)} and those who {pick(b.rel)}?"
    )
    return out(q, f"abs({n_rate([*base, a])} - {n_rate([*base, b])})", "percent", psig(a, b, base))


@tpl("difference")
def d05():
    xs = draw(R.randint(1, 2), base=[CHURNED], avoid={"monthly"})
    if size([*xs, RETAINED]) < 30:
        raise Retry
    q = f"How big is the gap in average monthly charge between churned and retained {nb(xs)}?"
    note = (
        f"abs({n_agg([*xs, CHURNED], 'MonthlyCharges', 'mean')} - "
        f"{n_agg([*xs, RETAINED], 'MonthlyCharges', 'mean')})"
    )
    return out(q, note, "amount")


@tpl("difference")
def d06():
    xs = draw(R.randint(1, 2), base=[CHURNED], avoid={"tenure"})
    if size([*xs, RETAINED]) < 30:
        raise Retry
    q = f"avg tenure gap churned vs retained, {nt(xs)}"
    note = (
        f"abs({n_agg([*xs, CHURNED], 'tenure', 'mean')} - "
        f"{n_agg([*xs, RETAINED], 'tenure', 'mean')})"
    )
    return out(q, note, "amount")


@tpl("difference")
def d07():
    a, b, base = draw_pair()
    ca, cb = size([*base, a, CHURNED]), size([*base, b, CHURNED])
    if ca < cb:
        a, b = b, a
    if abs(ca - cb) < 1:
        raise Retry
    pre = among_b(base)
    how = "how many more" if base else "How many more"
    q = f"{pre}{how} churned customers are there among {nb([a])} than among {nb([b])}?"
    note = f"abs({n_churned([*base, a])} - {n_churned([*base, b])})"
    return out(q, note, "count", psig(a, b, base))


@tpl("difference")
def d08():
    a, b, _ = draw_pair((0, 0))
    ys = draw(1, avoid={a.fam}, need=())
    if not (ok_share([a], ys) and ok_share([b], ys)):
        raise Retry
    sa = size([a, *ys]) / size([a])
    sb = size([b, *ys]) / size([b])
    if sa < sb:
        a, b, sa, sb = b, a, sb, sa
    if sa - sb < 0.005:
        raise Retry
    q = (
        f"How much more likely are {nb([a])} than {nb([b])} to {inf(pick(ys[0].rel))}, "
        f"in percentage points?"
    )
    return out(q, f"abs({n_share([a], ys)} - {n_share([b], ys)})", "percent", psig(a, b, ys))


@tpl("difference")
def d09():
    xs = draw(R.randint(1, 2))
    q = f"How far is the churn rate of {nb(xs)} from the overall churn rate?"
    return out(q, f'abs({n_rate(xs)} - df["Churn"].mean())', "percent")


@tpl("difference")
def d10():
    a, b, base = draw_pair(avoid={"monthly"})
    tail = f" ({nt(base)})" if base else ""
    q = f"diff in avg monthly charges {nt([a])} vs {nt([b])}{tail}"
    note = (
        f"abs({n_agg([*base, a], 'MonthlyCharges', 'mean')} - "
        f"{n_agg([*base, b], 'MonthlyCharges', 'mean')})"
    )
    return out(q, note, "amount", psig(a, b, base))


@tpl("difference")
def d11():
    xs = draw(R.randint(1, 2), base=[CHURNED], avoid={"total"})
    if size([*xs, RETAINED]) < 30:
        raise Retry
    q = f"median total charges churned vs stayed, {nt(xs)} - difference?"
    note = (
        f"abs({n_agg([*xs, CHURNED], 'TotalCharges', 'median')} - "
        f"{n_agg([*xs, RETAINED], 'TotalCharges', 'median')})"
    )
    return out(q, note, "amount")


@tpl("difference")
def d12():
    a, b, base = draw_pair()
    if size([*base, a]) == size([*base, b]):
        raise Retry
    tail = f", {nt(base)}" if base else ""
    q = f"count {nt([a])} vs {nt([b])}{tail} - difference?"
    return out(q, f"abs({n_count([*base, a])} - {n_count([*base, b])})", "count", psig(a, b, base))


@tpl("difference")
def d13():
    x1 = draw(1)
    x2 = draw(1, avoid={x1[0].fam})
    if abs(rate(x1) - rate(x2)) < 0.002:
        raise Retry
    q = f"churn rate {nt(x1)} vs {nt(x2)} - how big is the gap?"
    return out(q, f"abs({n_rate(x1)} - {n_rate(x2)})", "percent")


@tpl("difference")
def d14():
    a, b, base = draw_pair((1, 2))
    q = f"churn rate diff {nt(base)}: {nt([a])} vs {nt([b])}"
    return out(q, f"abs({n_rate([*base, a])} - {n_rate([*base, b])})", "percent", psig(a, b, base))


# ----- rank ----------------------------------------------------------------------------------


def rank_base(g, kmin=0, kmax=2, base=(), avoid=()):
    k = R.choices(range(kmin, kmax + 1), weights=[1, 4, 3][kmin : kmax + 1])[0]
    return draw(k, avoid={COL_FAM[g], *avoid}, base=base) if k else []


def among(cs, style="b"):
    if style == "b":
        return f"among {nb(cs)}" if cs else "across all customers"
    return nt(cs) if cs else "overall"


@tpl("rank")
def r01():
    g = "Contract" if R.random() < 0.5 else pick(RANK_COLS)
    cs = rank_base(g, 1)
    note, kind = rank_note(cs, g, ("rate",), "top")
    q = f"Which {gb(g)} has the highest churn rate {among(cs)}?"
    return out(q, note, kind)


@tpl("rank")
def r02():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1)
    note, kind = rank_note(cs, g, ("rate",), "bottom")
    return out(f"lowest-churn {gt(g)}, {nt(cs)}?", note, kind)


@tpl("rank")
def r03():
    g = "PaymentMethod"
    cs = rank_base(g, 1)
    note, kind = rank_note(cs, g, ("rate",), "top2")
    return out(f"top 2 payment methods by churn rate, {among(cs, 't')}", note, kind)


@tpl("rank")
def r04():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1)
    note, kind = rank_note(cs, g, ("rate",), "top2")
    q = f"Among {nb(cs)}, which two {gp(g)} have the highest churn rates, in order?"
    return out(q, note, kind)


@tpl("rank")
def r05():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1)
    note, kind = rank_note(cs, g, ("churners",), "top")
    q = f"Which {gb(g)} accounts for the most churned customers {among(cs)}?"
    return out(q, note, kind)


@tpl("rank")
def r06():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1)
    note, kind = rank_note(cs, g, ("churners",), "bottom")
    return out(f"{gt(g)} with fewest churners, {among(cs, 't')}", note, kind)


@tpl("rank")
def r07():
    g = pick(RANK_COLS)
    cs = rank_base(g, avoid={"monthly"})
    note, kind = rank_note(cs, g, ("mean", "MonthlyCharges"), "top")
    q = f"Which {gb(g)} has the highest average monthly charge {among(cs)}?"
    return out(q, note, kind)


@tpl("rank")
def r08():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1, avoid={"tenure"})
    note, kind = rank_note(cs, g, ("mean", "tenure"), "top")
    q = f"For {nb(cs)}, which {gb(g)} has the longest average tenure?"
    return out(q, note, kind)


@tpl("rank")
def r09():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1, avoid={"tenure"})
    note, kind = rank_note(cs, g, ("median", "tenure"), "bottom")
    return out(f"lowest median tenure by {gt(g)}, {among(cs, 't')}", note, kind)


@tpl("rank")
def r10():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1, avoid={"monthly"})
    note, kind = rank_note(cs, g, ("sum", "MonthlyCharges"), "top")
    q = f"Which {gb(g)} brings in the most monthly revenue (sum of monthly charges) from {nb(cs)}?"
    return out(q, note, kind)


@tpl("rank")
def r11():
    g = pick(["PaymentMethod", "PaymentMethod", "Contract", "InternetService"])
    cs = rank_base(g, 1)
    note, kind = rank_note(cs, g, ("rate",), "second")
    q = f"2nd highest churn rate by {gt(g)}, {among(cs, 't')} - which one?"
    return out(q, note, kind)


@tpl("rank")
def r12():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1)
    place = pick(["top", "bottom"])
    note, kind = rank_note(cs, g, ("count",), place)
    word = "most" if place == "top" else "fewest"
    return out(f"which {gt(g)} has the {word} customers ({nt(cs)})", note, kind)


@tpl("rank")
def r13():
    g = pick(RANK_COLS)
    cs = rank_base(g, 0, 1)
    ys = draw(1, base=cs, avoid={COL_FAM[g]})
    note, kind = rank_note(cs, g, ("share", ys), "top")
    pre = f"Among {nb(cs)}, which" if cs else "Which"
    q = f"{pre} {gb(g)} has the highest share of customers who {preds(ys)}?"
    return out(q, note, kind)


@tpl("rank")
def r14():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1, avoid={"monthly"})
    note, kind = rank_note(cs, g, ("mean", "MonthlyCharges"), "bottom2")
    return out(f"bottom 2 {gt(g)}s by avg monthly charges, {among(cs, 't')}", note, kind)


@tpl("rank")
def r15():
    g = pick(ADDON_COLS)
    cs = rank_base(g, 0, 1)
    place = pick(["top", "bottom"])
    note, kind = rank_note(cs, g, ("rate",), place)
    word = "highest" if place == "top" else "lowest"
    pre = f"Among {nb(cs)}, which" if cs else "Which"
    return out(f"{pre} {gb(g)} has the {word} churn rate?", note, kind)


@tpl("rank")
def r16():
    g = pick(RANK_COLS)
    cs = rank_base(g, 0, 1, base=[CHURNED], avoid={"total"})
    note, kind = rank_note([CHURNED, *cs], g, ("sum", "TotalCharges"), "top")
    who_ = nt_churned(cs) if cs else "churners"
    return out(f"{gt(g)} w/ highest total charges billed (sum), {who_}", note, kind)


@tpl("rank")
def r17():
    g = pick(RANK_COLS)
    cs = rank_base(g, 1)
    note, kind = rank_note(cs, g, ("churners",), "top2")
    return out(f"top 2 {gt(g)}s by churner count, {among(cs, 't')}", note, kind)


# ----- breakdown -----------------------------------------------------------------------------


def bd_base(g, kmin=0, kmax=2, base=(), avoid=()):
    return rank_base(g, kmin, kmax, base=base, avoid=avoid)


@tpl("breakdown")
def b01():
    g = pick(ALL_GCOLS)
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("rate",))
    return out(f"What is the churn rate by {gb(g)} for {nb(cs)}?", note, kind)


@tpl("breakdown")
def b02():
    g = pick(ALL_GCOLS)
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("rate",))
    return out(f"Break down the churn rate of {nb(cs)} by {gb(g)}.", note, kind)


@tpl("breakdown")
def b03():
    g = pick(ALL_GCOLS)
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("rate",))
    return out(f"churn by {gt(g)}, {among(cs, 't')}", note, kind)


@tpl("breakdown")
def b04():
    g = pick(RANK_COLS)
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("dist",))
    q = f"How are {nb(cs)} distributed across {gp(g)}? Give the percentage of them in each."
    return out(q, note, kind)


@tpl("breakdown")
def b05():
    g = pick(RANK_COLS + BIN_COLS)
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("churners",))
    q = f"How many churned customers are there in each {gb(g)} among {nb(cs)}?"
    if g in BIN_COLS:
        q = f"How many {nb(cs)} churned, split by {gb(g)}?"
    return out(q, note, kind)


@tpl("breakdown")
def b06():
    g = pick(ALL_GCOLS)
    cs = bd_base(g, avoid={"monthly"})
    note, kind = bd_note(cs, g, ("mean", "MonthlyCharges"))
    return out(f"avg monthly charges by {gt(g)}, {among(cs, 't')}", note, kind)


@tpl("breakdown")
def b07():
    g = pick(RANK_COLS + BIN_COLS)
    cs = bd_base(g, 1, 1, base=[CHURNED], avoid={"tenure"})
    note, kind = bd_note([CHURNED, *cs], g, ("median", "tenure"))
    q = f"What's the median tenure of {nb_churned(cs)}, split by {gb(g)}?"
    return out(q, note, kind)


@tpl("breakdown")
def b08():
    g = "gender"
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("rate",))
    return out(f"Show the churn rate by gender for {nb(cs)}.", note, kind)


@tpl("breakdown")
def b09():
    g = "SeniorCitizen"
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("rate",))
    return out(f"churn rate seniors vs non-seniors, {nt(cs)}", note, kind)


@tpl("breakdown")
def b10():
    g = pick(ADDON_COLS)
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("rate",))
    q = f"For {nb(cs)}, what is the churn rate for each value of {gb(g)}?"
    return out(q, note, kind)


@tpl("breakdown")
def b11():
    g = pick(ALL_GCOLS)
    cs = bd_base(g, 1)
    note, kind = bd_note(cs, g, ("count",))
    return out(f"customer count by {gt(g)} | {nt(cs)}", note, kind)


@tpl("breakdown")
def b12():
    g = pick(RANK_COLS + BIN_COLS)
    cs = bd_base(g, 1, avoid={"monthly"})
    note, kind = bd_note(cs, g, ("sum", "MonthlyCharges"))
    q = f"total monthly charges per {gt(g)}, {nt(cs)} only"
    return out(q, note, kind)


@tpl("breakdown")
def b13():
    g = pick(RANK_COLS + BIN_COLS)
    cs = bd_base(g, 0, 1, base=[CHURNED])
    pop = [CHURNED, *cs]
    note, kind = bd_note(pop, g, ("dist",))
    who_ = nb_churned(cs) if cs else "all churned customers"
    q = f"What share of {who_} falls in each {gb(g)}?"
    if g in BIN_COLS:
        q = f"How do {who_} split by {gb(g)}, as percentages?"
    return out(q, note, kind)


@tpl("breakdown")
def b14():
    g = pick(["Partner", "Dependents", "PaperlessBilling", "PhoneService"])
    cs = bd_base(g, 1, avoid={"tenure"})
    note, kind = bd_note(cs, g, ("mean", "tenure"))
    return out(f"avg tenure by {gt(g)}, {nt(cs)}", note, kind)


# ----- count ---------------------------------------------------------------------------------


@tpl("count")
def k01():
    cs = draw(2)
    return out(f"How many {nb(cs)} do we have?", n_count(cs), "count")


@tpl("count")
def k02():
    cs = draw(2)
    return out(f"count {nt(cs)}", n_count(cs), "count")


@tpl("count")
def k03():
    cs = draw(3)
    q = f"How many customers are there who {preds(cs)}?"
    return out(q, n_count(cs), "count")


@tpl("count")
def k04():
    cs = draw(3)
    return out(f"# of {nt(cs, seps=(', ', ' + '))}", n_count(cs), "count")


@tpl("count")
def k05():
    base = draw(1)
    e, ne = draw_excl(base)
    q = f"How many {nb(base)} are there, excluding {pick(e.excl)}?"
    return out(q, n_count([*base, ne]), "count")


@tpl("count")
def k06():
    base = draw(R.randint(1, 2))
    e, ne = draw_excl(base)
    q = f"n customers {nt(base)}, not {pick(e.terse)}"
    return out(q, n_count([*base, ne]), "count")


@tpl("count")
def k07():
    a = draw(2)
    b = draw(1, base=a)
    q = f"How many {nb(a)} {also(pick(b[0].rel))}?"
    return out(q, n_count(a + b), "count")


# ----- churned -------------------------------------------------------------------------------


def draw_ch(k, **kw):
    cs = draw(k, **kw)
    if size([*cs, CHURNED]) < 1:
        raise Retry
    return cs


@tpl("churned")
def h01():
    cs = draw_ch(2)
    return out(f"How many {nb(cs)} churned?", n_churned(cs), "count")


@tpl("churned")
def h02():
    cs = draw_ch(2)
    return out(f"# churned {nt(cs)}", n_churned(cs), "count")


@tpl("churned")
def h03():
    cs = draw_ch(2)
    q = f"churned count, {nt(cs, seps=(' and ', ' & '))}"
    return out(q, n_churned(cs), "count")


@tpl("churned")
def h04():
    cs = draw_ch(R.randint(1, 3))
    return out(f"number of churners, {nt(cs)}", n_churned(cs), "count")


@tpl("churned")
def h05():
    base = draw_ch(1)
    e, ne = draw_excl(base)
    q = f"Excluding {pick(e.excl)}, how many {nb(base)} churned?"
    return out(q, n_churned([*base, ne]), "count")


@tpl("churned")
def h06():
    cs = draw_ch(3)
    q = f"What is the number of churned customers among {nb(cs)}?"
    return out(q, n_churned(cs), "count")


@tpl("churned")
def h07():
    cs = draw_ch(R.randint(1, 2))
    return out(f"{nt(cs)} - how many left?", n_churned(cs), "count")


# ----- mean ----------------------------------------------------------------------------------


@tpl("mean")
def m01():
    col = pick(["tenure", "MonthlyCharges", "TotalCharges"])
    cs = draw(R.randint(1, 2), avoid={MEAS_FAM[col]})
    q = f"What is the average {mb(col, cs)} of {nb(cs)}?"
    return out(q, n_agg(cs, col, "mean"), "amount")


@tpl("mean")
def m02():
    col = pick(["tenure", "MonthlyCharges", "TotalCharges"])
    cs = draw(R.randint(1, 2), avoid={MEAS_FAM[col]})
    return out(f"avg {mt(col, cs)} {nt(cs)}", n_agg(cs, col, "mean"), "amount")


@tpl("mean")
def m03():
    cs = draw(R.randint(1, 2), avoid={"monthly"})
    q = f"On average, how much do {nb(cs)} pay per month?"
    return out(q, n_agg(cs, "MonthlyCharges", "mean"), "amount")


@tpl("mean")
def m04():
    col = pick(["tenure", "MonthlyCharges", "TotalCharges"])
    cs = draw(R.randint(1, 2), base=[CHURNED], avoid={MEAS_FAM[col]})
    pop = [*cs, CHURNED]
    return out(f"mean {mt(col, pop)}, {nt_churned(cs)}", n_agg(pop, col, "mean"), "amount")


@tpl("mean")
def m05():
    cs = draw(2, avoid={"tenure"})
    q = f"What is the average tenure, in months, of customers who {preds(cs)}?"
    return out(q, n_agg(cs, "tenure", "mean"), "amount")


@tpl("mean")
def m06():
    col = pick(["tenure", "MonthlyCharges", "TotalCharges"])
    base = draw(1, avoid={MEAS_FAM[col]})
    e, ne = draw_excl(base)
    pop = [*base, ne]
    q = f"What's the average {mb(col, pop)} for {nb(base)}, excluding {pick(e.excl)}?"
    return out(q, n_agg(pop, col, "mean"), "amount")


# ----- median --------------------------------------------------------------------------------


@tpl("median")
def e01():
    col = pick(["tenure", "MonthlyCharges", "TotalCharges"])
    cs = draw(R.randint(1, 2), avoid={MEAS_FAM[col]})
    q = f"What is the median {mb(col, cs)} of {nb(cs)}?"
    return out(q, n_agg(cs, col, "median"), "amount")


@tpl("median")
def e02():
    col = pick(["tenure", "MonthlyCharges", "TotalCharges"])
    cs = draw(R.randint(1, 2), avoid={MEAS_FAM[col]})
    return out(f"median {mt(col, cs)} {nt(cs)}", n_agg(cs, col, "median"), "amount")


@tpl("median")
def e03():
    cs = draw(R.randint(1, 2), base=[CHURNED], avoid={"monthly"})
    pop = [*cs, CHURNED]
    q = f"median monthly bill, {nt_churned(cs)}"
    return out(q, n_agg(pop, "MonthlyCharges", "median"), "amount")


@tpl("median")
def e04():
    cs = draw(R.randint(1, 2), base=[RETAINED], avoid={"tenure"})
    pop = [*cs, RETAINED]
    return out(f"median tenure {nt_retained(cs)}", n_agg(pop, "tenure", "median"), "amount")


@tpl("median")
def e05():
    cs = draw(2, avoid={"total"})
    q = f"What are the median {mb('TotalCharges', cs)} for customers who {preds(cs)}?"
    q = q.replace("median total amount billed", "median total charges")
    return out(q, n_agg(cs, "TotalCharges", "median"), "amount")


# ----- sum -----------------------------------------------------------------------------------


@tpl("sum")
def u01():
    cs = draw(R.randint(1, 2), avoid={"monthly"})
    q = f"What is the total monthly revenue (sum of monthly charges) from {nb(cs)}?"
    return out(q, n_agg(cs, "MonthlyCharges", "sum"), "amount")


@tpl("sum")
def u02():
    cs = draw(R.randint(1, 2), avoid={"monthly"})
    return out(f"sum monthly charges {nt(cs)}", n_agg(cs, "MonthlyCharges", "sum"), "amount")


@tpl("sum")
def u03():
    cs = draw(R.randint(1, 2), base=[CHURNED], avoid={"monthly"})
    pop = [*cs, CHURNED]
    q = (
        f"How much monthly revenue walked out the door with {nb_churned(cs)}, i.e. the "
        f"sum of their monthly charges?"
    )
    return out(q, n_agg(pop, "MonthlyCharges", "sum"), "amount")


@tpl("sum")
def u04():
    cs = draw(R.randint(1, 2), avoid={"total"})
    return out(f"sum TotalCharges {nt(cs)}", n_agg(cs, "TotalCharges", "sum"), "amount")


@tpl("sum")
def u05():
    cs = draw(R.randint(1, 2), avoid={"total"})
    q = f"How much have {nb(cs)} been billed altogether, in total charges?"
    return out(q, n_agg(cs, "TotalCharges", "sum"), "amount")


@tpl("sum")
def u06():
    cs = draw(R.randint(1, 2), avoid={"tenure"})
    q = f"total tenure months summed over {nt(cs)}"
    return out(q, n_agg(cs, "tenure", "sum"), "amount")


def not_extreme(cs, col, fn, whole=()):
    """Redraw when the answer is just the extreme of the wider group (e.g. all customers)."""
    sub = getattr(DF.loc[mask(cs), col], fn)()
    if sub == getattr(DF.loc[mask(list(whole)), col], fn)():
        raise Retry


# ----- min / max -----------------------------------------------------------------------------


@tpl("min")
def n01():
    cs = draw(R.randint(1, 2), avoid={"monthly"})
    not_extreme(cs, "MonthlyCharges", "min")
    q = f"What's the lowest monthly charge among {nb(cs)}?"
    return out(q, n_agg(cs, "MonthlyCharges", "min"), "amount")


@tpl("min")
def n02():
    cs = draw(R.randint(1, 2), avoid={"monthly"})
    not_extreme(cs, "MonthlyCharges", "min")
    return out(f"lowest monthly bill, {nt(cs)}", n_agg(cs, "MonthlyCharges", "min"), "amount")


@tpl("min")
def n03():
    cs = draw(R.randint(1, 2), avoid={"total"})
    not_extreme(cs, "TotalCharges", "min")
    q = f"What is the smallest {mb('TotalCharges', cs)} figure among {nb(cs)}?"
    q = q.replace("smallest total amount billed figure", "smallest total-charges figure")
    q = q.replace("smallest total charges figure", "smallest total-charges figure")
    return out(q, n_agg(cs, "TotalCharges", "min"), "amount")


@tpl("min")
def n04():
    cs = draw(R.randint(1, 2), base=[CHURNED], avoid={"monthly"})
    pop = [*cs, CHURNED]
    not_extreme(pop, "MonthlyCharges", "min", [CHURNED])
    return out(
        f"min monthly charge, {nt_churned(cs)}", n_agg(pop, "MonthlyCharges", "min"), "amount"
    )


@tpl("max")
def x01():
    col = pick(["tenure", "MonthlyCharges"])
    cs = draw(R.randint(1, 2), base=[CHURNED], avoid={MEAS_FAM[col]})
    pop = [*cs, CHURNED]
    if DF.loc[mask(pop), col].max() == DF.loc[mask([CHURNED]), col].max():
        raise Retry
    what = "longest tenure" if col == "tenure" else "highest monthly charge"
    q = f"What's the {what} among {nb_churned(cs)}?"
    return out(q, n_agg(pop, col, "max"), "amount")


@tpl("max")
def x02():
    cs = draw(R.randint(1, 2), avoid={"monthly"})
    not_extreme(cs, "MonthlyCharges", "max")
    return out(f"max monthly charges {nt(cs)}", n_agg(cs, "MonthlyCharges", "max"), "amount")


@tpl("max")
def x03():
    cs = draw(R.randint(1, 2), avoid={"total"})
    not_extreme(cs, "TotalCharges", "max")
    q = f"What is the highest total charge billed to any of our {nb(cs)}?"
    return out(q, n_agg(cs, "TotalCharges", "max"), "amount")


@tpl("max")
def x04():
    cs = draw(R.randint(1, 2), avoid={"total"})
    not_extreme(cs, "TotalCharges", "max")
    return out(f"max {mt('TotalCharges', cs)} {nt(cs)}", n_agg(cs, "TotalCharges", "max"), "amount")


# ----- refuse --------------------------------------------------------------------------------

REGIONS = [
    "Texas",
    "the Northeast region",
    "California",
    "rural areas",
    "the Chicago metro",
    "Florida",
]
UNRECORDED = [
    "monthly data usage (GB)",
    "number of support calls",
    "satisfaction score",
    "NPS score",
    "customer age",
    "household income",
    "dropped-call count",
]
REASONS = [
    "they moved to a competitor",
    "of a price increase",
    "of poor network coverage",
    "they relocated",
    "of bad customer service",
]
UNREC_DIMS = [
    "state",
    "acquisition channel",
    "handset brand",
    "sales rep",
    "zip code",
    "store location",
]


def refuse(q):
    return {"q": q, "note": "[]", "kind": None}


@tpl("refuse")
def f01():
    cs = draw(1)
    return refuse(f"What's the churn rate for {nb(cs)} in {pick(REGIONS)}?")


@tpl("refuse")
def f02():
    cs = draw(R.randint(1, 2))
    return refuse(f"avg {pick(UNRECORDED)} {nt(cs)}")


@tpl("refuse")
def f03():
    cs = draw(1)
    return refuse(f"How many {nb(cs)} churned because {pick(REASONS)}?")


@tpl("refuse")
def f04():
    cs = draw(1)
    return refuse(f"churn rate by {pick(UNREC_DIMS)}, {nt(cs)}")


# ---------------------------------------------------------------------------------------------
# Gold and assembly
# ---------------------------------------------------------------------------------------------

TARGET = {
    "share": 84,
    "churn_rate": 84,
    "difference": 72,
    "rank": 84,
    "breakdown": 72,
    "count": 36,
    "churned": 36,
    "mean": 30,
    "median": 24,
    "sum": 30,
    "min": 18,
    "max": 18,
    "refuse": 12,
}


def half_up(x, nd):
    q = Decimal(1).scaleb(-nd)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def scalar(v, kind):
    if kind == "count":
        f = float(v)
        if f != int(f):
            raise ValueError(v)
        return {"kind": "count", "value": int(f)}
    if kind == "percent":
        return {"kind": "percent", "value": half_up(v, 4)}
    return {"kind": "amount", "value": half_up(v, 2)}


def to_gold(value, kind):
    if kind is None:
        return []
    if isinstance(value, pd.Series):
        g = []
        for k, v in value.items():
            g.append({"kind": "label", "value": str(k)})
            g.append(scalar(v, kind))
        return g
    return [scalar(value, kind)]


def check(rec, value, metric):
    g = rec["gold"]
    vals = [x["value"] for x in g if x["kind"] != "label"]
    for v in vals:
        if math.isnan(v):
            raise Retry
    if metric == "breakdown":
        labels = [x["value"] for x in g if x["kind"] == "label"]
        if len(labels) != len(vals):
            raise ValueError(rec)
    for x in g:
        if x["kind"] == "percent" and not 0 <= x["value"] <= 1:
            raise ValueError(rec)
    if metric in ("share", "churn_rate") and vals[0] in (0.0, 1.0):
        raise Retry


def generate():
    by_metric = {}
    for metric, fn in TEMPLATES:
        by_metric.setdefault(metric, []).append(fn)
    recs, seen_q = [], set()
    for metric, fns in by_metric.items():
        total = TARGET[metric]
        base, rem = divmod(total, len(fns))
        for i, fn in enumerate(fns):
            n = base + (1 if i < rem else 0)
            tid = f"t8-{metric}{i + 1:02d}"
            seen_notes, got, tries = set(), 0, 0
            while got < n:
                tries += 1
                if tries > 5000:
                    raise RuntimeError(f"cannot fill {tid}")
                try:
                    r = fn()
                except Retry:
                    continue
                q = " ".join(r["q"].split())
                sig = r.get("sig") or r["note"]
                if q in seen_q or (sig in seen_notes and sig != "[]"):
                    continue
                value = eval(r["note"], env())
                rec = {
                    "id": "",
                    "question": q,
                    "expect": "refuse" if metric == "refuse" else "answer",
                    "metric": metric,
                    "gold": to_gold(value, r["kind"]),
                    "note": r["note"],
                    "template": tid,
                }
                try:
                    check(rec, value, metric)
                except Retry:
                    continue
                seen_q.add(q)
                seen_notes.add(sig)
                recs.append(rec)
                got += 1
    R.shuffle(recs)
    for i, rec in enumerate(recs, 1):
        rec["id"] = f"t8-{i:04d}"
    return recs


def main(argv=None):
    global DF
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", default=None)
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    a = ap.parse_args(argv)
    DF = load(a.csv or default_csv())
    build_conds()
    recs = generate()
    with open(a.out, "w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts = {}
    for rec in recs:
        counts[rec["metric"]] = counts.get(rec["metric"], 0) + 1
    ntpl = len({rec["template"] for rec in recs})
    print(f"wrote {len(recs)} questions from {ntpl} templates to {a.out}")
    print(counts)


if __name__ == "__main__":
    main()
