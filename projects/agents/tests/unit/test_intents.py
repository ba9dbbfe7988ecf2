"""The nearest-neighbour router's pure parts: the vote (similarity floor, margin) on hand-made
unit vectors, and the slot filling that turns an intent into a sub-task only when the clause
states its arguments."""

from __future__ import annotations

import numpy as np
import pytest

from retention_agents.core.intents import EXAMPLES, Intent, NeighbourClassifier, task_for
from retention_agents.core.plan import ResearcherTask, ScorerTask


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _classifier(min_similarity: float = 0.5, min_margin: float = 0.2) -> NeighbourClassifier:
    vectors = np.stack([_unit(1, 0, 0), _unit(0.9, 0.1, 0), _unit(0, 1, 0), _unit(0, 0.9, 0.1)])
    labels = [Intent.rate, Intent.rate, Intent.score, Intent.score]
    return NeighbourClassifier(vectors, labels, k=3, min_similarity=min_similarity,
                               min_margin=min_margin)  # fmt: skip


def test_the_nearest_examples_vote() -> None:
    assert _classifier().vote(_unit(1, 0.05, 0)).intent is Intent.rate
    assert _classifier().vote(_unit(0.05, 1, 0)).intent is Intent.score


def test_a_clause_like_no_example_stays_unrouted() -> None:
    vote = _classifier().vote(_unit(0, 0, 1))
    assert vote.intent is None
    assert vote.similarity < 0.5


def test_a_tie_between_intents_stays_unrouted() -> None:
    vectors = np.stack([_unit(1, 0, 0), _unit(0, 1, 0)])
    even = NeighbourClassifier(vectors, [Intent.rate, Intent.score], 2, 0.1, 0.2)
    vote = even.vote(_unit(1, 1, 0))
    assert vote.intent is None
    assert vote.margin < 0.2


def test_one_label_per_vector() -> None:
    with pytest.raises(ValueError, match="one label per example"):
        NeighbourClassifier(np.zeros((2, 3), np.float32), [Intent.rate], 1, 0.0, 0.0)


def test_every_intent_has_examples() -> None:
    assert set(EXAMPLES) == set(Intent)
    assert all(len(v) >= 10 for v in EXAMPLES.values())


def test_a_scored_customer_needs_stated_fields() -> None:
    task = task_for("would a fiber customer paying 95 a month leave", Intent.score, None)
    assert isinstance(task, ScorerTask)
    assert task.stated == {"InternetService": "Fiber optic", "MonthlyCharges": 95.0}
    assert task_for("would this person leave", Intent.score, None) is None


def test_that_customer_is_never_guessed() -> None:
    assert task_for("would that customer leave", Intent.score, None) is None
    known = ScorerTask(ask="before", stated={"tenure": 3})
    task = task_for("would that customer on fiber leave", Intent.score, known)
    assert isinstance(task, ScorerTask)
    assert task.stated == {"tenure": 3, "InternetService": "Fiber optic"}


def test_what_ifs_stay_with_the_rules() -> None:
    assert task_for("what if they moved to a one-year contract", Intent.score, None) is None


def test_figures_over_the_customers_are_never_made_from_a_vote() -> None:
    """The rules' linker either used every span of an analyst clause or refused it: a vote for
    rate, count or average routes nothing (it would drop the conditions it did not read)."""
    for intent in (Intent.rate, Intent.how_many, Intent.average):
        assert task_for("do fiber customers leave more often than DSL ones", intent, None) is None
        assert task_for("median monthly bill of seniors", intent, None) is None


def test_research_keeps_the_clause_as_the_question() -> None:
    task = task_for("who signs off on one customer", Intent.research, None)
    assert isinstance(task, ResearcherTask)
    assert task.question == "who signs off on one customer"
    assert task_for("tell me a joke", Intent.other, None) is None
