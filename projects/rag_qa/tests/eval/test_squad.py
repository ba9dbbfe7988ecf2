"""SQuAD 2.0 dev (BEIR view), when the development copy sits beside the repository.

Not a tuning target (a held-out set judges the project); these checks only guard the ordering
measured on it: hybrid above each single retriever, and answers that contain the gold span."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag_qa.io.beir import load_beir
from rag_qa.jobs.evaluate import evaluate

SQUAD = Path(__file__).parents[5] / "shared" / "data" / "squad2-dev" / "beir"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SQUAD.is_dir(), reason="SQuAD 2.0 dev set not present beside the repo"),
]


def test_hybrid_beats_both_retrievers_on_squad(
    embedder: Any, onnx_path: Path, tmp_path: Path
) -> None:
    from rag_qa.config import RagSettings

    settings = RagSettings(data_dir=tmp_path, provider="extractive", embedding_onnx_path=onnx_path)
    result, _ = evaluate(
        load_beir(SQUAD), settings, embedder, query_limit=1000, answer_limit=200, progress=False
    )
    r = result.retrieval
    assert r["hybrid"]["ndcg@10"] > r["bm25"]["ndcg@10"] > r["dense"]["ndcg@10"]
    assert r["hybrid"]["recall@10"] >= 0.97
    # Extractive answers are whole sentences: exact match is ~0, but the gold span is inside.
    assert result.answers["answer_contained"] >= 0.5
