"""The evaluation harness: any BEIR-format set → retrieval metrics for dense, BM25 and hybrid side
by side, answer-level exact match / token F1 where gold answers exist, a markdown report, plots,
and an MLflow run. Used by `rag-qa eval` and, on the project's own set, by the test gate."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from portfolio_shared.logging import get_logger
from rag_qa.config import RagSettings
from rag_qa.core.chunking import chunk_document
from rag_qa.core.documents import ParsedDocument, Section, clean_text
from rag_qa.core.embedder import Embedder
from rag_qa.core.metrics import (
    exact_match,
    mrr_at_k,
    ndcg_at_k,
    normalize_answer,
    recall_at_k,
    token_f1,
)
from rag_qa.core.retrieval import HybridSearcher, Mode
from rag_qa.io.beir import BeirSet
from rag_qa.io.store import IndexMeta, Snapshot, now

log = get_logger("rag_qa.evaluate")
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")
RECALL_KS = (1, 5, 10, 100)
_MARKERS = re.compile(r"\[\d{1,2}\]|[“”]")


@dataclass
class EvalResult:
    dataset: str
    documents: int
    chunks: int
    queries: int
    retrieval: dict[str, dict[str, float]]
    answers: dict[str, float] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    timings_s: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "documents": self.documents,
            "chunks": self.chunks,
            "queries": self.queries,
            "retrieval": self.retrieval,
            "answers": self.answers,
            "settings": self.settings,
            "timings_s": self.timings_s,
        }


def index_beir(
    beir: BeirSet, embedder: Embedder, settings: RagSettings, progress: bool
) -> Snapshot:
    """An in-memory index of the set's corpus (never touches the service's index)."""
    chunks = []
    for doc_id, (title, text) in beir.corpus.items():
        doc = ParsedDocument(
            source=doc_id,
            title=title or doc_id,
            sections=[Section("", clean_text(text))],
            content_sha256=hashlib.sha256(text.encode()).hexdigest(),
            media_type="text/plain",
        )
        chunks.extend(
            chunk_document(
                doc, embedder.count_tokens, settings.chunk_tokens, settings.chunk_overlap
            )
        )
    vectors = embedder.embed([c.embed_text for c in chunks], progress=progress)
    meta = IndexMeta(
        0,
        embedder.name,
        embedder.dim,
        settings.chunk_tokens,
        settings.chunk_overlap,
        "flat",
        len(chunks),
        len(beir.corpus),
        now(),
    )
    return Snapshot.build(
        meta, {}, chunks, vectors, settings.hnsw_threshold, settings.hnsw_m, settings.hnsw_ef_search
    )


def _doc_ranking(sources: Sequence[str], limit: int) -> list[str]:
    ranked: list[str] = []
    for source in sources:
        if source not in ranked:
            ranked.append(source)
            if len(ranked) == limit:
                break
    return ranked


def evaluate(
    beir: BeirSet,
    settings: RagSettings,
    embedder: Embedder,
    modes: Sequence[Mode] = MODES,
    query_limit: int | None = None,
    answer_limit: int = 0,
    chat_model: Any = None,
    progress: bool = True,
) -> tuple[EvalResult, list[dict[str, Any]]]:
    """Retrieval metrics per mode (document level: a document ranks where its best chunk does),
    then, for up to `answer_limit` queries with gold answers, the full answer pipeline."""
    t0 = time.perf_counter()
    snapshot = index_beir(beir, embedder, settings, progress)
    t_index = time.perf_counter() - t0
    # Fusion sees the same candidate pools as the service; 100 passages are ranked so that
    # recall@100 is measured (a document ranks where its best passage does).
    pool = min(max(RECALL_KS), max(1, len(snapshot.chunks)))
    searcher = HybridSearcher(lambda: snapshot, embedder, settings)
    qids = [q for q in sorted(beir.qrels) if q in beir.queries][: query_limit or None]
    texts = [beir.queries[q].text for q in qids]
    t1 = time.perf_counter()
    qvecs = embedder.embed(texts)
    t_queries = time.perf_counter() - t1
    rows: list[dict[str, Any]] = [{"query_id": q, "query": beir.queries[q].text} for q in qids]
    retrieval: dict[str, dict[str, float]] = {}
    for mode in modes:
        names = ["ndcg@10", "mrr@10", *(f"recall@{k}" for k in RECALL_KS)]
        scores: dict[str, list[float]] = {name: [] for name in names}
        latencies = []
        for i, qid in enumerate(qids):
            start = time.perf_counter()
            found = searcher.search(texts[i], k=pool, mode=mode, mmr=False, query_vector=qvecs[i])
            latencies.append((time.perf_counter() - start) * 1000)
            ranked = _doc_ranking([h.chunk.source for h in found.hits], max(RECALL_KS))
            relevant = beir.qrels[qid]
            scores["ndcg@10"].append(ndcg_at_k(ranked, relevant, 10))
            scores["mrr@10"].append(mrr_at_k(ranked, relevant, 10))
            for k in RECALL_KS:
                scores[f"recall@{k}"].append(recall_at_k(ranked, relevant, k))
            rows[i][f"{mode}_ndcg@10"] = round(scores["ndcg@10"][-1], 4)
            rows[i][f"{mode}_top"] = ranked[:3]
        retrieval[mode] = {name: round(float(np.mean(v)), 4) for name, v in scores.items()}
        retrieval[mode]["search_ms_p50"] = round(float(np.percentile(latencies, 50)), 3)
        log.info("retrieval evaluated", extra={"mode": mode, **retrieval[mode]})
    answers: dict[str, float] = {}
    t2 = time.perf_counter()
    if answer_limit:
        answers = _evaluate_answers(
            beir, qids, searcher, embedder, settings, chat_model, answer_limit, rows, progress
        )
    result = EvalResult(
        dataset=beir.name,
        documents=len(beir.corpus),
        chunks=len(snapshot.chunks),
        queries=len(qids),
        retrieval=retrieval,
        answers=answers,
        settings={
            "embedder": embedder.name,
            "chunk_tokens": settings.chunk_tokens,
            "chunk_overlap": settings.chunk_overlap,
            "fusion": settings.fusion,
            "rrf_k": settings.rrf_k,
            "provider": settings.provider if answer_limit else "none",
        },
        timings_s={
            "index": round(t_index, 2),
            "embed_queries": round(t_queries, 2),
            "answers": round(time.perf_counter() - t2, 2),
            "total": round(time.perf_counter() - t0, 2),
        },
    )
    return result, rows


def _evaluate_answers(
    beir: BeirSet,
    qids: list[str],
    searcher: HybridSearcher,
    embedder: Embedder,
    settings: RagSettings,
    chat_model: Any,
    limit: int,
    rows: list[dict[str, Any]],
    progress: bool,
) -> dict[str, float]:
    from rag_qa.core.pipeline import RagPipeline

    pipeline = RagPipeline(searcher, embedder, settings, chat_model)
    picked = [(i, q) for i, q in enumerate(qids) if beir.queries[q].answers][:limit]
    em, f1, contains, supported, latency = [], [], [], [], []
    iterator: Any = picked
    if progress:
        from tqdm import tqdm

        iterator = tqdm(picked, desc="answers", unit="q", leave=False)
    for i, qid in iterator:
        query = beir.queries[qid]
        result = pipeline.answer(query.text)
        text = _MARKERS.sub("", result.answer)
        em.append(exact_match(text, query.answers))
        f1.append(token_f1(text, query.answers))
        norm = normalize_answer(text)
        contains.append(float(any(normalize_answer(a) in norm for a in query.answers if a)))
        supported.append(float(result.supported))
        latency.append(result.timings_ms["total"])
        rows[i]["answer"] = result.answer
        rows[i]["gold"] = query.answers
    if not picked:
        return {}
    return {
        "questions": float(len(picked)),
        "exact_match": round(float(np.mean(em)), 4),
        "token_f1": round(float(np.mean(f1)), 4),
        "answer_contained": round(float(np.mean(contains)), 4),
        "supported_rate": round(float(np.mean(supported)), 4),
        "latency_ms_p50": round(float(np.percentile(latency, 50)), 1),
    }


# ------------------------------------------------------------------ reporting
def write_report(result: EvalResult, rows: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """metrics.json, per-query rows, report.md and two plots; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = [out_dir / "metrics.json", out_dir / "queries.jsonl", out_dir / "report.md"]
    files[0].write_text(json.dumps(result.as_dict(), indent=2))
    with files[1].open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    files[2].write_text(markdown_report(result))
    files.extend(_plots(result, out_dir))
    return files


def markdown_report(result: EvalResult) -> str:
    names = ["ndcg@10", "mrr@10", *(f"recall@{k}" for k in RECALL_KS), "search_ms_p50"]
    lines = [
        f"# Retrieval evaluation: {result.dataset}",
        "",
        f"{result.documents} documents · {result.chunks} chunks · {result.queries} queries · "
        f"embedder {result.settings.get('embedder')} · fusion {result.settings.get('fusion')}",
        "",
        "| mode | " + " | ".join(names) + " |",
        "| --- | " + " | ".join("---:" for _ in names) + " |",
    ]
    for mode, metrics in result.retrieval.items():
        lines.append(f"| {mode} | " + " | ".join(f"{metrics.get(n, 0):.4g}" for n in names) + " |")
    if "hybrid" in result.retrieval and "bm25" in result.retrieval and "dense" in result.retrieval:
        h = result.retrieval["hybrid"]["ndcg@10"]
        b = result.retrieval["bm25"]["ndcg@10"]
        d = result.retrieval["dense"]["ndcg@10"]
        lines += [
            "",
            f"Hybrid − BM25 nDCG@10: **{h - b:+.4f}** (target ≥ +0.03) · "
            f"hybrid − dense: **{h - d:+.4f}** (target ≥ 0)",
        ]
    if result.answers:
        a = result.answers
        lines += [
            "",
            f"## Answers ({int(a['questions'])} questions, provider {result.settings['provider']})",
            "",
            "| exact match | token F1 | gold answer contained | supported | p50 latency |",
            "| ---: | ---: | ---: | ---: | ---: |",
            f"| {a['exact_match']:.3f} | {a['token_f1']:.3f} | {a['answer_contained']:.3f} | "
            f"{a['supported_rate']:.3f} | {a['latency_ms_p50']:.0f} ms |",
        ]
    lines += ["", f"Timings (s): {result.timings_s}", ""]
    return "\n".join(lines)


def _plots(result: EvalResult, out_dir: Path) -> list[Path]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # the serving image has no matplotlib: reports stay text-only
        return []
    modes = list(result.retrieval)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    names = ["ndcg@10", "mrr@10", "recall@10"]
    width = 0.8 / len(modes)
    for j, mode in enumerate(modes):
        ax.bar(
            [i + j * width for i in range(len(names))],
            [result.retrieval[mode][n] for n in names],
            width,
            label=mode,
        )
    ax.set_xticks([i + width * (len(modes) - 1) / 2 for i in range(len(names))], names)
    ax.set_ylim(0, 1)
    bars = _finish(
        fig, ax, f"{result.dataset}: retrieval quality by mode", out_dir / "retrieval_by_mode.png"
    )
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for mode in modes:
        ax.plot(
            RECALL_KS,
            [result.retrieval[mode][f"recall@{k}"] for k in RECALL_KS],
            marker="o",
            label=mode,
        )
    ax.set_xscale("log")
    ax.set_xlabel("k (documents)")
    ax.set_ylabel("recall@k")
    curve = _finish(fig, ax, f"{result.dataset}: recall@k", out_dir / "recall_at_k.png")
    return [bars, curve]


def _finish(fig: Any, ax: Any, title: str, path: Path) -> Path:
    import matplotlib.pyplot as plt

    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def log_to_mlflow(result: EvalResult, files: list[Path], settings: RagSettings) -> str:
    import mlflow

    from portfolio_shared.tracking import ensure_experiment, experiment_name, flatten_params

    ensure_experiment(
        experiment_name("rag_qa", "eval"), settings.tracking_uri, settings.artifact_root
    )
    with mlflow.start_run(run_name=f"eval-{result.dataset}") as run:
        mlflow.log_params(flatten_params(result.settings))
        mlflow.log_params(
            {
                "dataset": result.dataset,
                "queries": result.queries,
                "documents": result.documents,
                "chunks": result.chunks,
            }
        )
        for mode, metrics in result.retrieval.items():
            mlflow.log_metrics({f"{mode}.{k.replace('@', '_at_')}": v for k, v in metrics.items()})
        if result.answers:
            mlflow.log_metrics({f"answers.{k}": v for k, v in result.answers.items()})
        mlflow.log_metrics({f"seconds.{k}": v for k, v in result.timings_s.items()})
        for path in files:
            mlflow.log_artifact(str(path))
        return str(run.info.run_id)
