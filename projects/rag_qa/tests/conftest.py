"""Shared fixtures: the real embedder (ONNX, exported once and cached under the git-ignored data
folder), small corpora, engines with the extractive provider or a scripted fake chat model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DOCS = Path(__file__).parent / "data" / "docs"


@pytest.fixture(scope="session")
def onnx_path() -> Path:
    from portfolio_shared.testing.artefacts import locked
    from rag_qa.config import RagSettings
    from rag_qa.core.embedder import export_onnx, onnx_cache_path, packaged_minilm

    path = onnx_cache_path(packaged_minilm(), RagSettings().cache_dir)
    with locked(path):  # xdist workers and parallel runs share this cache
        if not path.is_file():
            export_onnx(packaged_minilm(), path)
    return path


@pytest.fixture(scope="session")
def embedder(onnx_path: Path) -> Any:
    from rag_qa.config import MINILM_SHA256, RagSettings
    from rag_qa.core.embedder import load_embedder

    s = RagSettings()
    return load_embedder(
        None,
        "onnx",
        onnx_path.parent,
        onnx_path=onnx_path,
        threads=s.threads,
        batch_size=s.embedding_batch_size,
        expected_sha256=MINILM_SHA256,
    )


@pytest.fixture
def settings(tmp_path: Path, onnx_path: Path) -> Any:
    from rag_qa.config import RagSettings

    return RagSettings(
        data_dir=tmp_path / "data",
        provider="extractive",
        embedding_onnx_path=onnx_path,
        log_format="console",
        access_log=False,
    )


@pytest.fixture
def engine(settings: Any, embedder: Any) -> Any:
    """An engine over the small test corpus in tests/data/docs (extractive answers)."""
    from rag_qa.io.engine import RagEngine

    built = RagEngine(settings, embedder=embedder)
    built.ingest_folder(DOCS)
    return built


class ScriptedChat:
    """Builds LangChain's fake chat model with fixed replies (unit tests only)."""

    @staticmethod
    def make(*replies: str) -> Any:
        from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
        from langchain_core.messages import AIMessage

        return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


@pytest.fixture
def scripted() -> type[ScriptedChat]:
    return ScriptedChat


@pytest.fixture(scope="session")
def local_chat() -> Any:
    """The real offline LLM (SmolLM2-135M on llama.cpp)."""
    from rag_qa.config import RagSettings
    from rag_qa.core.llm import make_chat_model

    model = make_chat_model(RagSettings(provider="local"))
    model.warm_up()  # type: ignore[attr-defined]
    return model


def build_pdf(pages: list[list[str]], title: str = "Test PDF") -> bytes:
    """A minimal valid PDF with real text (Helvetica), one list of lines per page."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    font_id = 3 + 2 * len(pages)
    info_id = font_id + 1
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for i, lines in enumerate(pages):
        text = " ".join(
            f"BT /F1 11 Tf 72 {720 - 16 * n} Td ({line}) Tj ET" for n, line in enumerate(lines)
        ).encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(f"<< /Title ({title}) >>".encode())
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_id} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


@pytest.fixture
def make_pdf() -> Any:
    return build_pdf


@pytest.fixture
def live_server() -> Any:
    """Run an ASGI app on a real uvicorn server (127.0.0.1, free port); yields a starter."""
    from portfolio_shared.testing.services import running_app

    return running_app
