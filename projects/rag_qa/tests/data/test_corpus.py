"""Data contracts: the default corpus, the project's evaluation set and BEIR loading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rag_qa.core.chunking import chunk_document
from rag_qa.core.documents import parse_document
from rag_qa.io.evalsets import OUT_OF_DOMAIN, QUESTIONS, pydoc_evalset, write_pydoc_evalset
from rag_qa.io.beir import BeirError, load_beir
from rag_qa.io.corpus import read_folder, write_default_corpus

SQUAD = Path(__file__).parents[5] / "shared" / "data" / "squad2-dev" / "beir"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_default_corpus(folder)
    return folder


def test_default_corpus_has_python_reference_and_repo_docs(corpus: Path) -> None:
    topics = list((corpus / "python-reference").glob("*.txt"))
    assert len(topics) >= 75
    assert (corpus / "repository" / "README.md").is_file()
    assert (corpus / "repository" / "projects" / "rag_qa" / "README.md").is_file()


def test_default_corpus_is_rewritten_only_when_changed(corpus: Path) -> None:
    target = corpus / "python-reference" / "global.txt"
    before = target.stat().st_mtime_ns
    write_default_corpus(corpus)
    assert target.stat().st_mtime_ns == before


@pytest.mark.slow
def test_every_default_document_parses_and_chunks_within_budget(
    corpus: Path, embedder: Any
) -> None:
    files, errors = read_folder(corpus, 10_000_000)
    assert not errors and len(files) >= 80
    sizes = []
    for raw in files:
        try:
            doc = parse_document(raw.name, raw.data)
        except ValueError:
            assert raw.name.startswith("repository/"), f"{raw.name} failed to parse"
            continue
        assert doc.title.strip()
        chunks = chunk_document(doc, embedder.count_tokens, 200, 32)
        assert chunks and all(c.text.strip() for c in chunks)
        sizes.extend(c.tokens for c in chunks)
    assert max(sizes) <= 200
    # Embedding input = heading + text must fit the model's 256-token window.
    assert max(sizes) + 40 <= embedder.max_len


def test_read_folder_refuses_links_that_escape(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("# secret\n\ntop secret\n")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ok.md").write_text("# ok\n\nfine\n")
    (folder / "link.md").symlink_to(outside)
    files, errors = read_folder(folder, 1000)
    assert [f.name for f in files] == ["ok.md"]
    assert "outside" in str(errors[0])


def test_read_folder_refuses_oversized_files(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000)
    files, errors = read_folder(tmp_path, 1000)
    assert not files and "exceeds" in str(errors[0])


def test_pydoc_evalset_is_consistent(tmp_path: Path) -> None:
    beir = pydoc_evalset()
    assert len(beir.queries) == len(QUESTIONS) >= 50
    for qid, judged in beir.qrels.items():
        assert qid in beir.queries
        assert all(doc in beir.corpus for doc in judged)
        assert sorted(judged.values())[-1] == 2, "each question has one primary topic"
    assert len({q.text for q in beir.queries.values()}) == len(beir.queries)
    assert not set(OUT_OF_DOMAIN) & {q for q, _ in QUESTIONS}
    loaded = load_beir(write_pydoc_evalset(tmp_path / "pydoc"))
    assert loaded.qrels == beir.qrels and len(loaded.corpus) == len(beir.corpus)


def test_beir_loader_reports_problems(tmp_path: Path) -> None:
    with pytest.raises(BeirError, match="corpus.jsonl"):
        load_beir(tmp_path)
    (tmp_path / "corpus.jsonl").write_text(json.dumps({"_id": "d1", "text": "x"}) + "\n")
    (tmp_path / "queries.jsonl").write_text("{not json\n")
    with pytest.raises(BeirError, match="queries.jsonl:1"):
        load_beir(tmp_path)


@pytest.mark.skipif(not SQUAD.is_dir(), reason="SQuAD 2.0 dev BEIR view not present beside the repo")
def test_squad_beir_view_loads_with_answers() -> None:
    beir = load_beir(SQUAD)
    assert len(beir.corpus) == 646 and len(beir.queries) == 2910
    assert all(q.answers for q in beir.queries.values())
