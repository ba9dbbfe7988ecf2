"""Ingestion use case: parse, chunk, embed only what changed, commit a new index generation.

Incremental by content hash: an unchanged document keeps its chunks and vectors; a changed one is
re-chunked, and any chunk whose text is unchanged reuses its stored vector; removed documents
drop out. Every batch is all-or-nothing: documents are parsed and validated before anything is
embedded, and the new generation only goes live once fully written.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from portfolio_shared.logging import get_logger
from rag_qa.config import RagSettings
from rag_qa.core.chunking import Chunk, chunk_document
from rag_qa.core.documents import (
    DocumentError,
    EmptyDocumentError,
    ParsedDocument,
    parse_document,
)
from rag_qa.core.embedder import Embedder, Matrix
from rag_qa.io.corpus import RawFile
from rag_qa.io.store import DocumentRecord, IndexMeta, IndexStore, Snapshot, now

log = get_logger("rag_qa.ingest")


class IngestError(ValueError):
    """A batch refused as a whole; `errors` name each offending file."""

    def __init__(self, errors: Sequence[DocumentError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class IngestReport:
    generation: int
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_total: int = 0
    chunks_embedded: int = 0
    chunks_reused: int = 0
    embed_seconds: float = 0.0
    seconds: float = 0.0
    documents: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_batch(
    files: Sequence[RawFile], max_file_bytes: int, skip_empty: bool = False
) -> list[ParsedDocument]:
    """Parse every file first; any failure refuses the whole batch (nothing is indexed).
    `skip_empty` passes over files without text (a folder scan) instead of refusing them."""
    parsed: list[ParsedDocument] = []
    errors: list[DocumentError] = []
    seen: set[str] = set()
    for raw in files:
        try:
            if len(raw.data) > max_file_bytes:
                raise DocumentError(
                    raw.name, f"file of {len(raw.data)} bytes exceeds {max_file_bytes} bytes"
                )
            doc = parse_document(raw.name, raw.data)
            if doc.source in seen:
                raise DocumentError(raw.name, "the same name appears twice in one batch")
            seen.add(doc.source)
            parsed.append(doc)
        except EmptyDocumentError as exc:
            if skip_empty:
                log.warning("skipped a document without text", extra={"source": exc.name})
            else:
                errors.append(exc)
        except DocumentError as exc:
            errors.append(exc)
    if errors:
        raise IngestError(errors)
    return parsed


def empty_snapshot(embedder: Embedder, settings: RagSettings) -> Snapshot:
    meta = IndexMeta(
        generation=0,
        embedder=embedder.name,
        dim=embedder.dim,
        chunk_tokens=settings.chunk_tokens,
        chunk_overlap=settings.chunk_overlap,
        dense_kind="flat",
        chunks=0,
        documents=0,
        created_at=now(),
    )
    return Snapshot.build(
        meta,
        {},
        [],
        np.zeros((0, embedder.dim), np.float32),
        settings.hnsw_threshold,
        settings.hnsw_m,
        settings.hnsw_ef_search,
    )


@dataclass
class _Plan:
    """What survives from the base generation and what must be (re)chunked."""

    documents: dict[str, DocumentRecord]
    kept_rows: list[int]
    kept_chunks: list[Chunk]
    incoming: dict[str, ParsedDocument]


def _plan(
    base: Snapshot,
    upserts: Sequence[ParsedDocument],
    drop: set[str],
    same_space: bool,
    report: IngestReport,
) -> _Plan:
    incoming = {d.doc_id: d for d in upserts}
    plan = _Plan({}, [], [], incoming)
    by_doc: dict[str, list[int]] = {}
    for row, chunk in enumerate(base.chunks):
        by_doc.setdefault(chunk.doc_id, []).append(row)
    for doc_id, record in base.documents.items():
        if doc_id in drop:
            continue
        doc = incoming.get(doc_id)
        if doc is not None and doc.content_sha256 != record.content_sha256:
            continue  # changed: re-chunked, its old chunks drop out
        if not same_space:
            if doc is None:
                message = "the embedder or chunking changed; re-ingest the whole corpus"
                raise IngestError([DocumentError(record.source, message)])
            continue  # same content, new embedding space: re-embedded
        plan.documents[doc_id] = record
        rows = by_doc.get(doc_id, [])
        plan.kept_rows.extend(rows)
        plan.kept_chunks.extend(base.chunks[r] for r in rows)
        if doc is not None:
            report.unchanged.append(doc.source)
            incoming.pop(doc_id)
    return plan


def _chunk_new(
    plan: _Plan, base: Snapshot, embedder: Embedder, settings: RagSettings, report: IngestReport
) -> list[Chunk]:
    new_chunks: list[Chunk] = []
    for doc in plan.incoming.values():
        chunks = chunk_document(
            doc, embedder.count_tokens, settings.chunk_tokens, settings.chunk_overlap
        )
        if not chunks:
            continue
        (report.updated if doc.doc_id in base.documents else report.added).append(doc.source)
        plan.documents[doc.doc_id] = DocumentRecord(
            doc_id=doc.doc_id,
            source=doc.source,
            title=doc.title,
            content_sha256=doc.content_sha256,
            media_type=doc.media_type,
            chunks=len(chunks),
            chars=doc.chars,
            ingested_at=now(),
        )
        new_chunks.extend(chunks)
    return new_chunks


def _embed_new(
    new_chunks: list[Chunk],
    base: Snapshot,
    same_space: bool,
    embedder: Embedder,
    report: IngestReport,
    progress: bool,
) -> Matrix:
    """Vectors for the new chunks: reused where the exact embedded text is already stored."""
    reusable = {c.content_key: i for i, c in enumerate(base.chunks)} if same_space else {}
    reuse_rows = [reusable.get(c.content_key, -1) for c in new_chunks]
    to_embed = [i for i, r in enumerate(reuse_rows) if r < 0]
    t0 = time.perf_counter()
    fresh = embedder.embed([new_chunks[i].embed_text for i in to_embed], progress=progress)
    report.embed_seconds = round(time.perf_counter() - t0, 3)
    vectors = np.zeros((len(new_chunks), embedder.dim), np.float32)
    if to_embed:
        vectors[to_embed] = fresh
    for i, r in enumerate(reuse_rows):
        if r >= 0:
            vectors[i] = base.vectors[r]
    report.chunks_embedded = len(to_embed)
    report.chunks_reused = len(new_chunks) - len(to_embed)
    return vectors


def update_index(
    store: IndexStore,
    embedder: Embedder,
    settings: RagSettings,
    upserts: Sequence[ParsedDocument] = (),
    deletes: Sequence[str] = (),
    sync: bool = False,
    progress: bool = False,
    current: Snapshot | None = None,
) -> tuple[Snapshot, IngestReport]:
    """Apply upserts and deletes (doc ids) to the live index and commit a new generation.

    `sync=True` makes `upserts` the complete corpus: documents not among them are removed.
    `current` is the caller's loaded snapshot: reused when it is still the live generation
    (another process may have committed since; then the live one is read from disk).
    """
    start = time.perf_counter()
    with store.writer():
        live = store.current()
        if current is not None and live is not None and current.path == live:
            base = current
        else:
            base = store.load(settings.hnsw_ef_search) or empty_snapshot(embedder, settings)
        same_space = (
            base.meta.embedder == embedder.name
            and base.meta.dim == embedder.dim
            and base.meta.chunk_tokens == settings.chunk_tokens
            and base.meta.chunk_overlap == settings.chunk_overlap
        )
        report = IngestReport(generation=base.meta.generation + 1)
        drop = set(deletes)
        if sync:
            drop |= set(base.documents) - {d.doc_id for d in upserts}
        report.removed = sorted(base.documents[d].source for d in drop if d in base.documents)
        plan = _plan(base, upserts, drop, same_space, report)
        new_chunks = _chunk_new(plan, base, embedder, settings, report)
        new_vectors = _embed_new(new_chunks, base, same_space, embedder, report, progress)
        chunks = plan.kept_chunks + new_chunks
        vectors = np.concatenate([base.vectors[plan.kept_rows], new_vectors]).astype(np.float32)
        meta = IndexMeta(
            generation=report.generation,
            embedder=embedder.name,
            dim=embedder.dim,
            chunk_tokens=settings.chunk_tokens,
            chunk_overlap=settings.chunk_overlap,
            dense_kind="flat",
            chunks=len(chunks),
            documents=len(plan.documents),
            created_at=now(),
        )
        snapshot = Snapshot.build(
            meta,
            plan.documents,
            chunks,
            vectors,
            settings.hnsw_threshold,
            settings.hnsw_m,
            settings.hnsw_ef_search,
        )
        store.commit(snapshot)
    report.chunks_total = len(chunks)
    report.seconds = round(time.perf_counter() - start, 3)
    changed = set(report.added) | set(report.updated)
    report.documents = [
        {"doc_id": d.doc_id, "source": d.source, "chunks": d.chunks}
        for d in plan.documents.values()
        if d.source in changed
    ]
    log.info(
        "index updated",
        extra={
            "generation": report.generation,
            "added": len(report.added),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
            "removed": len(report.removed),
            "chunks_embedded": report.chunks_embedded,
            "chunks_reused": report.chunks_reused,
            "seconds": report.seconds,
        },
    )
    return snapshot, report
