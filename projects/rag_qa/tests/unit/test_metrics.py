"""Retrieval and answer metrics against hand-computed values."""

from __future__ import annotations

import math

import pytest

from rag_qa.core.metrics import (
    exact_match,
    mrr_at_k,
    ndcg_at_k,
    normalize_answer,
    recall_at_k,
    token_f1,
)


def test_ndcg_perfect_and_shifted() -> None:
    assert ndcg_at_k(["a", "b"], {"a": 1}) == 1.0
    assert ndcg_at_k(["x", "a"], {"a": 1}) == pytest.approx(1 / math.log2(3))
    assert ndcg_at_k(["x"], {"a": 1}) == 0.0


def test_ndcg_uses_graded_relevance() -> None:
    ideal = 3 + 1 / math.log2(3)
    got = 1 + 3 / math.log2(3)
    assert ndcg_at_k(["b", "a"], {"a": 2, "b": 1}) == pytest.approx(got / ideal)


def test_recall_and_mrr() -> None:
    assert recall_at_k(["a", "b", "c"], {"a": 1, "c": 1, "z": 1}, 2) == pytest.approx(1 / 3)
    assert mrr_at_k(["x", "y", "a"], {"a": 1}) == pytest.approx(1 / 3)
    assert mrr_at_k(["x"], {"a": 1}) == 0.0


def test_squad_normalisation_em_and_f1() -> None:
    assert normalize_answer("The  Normans!") == "normans"
    assert exact_match("the Normans", ["Normans"]) == 1.0
    assert exact_match("Normans of France", ["Normans"]) == 0.0
    assert token_f1("in the 10th century", ["10th and 11th centuries"]) == pytest.approx(
        2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4)
    )
    assert token_f1("France", ["France", "Paris"]) == 1.0
