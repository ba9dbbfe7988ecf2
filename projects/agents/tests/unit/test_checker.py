"""The checker: figures must come from this run's tool outputs; researcher claims need sources."""

from __future__ import annotations

from retention_agents.core.checker import check
from retention_agents.core.findings import Citation, Finding
from retention_agents.core.writer import revise

ROWS = [{"Contract": "Month-to-month", "churn_rate": 0.4270967741935484, "customers": 3875}]
ANALYST = Finding(task=0, role="analyst", ask="q", ok=True, data={"rows": ROWS})


def test_figures_from_the_tools_pass_in_any_rounding_or_as_percentages() -> None:
    text = "Month-to-month churns most: 42.7% of 3,875 customers (0.43 as a share)."
    result = check(text, [ANALYST], "Which contract churns most?")
    assert result.ok, result
    assert result.numbers == ["42.7%", "3,875", "0.43"]


def test_an_invented_figure_is_caught_and_revised_out() -> None:
    text = "Month-to-month churns most: 42.7% of 3,875 customers. Fiber churns 51.2% of the time."
    result = check(text, [ANALYST], "Which contract churns most?")
    assert result.unverified == ["51.2%"]
    revised = revise(text, result.unverified)
    assert "51.2" not in revised
    assert "42.7%" in revised
    assert check(revised, [ANALYST], "q").ok


def test_numbers_the_question_states_are_not_invented() -> None:
    text = "A customer paying 95 a month with 3 months of tenure."
    assert check(text, [], "paying 95 a month with 3 months of tenure").ok


def test_a_researcher_claim_without_a_citation_fails() -> None:
    bare = Finding(task=1, role="researcher", ask="q", ok=True, data={"answer": "It is fine."})
    assert check("It is fine.", [bare], "q").uncited == [1]
    cited = bare.model_copy(update={"citations": [Citation(number=1, source="README.md")]})
    assert check("It is fine.", [cited], "q").ok
