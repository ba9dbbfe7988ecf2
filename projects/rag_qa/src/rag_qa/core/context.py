"""From retrieved chunks to the model's context: sanitised, sentence-selected, numbered sources,
and from the model's text back to citations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rag_qa.core.embedder import Embedder, Matrix
from rag_qa.core.guard import sanitize
from rag_qa.core.lexical import STOPWORDS
from rag_qa.core.prompts import DONT_KNOW, MAX_SENTENCES
from rag_qa.core.retrieval import Hit

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[*])|\n+")
_CITE = re.compile(r"\[(\d{1,2})\]")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Source:
    number: int
    hit: Hit
    sentences: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def as_citation(self, cited: bool) -> dict[str, Any]:
        chunk = self.hit.chunk
        return {
            "id": self.number,
            "doc_id": chunk.doc_id,
            "chunk_id": chunk.chunk_id,
            "source": chunk.source,
            "title": chunk.title,
            "section": chunk.section,
            "quote": self.text[:600],
            "score": round(self.hit.score, 6),
            "cosine": round(self.hit.cosine, 4),
            "cited": cited,
        }


@dataclass
class Context:
    sources: list[Source]
    injections_removed: int = 0
    scored: list[tuple[float, int, str]] = field(default_factory=list)  # (score, source#, sentence)
    #: The best question-sentence cosine among the passages: a long passage dilutes its own
    #: vector, so a sentence that matches well is support too.
    sentence_support: float = -1.0

    def render(self) -> str:
        return "\n\n".join(f"[{s.number}] {s.hit.chunk.heading}\n{s.text}" for s in self.sources)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 1]


def build_context(
    question: str,
    hits: list[Hit],
    embedder: Embedder,
    budget_tokens: int,
    relative_floor: float = 0.25,
    query_vector: Matrix | None = None,
) -> Context:
    """Sanitise each passage, score its sentences against the question (cosine), and keep the
    best sentences within `budget_tokens`, in document order, numbered by source rank."""
    removed = 0
    # Passages far less similar than the best one only distract a small model.
    best = max((h.cosine for h in hits), default=0.0)
    hits = [h for h in hits if h.cosine >= best - relative_floor]
    candidates: list[tuple[int, int, str]] = []  # (hit index, sentence index, sentence)
    seen: set[str] = set()
    for h, hit in enumerate(hits):
        clean, dropped = sanitize(hit.chunk.text)
        removed += dropped
        for s, sentence in enumerate(split_sentences(clean)):
            key = " ".join(sentence.lower().split())
            if key in seen:  # overlapping chunks and duplicated pages repeat sentences
                continue
            seen.add(key)
            candidates.append((h, s, sentence))
    if not candidates:
        return Context([], removed)
    qvec = embedder.embed_query(question) if query_vector is None else query_vector
    svecs = embedder.embed([c[2] for c in candidates])
    sims = svecs @ qvec
    # Rank-aware score: the passage's retrieval rank breaks near-ties.
    scores = [float(sims[i]) - 0.02 * candidates[i][0] for i in range(len(candidates))]
    order = sorted(range(len(candidates)), key=scores.__getitem__, reverse=True)
    lengths = embedder.count_tokens([c[2] for c in candidates])
    chosen: set[int] = set()
    used = 0
    for i in order:
        if used + lengths[i] > budget_tokens and chosen:
            continue
        chosen.add(i)
        used += lengths[i]
    by_hit: dict[int, list[tuple[int, str]]] = {}
    for i in chosen:
        h, s, sentence = candidates[i]
        by_hit.setdefault(h, []).append((s, sentence))
    sources = [
        Source(n, hits[h], [sentence for _, sentence in sorted(by_hit[h])])
        for n, h in enumerate(sorted(by_hit), start=1)
    ]
    number = {h: n for n, h in enumerate(sorted(by_hit), start=1)}
    scored = sorted(
        ((scores[i], number[candidates[i][0]], candidates[i][2]) for i in chosen), reverse=True
    )
    return Context(sources, removed, scored, float(sims.max()))


def _words(text: str) -> set[str]:
    """Content words: no stop words, nothing shorter than three characters."""
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS}


def attribute(answer: str, context: Context) -> str:
    """Make sure every claim points at a source: valid `[n]` markers stay, invalid ones go, and a
    sentence without a marker gets the source it overlaps most (if it overlaps at all)."""
    valid = {s.number for s in context.sources}

    def keep_valid(match: re.Match[str]) -> str:
        return match.group(0) if int(match.group(1)) in valid else ""

    answer = _CITE.sub(keep_valid, answer).strip()
    if not context.sources or answer == DONT_KNOW:
        return answer
    out: list[str] = []
    for raw in _SENTENCE.split(answer):
        sentence = raw.rstrip()
        if not sentence:
            continue
        if not _CITE.search(sentence):
            words = _words(sentence)
            best, overlap = 0, 0.0
            for source in context.sources:
                common = len(words & _words(source.text)) / max(1, len(words))
                if common > overlap:
                    best, overlap = source.number, common
            if best and overlap >= 0.3:
                sentence = _append_marker(sentence, best)
        out.append(sentence)
    return " ".join(out)


class SentenceGate:
    """Keeps what the sources support, sentence by sentence, as tokens stream in.

    Small models start well, then loop or pad with invented detail. A completed sentence is
    dropped when it (a) has almost no content, (b) nearly repeats a kept one (Jaccard ≥ 0.5),
    or (c) mostly uses words absent from the sources; a sentence cut off by the token limit is
    dropped at the end; at most `max_sentences` are kept. Kept sentences get a `[n]` marker.
    """

    _BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")

    def __init__(
        self, context: Context, min_overlap: float, max_sentences: int = MAX_SENTENCES
    ) -> None:
        self.context = context
        self.min_overlap = min_overlap
        self.max_sentences = max_sentences
        self.source_words: set[str] = set()
        for source in context.sources:  # text only: echoing a heading is not an answer
            self.source_words |= _words(source.text)
        self.kept: list[str] = []
        self._kept_words: list[set[str]] = []
        self.dropped = 0
        self._buffer = ""

    def feed(self, text: str) -> list[str]:
        """Add streamed text; return the sentences accepted by this piece."""
        self._buffer += text
        parts = self._BOUNDARY.split(self._buffer)
        self._buffer = parts.pop()  # the last part may still be growing
        return [s for s in (self._judge(p) for p in parts) if s]

    def finish(self) -> list[str]:
        tail, self._buffer = self._buffer.strip(), ""
        if not tail:
            return []
        if self.kept and not re.search(r"[.!?`)\]]$", tail):
            self.dropped += 1  # unfinished: the token budget ran out mid-sentence
            return []
        accepted = self._judge(tail)
        return [accepted] if accepted else []

    def _judge(self, sentence: str) -> str | None:
        sentence = sentence.strip()
        if not sentence:
            return None
        words = _words(_CITE.sub("", sentence))
        repeated = any(len(words & w) / max(1, len(words | w)) >= 0.5 for w in self._kept_words)
        unsupported = len(words & self.source_words) / max(1, len(words)) < self.min_overlap
        if len(words) < 2 or repeated or unsupported or len(self.kept) >= self.max_sentences:
            self.dropped += 1
            return None
        sentence = attribute(sentence, self.context)
        self.kept.append(sentence)
        self._kept_words.append(words)
        return sentence

    @property
    def text(self) -> str:
        return " ".join(self.kept)


def ground(
    answer: str, context: Context, min_overlap: float, max_sentences: int = MAX_SENTENCES
) -> tuple[str, int]:
    """`SentenceGate` over a complete answer: the kept text (empty if nothing is grounded) and
    how many sentences were dropped."""
    gate = SentenceGate(context, min_overlap, max_sentences)
    gate.feed(answer)
    gate.finish()
    return gate.text, gate.dropped


def _append_marker(sentence: str, number: int) -> str:
    stripped = sentence.rstrip()
    if stripped and stripped[-1] in ".!?":
        return f"{stripped[:-1]} [{number}]{stripped[-1]}"
    return f"{stripped} [{number}]"


def cited_numbers(answer: str) -> list[int]:
    return sorted({int(n) for n in _CITE.findall(answer)})


def extractive_answer(context: Context, max_sentences: int = 2, min_score: float = 0.3) -> str:
    """No LLM: quote the best-supported sentences with their source markers."""
    picked = [(score, n, s) for score, n, s in context.scored if score >= min_score]
    picked = picked[:max_sentences] or context.scored[:1]
    if not picked:
        return DONT_KNOW
    return " ".join(f"“{s.strip()}” [{n}]" for _, n, s in picked)
