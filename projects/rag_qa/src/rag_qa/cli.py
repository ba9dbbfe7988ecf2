"""`rag-qa` command line: ingest, ask, serve, eval, export-onnx."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from portfolio_shared.logging import configure_logging, get_logger
from rag_qa.config import RagSettings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Offline document Q&A: ingest a folder, ask with citations, serve the API + UI, evaluate.",
)
log = get_logger("rag_qa")
ModeOpt = Annotated[
    Literal["dense", "bm25", "hybrid"] | None, typer.Option(help="retrieval mode (default: hybrid)")
]
ProviderOpt = Annotated[
    Literal["local", "openai", "extractive"] | None,
    typer.Option(help="answer provider (default: RAG_PROVIDER, else local)"),
]


def _settings(**overrides: Any) -> RagSettings:
    settings = RagSettings.model_validate({k: v for k, v in overrides.items() if v is not None})
    configure_logging(settings.log_level, settings.log_format)
    for noisy in ("faiss.loader", "bm25s"):  # CPU-feature probing and per-build debug lines
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return settings


@app.command()
def ingest(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="folder of documents (default: Python docs + this repo's docs)",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    sync: Annotated[
        bool, typer.Option(help="remove indexed documents missing from the folder")
    ] = True,
    track: Annotated[bool, typer.Option(help="record the build in MLflow")] = True,
) -> None:
    """Index a folder incrementally (only new or changed documents are embedded)."""
    from rag_qa.io.corpus import write_default_corpus
    from rag_qa.io.engine import RagEngine

    settings = _settings(provider="extractive")
    if folder is None:
        folder = settings.corpus_dir or settings.default_corpus_dir
        if settings.corpus_dir is None:
            write_default_corpus(folder)
    engine = RagEngine(settings)
    report = engine.ingest_folder(folder, sync=sync, progress=sys.stderr.isatty())
    summary = {k: v for k, v in report.as_dict().items() if k != "documents"}
    for key in ("added", "updated", "unchanged", "removed"):
        summary[key] = len(summary[key])
    changed = report.added or report.updated or report.removed
    if track and changed:
        from rag_qa.jobs.track import log_index_build

        summary["mlflow_run"] = log_index_build(
            report,
            settings,
            engine.embedder.name,
            str(folder),
            {
                "documents": engine.snapshot.meta.documents,
                "dense_index": engine.snapshot.dense.kind,
            },
        )
    typer.echo(json.dumps(summary, indent=2))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="the question")],
    provider: ProviderOpt = None,
    mode: ModeOpt = None,
    k: Annotated[int | None, typer.Option(min=1, max=20, help="passages")] = None,
    stream: Annotated[bool, typer.Option(help="print tokens as they come")] = True,
    source: Annotated[
        list[str] | None, typer.Option(help="retrieve only from this document (repeatable)")
    ] = None,
) -> None:
    """Answer one question from the index, with citations."""
    from rag_qa.io.engine import RagEngine

    settings = _settings(provider=provider)
    engine = RagEngine(settings)
    engine.ensure_index()
    result = None
    sources = frozenset(source) if source else None
    for kind, payload in engine.pipeline.stream(question, k, mode, sources=sources):
        if kind == "token" and stream:
            typer.echo(payload, nl=False)
        elif kind == "done":
            result = payload
    assert result is not None
    if stream:
        typer.echo("\n---")
    typer.echo(result.answer)
    for c in result.citations:
        mark = "*" if c["cited"] else " "
        where = c["section"] or c["title"]
        typer.echo(f" {mark}[{c['id']}] {c['source']} — {where} (cos {c['cosine']:.2f})")
    typer.echo(json.dumps({k: round(v) for k, v in result.timings_ms.items()}))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8001)")] = None,
    provider: ProviderOpt = None,
) -> None:
    """Serve the API and the browser UI (builds the default index first if it is empty)."""
    from portfolio_shared.service import serve as run_server
    from rag_qa.api.app import create_app

    settings = _settings(host=host, port=port, provider=provider)
    typer.echo(f"rag_qa: UI and API on http://{settings.host}:{settings.port}/ (docs at /docs)")
    run_server(create_app(settings), settings, timeout_graceful_shutdown=5)


@app.command(name="eval")
def evaluate(
    beir: Annotated[
        Path | None,
        typer.Option(
            help="a BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv)",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    pydoc: Annotated[
        bool, typer.Option(help="use the project's own set over the default corpus")
    ] = False,
    out: Annotated[Path | None, typer.Option(help="report folder")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="evaluate the first N queries")] = None,
    answers: Annotated[
        int, typer.Option(min=0, help="also answer N questions with gold answers")
    ] = 0,
    provider: ProviderOpt = None,
    track: Annotated[bool, typer.Option(help="log metrics, report and plots to MLflow")] = True,
) -> None:
    """nDCG@10, Recall@k, MRR for dense, BM25 and hybrid; EM/F1 on answers; report + MLflow."""
    from rag_qa.io.beir import load_beir
    from rag_qa.io.engine import build_embedder
    from rag_qa.io.evalsets import pydoc_evalset
    from rag_qa.jobs.evaluate import evaluate as run_eval
    from rag_qa.jobs.evaluate import log_to_mlflow, write_report

    if (beir is None) == (not pydoc):
        raise typer.BadParameter("give exactly one of --beir DIR or --pydoc")
    settings = _settings(provider=provider)
    dataset = load_beir(beir) if beir is not None else pydoc_evalset()
    embedder = build_embedder(settings)
    chat = None
    if answers and settings.provider != "extractive":
        from rag_qa.core.llm import make_chat_model

        chat = make_chat_model(settings)
    result, rows = run_eval(
        dataset,
        settings,
        embedder,
        query_limit=limit,
        answer_limit=answers,
        chat_model=chat,
        progress=sys.stderr.isatty(),
    )
    folder = out or settings.data_dir / "rag_qa" / "eval" / dataset.name
    files = write_report(result, rows, folder)
    if track:
        log_to_mlflow(result, files, settings)
    typer.echo((folder / "report.md").read_text())


@app.command("export-onnx")
def export_onnx_cmd(
    out: Annotated[Path, typer.Option(help="where to write the .onnx file")],
) -> None:
    """Export the embedder to ONNX (needs the `torch` extra); the image ships this file."""
    import numpy as np

    from rag_qa.core.embedder import OnnxEmbedder, TorchEmbedder, export_onnx, packaged_minilm

    settings = _settings()
    folder = settings.embedding_model or packaged_minilm()
    export_onnx(folder, out)
    probe = ["ONNX export check.", "The global statement declares names global." * 8]
    cos = (
        OnnxEmbedder(folder, out, settings.threads, settings.embedding_batch_size).embed(probe)
        * TorchEmbedder(folder).embed(probe)
    ).sum(1)
    if float(np.min(cos)) < 0.9999:
        out.unlink()
        typer.echo(f"exported vectors differ from torch (cosine {cos.min():.5f})", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps({"onnx": str(out), "min_cosine_vs_torch": round(float(cos.min()), 6)}))


if __name__ == "__main__":
    app()
