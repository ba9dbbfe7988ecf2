"""The LCEL answer chain with a scripted chat model: citations, grounding, declining, streaming."""

from __future__ import annotations

from typing import Any

import pytest

from rag_qa.core.context import SentenceGate, build_context, extractive_answer, ground
from rag_qa.core.pipeline import RagPipeline
from rag_qa.core.prompts import DONT_KNOW


def pipeline(engine: Any, chat: Any) -> RagPipeline:
    provider = "local" if chat else "extractive"
    settings = engine.settings.model_copy(update={"provider": provider})
    return RagPipeline(engine.searcher, engine.embedder, settings, chat)


def test_answer_cites_the_passage_it_uses(engine: Any, scripted: Any) -> None:
    chat = scripted.make("The global statement declares names as module-level globals.")
    result = pipeline(engine, chat).answer("What does the global statement do?")
    assert result.supported
    assert "[1]" in result.answer or "[2]" in result.answer
    cited = [c for c in result.citations if c["cited"]]
    assert cited
    assert all(c["source"] == "python_scoping.md" for c in cited)
    assert cited[0]["section"] == "The global statement"


def test_invented_sentences_are_dropped(engine: Any, scripted: Any) -> None:
    chat = scripted.make(
        "The global statement declares names as module-level globals. "
        "It was invented by Guido in Amsterdam during a thunderstorm in 1989. "
        "The global statement declares names as module-level globals."
    )
    result = pipeline(engine, chat).answer("What does the global statement do?")
    assert "thunderstorm" not in result.answer
    assert result.answer.count("module-level") == 1
    assert result.sentences_dropped == 2


def test_nothing_grounded_falls_back_to_quotes(engine: Any, scripted: Any) -> None:
    chat = scripted.make("Bananas are yellow and grow in tropical climates worldwide.")
    result = pipeline(engine, chat).answer("What does the global statement do?")
    assert "Bananas" not in result.answer
    assert result.answer.startswith("“")
    assert result.supported


def test_extractive_request_quotes_without_calling_the_model(engine: Any, scripted: Any) -> None:
    chat = scripted.make()  # no replies: calling it would raise
    rag = pipeline(engine, chat)
    result = rag.answer("What does the global statement do?", extractive=True)
    assert result.answer.startswith("“")
    assert result.supported
    assert (result.provider, result.model) == ("extractive", "extractive")
    assert rag.chain.invoke(rag.question("What does the global statement do?", None, None, None,
                                         extractive=True)).startswith("“")  # fmt: skip


def test_weak_support_declines_without_calling_the_model(engine: Any, scripted: Any) -> None:
    chat = scripted.make()  # no replies: calling it would raise
    result = pipeline(engine, chat).answer("Who won the 1998 football world cup final?")
    assert not result.supported
    assert result.answer.startswith(DONT_KNOW)
    assert "nearest sources" in result.answer
    assert not any(c["cited"] for c in result.citations)


def test_model_that_declines_is_reported_unsupported(engine: Any, scripted: Any) -> None:
    chat = scripted.make(DONT_KNOW)
    result = pipeline(engine, chat).answer("How fast is escape velocity on Earth?")
    assert result.answer == DONT_KNOW
    assert not result.supported


def test_stream_event_order(engine: Any, scripted: Any) -> None:
    chat = scripted.make("Escape velocity on Earth is about 11.2 kilometres per second.")
    events = list(pipeline(engine, chat).stream("What is the escape velocity of the Earth?"))
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "sources"
    assert kinds[-1] == "done"
    assert kinds.count("token") > 3, "tokens arrive one by one"
    assert "sentence" in kinds
    done = events[-1][1]
    assert "11.2" in done.answer
    assert {"retrieval", "first_token", "total"} <= set(done.timings_ms)


def test_extractive_provider_quotes_sources(engine: Any) -> None:
    result = pipeline(engine, None).answer("How long does sourdough bulk fermentation take?")
    assert "four to six hours" in result.answer
    assert result.citations[0]["source"] == "kitchen.html"
    assert result.model == "extractive"


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_every_mode_finds_the_right_document(engine: Any, mode: str) -> None:
    result = engine.searcher.search(
        "geostationary orbit altitude above the equator", k=3, mode=mode, mmr=False
    )
    assert result.hits[0].chunk.source == "orbital_mechanics.rst"
    assert result.mode == mode


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_sources_keep_every_mode_inside_the_named_documents(engine: Any, mode: str) -> None:
    question = "geostationary orbit altitude above the equator"
    for mmr in (False, True):
        hits = engine.searcher.search(
            question, k=3, mode=mode, mmr=mmr, sources=frozenset({"kitchen.html", "teapots.txt"})
        ).hits
        assert hits or mode == "bm25"  # BM25 finds only chunks sharing a term
        assert {h.chunk.source for h in hits} <= {"kitchen.html", "teapots.txt"}
    none = engine.searcher.search(question, k=3, mode=mode, mmr=False, sources=frozenset())
    assert none.hits == []


def test_mmr_returns_distinct_chunks(engine: Any) -> None:
    result = engine.searcher.search("python statement scope", k=3, mode="hybrid", mmr=True)
    assert len({h.row for h in result.hits}) == len(result.hits) == 3


def test_langchain_retriever_returns_documents(engine: Any) -> None:
    docs = engine.retriever(k=2).invoke("nonlocal statement enclosing scope")
    assert docs[0].metadata["source"] == "python_scoping.md"
    assert docs[0].metadata["section"] == "The nonlocal statement"
    assert docs[0].id


def test_context_budget_and_numbering(engine: Any) -> None:
    hits = engine.searcher.search("global statement", k=4, mode="hybrid", mmr=False).hits
    context = build_context("global statement", hits, engine.embedder, budget_tokens=40)
    assert sum(engine.embedder.count_tokens([s.text for s in context.sources])) <= 60
    assert [s.number for s in context.sources] == list(range(1, len(context.sources) + 1))
    assert extractive_answer(context).count("[") >= 1


def test_sentence_gate_streams_and_cuts_unfinished(engine: Any) -> None:
    hits = engine.searcher.search("escape velocity", k=2, mode="hybrid", mmr=False).hits
    context = build_context("escape velocity", hits, engine.embedder, budget_tokens=200)
    gate = SentenceGate(context, engine.settings.min_grounding)
    out = gate.feed("Escape velocity is the minimum speed to break free. It is ")
    assert (len(out) == 1 and out[0].endswith("].")) or out[0].endswith("]")
    out += gate.feed("about 11.2 kilometres per second at the surface of the")
    assert gate.finish() == []
    assert gate.dropped == 1
    text, dropped = ground(
        "Hi. Escape velocity is the minimum speed.", context, engine.settings.min_grounding
    )
    assert "Hi" not in text
    assert dropped == 1
