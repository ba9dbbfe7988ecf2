"""The `rag-qa` CLI: ingest tracks the index build in MLflow; ask and eval run end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rag_qa.cli import app

DOCS = Path(__file__).parents[1] / "data" / "docs"


@pytest.fixture
def env(tmp_path: Path, onnx_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RAG_EMBEDDING_ONNX_PATH", str(onnx_path))
    monkeypatch.setenv("RAG_PROVIDER", "extractive")
    return tmp_path


@pytest.mark.slow
def test_ingest_is_tracked_in_mlflow_and_incremental(env: Path) -> None:
    from mlflow import MlflowClient

    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(DOCS)])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output[first.output.index("{") :])
    assert summary["added"] == 4
    assert summary["chunks_embedded"] == summary["chunks_total"] > 0
    client = MlflowClient(f"sqlite:///{env / 'mlflow' / 'mlflow.db'}")
    run = client.get_run(summary["mlflow_run"])
    assert run.data.params["chunk_tokens"] == "200"
    assert run.data.params["embedding_model"] == "all-MiniLM-L6-v2"
    assert run.data.metrics["chunks_total"] == summary["chunks_total"]
    assert run.data.metrics["build_seconds"] > 0
    again = runner.invoke(app, ["ingest", str(DOCS)])
    second = json.loads(again.output[again.output.index("{") :])
    assert second["unchanged"] == 4
    assert second["chunks_embedded"] == 0
    assert "mlflow_run" not in second, "an unchanged corpus logs no new build"


def test_ask_prints_an_answer_with_sources(env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(DOCS), "--no-track"]).exit_code == 0
    result = runner.invoke(app, ["ask", "How often should a teapot be descaled?", "--no-stream"])
    assert result.exit_code == 0, result.output
    assert "once a month" in result.output
    assert "*[1] teapots.txt" in result.output


@pytest.mark.slow
def test_eval_writes_a_report_and_logs_it(env: Path, tmp_path: Path) -> None:
    from rag_qa.io.beir import BeirQuery, BeirSet, write_beir

    beir = BeirSet(
        "tiny",
        {
            "d1": ("Tea", "Descale a teapot monthly."),
            "d2": ("Orbits", "Escape velocity is 11.2 km/s."),
        },
        {"q1": BeirQuery("q1", "How fast is escape velocity?", ["11.2 km/s"])},
        {"q1": {"d2": 1}},
    )
    folder = tmp_path / "tiny"
    write_beir(folder, beir)
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["eval", "--beir", str(folder), "--out", str(out), "--answers", "1"]
    )
    assert result.exit_code == 0, result.output
    metrics: dict[str, Any] = json.loads((out / "metrics.json").read_text())
    assert metrics["retrieval"]["hybrid"]["ndcg@10"] == 1.0
    assert metrics["answers"]["answer_contained"] == 1.0
    assert "| hybrid |" in result.output


def test_eval_needs_exactly_one_dataset(env: Path) -> None:
    result = CliRunner().invoke(app, ["eval"])
    assert result.exit_code != 0
