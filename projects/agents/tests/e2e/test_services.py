"""The team against the real services, started as processes on loopback (the `services`
fixture): churn_api serving a model trained here, and rag_qa over that model's card.
The scorer's figure is churn_api's own answer for the same customer; the researcher's answer
carries its source. Skipped in a copy-out that lacks the two services."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from retention_agents.config import AgentsSettings
from retention_agents.team import Team

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def team(services: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    churn, rag = services
    settings = AgentsSettings(
        data_dir=tmp_path_factory.mktemp("agents"), churn_url=churn, rag_url=rag
    )
    built = Team(settings)
    yield built
    built.close()


def test_the_example_question_is_answered_with_churn_apis_own_figure(
    team: Team, services: tuple[str, str]
) -> None:
    result = team.run(
        "Which contract type churns most, and what is the churn risk of a month-to-month fiber "
        "customer paying 95 a month with 3 months of tenure? What if this customer moved to a "
        "one-year contract?"
    )
    assert result.status == "answered", result.answer
    assert "Month-to-month has the highest churn rate: 42.7% of 3,875 customers" in result.answer
    state = team.graph.get_state({"configurable": {"thread_id": result.thread_id}}).values
    scored = next(f for f in state["findings"] if f.role == "scorer" and not f.data.get("what_if"))
    customer = scored.data["customer"]
    direct = httpx.post(f"{services[0]}/predict", json=customer, timeout=10).json()
    assert abs(scored.data["probability"] - direct["churn_probability"]) <= 0.005
    assert f"{direct['churn_probability']:.3f}" in result.answer
    assert (customer["Contract"], customer["tenure"], customer["MonthlyCharges"]) == (
        "Month-to-month", 3, 95.0,
    )  # fmt: skip
    what_if = next(f for f in state["findings"] if f.data.get("what_if")).data["what_if"]
    assert what_if["probability"] < direct["churn_probability"]  # a longer contract, less risk
    assert f"{what_if['difference']:+.3f}" in result.answer


def test_the_researcher_answers_from_the_docs_with_a_citation(team: Team) -> None:
    result = team.run("According to the model card, what is the intended use of the churn model?")
    assert result.status == "answered", result.answer
    assert result.citations
    assert result.citations[0].source == "model_card.md"
    assert "retention offers" in result.answer
    assert f"Sources: [{result.citations[0].number}] model_card.md" in result.answer
