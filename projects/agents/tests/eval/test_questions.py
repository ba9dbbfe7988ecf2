"""The question sets nobody tuned on, through the whole team (rules router), scored right /
refused / wrong (`wrong`: a figure stated that is not the gold, or an answer where only a
refusal is right). The hand-written set is held to its target; the generated test half is held
to what it reaches today, which is below the issue's target (right ≥ 0.95, wrong = 0): a
regression gate, not a claim that the target is met."""

from __future__ import annotations

import pytest

from retention_agents.config import AgentsSettings
from retention_agents.jobs.evals.questions import question_sets, score_set
from retention_agents.team import Team

pytestmark = pytest.mark.slow


def _rules_team(settings: AgentsSettings) -> Team:
    return Team(settings.model_copy(update={"router": "rules"}))


def test_the_hand_written_questions_are_answered_or_refused_never_wrong(
    settings: AgentsSettings,
) -> None:
    team = _rules_team(settings)
    try:
        scored = score_set(team, "hand", question_sets(["hand"])["hand"])
    finally:
        team.close()
    print("\n" + scored.line())
    assert scored.counts["wrong"] == 0, [m for m in scored.misses if m["outcome"] == "wrong"]
    assert scored.rate("right") >= 0.90


def test_the_generated_test_half_does_not_fall_back(settings: AgentsSettings) -> None:
    team = _rules_team(settings)
    try:
        scored = score_set(team, "test", question_sets(["test"])["test"])
    finally:
        team.close()
    print("\n" + scored.line())
    assert scored.total > 1000
    assert scored.counts["wrong"] <= 3
    assert scored.rate("right") >= 0.87  # measured 0.881 (2026-12-08)
