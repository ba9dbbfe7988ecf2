"""Shared fixtures: settings in a temporary data folder, and one team over the real data."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from portfolio_shared.processes import free_port, wait_for
from retention_agents.config import AgentsSettings
from retention_agents.team import Team

#: Nothing listens here: the services the team calls are down unless a test starts them.
CLOSED = "http://127.0.0.1:9"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("agents-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> AgentsSettings:
    return AgentsSettings(
        data_dir=data_dir,
        churn_url=CLOSED,
        rag_url=CLOSED,
        tool_retries=1,
        retry_backoff_s=0.01,
        access_log=False,
    )


@pytest.fixture(scope="session")
def team(settings: AgentsSettings) -> Iterator[Team]:
    built = Team(settings)
    yield built
    built.close()


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """churn_api serving a model trained here into a private registry, then rag_qa over that
    model's card (from churn_api's `/model/card`) with extractive answers, as processes on
    loopback. Skipped in a copy-out that lacks the two services."""
    churn_cli, rag_cli = shutil.which("churn-api"), shutil.which("rag-qa")
    if churn_cli is None or rag_cli is None:
        pytest.skip("churn-api and rag-qa are not installed here (a copied-out project)")
    root = tmp_path_factory.mktemp("services")
    env = {**os.environ, "CHURN_DATA_DIR": str(root / "churn"), "RAG_DATA_DIR": str(root / "rag"),
           "CHURN_LOG_LEVEL": "WARNING", "RAG_LOG_LEVEL": "WARNING"}  # fmt: skip
    config = root / "gam.yaml"
    config.write_text("candidates: [gam]\nfolds: 3\n")
    subprocess.run([churn_cli, "train", "--config", str(config)], env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    churn_port, rag_port = free_port(), free_port()
    churn = f"http://127.0.0.1:{churn_port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([churn_cli, "serve", "--port", str(churn_port)],
                              env={**env, "CHURN_RELOAD_INTERVAL_S": "0"}, **quiet)]  # fmt: skip
    try:
        wait_for(f"{churn}/ready", 120, procs[0])
        corpus = root / "docs"
        corpus.mkdir()
        card = httpx.get(f"{churn}/model/card", timeout=10)
        card.raise_for_status()
        (corpus / "model_card.md").write_text(card.text)
        procs.append(subprocess.Popen(
            [rag_cli, "serve", "--port", str(rag_port)],
            env={**env, "RAG_CORPUS_DIR": str(corpus), "RAG_PROVIDER": "extractive"}, **quiet,
        ))  # fmt: skip
        rag = f"http://127.0.0.1:{rag_port}"
        wait_for(f"{rag}/ready", 300, procs[1])
        yield churn, rag
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)
