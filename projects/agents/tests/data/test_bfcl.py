"""The BFCL subset for the model layer: 100 cases read from the data the `bfcl-eval` wheel
ships, its parameter dialect turned into JSON Schema, and the AST-style scoring, driven by the
scripted fake chat model (the local models' figures: `bench/bench_bfcl.py`)."""

from __future__ import annotations

import json
from collections import Counter

from portfolio_shared.llm import ScriptedChatModel
from retention_agents.jobs.evals import bfcl


def test_the_subset_has_100_cases_across_three_categories() -> None:
    cases = bfcl.cases()
    assert Counter(c.category for c in cases) == bfcl.SUBSET
    assert len({c.id for c in cases}) == 100
    assert all(c.answer for c in cases if c.category != "irrelevance")
    assert not any(c.answer for c in cases if c.category == "irrelevance")


def test_the_parameters_are_json_schema_and_the_names_are_tool_names() -> None:
    text = json.dumps([c.tools for c in bfcl.cases()])
    assert '"type": "dict"' not in text
    assert '"type": "float"' not in text
    for case in bfcl.cases():
        for tool in case.tools:
            assert "." not in tool["function"]["name"]
            assert tool["function"]["parameters"]["type"] == "object"


def test_scoring_follows_the_possible_answers() -> None:
    case = bfcl.cases()[0]  # calculate_triangle_area(base=10, height=5[, unit])
    name = case.tools[0]["function"]["name"]
    assert bfcl.call_ok(case, name, {"base": 10, "height": 5}) == (True, "")
    assert bfcl.call_ok(case, name, {"base": 10.0, "height": 5, "unit": "units"})[0]
    assert bfcl.call_ok(case, name, {"base": 10, "height": 6})[1] == "height=6 not in [5]"
    assert bfcl.call_ok(case, name, {"base": 10})[1] == "argument height missing"
    assert bfcl.call_ok(case, name, {"base": 10, "height": 5, "colour": "red"})[0] is False
    assert bfcl.call_ok(case, "other", {})[0] is False
    assert bfcl.call_ok(case, None, {}) == (False, "no call")


def test_a_chat_model_is_scored_per_category() -> None:
    simple, irrelevant = bfcl.cases()[0], bfcl.cases()[-1]
    name = simple.tools[0]["function"]["name"]
    model = ScriptedChatModel(script=[{"name": name, "args": {"base": 10, "height": 5}},
                                      "I have no function for that."])  # fmt: skip
    outcomes = bfcl.run(model, [simple, irrelevant])
    assert [o.ok for o in outcomes] == [True, True]
    assert bfcl.summary("scripted", outcomes)["by_category"] == {
        "simple_python": 1.0, "irrelevance": 1.0}  # fmt: skip
    wrong = ScriptedChatModel(script=[{"name": name, "args": {"base": 1, "height": 5}},
                                      {"name": "anything", "args": {}}])  # fmt: skip
    assert bfcl.summary("scripted", bfcl.run(wrong, [simple, irrelevant]))["accuracy"] == 0.0
