"""rag_qa benchmark: prints figures and ratios against baselines measured in the same run.

1. Ingestion: our embedder (ONNX Runtime, length-bucketed batches) against a plain
   sentence-transformers `encode` of the same ~100-token chunks; vectors must agree (cosine).
2. Retrieval latency at 100k chunks, query embedding included: dense (HNSW), BM25, hybrid; exact
   (flat) search as the baseline. Texts are 100k real windows of the Python reference; `--real`
   of them are embedded for real, the rest are vectors mixed from real ones plus noise (embedding
   100k chunks on 2 cores takes ~40 minutes; `--real 100000` does it).
3. The default LLM: time to first token and decode speed through the real answer pipeline.

    python projects/rag_qa/bench/bench_rag.py [--real 3000] [--queries 200] [--llm-questions 12]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from rag_qa.config import RagSettings
from rag_qa.core.chunking import Chunk
from rag_qa.core.embedder import OnnxEmbedder, TorchEmbedder, packaged_minilm
from rag_qa.io.engine import RagEngine, build_embedder
from rag_qa.io.evalsets import QUESTIONS
from rag_qa.io.store import IndexMeta, Snapshot, now


def paragraphs(min_words: int = 60, max_words: int = 110) -> list[str]:
    from pydoc_data.topics import topics

    out = []
    for text in topics.values():
        for para in re.split(r"\n\s*\n", text):
            words = para.split()
            if min_words <= len(words) <= max_words:
                out.append(" ".join(words))
    return out


def best_rate(fn: Any, n: int, repeats: int = 2) -> float:
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        rates.append(n / (time.perf_counter() - start))
    return max(rates)


def bench_ingestion(settings: RagSettings, n: int) -> dict[str, Any]:
    texts = paragraphs()[:n]
    ours = build_embedder(settings)
    assert isinstance(ours, OnnxEmbedder)
    reference = TorchEmbedder(packaged_minilm())
    tokens = ours.count_tokens(texts)
    reference.embed(texts[:32])
    ours.embed(texts[:32])
    base_rate = best_rate(lambda: reference.model.encode(texts, batch_size=32), len(texts))
    our_rate = best_rate(lambda: ours.embed(texts), len(texts))
    cosine = (ours.embed(texts) * reference.embed(texts)).sum(axis=1)
    # Whole pipeline (parse + chunk + embed + FAISS + BM25 + atomic commit) on the default corpus.
    with tempfile.TemporaryDirectory() as tmp:
        local = settings.model_copy(update={"data_dir": Path(tmp)})
        engine = RagEngine(local, embedder=ours)
        start = time.perf_counter()
        report = engine.ensure_index()
        full = time.perf_counter() - start
    assert report is not None
    return {
        "chunks": len(texts),
        "tokens_mean": round(statistics.mean(tokens), 1),
        "baseline_sentence_transformers_per_s": round(base_rate, 1),
        "ours_onnx_per_s": round(our_rate, 1),
        "ratio": round(our_rate / base_rate, 2),
        "cosine_min": round(float(cosine.min()), 6),
        "default_corpus_chunks": report.chunks_total,
        "default_corpus_seconds": round(full, 1),
        "default_corpus_chunks_per_s": round(report.chunks_total / full, 1),
    }


def windows(count: int, rng: np.random.Generator) -> list[tuple[str, str]]:
    """`count` distinct chunk texts: random runs of 3–6 sentences from the Python reference."""
    from pydoc_data.topics import topics

    sentences = {
        name: [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s) > 20]
        for name, text in topics.items()
    }
    names = [n for n, s in sentences.items() if len(s) >= 6]
    out: list[tuple[str, str]] = []
    for _ in range(count):
        name = names[int(rng.integers(len(names)))]
        pool = sentences[name]
        size = int(rng.integers(3, 7))
        start = int(rng.integers(0, len(pool) - size + 1))
        out.append((name, " ".join(pool[start : start + size])))
    return out


def bench_retrieval(settings: RagSettings, total: int, real: int, queries: int) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    embedder = build_embedder(settings)
    texts = windows(total, rng)
    chunks = [
        Chunk(f"c{i:06d}", name, f"{name}.txt", name, "", text, i, 0)
        for i, (name, text) in enumerate(texts)
    ]
    start = time.perf_counter()
    base = embedder.embed([c.embed_text for c in chunks[:real]], progress=True)
    embed_seconds = time.perf_counter() - start
    vectors = np.empty((total, embedder.dim), np.float32)
    vectors[:real] = base
    if total > real:  # mixtures of two real vectors plus noise, re-normalised
        a = base[rng.integers(real, size=total - real)]
        b = base[rng.integers(real, size=total - real)]
        w = rng.uniform(0.6, 0.9, size=(total - real, 1)).astype(np.float32)
        mixed = w * a + (1 - w) * b + rng.normal(0, 0.02, a.shape).astype(np.float32)
        vectors[real:] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    meta = IndexMeta(0, embedder.name, embedder.dim, 200, 32, "", total, 0, now())
    start = time.perf_counter()
    snap = Snapshot.build(
        meta, {}, chunks, vectors, settings.hnsw_threshold, settings.hnsw_m, settings.hnsw_ef_search
    )
    build_seconds = time.perf_counter() - start
    import faiss

    exact = faiss.IndexFlatIP(embedder.dim)
    exact.add(vectors)
    questions = [q for q, _ in QUESTIONS]
    qs = [
        questions[i % len(questions)] + ("" if i < len(questions) else f" (case {i})")
        for i in range(queries)
    ]
    from rag_qa.core.retrieval import HybridSearcher

    searcher = HybridSearcher(lambda: snap, embedder, settings)
    for q in qs[:10]:
        searcher.search(q, k=4, mode=settings.retrieval_mode, mmr=False)
    out: dict[str, Any] = {
        "chunks": total,
        "really_embedded": real,
        "dense_index": snap.dense.kind,
        "index_build_s": round(build_seconds, 1),
        "embed_s_for_real_part": round(embed_seconds, 1),
    }
    for mode in ("dense", "bm25", "hybrid"):
        times = []
        for q in qs:
            t0 = time.perf_counter()
            searcher.search(q, k=4, mode=mode, mmr=False)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t0) * 1000)
        out[f"{mode}_p50_ms"] = round(float(np.percentile(times, 50)), 2)
        out[f"{mode}_p95_ms"] = round(float(np.percentile(times, 95)), 2)
    qv = embedder.embed(qs)
    t0 = time.perf_counter()
    _, exact_ids = exact.search(qv, 10)
    out["exact_flat_search_ms_per_query"] = round((time.perf_counter() - t0) * 1000 / len(qs), 2)
    t0 = time.perf_counter()
    _, hnsw_ids = snap.dense.index.search(qv, 10)
    out["hnsw_search_ms_per_query"] = round((time.perf_counter() - t0) * 1000 / len(qs), 3)
    recall = np.mean([len(set(h) & set(e)) / 10 for h, e in zip(hnsw_ids, exact_ids, strict=True)])
    out["hnsw_recall_at_10_vs_exact"] = round(float(recall), 4)
    return out


def bench_llm(settings: RagSettings, n: int) -> dict[str, Any]:
    local = settings.model_copy(update={"provider": "local"})
    with tempfile.TemporaryDirectory() as tmp:
        engine = RagEngine(local.model_copy(update={"data_dir": Path(tmp)}))
        engine.ensure_index()
        chat = engine.pipeline.chat_model
        chat.warm_up()  # type: ignore[union-attr]
        ttft, e2e_first, decode = [], [], []
        for question, _ in QUESTIONS[:n]:
            start = time.perf_counter()
            context_ready = first = None
            tokens = 0
            for kind, _ in engine.pipeline.stream(question):
                now_ = time.perf_counter()
                if kind == "sources":
                    context_ready = now_
                elif kind == "token":
                    tokens += 1
                    if first is None:
                        first = now_
                elif kind == "done":
                    end = now_
            if first is None or context_ready is None:
                continue  # declined without calling the model
            ttft.append((first - context_ready) * 1000)
            e2e_first.append((first - start) * 1000)
            if tokens > 1:
                decode.append((tokens - 1) / (end - first))
    return {
        "model": engine.pipeline.model_name,
        "questions": len(ttft),
        "first_token_ms_p50": round(float(np.percentile(ttft, 50)), 1),
        "first_token_ms_max": round(float(max(ttft)), 1),
        "first_token_from_question_ms_p50": round(float(np.percentile(e2e_first, 50)), 1),
        "decode_tokens_per_s_median": round(float(np.median(decode)), 1),
        "threads": local.local_threads,
        "context_tokens": local.context_tokens,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--real", type=int, default=3000, help="chunks embedded for real")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ingest-chunks", type=int, default=400)
    parser.add_argument("--llm-questions", type=int, default=12)
    parser.add_argument("--skip", nargs="*", default=[], choices=["ingest", "retrieval", "llm"])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    settings = RagSettings()
    results: dict[str, Any] = {}
    if "ingest" not in args.skip:
        results["ingestion"] = r = bench_ingestion(settings, args.ingest_chunks)
        print(
            f"ingestion: baseline sentence-transformers {r['baseline_sentence_transformers_per_s']}"
            f" chunks/s, ours {r['ours_onnx_per_s']} chunks/s -> {r['ratio']}x "
            f"(target >= 1.5x), cosine min {r['cosine_min']} (target >= 0.999)",
            flush=True,
        )
    if "retrieval" not in args.skip:
        results["retrieval"] = r = bench_retrieval(settings, args.chunks, args.real, args.queries)
        print(
            f"retrieval at {r['chunks']} chunks ({r['dense_index']}): hybrid p50 "
            f"{r['hybrid_p50_ms']} ms (target <= 30), dense {r['dense_p50_ms']} ms, bm25 "
            f"{r['bm25_p50_ms']} ms; exact search {r['exact_flat_search_ms_per_query']} ms vs "
            f"HNSW {r['hnsw_search_ms_per_query']} ms, recall@10 {r['hnsw_recall_at_10_vs_exact']}",
            flush=True,
        )
    if "llm" not in args.skip:
        results["llm"] = r = bench_llm(settings, args.llm_questions)
        print(
            f"llm {r['model']}: first token p50 {r['first_token_ms_p50']} ms after the context "
            f"(max {r['first_token_ms_max']}; target <= 1000), "
            f"{r['first_token_from_question_ms_p50']} ms from the question; "
            f"decode {r['decode_tokens_per_s_median']} tokens/s",
            flush=True,
        )
    out = args.out or settings.data_dir / "rag_qa" / "bench" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
