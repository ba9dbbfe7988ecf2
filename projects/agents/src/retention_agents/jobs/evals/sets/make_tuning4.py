# mypy: ignore-errors
"""Independent evaluation set 4 ("tuning4") for the churn data analyst.

How it was written: independently of the analyst. The author read only the data contract
(`retention_agents.core.schema`) and the packaged CSV (located via
`retention_agents.io.warehouse.telco_csv`); no analyst code, tests or other question sets were
consulted. Every gold value is computed here with pandas from the CSV, under these conventions:

* df = the CSV with TotalCharges numeric (blank -> NaN, the 11 tenure-0 rows) and
  Churn Yes/No -> 1/0; SeniorCitizen is 0/1.
* "with X" means X == "Yes"; "without X" / "no X" means X != "Yes" (includes "No internet service");
  having internet means InternetService != "No"; autopay = bank transfer or credit card (automatic).
* Blank TotalCharges are skipped by mean/median/min/max/sum and are false in any comparison
  (questions filtering on them say "recorded total charges").
* over/more than = >, at least/or more = >=, under/less than = <, at most/or less = <=,
  "between"/"from .. to" ranges are inclusive and say so; a year = 12 months.
* Every group computed on (the filtered group, each level of a breakdown/ranking, each side of a
  difference) has >= 30 customers; every filter really narrows its group; ranked places are
  separated from the next place by >= 0.5 percentage points (rates) or >= 1 unit (counts, dollars,
  months), otherwise the question is drawn again.
* Gold kinds: count (int), percent (fraction, 4 dp), amount (2 dp), label (level as in the CSV).

Regenerate (fixed seed, reproducible):

    cd /work/main && .venv/bin/python \
        projects/agents/src/retention_agents/jobs/evals/sets/make_tuning4.py \
        [--csv PATH] [--out PATH]

By default it reads `telco_csv()` and writes `tuning4.jsonl` next to this script.

One change after the first run, by the analyst's developers: template ``brk06`` drew its
measure apart from its wording ("Average TotalCharges per …" with the mean of MonthlyCharges
as gold, and the other way round); both of its wordings now name MonthlyCharges (two of the
first run's eleven "wrong" answers were these gold errors).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SEED = 4_2024_0604
PCT_GAP = 0.005
UNIT_GAP = 1.0
MIN_GROUP = 30

LEVELS: dict[str, tuple[str, ...]] = {
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


def load(csv: Path) -> pd.DataFrame:
    df = pd.read_csv(csv, dtype={"TotalCharges": str})
    df["TotalCharges"] = pd.to_numeric(
        df["TotalCharges"].str.strip().replace("", None), errors="coerce"
    )
    df["Churn"] = (df["Churn"] == "Yes").astype(int)
    df["SeniorCitizen"] = df["SeniorCitizen"].astype(int)
    assert df["TotalCharges"].isna().sum() == 11
    return df


# ----------------------------------------------------------------------------------------------
# numbers in words / money / months
_ONES = [
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
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return _TENS[t] + ("" if o == 0 else "-" + _ONES[o])
    return str(n)


def months(rng: random.Random, n: int, terse: bool = False) -> str:
    if terse:
        return rng.choice([f"{n}mo", f"{n}m", f"{n} mo"])
    opts = [f"{n} months", f"{words(n)} months"]
    if n % 12 == 0:
        y = n // 12
        opts += [f"{y} year" + ("s" if y > 1 else ""), f"{words(y)} year" + ("s" if y > 1 else "")]
    return rng.choice(opts)


def money(rng: random.Random, x: float, terse: bool = False) -> str:
    x = int(x)
    opts = [f"${x:,}"]
    if x >= 1000:
        k = x / 1000
        opts.append(f"${k:g}k")
        opts.append(f"{x:,} dollars")
    elif not terse:
        opts.append(f"{x} dollars")
    return rng.choice(opts)


# ----------------------------------------------------------------------------------------------
# conditions


@dataclass
class Cond:
    id: str
    key: str
    note: str
    mods: list[str]
    terse: list[str]
    raw: str
    nouns: list[str] = field(default_factory=list)
    preds: list[str] = field(default_factory=list)
    churn: bool = False
    numeric: bool = False

    def mask(self, df):
        return eval(self.note, {"df": df})  # noqa: S307 - fixed expressions written in this file


def cat(id, key, note, mods, terse, raw, nouns=(), preds=(), churn=False):
    return Cond(id, key, note, list(mods), list(terse), raw, list(nouns), list(preds), churn)


ADDONS = {
    "OnlineSecurity": ["online security", "the online security add-on"],
    "OnlineBackup": ["online backup", "the online backup add-on"],
    "DeviceProtection": ["device protection", "the device protection plan"],
    "TechSupport": ["tech support", "technical support"],
    "StreamingTV": ["streaming TV", "the streaming TV service"],
    "StreamingMovies": ["streaming movies", "the movie streaming service"],
}
ADDON_TERSE = {
    "OnlineSecurity": "onlinesecurity",
    "OnlineBackup": "onlinebackup",
    "DeviceProtection": "deviceprotection",
    "TechSupport": "techsupport",
    "StreamingTV": "streamingtv",
    "StreamingMovies": "streamingmovies",
}

CATS: list[Cond] = [
    cat(
        "c_m2m",
        "Contract",
        "(df.Contract == 'Month-to-month')",
        ["on month-to-month contracts", "on a month-to-month plan", "on rolling monthly contracts"],
        ["m2m", "month-to-month", "contract=m2m"],
        "Contract == 'Month-to-month'",
        ["month-to-month customers"],
        ["are on month-to-month contracts", "have a month-to-month contract"],
    ),
    cat(
        "c_1y",
        "Contract",
        "(df.Contract == 'One year')",
        ["on one-year contracts", "on an annual (one-year) contract", "on 12-month contracts"],
        ["1yr contract", "one-year", "contract=1y"],
        "Contract == 'One year'",
        ["one-year-contract customers"],
        ["are on one-year contracts", "have a one-year contract"],
    ),
    cat(
        "c_2y",
        "Contract",
        "(df.Contract == 'Two year')",
        ["on two-year contracts", "on a 24-month contract"],
        ["2yr contract", "two-year", "contract=2y"],
        "Contract == 'Two year'",
        ["two-year-contract customers"],
        ["are on two-year contracts", "have a two-year contract"],
    ),
    cat(
        "c_term",
        "Contract",
        "(df.Contract != 'Month-to-month')",
        ["on a one- or two-year contract", "on fixed-term (one- or two-year) contracts"],
        ["1y/2y contract", "contract!=m2m"],
        "Contract != 'Month-to-month'",
        [],
        ["are on one- or two-year contracts"],
    ),
    cat(
        "c_not2y",
        "Contract",
        "(df.Contract != 'Two year')",
        ["not on a two-year contract", "on month-to-month or one-year contracts"],
        ["contract!=2y", "not 2yr"],
        "Contract != 'Two year'",
        [],
        ["are not on two-year contracts"],
    ),
    cat(
        "i_fiber",
        "InternetService",
        "(df.InternetService == 'Fiber optic')",
        ["with fiber optic internet", "on fibre broadband", "who have fiber-optic internet"],
        ["fiber", "fibre", "inet=fiber"],
        "InternetService == 'Fiber optic'",
        ["fiber customers", "fibre-optic subscribers"],
        ["have fiber optic internet", "are on fibre"],
    ),
    cat(
        "i_dsl",
        "InternetService",
        "(df.InternetService == 'DSL')",
        ["with DSL internet", "on DSL"],
        ["dsl", "inet=dsl"],
        "InternetService == 'DSL'",
        ["DSL customers", "DSL subscribers"],
        ["have DSL internet", "are on DSL"],
    ),
    cat(
        "i_none",
        "InternetService",
        "(df.InternetService == 'No')",
        ["with no internet service", "who don't have internet at all"],
        ["no internet", "inet=none"],
        "InternetService == 'No'",
        [],
        ["have no internet service", "don't have internet"],
    ),
    cat(
        "i_any",
        "InternetService",
        "(df.InternetService != 'No')",
        ["with internet service (DSL or fiber)", "who have internet (DSL or fibre)"],
        ["has internet", "inet!=none"],
        "InternetService != 'No'",
        ["internet subscribers (DSL or fiber)"],
        ["have internet service (DSL or fiber)"],
    ),
    cat(
        "i_notfiber",
        "InternetService",
        "(df.InternetService != 'Fiber optic')",
        ["not on fiber optic (DSL or no internet)"],
        ["not fiber", "inet!=fiber"],
        "InternetService != 'Fiber optic'",
        [],
        ["are not on fiber optic (DSL or no internet)"],
    ),
    cat(
        "p_echeck",
        "PaymentMethod",
        "(df.PaymentMethod == 'Electronic check')",
        ["paying by electronic check", "who pay with e-check", "using electronic check"],
        ["echeck", "e-check", "pay=echeck"],
        "PaymentMethod == 'Electronic check'",
        ["electronic-check payers", "e-check payers"],
        ["pay by electronic check", "use electronic check"],
    ),
    cat(
        "p_mail",
        "PaymentMethod",
        "(df.PaymentMethod == 'Mailed check')",
        ["paying by mailed check", "who pay by cheque in the post"],
        ["mailed check", "pay=mailed"],
        "PaymentMethod == 'Mailed check'",
        ["mailed-check payers"],
        ["pay by mailed check", "send a check by mail"],
    ),
    cat(
        "p_bank",
        "PaymentMethod",
        "(df.PaymentMethod == 'Bank transfer (automatic)')",
        ["paying by automatic bank transfer", "on automatic bank transfer"],
        ["bank transfer", "pay=bank"],
        "PaymentMethod == 'Bank transfer (automatic)'",
        [],
        ["pay by automatic bank transfer"],
    ),
    cat(
        "p_card",
        "PaymentMethod",
        "(df.PaymentMethod == 'Credit card (automatic)')",
        ["paying by automatic credit card", "with an automatic credit-card payment"],
        ["credit card", "pay=card"],
        "PaymentMethod == 'Credit card (automatic)'",
        [],
        ["pay by automatic credit card"],
    ),
    cat(
        "p_auto",
        "PaymentMethod",
        "df.PaymentMethod.isin(['Bank transfer (automatic)', 'Credit card (automatic)'])",
        [
            "on autopay (automatic bank transfer or credit card)",
            "paying automatically (bank transfer or credit card)",
        ],
        ["autopay", "auto-pay"],
        "PaymentMethod in ('Bank transfer (automatic)', 'Credit card (automatic)')",
        ["autopay customers"],
        ["use autopay (automatic bank transfer or credit card)"],
    ),
    cat(
        "p_manual",
        "PaymentMethod",
        "df.PaymentMethod.isin(['Electronic check', 'Mailed check'])",
        [
            "not on autopay (paying by electronic or mailed check)",
            "paying manually by electronic or mailed check",
        ],
        ["manual pay", "no autopay"],
        "PaymentMethod in ('Electronic check', 'Mailed check')",
        [],
        ["are not on autopay (pay by electronic or mailed check)"],
    ),
    cat(
        "p_notecheck",
        "PaymentMethod",
        "(df.PaymentMethod != 'Electronic check')",
        ["not paying by electronic check", "who use any payment method except electronic check"],
        ["not echeck", "pay!=echeck"],
        "PaymentMethod != 'Electronic check'",
        [],
        ["don't pay by electronic check"],
    ),
    cat(
        "b_paperless",
        "PaperlessBilling",
        "(df.PaperlessBilling == 'Yes')",
        ["on paperless billing", "who get paperless bills"],
        ["paperless", "paperless=yes"],
        "PaperlessBilling == 'Yes'",
        [],
        ["use paperless billing", "are on paperless billing"],
    ),
    cat(
        "b_paper",
        "PaperlessBilling",
        "(df.PaperlessBilling == 'No')",
        ["not on paperless billing", "who still receive paper bills"],
        ["paper bill", "paperless=no"],
        "PaperlessBilling == 'No'",
        [],
        ["still get paper bills", "aren't on paperless billing"],
    ),
    cat(
        "g_f",
        "gender",
        "(df.gender == 'Female')",
        ["who are female"],
        ["female", "gender=F"],
        "gender == 'Female'",
        ["female customers", "women"],
        ["are female"],
    ),
    cat(
        "g_m",
        "gender",
        "(df.gender == 'Male')",
        ["who are male"],
        ["male", "gender=M"],
        "gender == 'Male'",
        ["male customers", "men"],
        ["are male"],
    ),
    cat(
        "s_yes",
        "SeniorCitizen",
        "(df.SeniorCitizen == 1)",
        ["who are senior citizens", "flagged as seniors"],
        ["seniors", "senior=1"],
        "SeniorCitizen == 1",
        ["senior citizens", "seniors"],
        ["are senior citizens"],
    ),
    cat(
        "s_no",
        "SeniorCitizen",
        "(df.SeniorCitizen == 0)",
        ["who are not senior citizens"],
        ["non-seniors", "senior=0"],
        "SeniorCitizen == 0",
        ["non-senior customers"],
        ["are not senior citizens"],
    ),
    cat(
        "pa_yes",
        "Partner",
        "(df.Partner == 'Yes')",
        ["with a partner", "who have a partner"],
        ["partner", "partner=yes"],
        "Partner == 'Yes'",
        [],
        ["have a partner"],
    ),
    cat(
        "pa_no",
        "Partner",
        "(df.Partner == 'No')",
        ["without a partner", "who have no partner"],
        ["no partner", "partner=no"],
        "Partner == 'No'",
        [],
        ["don't have a partner"],
    ),
    cat(
        "d_yes",
        "Dependents",
        "(df.Dependents == 'Yes')",
        ["with dependents", "who have dependents"],
        ["dependents", "deps=yes"],
        "Dependents == 'Yes'",
        [],
        ["have dependents"],
    ),
    cat(
        "d_no",
        "Dependents",
        "(df.Dependents == 'No')",
        ["without dependents", "with no dependents"],
        ["no dependents", "deps=no"],
        "Dependents == 'No'",
        [],
        ["have no dependents"],
    ),
    cat(
        "ph_yes",
        "PhoneService",
        "(df.PhoneService == 'Yes')",
        ["with phone service", "who have a phone line"],
        ["phone", "phone=yes"],
        "PhoneService == 'Yes'",
        [],
        ["have phone service"],
    ),
    cat(
        "ph_no",
        "PhoneService",
        "(df.PhoneService == 'No')",
        ["without phone service", "with no phone line"],
        ["no phone", "phone=no"],
        "PhoneService == 'No'",
        [],
        ["don't have phone service"],
    ),
    cat(
        "ml_yes",
        "MultipleLines",
        "(df.MultipleLines == 'Yes')",
        ["with multiple lines", "who have more than one phone line"],
        ["multi-line", "multiplelines=yes"],
        "MultipleLines == 'Yes'",
        [],
        ["have multiple lines"],
    ),
    cat(
        "ml_no",
        "MultipleLines",
        "(df.MultipleLines != 'Yes')",
        ["without multiple lines"],
        ["no multi-line", "multiplelines!=yes"],
        "MultipleLines != 'Yes'",
        [],
        ["don't have multiple lines"],
    ),
    cat(
        "ch_yes",
        "Churn",
        "(df.Churn == 1)",
        ["who churned", "who have left"],
        ["churned", "churn=1"],
        "Churn == 'Yes'",
        ["churned customers", "churners", "customers who left"],
        ["churned"],
        churn=True,
    ),
    cat(
        "ch_no",
        "Churn",
        "(df.Churn == 0)",
        ["who did not churn", "who stayed"],
        ["retained", "churn=0"],
        "Churn == 'No'",
        ["retained customers", "customers who stayed", "non-churned customers"],
        ["did not churn"],
        churn=True,
    ),
]
for _col, _names in ADDONS.items():
    _t = ADDON_TERSE[_col]
    CATS.append(
        cat(
            f"a_{_col}_y",
            _col,
            f"(df.{_col} == 'Yes')",
            [f"with {_names[0]}", f"who have {_names[0]}", f"subscribed to {_names[1]}"],
            [_t, f"{_t}=yes"],
            f"{_col} == 'Yes'",
            [],
            [f"have {_names[0]}", f"subscribe to {_names[1]}"],
        )
    )
    CATS.append(
        cat(
            f"a_{_col}_n",
            _col,
            f"(df.{_col} != 'Yes')",
            [f"without {_names[0]}", f"with no {_names[0]}", f"who don't have {_names[0]}"],
            [f"no {_t}", f"{_t}!=yes"],
            f"{_col} != 'Yes'",
            [],
            [f"don't have {_names[0]}"],
        )
    )
CAT_BY_ID = {c.id: c for c in CATS}
CAT_WEIGHT = {
    "Contract": 3,
    "InternetService": 3,
    "PaymentMethod": 3,
    "PaperlessBilling": 1.5,
    "SeniorCitizen": 1.5,
    "Partner": 1.2,
    "Dependents": 1.2,
    "gender": 1,
    "PhoneService": 0.7,
    "MultipleLines": 1,
    "Churn": 0,
}


def numeric_cond(rng: random.Random, measure: str | None = None) -> Cond:
    m = measure or rng.choices(["tenure", "MonthlyCharges", "TotalCharges"], [4, 4, 2])[0]
    op = rng.choice(["gt", "ge", "lt", "le", "between"])
    if m == "tenure":
        vals = [3, 6, 12, 18, 24, 30, 36, 48, 60]
    elif m == "MonthlyCharges":
        vals = [25, 30, 40, 50, 60, 70, 75, 80, 90, 100, 105]
    else:
        vals = [250, 500, 1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000, 6000]
    if op == "between":
        a, b = sorted(rng.sample(vals, 2))
    else:
        a = b = rng.choice(vals)
    sym = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}
    if op == "between":
        note = f"df.{m}.between({a}, {b})"
        raw = f"{m} between {a} and {b} (inclusive)"
    else:
        note = f"(df.{m} {sym[op]} {a})"
        raw = f"{m} {sym[op]} {a}"
    if m == "tenure":
        A, B = months(rng, a), months(rng, b)
        ta = months(rng, a, True)
        mods = {
            "gt": [
                f"with tenure over {A}",
                f"who have been with us more than {A}",
                f"with more than {A} of tenure",
            ],
            "ge": [
                f"with at least {A} of tenure",
                f"with tenure of {A} or more",
                f"who have stayed {A} or longer",
            ],
            "lt": [
                f"with tenure under {A}",
                f"with less than {A} of tenure",
                f"who have been with us for less than {A}",
            ],
            "le": [f"with tenure of {A} or less", f"with at most {A} of tenure"],
            "between": [
                f"with tenure from {a} to {b} months inclusive",
                f"with tenure between {a} and {b} months (inclusive)",
            ],
        }[op]
        preds = {
            "gt": [f"have been with us more than {A}", f"have tenure over {A}"],
            "ge": [f"have at least {A} of tenure"],
            "lt": [f"have less than {A} of tenure"],
            "le": [f"have tenure of {A} or less"],
            "between": [f"have tenure from {a} to {b} months inclusive"],
        }[op]
        terse = {
            "gt": [f"tenure>{ta}", f"tenure > {a}"],
            "ge": [f"tenure>={ta}", f"tenure {a}+ mo"],
            "lt": [f"tenure<{ta}"],
            "le": [f"tenure<={ta}"],
            "between": [f"tenure {a}-{b}mo incl.", f"tenure in [{a},{b}]"],
        }[op]
    elif m == "MonthlyCharges":
        A, B = money(rng, a), money(rng, b)
        mods = {
            "gt": [
                f"paying over {A} a month",
                f"with monthly charges above {A}",
                f"whose monthly bill is more than {A}",
            ],
            "ge": [f"paying {A} or more a month", f"with monthly charges of at least {A}"],
            "lt": [
                f"paying under {A} a month",
                f"with monthly charges below {A}",
                f"whose monthly bill is less than {A}",
            ],
            "le": [f"paying at most {A} a month", f"with a monthly bill of {A} or less"],
            "between": [
                f"paying from {A} to {B} a month inclusive",
                f"with monthly charges between {A} and {B} (inclusive)",
            ],
        }[op]
        preds = {
            "gt": [f"pay more than {A} a month"],
            "ge": [f"pay at least {A} a month"],
            "lt": [f"pay less than {A} a month"],
            "le": [f"pay {A} a month or less"],
            "between": [f"pay between {A} and {B} a month (inclusive)"],
        }[op]
        terse = {
            "gt": [f"mrc>{a}", f"monthly>{A}"],
            "ge": [f"monthly>={A}"],
            "lt": [f"monthly<{A}", f"mrc<{a}"],
            "le": [f"monthly<={A}"],
            "between": [f"monthly {a}-{b} incl."],
        }[op]
    else:
        A, B = money(rng, a), money(rng, b)
        mods = {
            "gt": [
                f"with recorded total charges over {A}",
                f"whose recorded lifetime billing exceeds {A}",
            ],
            "ge": [
                f"with recorded total charges of at least {A}",
                f"with {A} or more in recorded total charges",
            ],
            "lt": [
                f"with recorded total charges under {A}",
                f"with less than {A} in recorded total charges",
            ],
            "le": [f"with recorded total charges of {A} or less"],
            "between": [f"with recorded total charges from {A} to {B} inclusive"],
        }[op]
        preds = {
            "gt": [f"have recorded total charges over {A}"],
            "ge": [f"have recorded total charges of at least {A}"],
            "lt": [f"have recorded total charges under {A}"],
            "le": [f"have recorded total charges of {A} or less"],
            "between": [f"have recorded total charges from {A} to {B} inclusive"],
        }[op]
        ta = money(rng, a, True)
        terse = {
            "gt": [f"recorded totalcharges>{ta}"],
            "ge": [f"recorded totalcharges>={ta}"],
            "lt": [f"recorded totalcharges<{ta}"],
            "le": [f"recorded totalcharges<={ta}"],
            "between": [f"recorded totalcharges {a}-{b} incl."],
        }[op]
    c = Cond(f"n_{m}_{op}_{a}_{b}", m, note, mods, terse, raw, [], preds)
    c.numeric = True
    return c


def pick_conds(rng, n, allow_churn=False, exclude_keys=(), numeric_p=0.3, measure_ok=True):
    out, keys = [], set(exclude_keys)
    tries = 0
    while len(out) < n and tries < 50:
        tries += 1
        if rng.random() < numeric_p and measure_ok:
            c = numeric_cond(rng)
        else:
            pool = [c for c in CATS if (allow_churn or not c.churn)]
            w = [CAT_WEIGHT.get(c.key, 0.8) if not c.churn else 2.0 for c in pool]
            c = rng.choices(pool, w)[0]
        if c.key in keys:
            continue
        keys.add(c.key)
        out.append(c)
    return out if len(out) == n else None


def combine(df, conds, base=None):
    m = pd.Series(True, index=df.index) if base is None else base.copy()
    for c in conds:
        m &= c.mask(df)
    return m


def valid(df, conds, base=None, min_size=MIN_GROUP):
    """Group big enough, every condition narrows it, no repeated column."""
    keys = [c.key for c in conds]
    if len(set(keys)) != len(keys):
        return False
    full = combine(df, conds, base)
    if full.sum() < min_size:
        return False
    for i in range(len(conds)):
        others = combine(df, conds[:i] + conds[i + 1 :], base)
        if others.sum() <= full.sum():
            return False
    return True


def note_of(conds):
    return " & ".join(c.note for c in conds) if conds else "True"


def sel(conds):
    return f"df[{note_of(conds)}]" if conds else "df"


def join_mods(rng, mods):
    if len(mods) == 1:
        return mods[0]
    if len(mods) == 2:
        return rng.choice([f"{mods[0]} {mods[1]}", f"{mods[0]} and {mods[1]}"])
    return ", ".join(mods[:-1]) + " and " + mods[-1]


HEADS = ["customers", "customers", "customers", "subscribers", "accounts", "clients"]


def group_nat(rng, conds, head=None, all_phrase=None):
    if not conds:
        return all_phrase or rng.choice(
            ["all customers", "the whole customer base", "all our customers"]
        )
    conds = list(conds)
    rng.shuffle(conds)
    nounable = [c for c in conds if c.nouns]
    if nounable and rng.random() < 0.6 and head is None:
        h = nounable[0]
        rest = [c for c in conds if c is not h]
        phrase = rng.choice(h.nouns)
    else:
        rest = conds
        phrase = head or rng.choice(HEADS)
    if rest:
        phrase += " " + join_mods(rng, [rng.choice(c.mods) for c in rest])
    return phrase


def group_terse(rng, conds):
    if not conds:
        return rng.choice(["all", "overall", "whole base"])
    sep = rng.choice([" & ", ", ", " + "])
    return sep.join(rng.choice(c.terse) for c in conds)


def group_raw(rng, conds):
    if not conds:
        return "all rows"
    return " and ".join(c.raw for c in conds)


def group(rng, voice, conds, **kw):
    if voice == "terse":
        return group_terse(rng, conds)
    if voice == "raw":
        return group_raw(rng, conds)
    return group_nat(rng, conds, **kw)


def finish(voice, q):
    q = re.sub(r"\s+", " ", q).strip()
    if voice == "phone":
        q = q.lower().replace("?", "").replace(",", "").replace("'", "")
        q = q.rstrip(".")
    elif q and q[0].islower() and voice not in ("terse", "raw"):
        q = q[0].upper() + q[1:]
    return q


# ----------------------------------------------------------------------------------------------
# figures

PERCENT_FIGS = {"churn_rate", "share"}
COUNT_FIGS = {"count", "churned"}


def fig_value(sub, fig):
    if fig == "churn_rate":
        return float(sub["Churn"].mean())
    if fig in ("count", "share"):
        return len(sub)
    if fig == "churned":
        return int(sub["Churn"].sum())
    agg, m = fig.split(":")
    return float(getattr(sub[m].dropna(), agg)())


def fig_kind(fig):
    if fig in PERCENT_FIGS:
        return "percent"
    if fig in COUNT_FIGS:
        return "count"
    return "amount"


def gold_val(fig, v):
    k = fig_kind(fig)
    if k == "percent":
        return {"kind": "percent", "value": round(v, 4)}
    if k == "count":
        return {"kind": "count", "value": int(v)}
    return {"kind": "amount", "value": round(v, 2)}


def fig_note(fig, grouped=False):
    if fig == "churn_rate":
        return "Churn.mean()"
    if fig == "count":
        return "size()" if grouped else "shape[0]"
    if fig == "churned":
        return "Churn.sum()"
    agg, m = fig.split(":")
    return f"{m}.{agg}()"


def gap_for(fig):
    return PCT_GAP if fig_kind(fig) == "percent" else UNIT_GAP


def level_mask(df, col, lv):
    return df[col].astype(str) == lv


# ----------------------------------------------------------------------------------------------
# column phrases for rankings and breakdowns

COLP = {
    "Contract": (["contract type", "kind of contract", "contract length"], "contract"),
    "PaymentMethod": (["payment method", "way of paying", "payment type"], "payment method"),
    "InternetService": (
        [
            "internet service type (DSL, fiber optic or none)",
            "kind of internet connection (DSL / fiber optic / no internet)",
        ],
        "internet type",
    ),
    "MultipleLines": (["multiple-lines status (Yes / No / No phone service)"], "multiple lines"),
    "gender": (["gender"], "gender"),
    "SeniorCitizen": (["senior-citizen flag (1 = senior, 0 = not)"], "senior flag"),
    "Partner": (["partner status (Yes = has a partner, No = doesn't)"], "partner y/n"),
    "Dependents": (["dependents status (Yes = has dependents, No = doesn't)"], "dependents y/n"),
    "PaperlessBilling": (["paperless-billing setting (Yes / No)"], "paperless y/n"),
    "PhoneService": (["phone-service status (Yes / No)"], "phone service y/n"),
}
for _col, _names in ADDONS.items():
    COLP[_col] = (
        [f"{_names[0]} status (Yes / No / No internet service)"],
        f"{ADDON_TERSE[_col]} status",
    )
COL_WEIGHT = {
    "Contract": 4,
    "PaymentMethod": 4,
    "InternetService": 4,
    "MultipleLines": 1,
    "gender": 0.8,
    "SeniorCitizen": 0.8,
    "Partner": 0.8,
    "Dependents": 0.8,
    "PaperlessBilling": 0.8,
    "PhoneService": 0.5,
}


def col_phrase(rng, voice, col):
    if voice == "raw":
        return col
    if voice == "terse":
        return COLP[col][1]
    return rng.choice(COLP[col][0])


def among(rng, voice, g):
    if voice == "terse":
        return rng.choice([f" | {g}", f" ({g})", f", {g} only"])
    if voice == "raw":
        return f" where {g}"
    return rng.choice([f" among {g}", f" for {g}"])


def k_words(rng, k):
    return rng.choice([str(k), words(k)])


# ----------------------------------------------------------------------------------------------
# generators: each returns (question, gold, note) or None


def gen_grouped(df, rng, spec, metric):  # noqa: PLR0912
    frame = rng.choice(spec["frames"])
    fig, fp = rng.choice(spec["figs"])
    voice = spec["voice"]
    k = rng.choice(spec.get("k", [1]))
    cols = spec.get("cols") or list(COL_WEIGHT) + list(ADDONS)
    col = rng.choices(cols, [COL_WEIGHT.get(c, 0.6) for c in cols])[0]
    levels = LEVELS[col]
    if metric == "rank" and len(levels) <= k:
        return None
    if "{grp}" in frame:
        nf = rng.randint(1, spec.get("maxf", 2))
    elif "{among}" in frame:
        nf = rng.choices([0, 1, 2], [3, 5, 2])[0]
        nf = min(nf, spec.get("maxf", 2))
    else:
        nf = 0
    allow_churn = fig not in ("churn_rate", "churned")
    conds = pick_conds(rng, nf, allow_churn=allow_churn, exclude_keys=(col,))
    if conds is None or (conds and not valid(df, conds)):
        return None
    base = combine(df, conds)
    vals = []
    for lv in levels:
        sub = df[base & level_mask(df, col, lv)]
        if len(sub) < MIN_GROUP:
            return None
        vals.append((lv, fig_value(sub, fig)))
    if fig == "share":
        n = int(base.sum())
        vals = [(lv, v / n) for lv, v in vals]
    gold = []
    if metric == "rank":
        vals.sort(key=lambda t: t[1], reverse=spec["dir"] == "high")
        gap = gap_for(fig)
        for i in range(k):
            if i + 1 < len(vals) and abs(vals[i][1] - vals[i + 1][1]) < gap:
                return None
        for lv, v in vals[:k]:
            gold += [{"kind": "label", "value": lv}, gold_val(fig, v)]
        how = "nlargest" if spec["dir"] == "high" else "nsmallest"
        fn = fig_note(fig, grouped=True) if fig != "share" else "size()/len"
        note = f"{sel(conds)}.groupby('{col}').{fn}.{how}({k})"
    else:
        for lv, v in vals:
            gold += [{"kind": "label", "value": lv}, gold_val(fig, v)]
        fn = fig_note(fig, grouped=True) if fig != "share" else "size() / len(group)"
        note = f"{sel(conds)}.groupby('{col}').{fn}"
    if "customers{among}" in frame and voice not in ("terse", "raw"):
        g = group_nat(rng, conds, head="those")
    else:
        g = group(rng, voice, conds)
    q = frame.format(
        col=col_phrase(rng, voice, col),
        fp=fp,
        grp=g,
        among=among(rng, voice, g) if conds else "",
        k=k_words(rng, k),
    )
    return finish(voice, q), gold, note


def gen_measure(df, rng, spec, metric):
    voice = spec["voice"]
    m = rng.choice(list(spec["frames"]))
    frame = rng.choice(spec["frames"][m])
    force = [CAT_BY_ID[i] for i in spec.get("force", [])]
    lo, hi = spec.get("nf", (1, 3))
    nf = rng.choices(
        range(lo, hi + 1), [3 if x == 1 else 2 if x == 2 else 1 for x in range(lo, hi + 1)]
    )[0]
    same = [m] if metric in ("min", "max") else []
    conds = pick_conds(
        rng,
        nf,
        allow_churn=not force and spec.get("churn_ok", True),
        exclude_keys=[c.key for c in force] + same,
    )
    if conds is None:
        return None
    allc = force + conds
    if not valid(df, allc):
        return None
    sub = df[combine(df, allc)]
    fig = f"{metric}:{m}" if metric in ("min", "max", "mean", "median", "sum") else metric
    v = fig_value(sub, fig)
    g = group(rng, voice, conds, all_phrase="customers" if force else None)
    kw = {"grp": g}
    if "{preds}" in frame:
        if not conds or any(not c.preds for c in conds):
            return None
        kw["preds"] = " and ".join(rng.choice(c.preds) for c in conds)
    if "{pred}" in frame:
        pc = [c for c in conds if c.preds]
        if not pc:
            return None
        p = pc[-1]
        rest = [c for c in conds if c is not p]
        kw["pred"] = rng.choice(p.preds)
        kw["grp"] = group(rng, voice, rest, all_phrase="customers")
    q = frame.format(**kw)
    note = f"{sel(allc)}.{fig_note(fig)}"
    return finish(voice, q), [gold_val(fig, v)], note


def gen_share(df, rng, spec, metric):
    voice = spec["voice"]
    frame = rng.choice(spec["frames"])
    npop = rng.choices([0, 1, 2], [2, 5, 2])[0]
    pop = pick_conds(rng, npop, allow_churn=True)
    if pop is None:
        return None
    trait = pick_conds(rng, 1, allow_churn=False, exclude_keys=[c.key for c in pop])
    if trait is None or not trait[0].preds:
        return None
    t = trait[0]
    if pop and not valid(df, pop):
        return None
    base = combine(df, pop)
    full = base & t.mask(df)
    n, nt = int(base.sum()), int(full.sum())
    if nt < MIN_GROUP or nt >= n:
        return None
    g = group(
        rng,
        voice,
        pop,
        all_phrase=rng.choice(["all customers", "our customers", "all subscribers"]),
    )
    tt = (
        rng.choice(t.terse)
        if voice == "terse"
        else (t.raw if voice == "raw" else rng.choice(t.preds))
    )
    q = frame.format(grp=g, pred=tt)
    note = f"{t.note}[{note_of(pop)}].mean()" if pop else f"{t.note}.mean()"
    return finish(voice, q), [gold_val("share", nt / n)], note


PAIRS = [
    ("c_m2m", "c_1y"),
    ("c_m2m", "c_2y"),
    ("c_1y", "c_2y"),
    ("c_m2m", "c_term"),
    ("i_fiber", "i_dsl"),
    ("i_fiber", "i_none"),
    ("i_dsl", "i_none"),
    ("p_echeck", "p_mail"),
    ("p_echeck", "p_bank"),
    ("p_echeck", "p_card"),
    ("p_mail", "p_card"),
    ("p_auto", "p_manual"),
    ("b_paperless", "b_paper"),
    ("g_f", "g_m"),
    ("s_yes", "s_no"),
    ("pa_yes", "pa_no"),
    ("d_yes", "d_no"),
    ("ph_yes", "ph_no"),
    ("ml_yes", "ml_no"),
    ("ch_yes", "ch_no"),
] + [(f"a_{c}_y", f"a_{c}_n") for c in ADDONS]
PAIR_WEIGHT = {"Contract": 3, "InternetService": 3, "PaymentMethod": 3}


def gen_diff(df, rng, spec, metric):
    voice = spec["voice"]
    frame = rng.choice(spec["frames"])
    fig = rng.choice(spec["figs"])
    pairs = [p for p in PAIRS if not (fig in ("churn_rate", "churned") and p[0] == "ch_yes")]
    w = [PAIR_WEIGHT.get(CAT_BY_ID[p[0]].key, 1) + (3 if p[0] == "ch_yes" else 0) for p in pairs]
    a, b = (CAT_BY_ID[x] for x in rng.choices(pairs, w)[0])
    nf = rng.choices([0, 1, 2], [4, 5, 1])[0]
    shared = pick_conds(
        rng, nf, allow_churn=fig not in ("churn_rate", "churned"), exclude_keys=(a.key,)
    )
    if shared is None:
        return None
    if shared and not valid(df, shared, base=a.mask(df) | b.mask(df)):
        return None
    sa, sb = df[combine(df, [*shared, a])], df[combine(df, [*shared, b])]
    if len(sa) < MIN_GROUP or len(sb) < MIN_GROUP:
        return None
    va, vb = fig_value(sa, fig), fig_value(sb, fig)
    if abs(va - vb) < gap_for(fig):
        return None
    if vb > va:
        a, b, va, vb = b, a, vb, va
    if voice == "terse":
        A, B = rng.choice(a.terse), rng.choice(b.terse)
        pre = ""
        post = among(rng, voice, group_terse(rng, shared)) if shared else ""
    elif voice == "raw":
        A, B = a.raw, b.raw
        pre = ""
        post = f" (both restricted to {group_raw(rng, shared)})" if shared else ""
    elif shared:
        A, B = "those " + rng.choice(a.mods), "those " + rng.choice(b.mods)
        pre = rng.choice(["Among {g}, ", "For {g}: ", "Looking only at {g}, "]).format(
            g=group_nat(rng, shared)
        )
        post = ""
    else:
        A, B = group_nat(rng, [a]), group_nat(rng, [b])
        pre = post = ""
    q = frame.format(A=A, B=B, pre=pre, post=post)
    note = f"abs({sel([*shared, a])}.{fig_note(fig)} - {sel([*shared, b])}.{fig_note(fig)})"
    return finish(voice, q), [gold_val(fig, abs(va - vb))], note


REFUSE_TOPICS = {
    "age": ["What is the average age of {grp}?", "How old are {grp} on average?"],
    "region": ["Which region has the most {grp}?", "Which state has the highest share of {grp}?"],
    "city": ["In which city do most {grp} live?"],
    "satisfaction": [
        "What is the average satisfaction score of {grp}?",
        "How satisfied are {grp} on a 1-10 scale?",
    ],
    "reason": [
        "What was the most common reason {grp} gave for cancelling?",
        "Why did {grp} leave us — top churn reason?",
    ],
    "calls": [
        "How many times did {grp} call the call centre on average?",
        "Average number of customer-service calls made by {grp}?",
    ],
    "discount": [
        "What average discount do {grp} get?",
        "How many {grp} received a promotional discount?",
    ],
    "signup": ["In which month did most {grp} sign up?", "How many {grp} joined in 2019?"],
    "upgrade": ["How many {grp} upgraded their plan last year?"],
    "device": [
        "Which phone model is most popular among {grp}?",
        "What handset brand do most {grp} use?",
    ],
    "nps": ["What is the NPS of {grp}?", "What net promoter score do {grp} give us?"],
    "income": ["What is the average household income of {grp}?"],
    "data": ["How many GB of mobile data do {grp} use per month on average?"],
    "tickets": ["How many support tickets did {grp} open last quarter?"],
    "competitor": ["Which competitor did most {grp} switch to?"],
    "zip": ["Which zip code has the most {grp}?"],
    "channel": ["Through which marketing channel were most {grp} acquired?"],
    "late": ["How many late payments have {grp} made?"],
    "churndate": ["In which calendar month did the most {grp} cancel?"],
}


def gen_refuse(df, rng, spec, metric):
    voice = spec["voice"]
    frame = rng.choice(spec["frames"])
    nf = rng.choice([0, 1, 1, 2])
    conds = pick_conds(rng, nf, allow_churn=False)
    if conds is None or (conds and not valid(df, conds)) or (voice == "raw" and not conds):
        return None
    g = group(rng, voice, conds, all_phrase="customers")
    topic = frame.split("|")[0]
    text = frame.split("|", 1)[1]
    q = text.format(grp=g)
    return finish(voice, q), [], f"not recorded in the table: {topic}"


# ----------------------------------------------------------------------------------------------
# templates

CR = ("churn_rate", "churn rate")
RANK = [
    dict(
        id="rank01",
        voice="nat",
        k=[1],
        dir="high",
        figs=[CR],
        frames=[
            "Which {col} has the highest churn rate{among}?",
            "Among {grp}, which {col} churns the most, by churn rate?",
        ],
    ),
    dict(
        id="rank02",
        voice="nat",
        k=[1],
        dir="low",
        figs=[CR],
        frames=[
            "Which {col} has the lowest churn rate{among}?",
            "Looking at {grp}, which {col} is the stickiest, i.e. has the lowest churn rate?",
        ],
    ),
    dict(
        id="rank03",
        voice="terse",
        k=[2, 3],
        dir="high",
        figs=[CR],
        frames=["top {k} {col} by churn rate{among}", "churn rate by {col}, desc, top {k}{among}"],
    ),
    dict(
        id="rank04",
        voice="cfo",
        k=[1],
        dir="high",
        figs=[
            ("sum:MonthlyCharges", "monthly recurring revenue (sum of monthly charges)"),
            ("sum:TotalCharges", "total billed revenue to date (sum of total charges)"),
        ],
        frames=[
            "Which {col} brings in the most {fp}{among}?",
            "From a revenue point of view, which {col} contributes the largest {fp}{among}?",
        ],
    ),
    dict(
        id="rank05",
        voice="mkt",
        k=[1],
        dir="high",
        figs=[("count", "")],
        frames=[
            "Which {col} is the most common{among}?",
            "What's the most popular {col}{among}?",
            "Among {grp}, which {col} do we see most often?",
        ],
    ),
    dict(
        id="rank06",
        voice="nat",
        k=[1],
        dir="low",
        figs=[("count", "")],
        frames=[
            "Which {col} is the least common{among}?",
            "Which {col} has the fewest customers{among}?",
        ],
    ),
    dict(
        id="rank07",
        voice="cs",
        k=[1],
        dir="high",
        figs=[("churned", "")],
        frames=[
            "Which {col} lost us the most customers (largest number of churners){among}?",
            "In absolute numbers, which {col} had the most churned customers{among}?",
        ],
    ),
    dict(
        id="rank08",
        voice="nat",
        k=[1],
        dir="high",
        figs=[
            ("mean:MonthlyCharges", "average monthly charge"),
            ("mean:MonthlyCharges", "mean monthly bill"),
        ],
        frames=[
            "Which {col} has the highest {fp}{among}?",
            "For {grp}, which {col} has the highest {fp}?",
        ],
    ),
    dict(
        id="rank09",
        voice="nat",
        k=[1],
        dir="low",
        figs=[("mean:tenure", "average tenure")],
        frames=[
            "Which {col} has the shortest {fp}{among}?",
            "Which {col} has the lowest {fp} in months{among}?",
        ],
    ),
    dict(
        id="rank10",
        voice="phone",
        k=[1],
        dir="high",
        figs=[CR],
        frames=[
            "which {col} churns most{among}",
            "highest churn rate {col}{among}",
            "{col} w highest churn rate{among}",
        ],
    ),
    dict(
        id="rank11",
        voice="raw",
        k=[2, 3],
        dir="high",
        figs=[CR],
        frames=[
            "Rank {col} levels by mean(Churn) descending and give the top {k}{among}.",
            "Top {k} values of {col} by Churn rate{among}?",
        ],
    ),
    dict(
        id="rank12",
        voice="nonnative",
        k=[1],
        dir="high",
        figs=[CR],
        frames=[
            "Please tell me which {col} is having the most high churn rate{among}.",
            "Which {col} the customers are churning more, in rate{among}?",
        ],
    ),
    dict(
        id="rank13",
        voice="analyst",
        k=[1],
        dir="high",
        figs=[
            ("mean:TotalCharges", "mean recorded TotalCharges"),
            ("median:MonthlyCharges", "median MonthlyCharges"),
        ],
        frames=["Which {col} has the highest {fp}{among}?", "argmax over {col} of {fp}{among}?"],
    ),
    dict(
        id="rank14",
        voice="terse",
        k=[1],
        dir="low",
        figs=[CR],
        frames=["lowest churn {col}{among}", "min churn rate by {col}{among}"],
    ),
    dict(
        id="rank15",
        voice="nat",
        k=[2, 3],
        dir="high",
        figs=[("count", "")],
        frames=[
            "List the top {k} {col} categories by number of customers{among}, in order.",
            "Which {k} {col} values are most common{among}, largest first?",
        ],
    ),
    dict(
        id="rank16",
        voice="mkt",
        k=[2, 3],
        dir="high",
        figs=[CR],
        frames=[
            "Which {k} {col} segments have the highest churn rate{among}, in order?",
            "Give me the {k} worst {col} segments for churn rate{among}.",
        ],
    ),
    dict(
        id="rank17",
        voice="cfo",
        k=[1],
        dir="low",
        figs=[("sum:MonthlyCharges", "monthly recurring revenue (sum of monthly charges)")],
        frames=[
            "Which {col} contributes the least {fp}{among}?",
            "Smallest {fp} — which {col}{among}?",
        ],
    ),
    dict(
        id="rank18",
        voice="nat",
        k=[1],
        dir="high",
        figs=[("mean:tenure", "average tenure")],
        frames=[
            "Which {col} has the longest {fp}{among}?",
            "Whose customers stay longest on average — which {col} has the highest {fp}{among}?",
        ],
    ),
    dict(
        id="rank19",
        voice="phone",
        k=[1],
        dir="high",
        figs=[("count", "")],
        frames=["most common {col}{among}", "which {col} do most people have{among}"],
    ),
    dict(
        id="rank20",
        voice="raw",
        k=[1],
        dir="low",
        figs=[("mean:MonthlyCharges", "mean(MonthlyCharges)"), ("mean:tenure", "mean(tenure)")],
        frames=["Which {col} has the minimum {fp}{among}?", "{col} with lowest {fp}{among}"],
    ),
    dict(
        id="rank21",
        voice="nonnative",
        k=[2, 3],
        dir="low",
        figs=[CR],
        frames=[
            "Please give me the {k} {col} with the most low churn rate{among}, from lowest.",
            "Which are the {k} {col} where less customers churn (lowest rate){among}?",
        ],
    ),
    dict(
        id="rank22",
        voice="cs",
        k=[2, 3],
        dir="high",
        figs=[("churned", "")],
        frames=[
            "Which {k} {col} categories had the most churned customers{among}, in order?",
            "Top {k} {col} by headcount of churners{among}?",
        ],
    ),
    dict(
        id="rank23",
        voice="nat",
        k=[1],
        dir="high",
        figs=[("median:tenure", "median tenure")],
        frames=["Which {col} has the highest {fp}{among}?"],
    ),
    dict(
        id="rank24",
        voice="analyst",
        k=[1],
        dir="high",
        figs=[CR],
        maxf=3,
        frames=[
            "Within {grp}: {col} with max churn rate?",
            "Filter to {grp}; which {col} has the highest churn rate?",
        ],
    ),
    dict(
        id="rank25",
        voice="terse",
        k=[2, 3],
        dir="high",
        figs=[
            ("sum:MonthlyCharges", "total MonthlyCharges"),
            ("sum:TotalCharges", "sum TotalCharges"),
        ],
        frames=["top {k} {col} by {fp}{among}", "{fp} by {col}, top {k}{among}"],
    ),
    dict(
        id="rank26",
        voice="cfo",
        k=[1],
        dir="high",
        figs=[("mean:MonthlyCharges", "ARPU (average monthly charge)")],
        frames=[
            "Which {col} has the highest {fp}{among}?",
            "Where is {fp} highest — which {col}{among}?",
        ],
    ),
]
BREAKDOWN = [
    dict(
        id="brk01",
        voice="nat",
        figs=[CR],
        frames=[
            "What is the churn rate for each {col}{among}?",
            "Show the churn rate of every {col}{among}.",
        ],
    ),
    dict(
        id="brk02",
        voice="terse",
        figs=[CR],
        frames=["churn by {col}{among}", "churn rate x {col}{among}"],
    ),
    dict(
        id="brk03",
        voice="nat",
        figs=[("count", "")],
        frames=[
            "How many customers are there in each {col}{among}?",
            "How many {grp} are there per {col}?",
        ],
    ),
    dict(
        id="brk04",
        voice="cfo",
        figs=[("sum:MonthlyCharges", "")],
        frames=[
            "Break down monthly recurring revenue (total monthly charges) by {col}{among}.",
            "How much monthly revenue (sum of monthly charges) does each {col} bring in{among}?",
        ],
    ),
    dict(
        id="brk05",
        voice="mkt",
        figs=[("share", "")],
        frames=[
            "What share of {grp} falls into each {col}?",
            "What percentage of all customers is in each {col}?",
            "How are {grp} split across {col}, as a percentage of that group?",
        ],
    ),
    dict(
        id="brk06",
        voice="raw",
        figs=[("mean:MonthlyCharges", ""), ("mean:MonthlyCharges", "")],
        frames=[
            "mean(MonthlyCharges) grouped by {col}{among}",
            "Average MonthlyCharges per {col}{among}",
        ],
    ),
    dict(
        id="brk07",
        voice="phone",
        figs=[CR],
        frames=["churn rate per {col}{among}", "churn for every {col}{among}"],
    ),
    dict(
        id="brk08",
        voice="nonnative",
        figs=[("mean:tenure", "")],
        frames=[
            "Can you tell me the average tenure for every {col}{among}, please?",
            "What is the mean of tenure months in each {col}{among}?",
        ],
    ),
    dict(
        id="brk09",
        voice="cs",
        figs=[("churned", "")],
        frames=[
            "How many customers churned in each {col}{among}?",
            "Count of churners by {col}{among}?",
        ],
    ),
    dict(
        id="brk10",
        voice="nat",
        figs=[("sum:TotalCharges", "")],
        frames=[
            "What are the total charges billed to date per {col}{among}?",
            "Sum of total charges for each {col}{among}?",
        ],
    ),
    dict(
        id="brk11",
        voice="analyst",
        figs=[("median:MonthlyCharges", "")],
        frames=[
            "median MonthlyCharges by {col}{among}",
            "Give median monthly charge for each {col}{among}.",
        ],
    ),
    dict(
        id="brk12",
        voice="terse",
        figs=[("count", "")],
        frames=["count by {col}{among}", "n per {col}{among}"],
    ),
    dict(
        id="brk13",
        voice="nat",
        figs=[("mean:TotalCharges", "")],
        frames=["What are the average recorded total charges for each {col}{among}?"],
    ),
    dict(
        id="brk14",
        voice="mkt",
        figs=[CR],
        maxf=3,
        frames=[
            "For {grp}, show me churn rate split by {col}.",
            "Segment {grp} by {col} — churn rate of each segment?",
        ],
    ),
    dict(
        id="brk15",
        voice="cfo",
        figs=[("share", "")],
        frames=[
            "For {grp}, what percentage falls in each {col}?",
            "Mix of {grp} by {col}, as percentages?",
        ],
    ),
]
MC, TC, TN = "MonthlyCharges", "TotalCharges", "tenure"
SUM = [
    dict(
        id="sum01",
        voice="nat",
        frames={
            MC: [
                "What is the total of the monthly charges for {grp}?",
                "What do {grp} pay per month in total?",
            ]
        },
    ),
    dict(
        id="sum02",
        voice="cfo",
        frames={
            MC: [
                "What's our total monthly recurring revenue from {grp}?",
                "How much MRR (sum of monthly charges) comes from {grp}?",
            ]
        },
    ),
    dict(
        id="sum03",
        voice="cfo",
        force=["ch_yes"],
        nf=(0, 2),
        frames={
            MC: [
                "How much monthly revenue did we lose from {grp} who churned?",
                "What is the combined monthly charge of the {grp} who churned?",
            ]
        },
    ),
    dict(
        id="sum04",
        voice="terse",
        frames={
            MC: ["sum MonthlyCharges | {grp}", "total monthly charges, {grp}"],
            TC: ["sum totalcharges | {grp}"],
        },
    ),
    dict(
        id="sum05",
        voice="raw",
        frames={
            TC: ["SUM(TotalCharges) where {grp}", "Sum of TotalCharges for rows where {grp}?"],
            MC: ["SUM(MonthlyCharges) where {grp}"],
        },
    ),
    dict(
        id="sum06",
        voice="nat",
        frames={
            TC: [
                "How much have {grp} been billed in total (sum of total charges)?",
                "What are the combined total charges of {grp}?",
            ]
        },
    ),
    dict(
        id="sum07",
        voice="cfo",
        frames={
            TC: [
                "What lifetime revenue (sum of TotalCharges) have {grp} generated?",
                "Total billings to date from {grp}?",
            ]
        },
    ),
    dict(
        id="sum08",
        voice="nat",
        frames={
            TN: [
                "What is the total tenure, in months, summed over {grp}?",
                "How many customer-months of tenure do {grp} add up to?",
            ]
        },
    ),
    dict(
        id="sum09",
        voice="phone",
        frames={
            MC: ["total monthly charges for {grp}", "how much do {grp} pay a month all together"],
            TC: ["sum of total charges {grp}"],
        },
    ),
    dict(
        id="sum10",
        voice="nonnative",
        frames={
            MC: ["How much is the sum of the monthly charge of all {grp}?"],
            TC: ["Please calculate the total of TotalCharges for {grp}."],
        },
    ),
    dict(
        id="sum11",
        voice="nat",
        frames={
            MC: [
                "For {grp}, add up their monthly charges.",
                "Take {grp} — what do their monthly bills come to altogether?",
            ]
        },
    ),
    dict(
        id="sum12",
        voice="cs",
        frames={
            MC: [
                "How much monthly billing is tied to {grp} (sum of their monthly charges)?",
                "If all {grp} left, how much in monthly charges (summed) would go with them?",
            ]
        },
    ),
    dict(
        id="sum13",
        voice="analyst",
        frames={
            MC: ["total MonthlyCharges (sum) for {grp}"],
            TN: ["sum(tenure) for {grp}"],
            TC: ["total TotalCharges (sum, blanks skipped) for {grp}"],
        },
    ),
    dict(
        id="sum14",
        voice="mkt",
        frames={
            MC: [
                "What's the total monthly spend of {grp}?",
                "How much do {grp} spend with us each month, combined?",
            ]
        },
    ),
    dict(
        id="sum15",
        voice="cs",
        force=["ch_yes"],
        nf=(0, 2),
        frames={
            TC: [
                "How much had the {grp} who churned paid us in total before leaving "
                "(sum of total charges)?",
                "Total charges billed to {grp} who churned?",
            ]
        },
    ),
]
MAX = [
    dict(
        id="max01",
        voice="nat",
        frames={
            MC: ["What is the highest monthly charge among {grp}?"],
            TN: ["What's the longest tenure among {grp}?"],
            TC: ["What are the largest recorded total charges among {grp}?"],
        },
    ),
    dict(
        id="max02",
        voice="cfo",
        frames={
            MC: ["What's the most that any one of the {grp} pays per month?"],
            TC: ["What's the biggest lifetime bill (total charges) among {grp}?"],
        },
    ),
    dict(
        id="max03",
        voice="terse",
        frames={
            MC: ["max monthly | {grp}"],
            TN: ["max tenure | {grp}"],
            TC: ["max totalcharges | {grp}"],
        },
    ),
    dict(
        id="max04",
        voice="raw",
        frames={
            MC: ["max(MonthlyCharges) where {grp}"],
            TN: ["MAX(tenure) where {grp}"],
            TC: ["max(TotalCharges) where {grp}"],
        },
    ),
    dict(
        id="max05",
        voice="phone",
        frames={
            MC: ["most expensive monthly bill for {grp}"],
            TN: ["longest anyone has stayed among {grp} in months"],
        },
    ),
    dict(
        id="max06",
        voice="nonnative",
        frames={
            MC: ["Which is the maximum monthly charge of {grp}?"],
            TN: ["How many months is the longest tenure for {grp}?"],
            TC: ["What is the most big TotalCharges value of {grp}?"],
        },
    ),
]
MIN = [
    dict(
        id="min01",
        voice="nat",
        frames={
            MC: ["What is the lowest monthly charge among {grp}?"],
            TN: ["What's the shortest tenure among {grp}?"],
            TC: ["What are the smallest recorded total charges among {grp}?"],
        },
    ),
    dict(
        id="min02",
        voice="cfo",
        frames={
            MC: [
                "What's the least that any one of the {grp} pays per month?",
                "Cheapest monthly bill among {grp}?",
            ]
        },
    ),
    dict(
        id="min03",
        voice="terse",
        frames={
            MC: ["min monthly | {grp}"],
            TN: ["min tenure | {grp}"],
            TC: ["min totalcharges | {grp}"],
        },
    ),
    dict(
        id="min04",
        voice="raw",
        frames={
            MC: ["min(MonthlyCharges) where {grp}"],
            TN: ["MIN(tenure) where {grp}"],
            TC: ["min(TotalCharges) where {grp}"],
        },
    ),
    dict(
        id="min05",
        voice="phone",
        frames={
            MC: ["cheapest monthly bill for {grp}"],
            TC: ["smallest total charges on record for {grp}"],
        },
    ),
    dict(
        id="min06",
        voice="nonnative",
        frames={
            MC: ["Which is the minimum monthly charge of {grp}?"],
            TN: ["How many months is the shortest tenure for {grp}?"],
        },
    ),
]
MEAN = [
    dict(
        id="mean01",
        voice="nat",
        frames={
            TN: ["What is the average tenure of {grp}?"],
            MC: ["What is the average monthly charge of {grp}?"],
            TC: ["What are the average recorded total charges of {grp}?"],
        },
    ),
    dict(
        id="mean02",
        voice="cfo",
        frames={
            MC: ["What's the ARPU (average monthly charge) for {grp}?"],
            TC: ["Average lifetime billing (total charges) per customer for {grp}?"],
        },
    ),
    dict(
        id="mean03", voice="terse", frames={TN: ["avg tenure | {grp}"], MC: ["avg monthly | {grp}"]}
    ),
    dict(
        id="mean04",
        voice="raw",
        frames={
            MC: ["mean(MonthlyCharges) where {grp}"],
            TN: ["AVG(tenure) where {grp}"],
            TC: ["mean(TotalCharges) where {grp}"],
        },
    ),
]
MEDIAN = [
    dict(
        id="med01",
        voice="nat",
        frames={
            TN: ["What is the median tenure of {grp}?"],
            MC: ["What is the median monthly charge for {grp}?"],
        },
    ),
    dict(
        id="med02",
        voice="phone",
        frames={MC: ["median monthly charge for {grp}"], TC: ["median total charges {grp}"]},
    ),
    dict(
        id="med03",
        voice="nonnative",
        frames={
            TC: ["What is the median of TotalCharges for {grp}?"],
            TN: ["Tell me please the median months of tenure of {grp}."],
        },
    ),
]
COUNT = [
    dict(
        id="cnt01",
        voice="nat",
        churn_ok=False,
        frames={"x": ["How many {grp} are there?", "How many {grp} {pred}?"]},
    ),
    dict(
        id="cnt02",
        voice="terse",
        churn_ok=False,
        frames={"x": ["count {grp}", "n customers: {grp}"]},
    ),
    dict(
        id="cnt03",
        voice="raw",
        churn_ok=False,
        frames={"x": ["How many rows satisfy {grp}?", "count(*) where {grp}"]},
    ),
    dict(
        id="cnt04",
        voice="phone",
        churn_ok=False,
        frames={"x": ["how many {grp} do we have", "how many {grp} {pred}"]},
    ),
    dict(
        id="cnt05",
        voice="nonnative",
        churn_ok=False,
        frames={
            "x": [
                "How many customers we have who {preds}?",
                "Please count the customers that {preds}.",
            ]
        },
    ),
]
CHURNED = [
    dict(
        id="chd01",
        voice="nat",
        churn_ok=False,
        frames={"x": ["How many {grp} churned?", "How many {grp} have we lost?"]},
    ),
    dict(
        id="chd02",
        voice="cs",
        churn_ok=False,
        frames={
            "x": [
                "Number of churned customers among {grp}?",
                "How many churners are there among {grp}?",
            ]
        },
    ),
    dict(
        id="chd03",
        voice="terse",
        churn_ok=False,
        frames={"x": ["churners | {grp}", "# churned, {grp}"]},
    ),
    dict(
        id="chd04",
        voice="raw",
        churn_ok=False,
        frames={"x": ["count where Churn == 'Yes' and {grp}"]},
    ),
    dict(
        id="chd05",
        voice="phone",
        churn_ok=False,
        frames={"x": ["how many {grp} left us", "how many customers who {preds} churned"]},
    ),
]
CHURN_RATE = [
    dict(
        id="cr01",
        voice="nat",
        churn_ok=False,
        frames={"x": ["What is the churn rate among {grp}?", "What percentage of {grp} churned?"]},
    ),
    dict(
        id="cr02",
        voice="cfo",
        churn_ok=False,
        frames={"x": ["What fraction of {grp} have we lost to churn?"]},
    ),
    dict(
        id="cr03",
        voice="terse",
        churn_ok=False,
        frames={"x": ["churn rate {grp}", "churn% | {grp}"]},
    ),
    dict(
        id="cr04",
        voice="phone",
        churn_ok=False,
        frames={"x": ["whats the churn rate for {grp}", "churn rate {grp}"]},
    ),
    dict(
        id="cr05",
        voice="raw",
        churn_ok=False,
        frames={"x": ["mean(Churn) where {grp}", "What is the churn rate for rows with {grp}?"]},
    ),
    dict(
        id="cr06",
        voice="nonnative",
        churn_ok=False,
        frames={"x": ["Please, how much percent of the {grp} are churned?"]},
    ),
    dict(
        id="cr07",
        voice="mkt",
        churn_ok=False,
        frames={"x": ["Looking only at {grp}: what share of them churned?"]},
    ),
    dict(
        id="cr08", voice="cs", churn_ok=False, frames={"x": ["Of {grp}, what proportion left us?"]}
    ),
    dict(
        id="cr09",
        voice="nat",
        churn_ok=False,
        frames={"x": ["Among customers who {preds}, what is the churn rate?"]},
    ),
]
SHARE = [
    dict(
        id="shr01",
        voice="nat",
        frames=["What share of {grp} {pred}?", "What percentage of {grp} {pred}?"],
    ),
    dict(id="shr02", voice="mkt", frames=["Of {grp}, what proportion {pred}?"]),
    dict(id="shr03", voice="terse", frames=["% {pred} among {grp}", "share {pred} in {grp}"]),
    dict(id="shr04", voice="phone", frames=["what percent of {grp} {pred}"]),
    dict(id="shr05", voice="cs", frames=["Among {grp}, how big a fraction {pred}?"]),
]
DIFF = [
    dict(
        id="dif01",
        voice="nat",
        figs=["churn_rate"],
        frames=["{pre}what is the gap in churn rate between {A} and {B}?"],
    ),
    dict(
        id="dif02",
        voice="nat",
        figs=["churn_rate"],
        frames=[
            "{pre}how many percentage points higher is the churn rate of {A} than that of {B}?"
        ],
    ),
    dict(
        id="dif03",
        voice="cfo",
        figs=["mean:MonthlyCharges"],
        frames=["{pre}how much more per month do {A} pay on average than {B}?"],
    ),
    dict(
        id="dif04",
        voice="terse",
        figs=["churn_rate", "mean:MonthlyCharges"],
        frames=["churn rate diff: {A} vs {B}{post}", "avg monthly charge, {A} minus {B}{post}"],
    ),
    dict(
        id="dif05",
        voice="raw",
        figs=["mean:tenure"],
        frames=["mean(tenure) where {A} minus mean(tenure) where {B}{post}"],
    ),
    dict(
        id="dif06",
        voice="nonnative",
        figs=["churn_rate"],
        frames=["{pre}please tell the difference of churn rate between {A} and {B}."],
    ),
    dict(
        id="dif07",
        voice="cs",
        figs=["mean:tenure"],
        frames=["{pre}how many months longer, on average, is the tenure of {A} compared with {B}?"],
    ),
    dict(
        id="dif08",
        voice="phone",
        figs=["churn_rate"],
        frames=["{pre}churn rate difference {A} vs {B}"],
    ),
    dict(
        id="dif09",
        voice="mkt",
        figs=["sum:MonthlyCharges"],
        frames=[
            "{pre}how much more total monthly revenue (sum of monthly charges) comes from {A} "
            "than from {B}?"
        ],
    ),
    dict(
        id="dif10",
        voice="nat",
        figs=["mean:TotalCharges"],
        frames=[
            "{pre}how much higher are the average recorded total charges of {A} than those of {B}?"
        ],
    ),
]
REFUSE = [
    dict(
        id="ref01",
        voice="nat",
        frames=[f"{t}|{f}" for t, fs in REFUSE_TOPICS.items() for f in fs][:12],
    ),
    dict(
        id="ref02",
        voice="cfo",
        frames=[
            "discount|How much revenue did we give away in discounts to {grp}?",
            "income|What's the average household income of {grp}?",
            "upgrade|What share of {grp} upgraded to a pricier plan this year?",
            "late|How much do {grp} owe in late fees?",
        ],
    ),
    dict(
        id="ref03",
        voice="mkt",
        frames=[
            "channel|Which acquisition channel brought in most {grp}?",
            "nps|What's the NPS among {grp}?",
            "region|Which region should we target — where do most {grp} live?",
            "age|What age bracket do most {grp} fall into?",
        ],
    ),
    dict(
        id="ref04",
        voice="terse",
        frames=[
            "age|avg age | {grp}",
            "satisfaction|csat by contract | {grp}",
            "calls|support calls per customer | {grp}",
            "region|churn by region | {grp}",
        ],
    ),
    dict(
        id="ref05",
        voice="phone",
        frames=[
            "reason|why did {grp} cancel",
            "device|what phones do {grp} use",
            "signup|when did {grp} sign up",
            "calls|how many times did {grp} call support",
        ],
    ),
    dict(
        id="ref06",
        voice="raw",
        frames=[
            "age|mean(Age) where {grp}",
            "region|count by Region where {grp}",
            "satisfaction|avg(SatisfactionScore) where {grp}",
            "reason|ChurnReason value counts where {grp}",
        ],
    ),
    dict(
        id="ref07",
        voice="nonnative",
        frames=[
            "satisfaction|Please, how much is the satisfaction of {grp}?",
            "data|How many gigabytes of data is using the {grp} each month?",
            "competitor|To which other company the {grp} are going when they leave?",
            "tickets|How many complaints tickets have the {grp} opened?",
        ],
    ),
    dict(
        id="ref08",
        voice="cs",
        frames=[
            "calls|How many contacts with the call centre did {grp} have before churning?",
            "churndate|In which month did most {grp} cancel their service?",
            "zip|Which zip code has the most {grp}?",
            "discount|What share of {grp} are on a retention discount?",
        ],
    ),
]

METRICS = [
    ("rank", RANK, gen_grouped, 170),
    ("breakdown", BREAKDOWN, gen_grouped, 100),
    ("sum", SUM, gen_measure, 100),
    ("max", MAX, gen_measure, 40),
    ("min", MIN, gen_measure, 40),
    ("churn_rate", CHURN_RATE, gen_measure, 60),
    ("difference", DIFF, gen_diff, 60),
    ("count", COUNT, gen_measure, 30),
    ("churned", CHURNED, gen_measure, 30),
    ("share", SHARE, gen_share, 30),
    ("mean", MEAN, gen_measure, 24),
    ("median", MEDIAN, gen_measure, 16),
    ("refuse", REFUSE, gen_refuse, 50),
]


def build(df: pd.DataFrame) -> list[dict]:
    rng = random.Random(SEED)  # noqa: S311 - reproducible sampling, not security
    rows, seen_q, seen_note = [], set(), set()
    for metric, specs, gen, target in METRICS:
        per, extra = divmod(target, len(specs))
        for i, spec in enumerate(specs):
            want, got, tries = per + (1 if i < extra else 0), 0, 0
            while got < want and tries < 4000:
                tries += 1
                res = gen(df, rng, spec, metric)
                if res is None:
                    continue
                q, gold, note = res
                key = (metric, note) if metric != "refuse" else (metric, q)
                if q in seen_q or key in seen_note:
                    continue
                seen_q.add(q)
                seen_note.add(key)
                rows.append(
                    {
                        "question": q,
                        "expect": "refuse" if metric == "refuse" else "answer",
                        "metric": metric,
                        "gold": gold,
                        "note": note,
                        "template": f"t4-{spec['id']}",
                    }
                )
                got += 1
            if got < want:
                print(f"warning: {spec['id']} produced {got}/{want}")
    for n, r in enumerate(rows, 1):
        r["id"] = f"t4-{n:04d}"
    return [
        {k: r[k] for k in ("id", "question", "expect", "metric", "gold", "note", "template")}
        for r in rows
    ]


def default_csv() -> Path:
    from retention_agents.io.warehouse import telco_csv

    return Path(telco_csv())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("tuning4.jsonl"))
    args = ap.parse_args()
    df = load(args.csv or default_csv())
    rows = build(df)
    with args.out.open("w") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} questions to {args.out}")


if __name__ == "__main__":
    main()
