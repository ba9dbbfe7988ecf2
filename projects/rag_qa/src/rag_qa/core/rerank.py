"""Optional cross-encoder reranking of the fused candidates (sentence-transformers `CrossEncoder`).

No cross-encoder ships in any PyPI package that installs offline (see the README), so this is
off by default: point `RAG_RERANKER_MODEL` at a local cross-encoder folder (for example
cross-encoder/ms-marco-MiniLM-L-6-v2 downloaded once) and install the `torch` extra.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from rag_qa.core.retrieval import Hit


class RerankerError(RuntimeError):
    """The configured reranker cannot be loaded."""


class CrossEncoderReranker:
    def __init__(self, model_dir: Path, max_length: int = 256, batch_size: int = 32) -> None:
        if importlib.util.find_spec("sentence_transformers") is None:
            raise RerankerError("a cross-encoder reranker needs the `torch` extra installed")
        if not model_dir.is_dir():
            raise RerankerError(f"no cross-encoder model folder at {model_dir}")
        from sentence_transformers import CrossEncoder

        self.model: Any = CrossEncoder(str(model_dir), device="cpu", max_length=max_length)
        self.batch_size = batch_size
        self.name = model_dir.name

    def scores(self, query: str, hits: list[Hit]) -> list[float]:
        pairs = [(query, h.chunk.embed_text) for h in hits]
        raw = self.model.predict(pairs, batch_size=self.batch_size, show_progress_bar=False)
        return [float(s) for s in raw]

    def rerank(self, query: str, hits: list[Hit], k: int) -> list[Hit]:
        """The `k` best hits by cross-encoder score (their `score` becomes that score)."""
        if not hits:
            return hits
        scored = sorted(zip(self.scores(query, hits), hits, strict=True), key=lambda p: -p[0])
        return [hit._replace(score=score) for score, hit in scored[:k]]
