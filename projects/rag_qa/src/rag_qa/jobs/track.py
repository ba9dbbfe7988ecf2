"""MLflow record of each index build: corpus size, chunking, embedding model, timings."""

from __future__ import annotations

from typing import Any

from rag_qa.config import RagSettings
from rag_qa.io.indexing import IngestReport


def log_index_build(
    report: IngestReport,
    settings: RagSettings,
    embedder_name: str,
    corpus: str,
    extra: dict[str, Any],
) -> str:
    import mlflow

    from portfolio_shared.tracking import ensure_experiment, experiment_name

    ensure_experiment(
        experiment_name("rag_qa", "index"), settings.tracking_uri, settings.artifact_root
    )
    with mlflow.start_run(run_name=f"index-gen{report.generation}") as run:
        mlflow.log_params(
            {
                "corpus": corpus,
                "embedding_model": embedder_name,
                "embedding_backend": settings.embedding_backend,
                "chunk_tokens": settings.chunk_tokens,
                "chunk_overlap": settings.chunk_overlap,
                "hnsw_threshold": settings.hnsw_threshold,
                **extra,
            }
        )
        embedded = report.chunks_embedded
        mlflow.log_metrics(
            {
                "documents": float(extra.get("documents", 0)),
                "chunks_total": float(report.chunks_total),
                "chunks_embedded": float(embedded),
                "chunks_reused": float(report.chunks_reused),
                "documents_added": float(len(report.added)),
                "documents_updated": float(len(report.updated)),
                "documents_removed": float(len(report.removed)),
                "build_seconds": report.seconds,
                "embed_seconds": report.embed_seconds,
                "embed_chunks_per_s": embedded / report.embed_seconds
                if report.embed_seconds
                else 0.0,
            }
        )
        mlflow.set_tag("generation", str(report.generation))
        return str(run.info.run_id)
