"""The coverage check: an analyst query that leaves a condition, grouping or measure of its
clause unused never runs (it answers over a wider population than was asked); the part is
refused naming the phrase. Queries the rules build pass it unchanged."""

from __future__ import annotations

import pytest

from retention_agents.core.plan import AnalystTask, Plan, ResearcherTask
from retention_agents.core.semantic import Filter, Query
from retention_agents.core.understanding.coverage import covered, unused
from retention_agents.core.understanding.planning import plan

FIBER = Filter(column="InternetService", op="eq", value="Fiber optic")


@pytest.mark.parametrize(
    ("ask", "query", "left"),
    [
        ("churn rate of fiber optic customers", Query(metric="churn_rate"), ["fiber optic"]),
        ("churn rate of fiber optic customers", Query(metric="churn_rate", filters=[FIBER]), []),
        ("how many customers stream TV", Query(metric="count"), ["stream TV"]),
        ("how many customers left", Query(metric="count"), ["left"]),
        ("how many customers left", Query(metric="churned"), []),
        ("churn rate by contract", Query(metric="churn_rate"), ["by contract"]),
        ("average monthly charges", Query(metric="mean", measure="tenure"), ["monthly charges"]),
        ("customers with no recorded total charges", Query(metric="count"),
         ["no recorded total charges"]),
    ],
)  # fmt: skip
def test_a_query_must_use_every_column_its_clause_names(ask: str, query: Query,
                                                        left: list[str]) -> None:  # fmt: skip
    assert [p.lower() for p in unused(ask, query)] == [p.lower() for p in left]


def test_an_uncovered_analyst_task_is_refused_naming_the_phrase() -> None:
    ask = "What is the churn rate of fiber optic customers?"
    made = Plan(tasks=[AnalystTask(ask=ask, query=Query(metric="churn_rate")),
                       ResearcherTask(ask="what does the card say", question="card")])  # fmt: skip
    checked = covered(made)
    assert [t.role for t in checked.tasks] == ["researcher"]
    assert [(r.ask, r.phrase.lower()) for r in checked.refused] == [(ask, "fiber optic")]


@pytest.mark.parametrize(
    "question",
    [
        "What is the churn rate of fiber optic customers without tech support?",
        "How many customers use streaming TV, and how many of them left?",
        "Which payment method has the highest churn rate among month-to-month customers?",
        "What share of customers have no recorded total charges?",
        "Average monthly charges of seniors with tenure over 2 years by contract",
        "Is churn higher for DSL or for fiber optic customers?",
        "Female customers without a partner: how many churned?",
    ],
)
def test_the_rules_queries_pass_unchanged(question: str) -> None:
    made = plan(question, 4)
    assert made.tasks, made
    assert not made.refused, made
    assert covered(made) == made
