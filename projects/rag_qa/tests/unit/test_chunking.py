"""Token-aware chunking: budgets respected, overlap carried, headings kept, nothing lost."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rag_qa.core.chunking import chunk_document
from rag_qa.core.documents import ParsedDocument, Section


def _doc(*sections: tuple[str, str]) -> ParsedDocument:
    return ParsedDocument(
        source="guide.md",
        title="Guide",
        sections=[Section(h, t) for h, t in sections],
        content_sha256="0" * 64,
        media_type="text/markdown",
    )


def words(n: int, start: int = 0) -> str:
    return " ".join(f"word{i}." if i % 12 == 11 else f"word{i}" for i in range(start, start + n))


def test_chunks_respect_the_budget_and_keep_headings(embedder: Any) -> None:
    doc = _doc(("Install", words(400)), ("Usage", words(30, 1000)))
    chunks = chunk_document(doc, embedder.count_tokens, chunk_tokens=64, overlap=16)
    assert len(chunks) > 5
    counts = embedder.count_tokens([c.text for c in chunks])
    assert max(counts) <= 64
    assert {c.section for c in chunks} == {"Install", "Usage"}
    assert chunks[0].heading == "Guide > Install"
    assert chunks[0].embed_text.startswith("Guide > Install\n")
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_consecutive_chunks_overlap(embedder: Any) -> None:
    doc = _doc(("S", words(300)))
    chunks = chunk_document(doc, embedder.count_tokens, chunk_tokens=64, overlap=20)
    shared = [set(a.text.split()) & set(b.text.split()) for a, b in itertools.pairwise(chunks)]
    assert all(shared), "every chunk should repeat the tail of the previous one"


def test_sections_never_share_a_chunk(embedder: Any) -> None:
    doc = _doc(("A", "alpha text."), ("B", "beta text."))
    chunks = chunk_document(doc, embedder.count_tokens, chunk_tokens=200, overlap=10)
    assert [(c.section, c.text) for c in chunks] == [("A", "alpha text."), ("B", "beta text.")]


def test_chunk_ids_are_unique_and_content_keys_follow_text(embedder: Any) -> None:
    doc = _doc(("S", words(200)))
    chunks = chunk_document(doc, embedder.count_tokens, chunk_tokens=48, overlap=8)
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    again = chunk_document(doc, embedder.count_tokens, chunk_tokens=48, overlap=8)
    assert [c.content_key for c in chunks] == [c.content_key for c in again]


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=600),
    budget=st.integers(min_value=24, max_value=200),
    overlap=st.integers(min_value=0, max_value=20),
)
def test_no_word_is_lost_and_no_chunk_overflows(
    embedder: Any, n: int, budget: int, overlap: int
) -> None:
    text = words(n)
    chunks = chunk_document(_doc(("S", text)), embedder.count_tokens, budget, overlap)
    covered = set()
    for chunk in chunks:
        covered |= set(chunk.text.split())
    assert covered == set(text.split())
    assert max(embedder.count_tokens([c.text for c in chunks])) <= budget
