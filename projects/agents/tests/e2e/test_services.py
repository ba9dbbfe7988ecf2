"""The team against the real services, started as processes on loopback: churn_api serving a
model trained here into a private registry, and rag_qa over a small corpus (extractive answers).
The scorer's figure is churn_api's own answer for the same customer; the researcher's answer
carries its source. Skipped in a copy-out that lacks the two services."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from portfolio_shared.processes import free_port, wait_for
from retention_agents.config import AgentsSettings
from retention_agents.io.team import Team

pytestmark = pytest.mark.slow

MODEL_CARD = """# Churn model card

## Intended use

The churn model ranks existing telecom customers by churn risk so that a retention team can
target its offers. It is not meant for decisions about individuals without human review.
"""


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    churn_cli, rag_cli = shutil.which("churn-api"), shutil.which("rag-qa")
    if churn_cli is None or rag_cli is None:
        pytest.skip("churn-api and rag-qa are not installed here (a copied-out project)")
    root = tmp_path_factory.mktemp("services")
    env = {**os.environ, "CHURN_DATA_DIR": str(root / "churn"), "RAG_DATA_DIR": str(root / "rag"),
           "CHURN_LOG_LEVEL": "WARNING", "RAG_LOG_LEVEL": "WARNING"}  # fmt: skip
    config = root / "gam.yaml"
    config.write_text("candidates: [gam]\nfolds: 3\n")
    subprocess.run([churn_cli, "train", "--config", str(config)], env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    corpus = root / "docs"
    corpus.mkdir()
    (corpus / "model_card.md").write_text(MODEL_CARD)
    churn_port, rag_port = free_port(), free_port()
    procs = [
        subprocess.Popen(
            [churn_cli, "serve", "--port", str(churn_port)],
            env={**env, "CHURN_RELOAD_INTERVAL_S": "0"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [rag_cli, "serve", "--port", str(rag_port)],
            env={**env, "RAG_CORPUS_DIR": str(corpus), "RAG_PROVIDER": "extractive"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        churn, rag = f"http://127.0.0.1:{churn_port}", f"http://127.0.0.1:{rag_port}"
        wait_for(f"{churn}/ready", 120, procs[0])
        wait_for(f"{rag}/ready", 300, procs[1])
        yield churn, rag
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)


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
    scored = next(
        f for f in state["findings"] if f["role"] == "scorer" and not f["data"].get("what_if")
    )
    customer = scored["data"]["customer"]
    direct = httpx.post(f"{services[0]}/predict", json=customer, timeout=10).json()
    assert abs(scored["data"]["probability"] - direct["churn_probability"]) <= 0.005
    assert f"{direct['churn_probability']:.3f}" in result.answer
    assert (customer["Contract"], customer["tenure"], customer["MonthlyCharges"]) == (
        "Month-to-month", 3, 95.0,
    )  # fmt: skip
    what_if = next(f for f in state["findings"] if f["data"].get("what_if"))["data"]["what_if"]
    assert what_if["probability"] < direct["churn_probability"]  # a longer contract, less risk
    assert f"{what_if['difference']:+.3f}" in result.answer


def test_the_researcher_answers_from_the_docs_with_a_citation(team: Team) -> None:
    result = team.run("What does the model card say about intended use?")
    assert result.status == "answered", result.answer
    assert result.citations
    assert result.citations[0].source == "model_card.md"
    assert "retention" in result.answer
    assert "Sources: [1] model_card.md" in result.answer
