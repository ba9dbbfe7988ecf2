"""The router comparison's harness: gold tools and arguments from the templates, the no-LLM path
scored on them, and a chat model's forced tool call (driven here by the scripted fake, which
implements `bind_tools`) read back as a route."""

from __future__ import annotations

from functools import partial

from portfolio_shared.llm import ScriptedChatModel
from retention_agents.jobs.evals import routing


def test_the_cases_cover_every_tool() -> None:
    cases = routing.cases()
    assert len(cases) >= 60
    assert {c.tool for c in cases} == {"query_customers", "score_customer", "ask_docs"}


def test_the_rules_route_every_case_with_its_arguments() -> None:
    result = routing.summary("rules", routing.run(routing.rules_route, routing.cases()))
    assert result["tool_accuracy"] == 1.0
    assert result["argument_accuracy"] == 1.0


def test_a_chat_models_tool_call_is_scored_as_a_route() -> None:
    case = next(c for c in routing.cases() if c.tool == "score_customer")
    model = ScriptedChatModel(script=[{"name": "score_customer", "args": case.args},
                                      {"name": "ask_docs", "args": {"question": "x"}}])  # fmt: skip
    right, wrong = routing.run(partial(routing.model_route, model), [case, case])
    assert right.tool_ok
    assert right.args_ok
    assert not wrong.tool_ok
    offered = {t["function"]["name"]: t["function"]["parameters"] for t in model.bound}
    assert set(offered) == {"query_customers", "score_customer", "ask_docs"}
    assert "Month-to-month" in str(offered["score_customer"])  # enums of the data contract
    assert right.tokens > 0
