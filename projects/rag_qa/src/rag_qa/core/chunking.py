"""Token-aware chunking with overlap; every chunk keeps its document title and section heading."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag_qa.core.documents import ParsedDocument

#: Counts tokens of many texts at once (the embedder's own tokenizer, without special tokens).
TokenCounter = Callable[[Sequence[str]], list[int]]

_PARAGRAPHS = re.compile(r"\n\s*\n")
_SENTENCES = re.compile(r"(?<=[.!?:;])\s+(?=[\"'(\[A-Z0-9*])|\n(?=\s*[-*•] )")


@dataclass(frozen=True, slots=True)
class Chunk:
    chunk_id: str
    doc_id: str
    source: str
    title: str
    section: str
    text: str
    position: int
    tokens: int

    @property
    def heading(self) -> str:
        """ "Title > Section" as shown in citations."""
        return (
            f"{self.title} > {self.section}"
            if self.section and self.section != self.title
            else self.title
        )

    @property
    def embed_text(self) -> str:
        """What gets embedded and BM25-indexed: the heading gives short chunks their context."""
        return f"{self.heading}\n{self.text}"

    @property
    def content_key(self) -> str:
        """Identity of the vector: equal embed text means the stored vector can be reused."""
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()[:32]


def _units(text: str) -> list[str]:
    """Paragraphs, split into sentences when a paragraph is long."""
    out: list[str] = []
    for raw in _PARAGRAPHS.split(text):
        para = raw.strip()
        if not para:
            continue
        if len(para) <= 400:
            out.append(para)
        else:
            out.extend(s.strip() for s in _SENTENCES.split(para) if s.strip())
    return out


def _split_long(unit: str, limit: int, count: TokenCounter) -> list[str]:
    """A unit longer than the budget is cut on word boundaries into pieces within it."""
    words = unit.split()
    pieces: list[str] = []
    start = 0
    while start < len(words):
        # Grow by whole words; token counts are roughly 1.3 per word, so start from that guess.
        end = min(len(words), start + max(1, int(limit / 1.4)))
        while end < len(words) and count([" ".join(words[start : end + 1])])[0] <= limit:
            end += 1
        while end - start > 1 and count([" ".join(words[start:end])])[0] > limit:
            end -= 1
        pieces.append(" ".join(words[start:end]))
        start = end
    return pieces


def chunk_document(
    doc: ParsedDocument, count: TokenCounter, chunk_tokens: int = 160, overlap: int = 32
) -> list[Chunk]:
    """Pack paragraph/sentence units greedily up to `chunk_tokens`; repeat the trailing units
    worth `overlap` tokens at the start of the next chunk. Sections never share a chunk."""
    chunks: list[Chunk] = []
    position = 0
    for section in doc.sections:
        units = _units(section.text)
        sizes = count(units) if units else []
        expanded: list[tuple[str, int]] = []
        for unit, size in zip(units, sizes, strict=True):
            if size > chunk_tokens:
                # Leave room for the overlap carried into each piece's chunk.
                parts = _split_long(unit, max(1, chunk_tokens - overlap), count)
                expanded.extend(zip(parts, count(parts), strict=True))
            else:
                expanded.append((unit, size))
        window: list[tuple[str, int]] = []
        total = 0
        for i, (unit, size) in enumerate(expanded):
            if window and total + size > chunk_tokens:
                chunks.append(_make(doc, section.heading, window, position))
                position += 1
                # Keep the tail as overlap (never the whole window, so the loop advances).
                keep: list[tuple[str, int]] = []
                kept = 0
                for prev in reversed(window[1:]):
                    if kept + prev[1] > overlap or kept + prev[1] + size > chunk_tokens:
                        break
                    keep.insert(0, prev)
                    kept += prev[1]
                if not keep and overlap:
                    # The last unit alone is longer than the overlap: carry its tail words.
                    tail = _tail(window[-1][0], min(overlap, chunk_tokens - size), count)
                    if tail is not None:
                        keep, kept = [tail], tail[1]
                window, total = keep, kept
            window.append((unit, size))
            total += size
            if i == len(expanded) - 1:
                chunks.append(_make(doc, section.heading, window, position))
                position += 1
    return chunks


def _tail(unit: str, budget: int, count: TokenCounter) -> tuple[str, int] | None:
    """The longest run of trailing words of `unit` within `budget` tokens, if any."""
    words = unit.split()
    best: tuple[str, int] | None = None
    low, high = 1, len(words) - 1  # never the whole unit (that case is handled by the caller)
    while low <= high:
        mid = (low + high) // 2
        text = " ".join(words[-mid:])
        size = count([text])[0]
        if size <= budget:
            best, low = (text, size), mid + 1
        else:
            high = mid - 1
    return best


def _make(doc: ParsedDocument, heading: str, window: list[tuple[str, int]], position: int) -> Chunk:
    text = "\n".join(u for u, _ in window)
    key = hashlib.sha256(f"{doc.doc_id}\x00{position}\x00{text}".encode()).hexdigest()[:16]
    return Chunk(
        chunk_id=key,
        doc_id=doc.doc_id,
        source=doc.source,
        title=doc.title,
        section=heading,
        text=text,
        position=position,
        tokens=sum(n for _, n in window),
    )
