"""The index store: incremental by content hash, atomic generations, verified on load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag_qa.io.corpus import RawFile
from rag_qa.io.engine import RagEngine
from rag_qa.io.indexing import IngestError
from rag_qa.io.store import IndexStore, StoreError


class CountingEmbedder:
    """Wraps the real embedder and counts the texts it is asked to embed."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.dim, self.embedded = inner, inner.name, inner.dim, 0

    def embed(self, texts: Any, progress: bool = False) -> Any:
        self.embedded += len(texts)
        return self.inner.embed(texts)

    def embed_query(self, text: str) -> Any:
        return self.inner.embed_query(text)

    def count_tokens(self, texts: Any) -> list[int]:
        return self.inner.count_tokens(texts)


def md(name: str, *paragraphs: str) -> RawFile:
    body = "\n\n".join(paragraphs)
    return RawFile(name, f"# {name}\n\n{body}\n".encode())


@pytest.fixture
def counting(settings: Any, embedder: Any) -> tuple[RagEngine, CountingEmbedder]:
    counter = CountingEmbedder(embedder)
    return RagEngine(settings, embedder=counter), counter  # type: ignore[arg-type]


def test_unchanged_documents_are_not_re_embedded(counting: Any) -> None:
    engine, counter = counting
    first = engine.ingest([md("a.md", "alpha " * 40), md("b.md", "beta " * 40)])
    assert sorted(first.added) == ["a.md", "b.md"]
    assert counter.embedded == first.chunks_embedded
    before = counter.embedded
    again = engine.ingest([md("a.md", "alpha " * 40), md("b.md", "beta " * 40)])
    assert again.unchanged == ["a.md", "b.md"]
    assert counter.embedded == before
    assert again.chunks_embedded == 0
    assert again.generation == first.generation + 1


def test_changed_document_reuses_unchanged_chunks(counting: Any) -> None:
    engine, counter = counting
    paragraphs = [f"paragraph {i} " + "lorem ipsum dolor " * 30 for i in range(6)]
    engine.ingest([md("long.md", *paragraphs)])
    total = engine.snapshot.meta.chunks
    before = counter.embedded
    report = engine.ingest([md("long.md", *paragraphs[:-1], "a brand new closing paragraph.")])
    assert report.updated == ["long.md"]
    assert 0 < report.chunks_embedded < total
    assert report.chunks_reused >= total - 2
    assert counter.embedded - before == report.chunks_embedded


def test_delete_and_sync_remove_documents(counting: Any, tmp_path: Path) -> None:
    engine, _ = counting
    engine.ingest([md("a.md", "alpha text."), md("b.md", "beta text.")])
    doc_a = next(d for d in engine.documents() if d.source == "a.md")
    assert engine.delete(doc_a.doc_id) is not None
    assert [d.source for d in engine.documents()] == ["b.md"]
    assert engine.delete(doc_a.doc_id) is None
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "c.md").write_text("# c\n\ngamma text.\n")
    report = engine.ingest_folder(folder, sync=True)
    assert report.removed == ["b.md"]
    assert [d.source for d in engine.documents()] == ["c.md"]


def test_index_survives_a_restart(counting: Any, settings: Any, embedder: Any) -> None:
    engine, _ = counting
    engine.ingest([md("a.md", "the escape velocity of the earth is 11.2 km/s.")])
    reopened = RagEngine(settings, embedder=embedder)
    assert reopened.snapshot.meta.chunks == engine.snapshot.meta.chunks
    hit = reopened.searcher.search("escape velocity", k=1, mode="hybrid", mmr=False).hits[0]
    assert hit.chunk.source == "a.md"
    assert np.allclose(reopened.snapshot.vectors, engine.snapshot.vectors)


def test_crash_mid_write_leaves_the_live_index_intact(
    counting: Any, settings: Any, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, _ = counting
    engine.ingest([md("a.md", "first version of the text.")])
    live = IndexStore(settings.index_dir).current()

    def crash(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("rag_qa.io.store.write_manifest", crash)
    with pytest.raises(OSError, match="disk full"):
        engine.ingest([md("b.md", "second document.")])
    monkeypatch.undo()
    store = IndexStore(settings.index_dir)
    assert store.current() == live
    assert not [p for p in settings.index_dir.iterdir() if p.name.startswith(".tmp-")]
    reopened = RagEngine(settings, embedder=embedder)
    assert [d.source for d in reopened.documents()] == ["a.md"]


def test_stale_temporary_folders_are_swept(counting: Any, settings: Any) -> None:
    engine, _ = counting
    engine.ingest([md("a.md", "text one.")])
    stale = settings.index_dir / ".tmp-deadbeef"
    stale.mkdir()
    (stale / "vectors.npy").write_bytes(b"half written")
    engine.ingest([md("b.md", "text two.")])
    assert not stale.exists()
    assert len([p for p in settings.index_dir.iterdir() if p.name.startswith("gen-")]) == 1


def test_tampered_index_is_refused(counting: Any, settings: Any) -> None:
    engine, _ = counting
    engine.ingest([md("a.md", "text one.")])
    folder = IndexStore(settings.index_dir).current()
    assert folder is not None
    with (folder / "chunks.jsonl").open("a") as handle:
        handle.write("{}\n")
    with pytest.raises(StoreError, match="verification"):
        IndexStore(settings.index_dir).load(settings.hnsw_ef_search)


def test_bad_file_refuses_the_whole_batch(counting: Any) -> None:
    engine, _ = counting
    engine.ingest([md("a.md", "text one.")])
    generation = engine.snapshot.meta.generation
    with pytest.raises(IngestError) as info:
        engine.ingest([md("ok.md", "fine."), RawFile("evil.exe", b"MZ")])
    assert "evil.exe" in str(info.value)
    assert engine.snapshot.meta.generation == generation
    assert [d.source for d in engine.documents()] == ["a.md"]


def test_hnsw_above_the_threshold(settings: Any, embedder: Any) -> None:
    topics = [
        "orbital mechanics",
        "sourdough bread",
        "python scoping",
        "tea brewing",
        "volcano eruptions",
        "chess openings",
        "jazz harmony",
        "glacier retreat",
    ]
    small = settings.model_copy(update={"hnsw_threshold": 5})
    engine = RagEngine(small, embedder=embedder)
    engine.ingest([md(f"d{i}.md", f"This note is about {t}.") for i, t in enumerate(topics)])
    assert engine.snapshot.dense.kind == "hnsw"
    for i, topic in enumerate(topics):
        hit = engine.searcher.search(topic, k=1, mode="dense", mmr=False).hits[0]
        assert hit.chunk.source == f"d{i}.md"


def test_ingest_reuses_the_live_snapshot_but_not_a_stale_one(
    counting: Any, settings: Any, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, _ = counting
    engine.ingest([md("a.md", "text one.")])
    loads: list[int] = []
    real_load = IndexStore.load

    def counted(self: IndexStore, *args: Any, **kwargs: Any) -> Any:
        loads.append(1)
        return real_load(self, *args, **kwargs)

    monkeypatch.setattr(IndexStore, "load", counted)
    engine.ingest([md("b.md", "text two.")])
    assert loads == [], "the engine's own snapshot is the live generation: no re-read"
    other = RagEngine(settings, embedder=embedder)  # a second writer commits a generation
    other.ingest([md("c.md", "text three.")])
    engine.ingest([md("d.md", "text four.")])
    assert loads, "a stale snapshot is replaced by the live generation from disk"
    assert [d.source for d in engine.documents()] == ["a.md", "b.md", "c.md", "d.md"]
