"""Cross-encoder reranking, with a small randomly initialised cross-encoder built locally (no
offline cross-encoder ships in a package; the code path is what is tested here)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from rag_qa.core.rerank import CrossEncoderReranker, RerankerError


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    from rag_qa.core.embedder import packaged_minilm

    folder = tmp_path_factory.mktemp("cross-encoder")
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=1,
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copy(packaged_minilm() / name, folder / name)
    return folder


@pytest.mark.slow
def test_reranker_orders_by_cross_encoder_score(engine: Any, tiny_cross_encoder: Path) -> None:
    reranker = CrossEncoderReranker(tiny_cross_encoder)
    hits = engine.searcher.search("escape velocity", k=6, mode="hybrid", mmr=False).hits
    reranked = reranker.rerank("escape velocity", hits, k=3)
    expected = sorted(
        zip(reranker.scores("escape velocity", hits), hits, strict=True), key=lambda p: -p[0]
    )[:3]
    assert [h.row for h in reranked] == [h.row for _, h in expected]
    assert [h.score for h in reranked] == pytest.approx([s for s, _ in expected])


def test_searcher_applies_the_reranker(engine: Any, tiny_cross_encoder: Path) -> None:
    engine.searcher.reranker = CrossEncoderReranker(tiny_cross_encoder)
    engine.searcher.rerank_candidates = 8
    result = engine.searcher.search("geostationary orbit", k=2, mode="hybrid", mmr=False)
    assert len(result.hits) == 2
    pool = engine.searcher.reranker.scores(
        "geostationary orbit",
        engine.searcher.search("geostationary orbit", k=8, mode="hybrid", mmr=False).hits,
    )
    assert max(h.score for h in result.hits) == pytest.approx(max(pool))


def test_missing_reranker_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RerankerError, match="no cross-encoder"):
        CrossEncoderReranker(tmp_path / "absent")
