"""FAISS inner-product search over L2-normalised vectors (cosine): exact below a size threshold,
HNSW above it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from rag_qa.core.embedder import Matrix


class DenseIndex:
    def __init__(self, index: Any, kind: str, ef_search: int) -> None:
        self.index = index
        self.kind = kind
        self.ef_search = ef_search
        if kind == "hnsw":
            index.hnsw.efSearch = ef_search

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @classmethod
    def build(
        cls, vectors: Matrix, dim: int, hnsw_threshold: int, m: int, ef_search: int
    ) -> DenseIndex:
        import faiss

        index: Any
        if len(vectors) >= hnsw_threshold:
            index = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
            kind = "hnsw"
        else:
            index = faiss.IndexFlatIP(dim)
            kind = "flat"
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index, kind, ef_search)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, ef_search: int) -> DenseIndex:
        import faiss

        index = faiss.read_index(str(path))
        kind = "hnsw" if isinstance(index, faiss.IndexHNSWFlat) else "flat"
        return cls(index, kind, ef_search)

    def search(self, query: Matrix, k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        if not self.size:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), min(k, self.size))
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep].astype(np.float32)
