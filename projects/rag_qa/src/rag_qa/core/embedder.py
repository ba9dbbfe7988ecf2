"""Sentence embeddings: sentence-transformers models, served by ONNX Runtime (default, through
`portfolio_shared.embeddings`) or torch.

The ONNX path runs the *same* fp32 weights (exported once with `torch.onnx.export`, then graph
fusions by ONNX Runtime's transformer optimizer) and reproduces sentence-transformers' pipeline:
the model's tokenizer with its `max_seq_length`, attention-masked mean pooling, L2 normalisation.
Texts are sorted by length and batched so padding stays small. Vectors match the torch model to
cosine ≥ 0.9999 (checked at export and in the tests).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from portfolio_shared.embeddings import (
    EmbeddingError,
    Matrix,
    OnnxEmbedder,
    Tokenizing,
    max_seq_length,
    packaged_minilm,
)
from portfolio_shared.integrity import file_sha256
from portfolio_shared.logging import get_logger

__all__ = [
    "Embedder",
    "EmbeddingError",
    "Matrix",
    "OnnxEmbedder",
    "TorchEmbedder",
    "export_onnx",
    "load_embedder",
    "max_seq_length",
    "onnx_cache_path",
    "packaged_minilm",
    "verify_weights",
]

log = get_logger("rag_qa.embedder")


def verify_weights(model_dir: Path, expected_sha256: str) -> None:
    weights = model_dir / "model.safetensors"
    actual = file_sha256(weights)
    if actual != expected_sha256:
        raise EmbeddingError(f"{weights} sha256 {actual} does not match {expected_sha256}")


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str], progress: bool = False) -> Matrix: ...

    def embed_query(self, text: str) -> Matrix: ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...


class TorchEmbedder(Tokenizing):
    """sentence-transformers on torch: the reference implementation (and any other ST model)."""

    def __init__(self, model_dir: Path, threads: int = 0, batch_size: int = 32) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        super().__init__(model_dir)
        if threads:
            torch.set_num_threads(threads)
        self.model = SentenceTransformer(str(model_dir), device="cpu")
        self.batch_size = batch_size
        self.name = model_dir.name if model_dir.name != "model" else "all-MiniLM-L6-v2"
        self.dim = int(self.model.get_sentence_embedding_dimension() or 0)

    def embed(self, texts: Sequence[str], progress: bool = False) -> Matrix:
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> Matrix:
        vector: Matrix = self.embed([text])[0]
        return vector


def export_onnx(model_dir: Path, out_path: Path, optimize: bool = True) -> Path:
    """Export the transformer of a sentence-transformers folder to ONNX (fp32), then fuse
    attention/LayerNorm/GELU with ONNX Runtime's optimizer (same maths, fewer kernels).

    Written atomically: a crash leaves no half-written model behind.
    """
    import torch
    from transformers import AutoModel

    out_path.parent.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(
        str(model_dir), local_files_only=True, attn_implementation="eager"
    ).eval()

    class _LastHidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    dummy = {
        "input_ids": torch.ones((2, 16), dtype=torch.long),
        "attention_mask": torch.ones((2, 16), dtype=torch.long),
        "token_type_ids": torch.zeros((2, 16), dtype=torch.long),
    }
    raw = out_path.with_suffix(".raw.onnx.tmp")
    dynamic = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}}
    dynamic["token_type_ids"] = {0: "batch", 1: "seq"}
    with torch.no_grad():
        torch.onnx.export(
            _LastHidden(),
            tuple(dummy.values()),
            str(raw),
            input_names=list(dummy),
            output_names=["last_hidden_state"],
            dynamic_axes={**dynamic, "last_hidden_state": {0: "batch", 1: "seq"}},
            opset_version=17,
            dynamo=False,
        )
    tmp = out_path.with_suffix(".onnx.tmp")
    if optimize:
        from onnxruntime.transformers import optimizer

        config = model.config
        fused = optimizer.optimize_model(
            str(raw),
            model_type="bert",
            num_heads=int(config.num_attention_heads),
            hidden_size=int(config.hidden_size),
            opt_level=1,
        )
        fused.save_model_to_file(str(tmp))
        raw.unlink()
    else:
        raw.replace(tmp)
    tmp.replace(out_path)
    return out_path


def onnx_cache_path(model_dir: Path, cache_dir: Path) -> Path:
    weights = model_dir / "model.safetensors"
    tag = (
        file_sha256(weights)[:12]
        if weights.is_file()
        else hashlib.sha256(str(model_dir).encode()).hexdigest()[:12]
    )
    return cache_dir / f"embedder-{tag}.onnx"


def load_embedder(
    model_dir: Path | None,
    backend: str,
    cache_dir: Path,
    onnx_path: Path | None,
    threads: int,
    batch_size: int,
    expected_sha256: str | None,
) -> Embedder:
    """The configured embedder. The packaged model's weights are hash-checked; the ONNX file is
    exported on first use when torch is installed (the image ships it pre-exported)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    folder = model_dir or packaged_minilm()
    if expected_sha256 and model_dir is None:
        verify_weights(folder, expected_sha256)
    if backend == "torch":
        return TorchEmbedder(folder, threads=threads, batch_size=batch_size)
    path = onnx_path or onnx_cache_path(folder, cache_dir)
    if not path.is_file():
        if importlib.util.find_spec("torch") is None:
            raise EmbeddingError(
                f"no ONNX model at {path} and torch is not installed to export one; "
                "install the `torch` extra or set RAG_EMBEDDING_ONNX_PATH"
            )
        log.info("exporting the embedder to ONNX (once)", extra={"path": str(path)})
        export_onnx(folder, path)
    return OnnxEmbedder(folder, path, threads=threads, batch_size=batch_size)
