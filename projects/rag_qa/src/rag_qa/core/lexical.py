"""BM25 over chunk texts (bm25s: sparse matrices, millisecond queries at 100k chunks)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

_WORD = re.compile(r"[a-z0-9_]+(?:'[a-z]+)?")
STOPWORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "should",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
    )
)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, English stop words removed, Snowball-stemmed."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]
    return list(_stemmer().stemWords(words))  # type: ignore[attr-defined]


class LexicalIndex:
    """BM25 (Lucene variant). k1=0.9, b=0.4: the Anserini defaults, not tuned to any one set."""

    def __init__(self, retriever: object, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str], k1: float = 0.9, b: float = 0.4) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25(k1=k1, b=b)
        if texts:
            retriever.index([tokenize(t) for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        if self.size:
            self._retriever.save(str(folder), show_progress=False)  # type: ignore[attr-defined]
        else:
            folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        import bm25s

        if size == 0:
            return cls(bm25s.BM25(), 0)
        retriever = bm25s.BM25.load(str(folder), show_progress=False, mmap=False)
        return cls(retriever, size)

    def search(
        self, query: str, k: int, within: NDArray[np.int64] | None = None
    ) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """Row indices and BM25 scores, best first; only chunks sharing a term with the query
        (and, given `within`, only those rows)."""
        if not self.size:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        vocab = self._retriever.vocab_dict  # type: ignore[attr-defined]
        terms = [t for t in tokenize(query) if t in vocab]
        if not terms:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        mask = None
        if within is not None:
            mask = np.zeros(self.size, np.float32)
            mask[within] = 1.0
        ids, scores = self._retriever.retrieve(  # type: ignore[attr-defined]
            [terms], k=min(k, self.size), show_progress=False, n_threads=1, weight_mask=mask
        )
        keep = scores[0] > 0
        return ids[0][keep].astype(np.int64), scores[0][keep].astype(np.float32)
