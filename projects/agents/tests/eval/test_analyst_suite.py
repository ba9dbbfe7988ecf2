"""The analyst suite: questions in plain words through the whole team (planner → analyst →
writer → checker), scored against gold answers computed by pandas straight from the CSV, a
path independent of the planner, the semantic layer and DuckDB. A gate: success ≥ 0.95 and not
one invented number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pytest

from retention_agents.io.team import Team
from retention_agents.io.warehouse import telco_csv


@dataclass(frozen=True)
class Task:
    question: str
    expected: list[str]  # figures (as the writer formats them) the answer must contain


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _num(x: float) -> str:
    return f"{x:,.2f}"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    raw = pd.read_csv(telco_csv(), keep_default_na=False, dtype={"SeniorCitizen": str})
    raw["TotalCharges"] = pd.to_numeric(raw["TotalCharges"].str.strip(), errors="coerce")
    raw["Churn"] = (raw["Churn"] == "Yes").astype(int)
    return raw


GROUPS = {
    "contract type": "Contract",
    "payment method": "PaymentMethod",
    "internet service": "InternetService",
    "gender": "gender",
    "tech support": "TechSupport",
    "online security": "OnlineSecurity",
    "paperless billing": "PaperlessBilling",
    "partner status": "Partner",
    "dependents": "Dependents",
    "multiple lines": "MultipleLines",
    "streaming tv": "StreamingTV",
    "device protection": "DeviceProtection",
}
SEGMENTS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "month-to-month": lambda f: f.Contract == "Month-to-month",
    "two-year": lambda f: f.Contract == "Two year",
    "fiber optic": lambda f: f.InternetService == "Fiber optic",
    "DSL": lambda f: f.InternetService == "DSL",
    "electronic check": lambda f: f.PaymentMethod == "Electronic check",
    "senior citizen": lambda f: f.SeniorCitizen == "1",
    "paperless": lambda f: f.PaperlessBilling == "Yes",
    "female": lambda f: f.gender == "Female",
}


def tasks(f: pd.DataFrame) -> list[Task]:
    out: list[Task] = []
    for phrase, column in GROUPS.items():
        rates = f.groupby(column)["Churn"].agg(["mean", "size"])
        top, low = rates["mean"].idxmax(), rates["mean"].idxmin()
        out.append(
            Task(
                f"Which {phrase} churns most?",
                [top, _pct(rates.loc[top, "mean"]), f"{rates.loc[top, 'size']:,}"],
            )
        )
        out.append(
            Task(f"Which {phrase} has the lowest churn rate?", [low, _pct(rates.loc[low, "mean"])])
        )
        out.append(Task(f"What is the churn rate by {phrase}?", [_pct(v) for v in rates["mean"]]))
    for words, mask in SEGMENTS.items():
        seg = f[mask(f)]
        out.append(
            Task(
                f"What is the churn rate of {words} customers?",
                [_pct(seg.Churn.mean()), f"{len(seg):,}"],
            )
        )
        out.append(Task(f"How many {words} customers are there?", [f"{len(seg):,}"]))
        out.append(
            Task(
                f"What is the average monthly charges of {words} customers?",
                [_num(seg.MonthlyCharges.mean())],
            )
        )
        out.append(
            Task(f"What is the median tenure of {words} customers?", [_num(seg.tenure.median())])
        )
    for months in (6, 12, 24, 48):
        seg = f[f.tenure > months]
        out.append(
            Task(
                f"What is the churn rate of customers with tenure over {months} months?",
                [_pct(seg.Churn.mean()), f"{len(seg):,}"],
            )
        )
    both = f[(f.SeniorCitizen == "1") & (f.PaymentMethod == "Electronic check")]
    out.append(
        Task(
            "What is the churn rate of senior citizens paying by electronic check?",
            [_pct(both.Churn.mean()), f"{len(both):,}"],
        )
    )
    fiber_new = f[(f.InternetService == "Fiber optic") & (f.tenure < 12)]
    out.append(
        Task(
            "What is the churn rate of fiber optic customers with tenure under 12 months?",
            [_pct(fiber_new.Churn.mean()), f"{len(fiber_new):,}"],
        )
    )
    blank = f[f.TotalCharges.isna()]
    out.append(Task("How many customers have blank total charges?", [f"{len(blank):,}"]))
    out.append(
        Task(
            "What is the average monthly charges of customers with blank total charges?",
            [_num(blank.MonthlyCharges.mean())],
        )
    )
    churned = f[f.Churn == 1]
    out.append(
        Task(
            "What is the average monthly charges of churned customers?",
            [_num(churned.MonthlyCharges.mean())],
        )
    )
    out.append(
        Task("What is the median tenure of churned customers?", [_num(churned.tenure.median())])
    )
    per = f.groupby("Contract")["Churn"].sum()
    out.append(Task("How many churned customers per contract type?", [f"{int(v):,}" for v in per]))
    top2 = f.groupby("PaymentMethod")["Churn"].mean().sort_values(ascending=False).head(2)
    out.append(Task("Top 2 payment methods by churn rate", [_pct(v) for v in top2]))
    out.append(
        Task(
            "What is the maximum monthly charges of two-year customers?",
            [_num(f[f.Contract == "Two year"].MonthlyCharges.max())],
        )
    )
    return out  # fmt: skip


def test_analyst_suite(team: Team, frame: pd.DataFrame) -> None:
    suite = tasks(frame)
    assert len(suite) >= 60
    failures, invented = [], 0
    for task in suite:
        result = team.run(task.question)
        checks = [s for s in result.trajectory if s["node"] == "check"]
        invented += sum(len(s["unverified"]) for s in checks)
        missing = [e for e in task.expected if str(e) not in result.answer]
        if result.status != "answered" or missing:
            failures.append((task.question, missing, result.answer))
    rate = 1 - len(failures) / len(suite)
    print(f"\nanalyst suite: {len(suite) - len(failures)}/{len(suite)} = {rate:.3f}; "
          f"invented numbers {invented}")  # fmt: skip
    assert invented == 0
    assert rate >= 0.95, failures[:5]
