"""The OpenAI-compatible endpoint, exercised by the official `openai` client and LangChain's
`ChatOpenAI`, unchanged, against a real server."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from langchain_openai import ChatOpenAI

from rag_qa.api.app import create_app

QUESTION = "How long does the bulk fermentation of sourdough take?"


@pytest.fixture
def base_url(settings: Any, engine: Any, live_server: Any) -> Any:
    with live_server(create_app(settings, engine=engine)) as url:
        yield f"{url}/v1"


def test_openai_client_chat_completion(base_url: str) -> None:
    client = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0)
    assert [m.id for m in client.models.list()] == ["rag-qa"]
    completion = client.chat.completions.create(
        model="rag-qa", messages=[{"role": "user", "content": QUESTION}]
    )
    text = completion.choices[0].message.content or ""
    assert "four to six hours" in text
    assert "Sources:" in text
    assert "kitchen.html" in text
    assert completion.choices[0].finish_reason == "stop"
    assert completion.model_extra
    assert completion.model_extra["citations"][0]["source"] == "kitchen.html"


def test_openai_client_streaming(base_url: str) -> None:
    client = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0)
    stream = client.chat.completions.create(
        model="rag-qa", messages=[{"role": "user", "content": QUESTION}], stream=True
    )
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    assert len(pieces) >= 3
    assert "four to six hours" in "".join(pieces)


def test_openai_client_sees_validation_errors(base_url: str) -> None:
    client = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0)
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model="rag-qa", messages=[])
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="rag-qa", messages=[{"role": "system", "content": "only a system message"}]
        )


def test_langchain_chat_openai(base_url: str) -> None:
    chat = ChatOpenAI(base_url=base_url, api_key="unused", model="rag-qa", max_retries=0)
    reply = chat.invoke(QUESTION)
    assert "four to six hours" in str(reply.content)
    streamed = "".join(str(chunk.content) for chunk in chat.stream(QUESTION))
    assert "four to six hours" in streamed
