"""Quality gate on the project's own evaluation set over the default corpus.

Thresholds sit a little under the values measured when they were set (see README), so a change
that degrades retrieval, chunking, fusion or the support rule fails here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag_qa.io.evalsets import OUT_OF_DOMAIN, QUESTIONS, pydoc_evalset
from rag_qa.jobs.evaluate import evaluate, markdown_report, write_report


@pytest.fixture(scope="module")
def pydoc_result(embedder: Any, onnx_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from rag_qa.config import RagSettings

    settings = RagSettings(
        data_dir=tmp_path_factory.mktemp("eval"),
        provider="extractive",
        embedding_onnx_path=onnx_path,
    )
    return evaluate(pydoc_evalset(), settings, embedder, progress=False)


def test_retrieval_quality_per_mode(pydoc_result: Any) -> None:
    result, _ = pydoc_result
    r = result.retrieval
    assert r["dense"]["ndcg@10"] >= 0.93
    assert r["bm25"]["ndcg@10"] >= 0.87
    assert r["hybrid"]["ndcg@10"] >= 0.90
    assert r["hybrid"]["recall@5"] >= 0.98


def test_hybrid_beats_bm25(pydoc_result: Any) -> None:
    # Measured +0.021 on this set (the issue's +0.03 target is not met here; see README).
    result, _ = pydoc_result
    assert result.retrieval["hybrid"]["ndcg@10"] >= result.retrieval["bm25"]["ndcg@10"] + 0.01


def test_report_files(pydoc_result: Any, tmp_path: Path) -> None:
    result, rows = pydoc_result
    files = write_report(result, rows, tmp_path)
    names = {f.name for f in files}
    assert {"metrics.json", "queries.jsonl", "report.md", "retrieval_by_mode.png"} <= names
    assert "| hybrid |" in markdown_report(result)


def test_in_domain_questions_are_answered(default_engine: Any) -> None:
    supported = [default_engine.pipeline.answer(q).supported for q, _ in QUESTIONS]
    assert sum(supported) / len(supported) >= 0.9


def test_out_of_domain_questions_are_declined(default_engine: Any) -> None:
    results = [default_engine.pipeline.answer(q) for q in OUT_OF_DOMAIN]
    assert all(not r.supported for r in results), [(r.question, r.support) for r in results]
    assert all("nearest sources" in r.answer for r in results)


def test_answers_cite_the_expected_topic(default_engine: Any) -> None:
    hits = 0
    for question, topic in QUESTIONS:
        result = default_engine.pipeline.answer(question)
        cited = {c["source"] for c in result.citations if c["cited"]}
        hits += any(Path(s).stem == topic for s in cited)
    assert hits / len(QUESTIONS) >= 0.75
