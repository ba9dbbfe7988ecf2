"""The real generation providers: the offline local LLM and the OpenAI-compatible client."""

from __future__ import annotations

from typing import Any

import pytest

from rag_qa.api.app import create_app
from rag_qa.core.llm import make_chat_model
from rag_qa.core.pipeline import RagPipeline

pytestmark = pytest.mark.slow


def test_local_llm_streams_a_cited_grounded_answer(engine: Any, local_chat: Any) -> None:
    pipeline = RagPipeline(
        engine.searcher,
        engine.embedder,
        engine.settings.model_copy(update={"provider": "local"}),
        local_chat,
    )
    events = list(pipeline.stream("What is the escape velocity at the surface of the Earth?"))
    tokens = [payload for kind, payload in events if kind == "token"]
    done = events[-1][1]
    assert len(tokens) >= 5, "the local model streams token by token"
    assert done.supported
    assert done.model.startswith("SmolLM2")
    assert any(c["cited"] and c["source"] == "orbital_mechanics.rst" for c in done.citations)
    assert done.timings_ms["first_token"] < done.timings_ms["total"]


def test_local_model_file_is_hash_checked(tmp_path: Any) -> None:
    from rag_qa.config import RagSettings
    from rag_qa.core.llm import LLMError, LocalChatModel

    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"GGUF not really")
    s = RagSettings()
    runtime = {
        "threads": s.local_threads,
        "n_ctx": s.local_ctx,
        "max_tokens": s.max_tokens,
        "temperature": s.temperature,
    }
    model = LocalChatModel(model_path=fake, expected_sha256="0" * 64, **runtime)
    with pytest.raises(LLMError, match="sha256"):
        model.invoke("hi")
    with pytest.raises(LLMError, match="no model file"):
        LocalChatModel(
            model_path=tmp_path / "missing.gguf", expected_sha256=None, **runtime
        ).invoke("hi")
    assert make_chat_model(RagSettings(provider="local")).model_name.startswith("SmolLM2")


def test_openai_provider_against_an_openai_compatible_server(
    settings: Any, engine: Any, live_server: Any
) -> None:
    """`RAG_PROVIDER=openai` pointed at any OpenAI-compatible endpoint; here: another rag_qa."""
    with live_server(create_app(settings, engine=engine)) as url:
        online = settings.model_copy(
            update={"provider": "openai", "openai_base_url": f"{url}/v1", "openai_model": "rag-qa"}
        )
        chat = make_chat_model(online)
        pipeline = RagPipeline(
            engine.searcher,
            engine.embedder,
            engine.settings.model_copy(update={"provider": "openai"}),
            chat,
        )
        result = pipeline.answer("How long does the bulk fermentation of sourdough take?")
    assert result.provider == "openai"
    assert result.model == "rag-qa"
    assert "four to six hours" in result.answer
    assert any(c["cited"] for c in result.citations)
