"""BEIR-format evaluation sets: `corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path


class BeirError(ValueError):
    """A folder that is not a readable BEIR set."""


@dataclass
class BeirQuery:
    query_id: str
    text: str
    answers: list[str] = field(default_factory=list)


@dataclass
class BeirSet:
    name: str
    corpus: dict[str, tuple[str, str]]  # doc id -> (title, text)
    queries: dict[str, BeirQuery]
    qrels: dict[str, dict[str, int]]  # query id -> doc id -> graded relevance


def _jsonl(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        raise BeirError(f"missing {path.name} in {path.parent}")
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise BeirError(f"{path.name}:{number}: {exc}") from None
    return rows


def load_beir(folder: Path, split: str = "test") -> BeirSet:
    corpus = {
        str(row["_id"]): (str(row.get("title") or ""), str(row.get("text") or ""))
        for row in _jsonl(folder / "corpus.jsonl")
    }
    queries: dict[str, BeirQuery] = {}
    for row in _jsonl(folder / "queries.jsonl"):
        meta = row.get("metadata") or {}
        answers = meta.get("answers", []) if isinstance(meta, dict) else []
        if isinstance(answers, str):
            answers = [answers]
        queries[str(row["_id"])] = BeirQuery(str(row["_id"]), str(row["text"]), list(answers))
    qrels_path = folder / "qrels" / f"{split}.tsv"
    if not qrels_path.is_file():
        raise BeirError(f"missing qrels/{split}.tsv in {folder}")
    qrels: dict[str, dict[str, int]] = {}
    with qrels_path.open(encoding="utf-8") as handle:
        for fields in csv.reader(handle, delimiter="\t"):
            if not fields or fields[0] in {"query-id", "query_id", "qid"}:
                continue
            qid, doc, score = fields[0], fields[1], int(float(fields[2]))
            if qid in queries and doc in corpus:
                qrels.setdefault(qid, {})[doc] = score
    if not qrels:
        raise BeirError(f"{qrels_path}: no judgements match the corpus and queries")
    return BeirSet(folder.name, corpus, queries, qrels)


def write_beir(folder: Path, beir: BeirSet, split: str = "test") -> None:
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as handle:
        for doc_id, (title, text) in beir.corpus.items():
            handle.write(json.dumps({"_id": doc_id, "title": title, "text": text}) + "\n")
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as handle:
        for q in beir.queries.values():
            meta = {"answers": q.answers} if q.answers else {}
            handle.write(json.dumps({"_id": q.query_id, "text": q.text, "metadata": meta}) + "\n")
    with (folder / "qrels" / f"{split}.tsv").open("w", encoding="utf-8") as handle:
        handle.write("query-id\tcorpus-id\tscore\n")
        for qid, docs in beir.qrels.items():
            for doc, score in docs.items():
                handle.write(f"{qid}\t{doc}\t{score}\n")
