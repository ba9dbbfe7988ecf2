"""The answer chain (LangChain LCEL) over a typed state: retrieve → select context → generate or
decline → cite.

    prepare  = retrieve | select                       Question → Retrieved → Grounded
    generate = prompt_inputs | PROMPT | model | parser  Grounded → str   (or the extractive quoter)
    chain    = prepare | branch(not supported → decline, else generate)

`RagPipeline.answer()` runs it once; `RagPipeline.stream()` yields the sources as soon as they
are known, then answer tokens as the model produces them, then the final cited answer.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda

from rag_qa.config import RagSettings
from rag_qa.core.context import (
    Context,
    SentenceGate,
    attribute,
    build_context,
    cited_numbers,
    extractive_answer,
)
from rag_qa.core.embedder import Embedder
from rag_qa.core.prompts import DONT_KNOW, PROMPT, nearest_sources
from rag_qa.core.retrieval import HybridSearcher, Mode, Retrieval


@dataclass(frozen=True)
class Question:
    text: str
    k: int
    mode: Mode
    mmr: bool
    #: Only these documents (source names or doc ids); None: the whole index.
    sources: frozenset[str] | None = None
    #: Quote the passages (no model call) whatever the provider.
    extractive: bool = False


@dataclass(frozen=True)
class Retrieved:
    question: Question
    retrieval: Retrieval


@dataclass(frozen=True)
class Grounded:
    """The state the generator sees: the question, what was retrieved, the numbered context."""

    question: Question
    retrieval: Retrieval
    context: Context

    @property
    def support(self) -> float:
        """How close the best passage, or the best sentence in the passages, is to the question."""
        return max(self.retrieval.support, self.context.sentence_support)

    def supported(self, min_support: float) -> bool:
        """The support rule: the best passage or sentence is close enough to the question, and
        something made it into the context. Below it the bot declines instead of answering."""
        return self.support >= min_support and bool(self.context.sources)


@dataclass
class AnswerResult:
    question: str
    answer: str
    supported: bool
    citations: list[dict[str, Any]]
    provider: str
    model: str
    mode: str
    support: float
    injections_removed: int
    sentences_dropped: int = 0
    timings_ms: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "supported": self.supported,
            "citations": self.citations,
            "provider": self.provider,
            "model": self.model,
            "mode": self.mode,
            "support": round(self.support, 4),
            "injections_removed": self.injections_removed,
            "sentences_dropped": self.sentences_dropped,
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


def dont_know(context: Context) -> str:
    return nearest_sources([(s.number, s.hit.chunk.heading) for s in context.sources])


class RagPipeline:
    def __init__(
        self,
        searcher: HybridSearcher,
        embedder: Embedder,
        settings: RagSettings,
        chat_model: BaseChatModel | None,
    ) -> None:
        if settings.provider != "extractive" and chat_model is None:
            raise ValueError(f"provider {settings.provider!r} needs a chat model")
        self.searcher = searcher
        self.embedder = embedder
        self.settings = settings
        self.chat_model = chat_model
        self.retrieve: Runnable[Question, Retrieved] = RunnableLambda(
            self._retrieve, name="retrieve"
        )
        self.select: Runnable[Retrieved, Grounded] = RunnableLambda(
            self._select, name="select_context"
        )
        self.extract: Runnable[Grounded, str] = RunnableLambda(
            lambda g: extractive_answer(g.context), name="extract"
        )
        self.generate = self._generator()
        self.chain: Runnable[Question, str] = (
            self.retrieve
            | self.select
            | RunnableBranch(
                (
                    RunnableLambda(lambda g: not g.supported(settings.min_support), name="weak"),
                    RunnableLambda(lambda g: dont_know(g.context), name="decline"),
                ),
                (
                    RunnableLambda(lambda g: g.question.extractive, name="quote"),
                    self.extract,
                ),
                self.generate,
            )
        )

    @property
    def provider(self) -> str:
        return self.settings.provider

    @property
    def model_name(self) -> str:
        if self.chat_model is None:
            return "extractive"
        return str(
            getattr(self.chat_model, "model_name", None)
            or getattr(self.chat_model, "model", None)
            or type(self.chat_model).__name__
        )

    def _retrieve(self, q: Question) -> Retrieved:
        found = self.searcher.search(q.text, k=q.k, mode=q.mode, mmr=q.mmr, sources=q.sources)
        return Retrieved(q, found)

    def _select(self, r: Retrieved) -> Grounded:
        context = build_context(
            r.question.text,
            r.retrieval.hits,
            self.embedder,
            self.settings.context_tokens,
            query_vector=r.retrieval.query_vector,
        )
        return Grounded(r.question, r.retrieval, context)

    def _generator(self) -> Runnable[Grounded, str]:
        if self.chat_model is None:
            return self.extract
        prompt_inputs: RunnableLambda[Grounded, dict[str, str]] = RunnableLambda(
            lambda g: {"context": g.context.render(), "question": g.question.text},
            name="prompt_inputs",
        )
        # LCEL's `|` loses the input type (Never); the chain takes the typed state.
        return cast(
            "Runnable[Grounded, str]",
            prompt_inputs | PROMPT | self.chat_model | StrOutputParser(),
        )

    def question(
        self,
        text: str,
        k: int | None,
        mode: Mode | None,
        mmr: bool | None,
        sources: frozenset[str] | None = None,
        extractive: bool = False,
    ) -> Question:
        """A question with what the caller left open taken from the settings."""
        s = self.settings
        return Question(
            text,
            k or s.top_k,
            mode or s.retrieval_mode,
            s.mmr if mmr is None else mmr,
            sources,
            extractive or self.chat_model is None,
        )

    def stream(
        self,
        question: str,
        k: int | None = None,
        mode: Mode | None = None,
        mmr: bool | None = None,
        sources: frozenset[str] | None = None,
        extractive: bool = False,
    ) -> Iterator[tuple[str, Any]]:
        """Events, in order: ("sources", [citation...]) once the context is chosen; ("token",
        text) as the model writes; ("sentence", text) each time a sentence passes the grounding
        gate (already cited); ("done", AnswerResult) with the final answer."""
        start = time.perf_counter()
        asked = self.question(question, k, mode, mmr, sources, extractive)
        retrieved = self.retrieve.invoke(asked)
        timings = {"retrieval": (time.perf_counter() - start) * 1000}
        grounded = self.select.invoke(retrieved)
        timings["context"] = (time.perf_counter() - start) * 1000 - timings["retrieval"]
        yield "sources", [s.as_citation(False) for s in grounded.context.sources]
        supported = grounded.supported(self.settings.min_support)
        gate = None
        if not asked.extractive and supported:
            gate = SentenceGate(grounded.context, self.settings.min_grounding)
        pieces: list[str] = []
        if not supported:
            tokens = iter([dont_know(grounded.context)])
        elif asked.extractive:
            tokens = self.extract.stream(grounded)
        else:
            tokens = self.generate.stream(grounded)
        for piece in tokens:
            if not piece:
                continue
            if not pieces:
                timings["first_token"] = (time.perf_counter() - start) * 1000
            pieces.append(piece)
            yield "token", piece
            if gate is not None:
                for sentence in gate.feed(piece):
                    yield "sentence", sentence
        if gate is not None:
            for sentence in gate.finish():
                yield "sentence", sentence
        yield "done", self._finish(grounded, supported, "".join(pieces), gate, timings, start)

    def answer(
        self,
        question: str,
        k: int | None = None,
        mode: Mode | None = None,
        mmr: bool | None = None,
        sources: frozenset[str] | None = None,
        extractive: bool = False,
    ) -> AnswerResult:
        result: AnswerResult | None = None
        for kind, payload in self.stream(question, k, mode, mmr, sources, extractive):
            if kind == "done":
                result = payload
        assert result is not None
        return result

    def _finish(
        self,
        grounded: Grounded,
        supported: bool,
        raw: str,
        gate: SentenceGate | None,
        timings: dict[str, float],
        start: float,
    ) -> AnswerResult:
        retrieval, context = grounded.retrieval, grounded.context
        text = raw.strip()
        dropped = 0
        if gate is not None:
            dropped = gate.dropped
            declined = text.startswith(DONT_KNOW)
            # Nothing the model said is in the sources: quote them instead of inventing.
            text = DONT_KNOW if declined else (gate.text or extractive_answer(context))
        if supported:
            text = attribute(text, context) or DONT_KNOW
            supported = not text.startswith(DONT_KNOW)
        numbers = set(cited_numbers(text)) if supported else set()
        citations = [s.as_citation(s.number in numbers) for s in context.sources]
        timings["total"] = (time.perf_counter() - start) * 1000
        timings["embed_query"] = retrieval.embed_ms
        timings["search"] = retrieval.search_ms
        timings["generation"] = (
            timings["total"] - timings.get("retrieval", 0) - timings.get("context", 0)
        )
        return AnswerResult(
            question=grounded.question.text,
            answer=text,
            supported=supported,
            citations=citations,
            provider="extractive" if grounded.question.extractive else self.provider,
            model="extractive" if grounded.question.extractive else self.model_name,
            mode=retrieval.mode,
            support=grounded.support,
            injections_removed=context.injections_removed,
            sentences_dropped=dropped,
            timings_ms=timings,
        )
