"""A scorer for any model exported to ONNX (the torch MLP challenger): rows are encoded in
Python and run through ONNX Runtime on one thread; contributions by occlusion (each field reset
to its training baseline, all in one batched call)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from churn_api.core.scorer import (
    Contribution,
    Row,
    Scored,
    numeric_input,
    sigmoid,
    top_contributions,
    typed_level,
)


class OnnxScorer:
    """A model taking the encoded feature vector (one-hot categoricals, standardised numerics)
    and returning one logit per row, run with ONNX Runtime on one thread."""

    kind = "onnx"

    def __init__(self, model_path: Path, preprocess: Mapping[str, Any]) -> None:
        import numpy as np
        import onnxruntime as ort

        self._np = np
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self.input_name = self.session.get_inputs()[0].name
        self.cat_index = {
            c["name"]: {typed_level(c["name"], v): i for i, v in enumerate(c["categories"])}
            for c in preprocess["categorical"]
        }
        self.numeric = {n["name"]: n for n in preprocess["numeric"]}
        self.baseline_row: dict[str, Any] = {
            n: typed_level(n, v) if n in self.cat_index else v
            for n, v in preprocess["baseline_row"].items()
        }
        self.width = sum(len(v) for v in self.cat_index.values()) + len(self.numeric)

    def _encode(self, row: Row) -> list[float]:
        vec: list[float] = []
        for name, index in self.cat_index.items():
            block = [0.0] * len(index)
            block[index[row[name]]] = 1.0
            vec.extend(block)
        for name, t in self.numeric.items():
            x = numeric_input(row, name)
            v = math.log1p(x) if t["log1p"] else x
            vec.append((v - t["mean"]) / t["scale"])
        return vec

    def _logits(self, vectors: list[list[float]]) -> list[float]:
        matrix = self._np.asarray(vectors, dtype=self._np.float32)
        out = self.session.run(None, {self.input_name: matrix})[0]
        return [float(v) for v in out.reshape(-1)]

    def _occlusions(self, row: Row) -> list[dict[str, Any]]:
        variants = []
        for name in (*self.cat_index, *self.numeric):
            variant = dict(row)
            variant[name] = self.baseline_row[name]
            variants.append(variant)
        return variants

    def score_many(self, rows: Sequence[Row], top_k: int) -> list[Scored]:
        names = [*self.cat_index, *self.numeric]
        per_row = 1 + (len(names) if top_k > 0 else 0)
        vectors: list[list[float]] = []
        for row in rows:
            vectors.append(self._encode(row))
            if top_k > 0:
                vectors.extend(self._encode(v) for v in self._occlusions(row))
        logits = self._logits(vectors) if vectors else []
        results = []
        for r, row in enumerate(rows):
            block = logits[r * per_row : (r + 1) * per_row]
            items = (
                [
                    Contribution(
                        n,
                        numeric_input(row, n) if n in self.numeric else row[n],
                        block[0] - block[1 + j],
                    )
                    for j, n in enumerate(names)
                ]
                if top_k > 0
                else []
            )
            results.append(Scored(sigmoid(block[0]), top_contributions(items, top_k)))
        return results

    def score(self, row: Row, top_k: int) -> Scored:
        return self.score_many([row], top_k)[0]
