"""A research question that names its source is asked of that document only, without the name."""

from __future__ import annotations

import pytest

from retention_agents.core.research import Scoped, scoped

CARD = {"model card": "model_card.md"}


@pytest.mark.parametrize(
    "question",
    [
        "According to the model card, what decision threshold does the churn model use?",
        "What does the model card say: what decision threshold does the churn model use?",
        "Per the model card, what decision threshold does the churn model use?",
        "What decision threshold does the churn model use, according to the model card?",
        "Check the model card: what decision threshold does the churn model use?",
    ],
)
def test_the_named_source_becomes_a_filter(question: str) -> None:
    scope = scoped(question, CARD)
    assert scope.sources == ["model_card.md"]
    assert scope.query == "What decision threshold does the churn model use?"


def test_questions_naming_no_source_search_everything() -> None:
    question = "According to the docs, what does the global statement do?"
    assert scoped(question, CARD) == scoped(question, {}) == Scoped(question, None)


def test_a_question_that_is_only_the_source_is_kept_whole() -> None:
    assert scoped("What does the model card say?", CARD).query == "What does the model card say?"
    several = scoped("Compare the model card and the runbook on thresholds", {
        **CARD, "runbook": "runbook.md"})  # fmt: skip
    assert several.sources == ["model_card.md", "runbook.md"]
