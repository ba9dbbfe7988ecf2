"""The language model as a refinement (driven by the scripted fake, which implements
`bind_tools`): a clause the rules leave unrouted is routed by the model's tool call when its
arguments validate; arguments that do not validate leave it unrouted; tokens are counted and
their budget stops the refinement with the reason."""

from __future__ import annotations

from pathlib import Path

from portfolio_shared.llm import ScriptedChatModel
from retention_agents.config import AgentsSettings
from retention_agents.team import Team

#: No rule takes this clause (no cue word the planner knows).
VAGUE = "Summarise how devoted folks are per agreement"


def team_with(tmp_path: Path, script: list, **overrides: object) -> Team:  # type: ignore[type-arg]
    team = Team(AgentsSettings(data_dir=tmp_path, **overrides))  # type: ignore[arg-type]
    team.tools.llm = ScriptedChatModel(script=script)
    return team


def test_the_model_routes_what_the_rules_left_unrouted(tmp_path: Path) -> None:
    call = {"name": "query_customers", "args": {"metric": "churn_rate", "group_by": "Contract"}}
    team = team_with(tmp_path, [call])
    try:
        result = team.run(VAGUE)
    finally:
        team.close()
    assert result.status == "answered", result.answer
    assert "42.7%" in result.answer  # the same typed tool ran: the model only chose it
    plan = next(s for s in result.trajectory if s["node"] == "plan")
    assert plan["refined"] == 1
    assert plan["tokens"] > 0
    assert result.tokens == plan["tokens"]


def test_arguments_that_do_not_validate_leave_the_clause_unrouted(tmp_path: Path) -> None:
    team = team_with(tmp_path, [{"name": "query_customers", "args": {"metric": "DROP TABLE"}}])
    try:
        result = team.run(VAGUE)
    finally:
        team.close()
    assert result.status == "unanswered"
    assert "No role could take" in result.answer


def test_the_token_budget_stops_the_refinement(tmp_path: Path) -> None:
    call = {"name": "query_customers", "args": {"metric": "count"}}
    team = team_with(tmp_path, [call, call], max_tokens=1)
    try:
        result = team.run(f"{VAGUE}; and summarise how devoted folks are per payment route")
    finally:
        team.close()
    assert result.stopped == ["tokens"]
    assert result.status == "partial"
    assert "token budget" in (result.reason or "")
