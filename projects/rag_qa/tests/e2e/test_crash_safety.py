"""`kill -9` in the middle of writing an index generation, at three points of the commit: the
previous generation still serves, nothing half-written is read, and the next ingest completes
and sweeps what the killed writer left. The kill is real (SIGKILL to a child process); a hook in
the child only holds it at the chosen point so the kill lands there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portfolio_shared.testing.crash import kill_when_held
from rag_qa.io.corpus import RawFile
from rag_qa.io.engine import RagEngine
from rag_qa.io.store import IndexStore

DOCS = Path(__file__).resolve().parents[1] / "data" / "docs"

WRITER = r"""
import os, sys
from pathlib import Path
import rag_qa.io.store as store
from portfolio_shared.testing.crash import hold_for_kill
from rag_qa.config import RagSettings
from rag_qa.io.corpus import RawFile
from rag_qa.io.engine import RagEngine

point, marker = sys.argv[1], Path(sys.argv[2])

def hold(where):
    hold_for_kill(marker, where)  # killed here

if point == "files":  # chunks and vectors written, the manifest not yet
    store.write_manifest = lambda folder: hold(str(folder))
elif point == "folder":  # the generation complete and synced, not yet renamed into place
    real_tree = store._fsync_tree
    store._fsync_tree = lambda folder: (real_tree(folder), hold(str(folder)))
elif point == "pointer":  # renamed into place; the CURRENT pointer written but not swapped
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        if os.readlink(f"/proc/self/fd/{fd}").endswith("CURRENT.tmp"):
            hold("pointer")
    store.os.fsync = fsync
engine = RagEngine(RagSettings())
engine.ingest([RawFile("kettles.md", b"# Kettles\n\nA kettle boils water for tea in minutes.")])
print("committed")
"""


@pytest.mark.parametrize("point", ["files", "folder", "pointer"])
def test_kill_9_mid_commit_keeps_the_previous_generation(
    point: str, settings: Any, embedder: Any, onnx_path: Path, tmp_path: Path
) -> None:
    before = RagEngine(settings, embedder=embedder)
    before.ingest_folder(DOCS)
    live = IndexStore(settings.index_dir).current()
    sources = [d.source for d in before.documents()]
    env = {"RAG_DATA_DIR": str(settings.data_dir), "RAG_EMBEDDING_ONNX_PATH": str(onnx_path),
           "RAG_PROVIDER": "extractive", "RAG_LOG_LEVEL": "WARNING"}  # fmt: skip

    marker = tmp_path / f"at-{point}"
    kill_when_held(WRITER, point, str(marker), marker=marker, env=env)

    left = {p.name for p in settings.index_dir.iterdir()}
    assert any(n.startswith((".tmp-", "gen-")) and n != live.name for n in left), left  # type: ignore[union-attr]
    restarted = RagEngine(settings, embedder=embedder)  # what a restarted service loads
    assert IndexStore(settings.index_dir).current() == live
    assert [d.source for d in restarted.documents()] == sources
    hit = restarted.searcher.search("escape velocity", k=1, mode="hybrid", mmr=False).hits[0]
    assert hit.chunk.source == "orbital_mechanics.rst"

    report = restarted.ingest([RawFile("kettles.md", b"# Kettles\n\nA kettle boils water.")])
    assert report.added == ["kettles.md"]
    names = {p.name for p in settings.index_dir.iterdir()}
    assert not [n for n in names if n.startswith(".tmp-")]
    assert len([n for n in names if n.startswith("gen-")]) == 1
    again = RagEngine(settings, embedder=embedder)
    assert "kettles.md" in [d.source for d in again.documents()]
