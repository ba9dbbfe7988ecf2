"""The deterministic planner: clauses routed to roles, arguments read off the words."""

from __future__ import annotations

from retention_agents.core.plan import AnalystTask, ResearcherTask, ScorerTask
from retention_agents.core.understanding.planning import plan

EXAMPLE = (
    "Which contract type churns most, and what is the churn risk of a month-to-month fiber "
    "customer paying 95 a month with 3 months of tenure?"
)


def test_the_example_question_is_one_analyst_and_one_scorer_task() -> None:
    made = plan(EXAMPLE, 6)
    analyst, scorer = made.tasks
    assert isinstance(analyst, AnalystTask)
    q = analyst.query
    assert (str(q.metric), [str(g) for g in q.group_by], q.top_k, q.order) == (
        "churn_rate", ["Contract"], 1, "desc",
    )  # fmt: skip
    assert isinstance(scorer, ScorerTask)
    assert scorer.stated == {
        "Contract": "Month-to-month",
        "InternetService": "Fiber optic",
        "MonthlyCharges": 95.0,
        "tenure": 3,
    }
    assert made.unrouted == []


def test_what_if_keeps_the_customer_and_changes_one_field() -> None:
    made = plan(EXAMPLE + " What if this customer moved to a one-year contract?", 6)
    what_if = made.tasks[2]
    assert isinstance(what_if, ScorerTask)
    assert what_if.what_if == {"Contract": "One year"}
    assert what_if.stated["MonthlyCharges"] == 95.0


def test_filters_measures_and_ranking_words() -> None:
    (task,) = plan(
        "What is the median tenure of senior citizens paying by electronic check?", 6
    ).tasks
    assert isinstance(task, AnalystTask)
    q = task.query
    assert (str(q.metric), str(q.measure)) == ("median", "tenure")
    assert {(f.column, f.value) for f in q.filters} == {
        ("SeniorCitizen", "1"),
        ("PaymentMethod", "Electronic check"),
    }
    (low,) = plan("Which internet service has the lowest churn rate?", 6).tasks
    assert isinstance(low, AnalystTask)
    assert low.query.order == "asc"


def test_documentation_questions_go_to_the_researcher_and_nonsense_is_unrouted() -> None:
    made = plan("What does the model card say about intended use? Sing me a song", 6)
    assert isinstance(made.tasks[0], ResearcherTask)
    assert made.unrouted == ["Sing me a song"]


def test_the_number_of_sub_tasks_is_capped() -> None:
    question = "; ".join(f"How many customers have a tenure over {n} months" for n in range(5))
    made = plan(question, 3)
    assert len(made.tasks) == 3
    assert len(made.unrouted) == 2
