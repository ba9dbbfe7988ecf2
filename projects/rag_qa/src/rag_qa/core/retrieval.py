"""Dense, lexical and hybrid retrieval over one index snapshot, MMR, and a LangChain retriever.

Hybrid fusion is a weighted sum of min-max-normalised scores (default) or reciprocal rank fusion
(k=60, Cormack et al. 2009). Every result carries the cosine between the question and
the passage: that is the *support* the answer step uses to decide whether it knows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from numpy.typing import NDArray
from pydantic import ConfigDict

from rag_qa.config import RagSettings
from rag_qa.core.chunking import Chunk
from rag_qa.core.embedder import Embedder, Matrix

Mode = Literal["dense", "bm25", "hybrid"]


class Hit(NamedTuple):
    row: int
    chunk: Chunk
    score: float  # the fused (or single-method) ranking score
    cosine: float  # question-passage cosine, whatever the mode


@dataclass
class Retrieval:
    hits: list[Hit]
    mode: str
    embed_ms: float
    search_ms: float
    query_vector: Matrix | None = None

    @property
    def support(self) -> float:
        return max((h.cosine for h in self.hits), default=-1.0)


def rrf(rankings: list[NDArray[np.int64]], k: int = 60) -> dict[int, float]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking.tolist()):
            scores[row] = scores.get(row, 0.0) + 1.0 / (k + rank + 1)
    return scores


def weighted(
    dense: tuple[NDArray[np.int64], NDArray[np.float32]],
    lexical: tuple[NDArray[np.int64], NDArray[np.float32]],
    dense_weight: float,
) -> dict[int, float]:
    scores: dict[int, float] = {}
    for (rows, values), weight in ((dense, dense_weight), (lexical, 1.0 - dense_weight)):
        if not len(rows):
            continue
        low, high = float(values.min()), float(values.max())
        span = high - low or 1.0
        for row, value in zip(rows.tolist(), values.tolist(), strict=True):
            scores[row] = scores.get(row, 0.0) + weight * (value - low) / span
    return scores


def exact_within(
    query: Matrix, vectors: Matrix, rows: NDArray[np.int64], k: int
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Exact inner-product search restricted to `rows` (a source filter): the chosen documents'
    chunks are few, so a matrix product beats asking the ANN index for everything."""
    if not len(rows):
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    scores = (vectors[rows] @ query).astype(np.float32)
    best = np.argsort(-scores, kind="stable")[:k]
    return rows[best], scores[best]


def rows_of(chunks: list[Chunk], sources: frozenset[str]) -> NDArray[np.int64]:
    """The rows of the chunks whose document is named in `sources` (by source name or doc id)."""
    return np.array(
        [i for i, c in enumerate(chunks) if c.source in sources or c.doc_id in sources], np.int64
    )


def mmr_select(
    query: Matrix, vectors: Matrix, candidates: list[int], k: int, lam: float
) -> list[int]:
    """Maximal marginal relevance: relevance to the query minus redundancy with picks so far."""
    if len(candidates) <= 1:
        return candidates[:k]
    cand = vectors[candidates]
    relevance = cand @ query
    pairwise = cand @ cand.T
    chosen: list[int] = []
    redundancy = np.full(len(candidates), -np.inf, dtype=np.float32)
    available = np.ones(len(candidates), dtype=bool)
    while len(chosen) < min(k, len(candidates)):
        penalty = np.where(np.isfinite(redundancy), redundancy, 0.0)
        score = np.where(available, lam * relevance - (1 - lam) * penalty, -np.inf)
        pick = int(np.argmax(score))
        chosen.append(pick)
        available[pick] = False
        redundancy = np.maximum(redundancy, pairwise[pick])
    return [candidates[i] for i in chosen]


class HybridSearcher:
    """Runs one query in the requested mode against the live snapshot."""

    def __init__(
        self,
        snapshot: Callable[[], Any],
        embedder: Embedder,
        settings: RagSettings,
        reranker: Any = None,
    ) -> None:
        self._snapshot = snapshot
        self.embedder = embedder
        self.candidates = settings.candidates
        self.fusion = settings.fusion
        self.rrf_k = settings.rrf_k
        self.dense_weight = settings.dense_weight
        self.mmr_lambda = settings.mmr_lambda
        self.reranker = reranker  # built from `settings.reranker_model` by the engine
        self.rerank_candidates = settings.rerank_candidates

    def search(
        self,
        query: str,
        k: int,
        mode: Mode,
        mmr: bool,
        query_vector: Matrix | None = None,
        sources: frozenset[str] | None = None,
    ) -> Retrieval:
        """The best `k` chunks for `query`; with `sources`, only chunks of those documents."""
        snap = self._snapshot()
        t0 = time.perf_counter()
        qvec = self.embedder.embed_query(query) if query_vector is None else query_vector
        t1 = time.perf_counter()
        pool = max(self.candidates, k * 4 if mmr else k)
        within = None if sources is None else rows_of(snap.chunks, sources)

        def dense_search() -> tuple[NDArray[np.int64], NDArray[np.float32]]:
            if within is None:
                found: tuple[NDArray[np.int64], NDArray[np.float32]] = snap.dense.search(qvec, pool)
                return found
            return exact_within(qvec, snap.vectors, within, pool)

        if mode == "dense":
            rows, values = dense_search()
            ranked = dict(zip(rows.tolist(), values.tolist(), strict=True))
        elif mode == "bm25":
            rows, values = snap.lexical.search(query, pool, within)
            ranked = dict(zip(rows.tolist(), values.tolist(), strict=True))
        else:
            dense = dense_search()
            lexical = snap.lexical.search(query, pool, within)
            if self.fusion == "weighted":
                ranked = weighted(dense, lexical, self.dense_weight)
            else:
                ranked = rrf([dense[0], lexical[0]], self.rrf_k)
        order = sorted(ranked, key=ranked.__getitem__, reverse=True)
        if mmr:
            order = mmr_select(qvec, snap.vectors, order[: max(k * 4, k)], k, self.mmr_lambda)
        keep = max(k, self.rerank_candidates) if self.reranker is not None else k
        order = order[:keep]
        cosines = (snap.vectors[order] @ qvec).tolist() if order else []
        hits = [
            Hit(row, snap.chunks[row], float(ranked[row]), float(cos))
            for row, cos in zip(order, cosines, strict=True)
        ]
        if self.reranker is not None:
            hits = self.reranker.rerank(query, hits, k)
        t2 = time.perf_counter()
        return Retrieval(hits, mode, (t1 - t0) * 1000, (t2 - t1) * 1000, qvec)


def to_document(hit: Hit) -> Document:
    chunk = hit.chunk
    return Document(
        page_content=chunk.text,
        id=chunk.chunk_id,
        metadata={
            "doc_id": chunk.doc_id,
            "source": chunk.source,
            "title": chunk.title,
            "section": chunk.section,
            "heading": chunk.heading,
            "score": hit.score,
            "cosine": hit.cosine,
        },
    )


class RagRetriever(BaseRetriever):
    """LangChain retriever over the hybrid searcher: `retriever.invoke("question")`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any
    k: int
    mode: Mode
    mmr: bool

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = self.searcher.search(query, k=self.k, mode=self.mode, mmr=self.mmr)
        return [to_document(hit) for hit in result.hits]
