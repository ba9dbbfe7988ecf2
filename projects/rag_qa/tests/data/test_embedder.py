"""The embedding model: packaged weights verified, ONNX path equal to sentence-transformers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag_qa.core.embedder import (
    EmbeddingError,
    TorchEmbedder,
    load_embedder,
    packaged_minilm,
    verify_weights,
)

TEXTS = [
    "What does the global statement do?",
    "Escape velocity is the minimum speed needed to break free from gravity.",
    "short",
    " ".join(["A long passage about the Python execution model and name binding."] * 30),
]


def test_packaged_weights_match_upstream_hash() -> None:
    from rag_qa.config import MINILM_SHA256

    verify_weights(packaged_minilm(), MINILM_SHA256)
    with pytest.raises(EmbeddingError, match="does not match"):
        verify_weights(packaged_minilm(), "0" * 64)


@pytest.mark.slow
def test_onnx_vectors_equal_sentence_transformers(embedder: Any) -> None:
    reference = TorchEmbedder(packaged_minilm()).embed(TEXTS)
    ours = embedder.embed(TEXTS)
    assert ours.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() >= 0.9999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_query_embedding_equals_batch_embedding(embedder: Any) -> None:
    batch = embedder.embed(TEXTS)
    for i, text in enumerate(TEXTS):
        assert float(embedder.embed_query(text) @ batch[i]) >= 0.9999


def test_missing_onnx_without_torch_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a)
    )
    with pytest.raises(EmbeddingError, match="torch is not installed"):
        load_embedder(None, "onnx", tmp_path, None, 0, 32, None)
