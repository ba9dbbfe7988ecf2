"""Fusion and diversity: RRF, weighted min-max fusion, MMR."""

from __future__ import annotations

import numpy as np

from rag_qa.core.retrieval import mmr_select, rrf, weighted


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float32)


def rows(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_rrf_rewards_agreement() -> None:
    scores = rrf([rows(1, 2, 3), rows(3, 1, 4)], k=60)
    assert max(scores, key=scores.__getitem__) == 1  # ranks 1 and 2
    assert scores[1] == 1 / 61 + 1 / 62
    assert scores[4] == 1 / 63


def test_weighted_fusion_normalises_each_list() -> None:
    dense = (rows(1, 2), arr(0.9, 0.1))
    lexical = (rows(2, 3), arr(30.0, 10.0))
    scores = weighted(dense, lexical, 0.5)
    assert scores == {1: 0.5, 2: 0.5, 3: 0.0}
    only_dense = weighted(dense, lexical, 1.0)
    assert max(only_dense, key=only_dense.__getitem__) == 1


def test_weighted_fusion_handles_an_empty_list() -> None:
    scores = weighted((rows(5), arr(0.3)), (rows(), arr()), 0.5)
    assert list(scores) == [5]


def test_mmr_prefers_diverse_passages() -> None:
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    vectors = np.array([[0.9, 0.43, 0.0], [0.9, 0.43, 0.0], [0.8, 0.0, 0.6]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    picked = mmr_select(query, vectors, [0, 1, 2], k=2, lam=0.5)
    assert picked == [0, 2], "the duplicate of the first pick should lose to a different passage"
    assert mmr_select(query, vectors, [0, 1, 2], k=2, lam=1.0) == [0, 1]
