"""`AGENTS_LLM=openai` against real local OpenAI-compatible servers, through the official
client stack (langchain-openai → openai → HTTP):

- llama.cpp's own server (the `xllamacpp` wheel, SmolLM2-135M from its package) answers the
  forced tool call — asked as a JSON-schema constrained answer, since that server ignores
  `tool_choice` for a model whose template has no tools — with one of the team's tools, and
  its token usage reaches the budget;
- rag_qa's `/v1/chat/completions` (a question-answering endpoint: no tools, no schemas)
  returns prose: that is refused as a call, the clause stays unrouted and the run still ends
  cleanly."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_shared.llm import LLMError
from retention_agents.config import AgentsSettings
from retention_agents.io.llm import make_llm
from retention_agents.nodes.refine import model_route
from retention_agents.team import Team

pytestmark = pytest.mark.slow

UNROUTED = "Tell me who must sign off before we act on a single customer's score"


@pytest.fixture(scope="module")
def llama_server() -> Iterator[tuple[str, str]]:
    pytest.importorskip("xllamacpp")
    import xllamacpp as xlc

    from portfolio_shared.llm import packaged_smollm2

    key = secrets.token_urlsafe(16)
    params = xlc.CommonParams()
    params.model.path = str(packaged_smollm2())
    params.n_ctx = 4096
    params.n_parallel = 1
    params.cpuparams.n_threads = 1
    params.use_jinja = True
    params.verbosity = -1
    params.api_keys = [key]
    server = xlc.Server(params)
    yield f"{server.listening_address}/v1", key  # its own port on 127.0.0.1
    del server


def _settings(tmp_path: Path, base_url: str, key: str | None) -> AgentsSettings:
    return AgentsSettings(data_dir=tmp_path, llm="openai", router="rules", openai_base_url=base_url,
                          openai_api_key=key, openai_model="smollm2", churn_url="http://127.0.0.1:9",
                          rag_url="http://127.0.0.1:9", tool_retries=0)  # fmt: skip


def test_llama_cpps_server_answers_the_forced_tool_call(
    llama_server: tuple[str, str], tmp_path: Path
) -> None:
    base_url, key = llama_server
    model = make_llm(_settings(tmp_path, base_url, key))
    assert model is not None
    name, args, tokens = model_route(model, UNROUTED)
    assert name in {"query_customers", "score_customer", "ask_docs"}
    assert isinstance(args, dict)
    assert tokens > 0


def test_a_run_counts_the_servers_tokens(llama_server: tuple[str, str], tmp_path: Path) -> None:
    base_url, key = llama_server
    team = Team(_settings(tmp_path, base_url, key))
    try:
        result = team.run(UNROUTED)
    finally:
        team.close()
    plan = result.trajectory[0]
    assert plan["node"] == "plan"
    assert plan["tokens"] > 0
    assert result.tokens == plan["tokens"]
    assert result.status in {"answered", "partial", "unanswered", "failed"}


def test_rag_qas_endpoint_gives_text_and_the_clause_stays_unrouted(
    services: tuple[str, str], tmp_path: Path
) -> None:
    _, rag = services
    settings = _settings(tmp_path, f"{rag}/v1", None).model_copy(update={"openai_model": "rag-qa"})
    model = make_llm(settings)
    assert model is not None
    with pytest.raises(LLMError, match="not JSON"):
        model_route(model, UNROUTED)
    team = Team(settings)
    try:
        result = team.run(UNROUTED)
    finally:
        team.close()
    assert result.trajectory[0]["unrouted"] == [UNROUTED]
    assert result.status == "unanswered"
