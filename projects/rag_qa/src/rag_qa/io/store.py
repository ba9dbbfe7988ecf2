"""The persisted index: chunk metadata, vectors, FAISS and BM25, one *generation* per update.

Layout under `root/`:
    CURRENT              name of the live generation (replaced atomically with os.replace)
    gen-000007/          meta.json, documents.json, chunks.jsonl, vectors.npy, dense.faiss,
                         bm25/, manifest.json (sha256 of every file)
A new generation is written to a temporary folder, fsynced, renamed, and only then named in
CURRENT; a crash at any point leaves the previous generation live and intact. Readers verify
the manifest before trusting a generation. Writers hold an exclusive file lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from portfolio_shared.integrity import IntegrityError, verify_manifest, write_manifest
from portfolio_shared.logging import get_logger
from rag_qa.core.chunking import Chunk
from rag_qa.core.dense import DenseIndex
from rag_qa.core.embedder import Matrix
from rag_qa.core.lexical import LexicalIndex

log = get_logger("rag_qa.store")
_PROCESS_LOCK = threading.Lock()


class StoreError(RuntimeError):
    """The index on disk is missing pieces or fails its checksums."""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    doc_id: str
    source: str
    title: str
    content_sha256: str
    media_type: str
    chunks: int
    chars: int
    ingested_at: float


@dataclass(frozen=True, slots=True)
class IndexMeta:
    generation: int
    embedder: str
    dim: int
    chunk_tokens: int
    chunk_overlap: int
    dense_kind: str
    chunks: int
    documents: int
    created_at: float
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Snapshot:
    """One generation, loaded: everything a query needs, immutable once built."""

    meta: IndexMeta
    documents: dict[str, DocumentRecord]
    chunks: list[Chunk]
    vectors: Matrix
    dense: DenseIndex
    lexical: LexicalIndex
    path: Path | None = None

    @classmethod
    def build(
        cls,
        meta: IndexMeta,
        documents: dict[str, DocumentRecord],
        chunks: list[Chunk],
        vectors: Matrix,
        hnsw_threshold: int,
        hnsw_m: int,
        ef_search: int,
    ) -> Snapshot:
        dense = DenseIndex.build(vectors, meta.dim, hnsw_threshold, hnsw_m, ef_search)
        lexical = LexicalIndex.build([c.embed_text for c in chunks])
        meta = IndexMeta(**{**asdict(meta), "dense_kind": dense.kind})
        return cls(meta, documents, chunks, vectors, dense, lexical)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    @contextlib.contextmanager
    def writer(self) -> Iterator[None]:
        """Exclusive writer lock: across threads of this process and across processes."""
        self.root.mkdir(parents=True, exist_ok=True)
        with _PROCESS_LOCK, (self.root / ".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def current(self) -> Path | None:
        pointer = self.root / "CURRENT"
        if not pointer.is_file():
            return None
        folder = self.root / pointer.read_text().strip()
        if not folder.is_dir():
            raise StoreError(f"CURRENT names {folder.name}, which does not exist")
        return folder

    def load(self, ef_search: int) -> Snapshot | None:
        folder = self.current()
        if folder is None:
            return None
        try:
            manifest = verify_manifest(folder)
        except IntegrityError as exc:
            raise StoreError(f"index generation {folder.name} failed verification: {exc}") from exc
        meta = IndexMeta(**json.loads((folder / "meta.json").read_text()))
        documents = {
            d["doc_id"]: DocumentRecord(**d)
            for d in json.loads((folder / "documents.json").read_text())
        }
        with (folder / "chunks.jsonl").open(encoding="utf-8") as handle:
            chunks = [Chunk(**json.loads(line)) for line in handle]
        vectors = np.load(folder / "vectors.npy")
        if len(chunks) != len(vectors) or len(chunks) != meta.chunks:
            raise StoreError(f"{folder.name}: {len(chunks)} chunks but {len(vectors)} vectors")
        dense = DenseIndex.load(folder / "dense.faiss", ef_search)
        lexical = LexicalIndex.load(folder / "bm25", len(chunks))
        log.debug("index loaded", extra={"generation": meta.generation, "files": len(manifest)})
        return Snapshot(meta, documents, chunks, vectors, dense, lexical, folder)

    def commit(self, snapshot: Snapshot) -> Snapshot:
        """Write `snapshot` as the next generation and make it live atomically. Call it while
        holding `writer()`."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._sweep()
        previous = self.current()
        generation = snapshot.meta.generation
        tmp = self.root / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            (tmp / "meta.json").write_text(json.dumps(asdict(snapshot.meta), indent=2))
            (tmp / "documents.json").write_text(
                json.dumps([asdict(d) for d in snapshot.documents.values()], indent=1)
            )
            with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as handle:
                for chunk in snapshot.chunks:
                    handle.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
            np.save(tmp / "vectors.npy", snapshot.vectors)
            snapshot.dense.save(tmp / "dense.faiss")
            snapshot.lexical.save(tmp / "bm25")
            write_manifest(tmp)
            _fsync_tree(tmp)
            final = self.root / f"gen-{generation:06d}"
            if final.exists():
                shutil.rmtree(final)
            tmp.rename(final)
            pointer_tmp = self.root / "CURRENT.tmp"
            pointer_tmp.write_text(final.name)
            with pointer_tmp.open("rb") as handle:
                os.fsync(handle.fileno())
            pointer_tmp.replace(self.root / "CURRENT")
            _fsync_dir(self.root)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if previous is not None and previous != final:
            shutil.rmtree(previous, ignore_errors=True)
        snapshot.path = final
        return snapshot

    def _sweep(self) -> None:
        """Remove what an interrupted writer left: temporary folders and orphan generations."""
        live = self.current()
        for path in self.root.iterdir():
            stale_gen = path.name.startswith("gen-") and path != live
            if path.is_dir() and (path.name.startswith(".tmp-") or stale_gen):
                shutil.rmtree(path, ignore_errors=True)


def now() -> float:
    return round(time.time(), 3)
