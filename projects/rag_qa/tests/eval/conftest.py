"""An engine over the real default corpus (Python reference + repository docs), built once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def default_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Any, onnx_path: Path) -> Any:
    from rag_qa.config import RagSettings
    from rag_qa.io.engine import RagEngine

    settings = RagSettings(
        data_dir=tmp_path_factory.mktemp("default-index"),
        provider="extractive",
        embedding_onnx_path=onnx_path,
    )
    engine = RagEngine(settings, embedder=embedder)
    engine.ensure_index()
    return engine
