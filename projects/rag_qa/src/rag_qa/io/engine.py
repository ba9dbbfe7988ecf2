"""Wiring: settings → embedder, index store, searcher, chat model, answer pipeline.

One `RagEngine` per process. Queries read the live snapshot (an immutable object swapped in one
assignment after each committed update), so ingestion never blocks or tears a query.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel

from portfolio_shared.logging import get_logger
from rag_qa.config import MINILM_SHA256, RagSettings
from rag_qa.core.embedder import Embedder, load_embedder
from rag_qa.core.llm import make_chat_model
from rag_qa.core.pipeline import RagPipeline
from rag_qa.core.retrieval import HybridSearcher, Mode, RagRetriever
from rag_qa.io.corpus import RawFile, read_folder, write_default_corpus
from rag_qa.io.indexing import IngestError, IngestReport, empty_snapshot, parse_batch, update_index
from rag_qa.io.store import DocumentRecord, IndexStore, Snapshot

log = get_logger("rag_qa.io.engine")


def build_embedder(settings: RagSettings) -> Embedder:
    return load_embedder(
        settings.embedding_model,
        settings.embedding_backend,
        settings.cache_dir,
        onnx_path=settings.embedding_onnx_path,
        threads=settings.threads,
        batch_size=settings.embedding_batch_size,
        expected_sha256=MINILM_SHA256 if settings.verify_weights else None,
    )


def _reranker(settings: RagSettings) -> Any:
    if settings.reranker_model is None:
        return None
    from rag_qa.core.rerank import CrossEncoderReranker

    return CrossEncoderReranker(settings.reranker_model)


class RagEngine:
    def __init__(
        self,
        settings: RagSettings,
        embedder: Embedder | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or build_embedder(settings)
        self.store = IndexStore(settings.index_dir)
        self._snapshot: Snapshot = self.store.load(settings.hnsw_ef_search) or empty_snapshot(
            self.embedder, settings
        )
        self.searcher = HybridSearcher(
            lambda: self._snapshot, self.embedder, settings, _reranker(settings)
        )
        if chat_model is None and settings.provider != "extractive":
            chat_model = make_chat_model(settings)
        self.pipeline = RagPipeline(self.searcher, self.embedder, settings, chat_model)

    # ------------------------------------------------------------------ index
    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def retriever(
        self, k: int | None = None, mode: Mode | None = None, mmr: bool | None = None
    ) -> RagRetriever:
        """A LangChain retriever; what is not given comes from the settings."""
        s = self.settings
        return RagRetriever(
            searcher=self.searcher,
            k=k or s.top_k,
            mode=mode or s.retrieval_mode,
            mmr=s.mmr if mmr is None else mmr,
        )

    def documents(self) -> list[DocumentRecord]:
        return sorted(self._snapshot.documents.values(), key=lambda d: d.source)

    def ingest(
        self, files: Sequence[RawFile], sync: bool = False, progress: bool = False
    ) -> IngestReport:
        docs = parse_batch(files, self.settings.max_file_bytes, skip_empty=sync)
        snapshot, report = update_index(
            self.store,
            self.embedder,
            self.settings,
            docs,
            sync=sync,
            progress=progress,
            current=self._snapshot,
        )
        self._snapshot = snapshot
        return report

    def ingest_folder(
        self, folder: Path, sync: bool = True, progress: bool = False
    ) -> IngestReport:
        files, errors = read_folder(folder, self.settings.max_file_bytes)
        if errors:
            raise IngestError(errors)
        return self.ingest(files, sync=sync, progress=progress)

    def delete(self, doc_id: str) -> IngestReport | None:
        if doc_id not in self._snapshot.documents:
            return None
        snapshot, report = update_index(
            self.store, self.embedder, self.settings, deletes=[doc_id], current=self._snapshot
        )
        self._snapshot = snapshot
        return report

    def ensure_index(self, progress: bool = False) -> IngestReport | None:
        """Index the configured corpus folder (default: Python docs + repo docs) when the index is
        empty. Returns the report, or None when an index was already there."""
        if self._snapshot.meta.chunks:
            return None
        folder = self.settings.corpus_dir
        if folder is None:
            folder = self.settings.default_corpus_dir
            write_default_corpus(folder)
        start = time.perf_counter()
        report = self.ingest_folder(folder, sync=True, progress=progress)
        log.info("default index built", extra={"seconds": round(time.perf_counter() - start, 2)})
        return report
